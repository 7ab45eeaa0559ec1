/** Steps of batches recorded as done (the batch workflow's resume points), and the batch's lock. */
import { toNumber, withTransaction } from './context.js'
import type { StoreContext } from './context.js'

/** A step of a batch recorded as done. */
export interface BatchStep {
  readonly batchId: string
  readonly step: string
  /** The step's JSON detail (the batch's settings for `created`), or null. */
  readonly detail: unknown
  readonly doneAt: string
}

/** Who holds a batch's lock. */
export interface BatchLock {
  readonly batchId: string
  /** The holding run's own random token. */
  readonly token: string
  readonly host: string
  readonly pid: number
  readonly takenAt: string
  readonly heartbeatAt: string
}

/** Steps of batches: a step is recorded once; recording it again changes nothing. */
export interface BatchStepsFacade {
  /**
   * Takes a batch's lock for `lock.token`, atomically: when `replacing` is given, only if the lock
   * is still held by that token (taking over a stale lock); otherwise only if no one holds it.
   * Returns the holder afterwards (the caller holds it when its token is there).
   */
  lock(lock: BatchLock, replacing?: string): Promise<BatchLock>
  /** Renews the heartbeat of a lock the token holds; false when it does not hold it any more. */
  heartbeat(batchId: string, token: string, at: string): Promise<boolean>
  /** Releases a lock the token holds (nothing when it does not). */
  unlock(batchId: string, token: string): Promise<void>
  /** Records a step as done; returns false (and leaves the first record) when it was already. */
  mark(batchId: string, step: string, detail: unknown, at: string): Promise<boolean>
  get(batchId: string, step: string): Promise<BatchStep | undefined>
  list(batchId: string): Promise<readonly BatchStep[]>
}

/** The batch steps facade. */
export function batchStepsFacade(context: StoreContext): BatchStepsFacade {
  const { db } = context
  const toStep = (row: { batch_id: string; step: string; detail: string | null; done_at: string }) => ({
    batchId: row.batch_id,
    step: row.step,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown),
    doneAt: row.done_at,
  })
  const toLock = (row: { batch_id: string; token: string; host: string; pid: number | string; taken_at: string; heartbeat_at: string }): BatchLock => ({
    batchId: row.batch_id,
    token: row.token,
    host: row.host,
    pid: toNumber(row.pid),
    takenAt: row.taken_at,
    heartbeatAt: row.heartbeat_at,
  })
  return {
    async lock(lock, replacing) {
      return withTransaction(context, async (trx) => {
        const held = await trx.selectFrom('batch_locks').selectAll().where('batch_id', '=', lock.batchId).executeTakeFirst()
        // Held by another run (or by a new holder since the caller judged it stale): theirs.
        if (held && held.token !== replacing) return toLock(held)
        if (held) await trx.deleteFrom('batch_locks').where('batch_id', '=', lock.batchId).where('token', '=', held.token).execute()
        await trx
          .insertInto('batch_locks')
          .values({ batch_id: lock.batchId, token: lock.token, host: lock.host, pid: lock.pid, taken_at: lock.takenAt, heartbeat_at: lock.heartbeatAt })
          .execute()
        return lock
      })
    },
    async heartbeat(batchId, token, at) {
      const result = await db.updateTable('batch_locks').set({ heartbeat_at: at }).where('batch_id', '=', batchId).where('token', '=', token).executeTakeFirst()
      return Number(result.numUpdatedRows) > 0
    },
    async unlock(batchId, token) {
      await db.deleteFrom('batch_locks').where('batch_id', '=', batchId).where('token', '=', token).execute()
    },
    async mark(batchId, step, detail, at) {
      return withTransaction(context, async (trx) => {
        const existing = await trx.selectFrom('batch_steps').select('step').where('batch_id', '=', batchId).where('step', '=', step).executeTakeFirst()
        if (existing) return false
        await trx
          .insertInto('batch_steps')
          .values({ batch_id: batchId, step, detail: detail === undefined || detail === null ? null : JSON.stringify(detail), done_at: at })
          .execute()
        return true
      })
    },
    async get(batchId, step) {
      const row = await db.selectFrom('batch_steps').selectAll().where('batch_id', '=', batchId).where('step', '=', step).executeTakeFirst()
      return row ? toStep(row) : undefined
    },
    async list(batchId) {
      return (await db.selectFrom('batch_steps').selectAll().where('batch_id', '=', batchId).orderBy('done_at').orderBy('step').execute()).map(toStep)
    },
  }
}
