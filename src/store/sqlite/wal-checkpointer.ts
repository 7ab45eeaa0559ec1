/**
 * Checkpoints of a SQLite WAL file in a worker thread, so that a process writing in bulk (a
 * release appending a million ledger entries) does not stop to copy the WAL back into the
 * database and wait for two fsyncs every 64 MiB. SQLite's automatic checkpoint runs inside the
 * COMMIT that crosses its threshold, in the writer's thread; measured on the ledger benchmark
 * under load, those waits made the difference between 58,000 and 25,000 appends a second.
 *
 * The worker (`wal-checkpoint-worker.ts`) holds its own connection, and starts once the WAL file
 * has grown to `startBytes` (a process that writes little never starts one; SQLite checkpoints
 * when the last connection closes). After a commit the back end calls `afterCommit`; at most
 * every `intervalMs` that asks the worker for a PASSIVE checkpoint,
 * which copies what it can without blocking anyone (https://sqlite.org/c3ref/wal_checkpoint_v2.html).
 * A writer that never pauses keeps the WAL from being restarted, so once the WAL holds more
 * than `restartBytes` the worker runs a RESTART checkpoint, which waits for the writer's lock,
 * copies the few frames left, and lets the next writer start the WAL from its beginning. The
 * writer's own automatic checkpoint stays on, at a larger size, for the case where the worker
 * cannot keep up. Checkpointing from another connection is as crash-safe as from the writer's:
 * a checkpoint copies only committed frames and the WAL is kept until they are synced.
 */
import { statSync } from 'node:fs'
import { Worker } from 'node:worker_threads'

/** When to checkpoint. */
export interface WalCheckpointerOptions {
  /** The least time between two checkpoints asked for (default 250 ms). */
  readonly intervalMs?: number
  /** WAL size past which the worker restarts the WAL (default 128 MiB). */
  readonly restartBytes?: number
  /** WAL file size from which the worker is started (default 16 MiB): small writers never need one. */
  readonly startBytes?: number
}

/** What the worker is told: the database, and when to restart the WAL. */
export interface WalCheckpointWorkerData {
  readonly path: string
  readonly restartBytes: number
}

/** What the worker answers after each checkpoint: the WAL's frames and how many are in the database. */
export interface WalCheckpointReport {
  readonly frames: number
  readonly checkpointed: number
  readonly restarted: boolean
}

/**
 * Background checkpoints for the SQLite file at `path` (started at the first `afterCommit`).
 *
 * @example
 * const checkpointer = new WalCheckpointer('verigate.sqlite')
 * // … after each COMMIT:
 * checkpointer.afterCommit()
 * // … when the store closes:
 * await checkpointer.close()
 */
export class WalCheckpointer {
  readonly #path: string
  readonly #intervalMs: number
  readonly #restartBytes: number
  readonly #startBytes: number
  #worker: Worker | undefined
  #last = Number.NEGATIVE_INFINITY
  #closed = false
  readonly #listeners: ((report: WalCheckpointReport) => void)[] = []

  constructor(path: string, options: WalCheckpointerOptions = {}) {
    this.#path = path
    this.#intervalMs = options.intervalMs ?? 250
    this.#restartBytes = options.restartBytes ?? 2 ** 27
    this.#startBytes = options.startBytes ?? 2 ** 24
  }

  /**
   * Asks for a checkpoint if none was asked for in the last `intervalMs`, starting the worker
   * once the WAL file has reached `startBytes`.
   */
  afterCommit(): void {
    if (this.#closed) return
    // Wall-clock milliseconds: the worker compares them with its own clock.
    const now = Date.now()
    if (now - this.#last < this.#intervalMs) return
    this.#last = now
    if (!this.#worker && walBytes(this.#path) < this.#startBytes) return
    this.#start().postMessage(now)
  }

  /** Calls `listener` after each checkpoint the worker makes (for tests and diagnostics). */
  onCheckpoint(listener: (report: WalCheckpointReport) => void): void {
    this.#listeners.push(listener)
  }

  /** Stops the worker (a checkpoint under way finishes first: SQLite's call is not interrupted). */
  async close(): Promise<void> {
    this.#closed = true
    const worker = this.#worker
    this.#worker = undefined
    if (worker) await worker.terminate()
  }

  #start(): Worker {
    if (this.#worker) return this.#worker
    const worker = new Worker(new URL('./wal-checkpoint-worker.js', import.meta.url), {
      workerData: { path: this.#path, restartBytes: this.#restartBytes } satisfies WalCheckpointWorkerData,
    })
    // Checkpoints are an optimization: the process may exit without waiting for one, and a
    // failed one leaves SQLite's automatic checkpoint to do the work.
    worker.unref()
    worker.on('message', (report: WalCheckpointReport) => {
      for (const listener of this.#listeners) listener(report)
    })
    worker.on('error', () => {
      if (this.#worker === worker) this.#worker = undefined
      this.#closed = true
    })
    this.#worker = worker
    return worker
  }
}

/** The size of the WAL file beside the database at `path` (0 when there is none). */
function walBytes(path: string): number {
  try {
    return statSync(`${path}-wal`).size
  } catch {
    return 0
  }
}
