/**
 * One run of a batch at a time. A run takes the batch's lock in the store (a row naming its host,
 * process and a random token) before it does anything, renews it in every transaction that
 * stores work, and deletes it when it ends. A second run of the same batch meanwhile is refused
 * with a `ConflictError` that names the holder. A lock whose process is gone (killed, crashed)
 * is stale and is taken over: on the same host when that process no longer exists, on another
 * host when it has not been renewed for `staleAfterMs`.
 */
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { BatchLock, Store } from '../store/index.js'
import { ConflictError } from './errors.js'

/** A lock held by this run. */
export interface HeldBatchLock {
  readonly batchId: string
  readonly token: string
  /** Releases the lock (a no-op when it was taken over meanwhile). */
  release(): Promise<void>
}

/** Options of `lockBatch` (tests pass their own host, process and clock). */
export interface LockOptions {
  readonly host?: string
  readonly pid?: number
  readonly now?: () => Date
  /** How long a lock of another host may go unrenewed before it is stale (default 10 minutes). */
  readonly staleAfterMs?: number
  /** Whether a process of this host exists (default: signal 0). */
  readonly isAlive?: (pid: number) => boolean
}

/** True when a process with this id exists on this host (EPERM: it exists, owned by another user). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function describe(lock: BatchLock): string {
  return `process ${lock.pid} on ${lock.host} (since ${lock.takenAt}, last seen ${lock.heartbeatAt})`
}

/**
 * Takes the lock of a batch, taking over a stale one; `ConflictError` when another live run holds it.
 *
 * @example
 * const lock = await lockBatch(store, batchId)
 * try { ... } finally { await lock.release() }
 */
export async function lockBatch(store: Store, batchId: string, options: LockOptions = {}): Promise<HeldBatchLock> {
  const now = options.now ?? (() => new Date())
  const host = options.host ?? hostname()
  const pid = options.pid ?? process.pid
  const isAlive = options.isAlive ?? processExists
  const staleAfterMs = options.staleAfterMs ?? 10 * 60_000
  const at = now().toISOString()
  const mine: BatchLock = { batchId, token: randomUUID(), host, pid, takenAt: at, heartbeatAt: at }
  let holder = await store.batchSteps.lock(mine)
  if (holder.token !== mine.token) {
    const stale = holder.host === host ? holder.pid !== pid && !isAlive(holder.pid) : now().getTime() - Date.parse(holder.heartbeatAt) > staleAfterMs
    if (!stale) throw new ConflictError(`batch ${batchId} is being run by ${describe(holder)}; wait for that run to end`)
    const gone = holder
    holder = await store.batchSteps.lock(mine, gone.token)
    if (holder.token !== mine.token) throw new ConflictError(`batch ${batchId} is being run by ${describe(holder)}, which took over the stale lock of ${describe(gone)}`)
  }
  return {
    batchId,
    token: mine.token,
    release: () => store.batchSteps.unlock(batchId, mine.token),
  }
}
