/** Reviewers' actions on review cases, and the cases withheld after review or at the release-time check. */
import { toNumber, toNumberOrNull, withTransaction } from './context.js'
import type { StoreContext } from './context.js'
import { VerigateError } from '../../core/index.js'
import type { Decision, Digest } from '../../core/index.js'

/** One reviewer's action on one review case. */
export interface ReviewAction {
  readonly id: string
  readonly batchId: string
  readonly requestId: string
  readonly reviewer: string
  readonly action: 'approve' | 'reject'
  /** The reason the reviewer gave. */
  readonly note: string
  readonly createdAt: string
  readonly ledgerSeq: number | null
}

/** Review actions: at most one per reviewer per case (a second is a `conflict` VerigateError). */
export interface ReviewsFacade {
  add(action: ReviewAction): Promise<void>
  forCase(batchId: string, requestId: string): Promise<readonly ReviewAction[]>
  byBatch(batchId: string): Promise<readonly ReviewAction[]>
}

/** A case withheld after review (rejected) or stopped by the release-time check. */
export interface StoredWithholding {
  readonly batchId: string
  readonly requestId: string
  readonly reasons: readonly string[]
  /** The decision as it stood when withheld (after the release-time check where there was one). */
  readonly decision: Decision
  readonly decisionDigest: Digest
  readonly withheldAt: string
  readonly ledgerSeq: number
}

/** Withholdings, one per case (a second for the same case fails the transaction). */
export interface WithholdingsFacade {
  insertMany(rows: readonly StoredWithholding[]): Promise<void>
  get(batchId: string, requestId: string): Promise<StoredWithholding | undefined>
  byBatch(batchId: string): Promise<readonly StoredWithholding[]>
}

/** The review actions facade. */
export function reviewsFacade(context: StoreContext): ReviewsFacade {
  const { db } = context
  const toAction = (row: { id: string; batch_id: string; request_id: string; reviewer: string; action: string; note: string | null; created_at: string; ledger_seq: number | string | null }): ReviewAction => ({
    id: row.id,
    batchId: row.batch_id,
    requestId: row.request_id,
    reviewer: row.reviewer,
    action: row.action as ReviewAction['action'],
    note: row.note ?? '',
    createdAt: row.created_at,
    ledgerSeq: toNumberOrNull(row.ledger_seq),
  })
  return {
    async add(action) {
      await withTransaction(context, async (trx) => {
        const existing = await trx
          .selectFrom('reviews')
          .select('action')
          .where('batch_id', '=', action.batchId)
          .where('request_id', '=', action.requestId)
          .where('reviewer', '=', action.reviewer)
          .executeTakeFirst()
        if (existing) throw new VerigateError('conflict', `${action.reviewer} has already reviewed ${action.requestId} of batch ${action.batchId} (${existing.action})`)
        await trx
          .insertInto('reviews')
          .values({
            id: action.id,
            batch_id: action.batchId,
            request_id: action.requestId,
            reviewer: action.reviewer,
            action: action.action,
            note: action.note,
            created_at: action.createdAt,
            ledger_seq: action.ledgerSeq,
          })
          .execute()
      })
    },
    async forCase(batchId, requestId) {
      return (await db.selectFrom('reviews').selectAll().where('batch_id', '=', batchId).where('request_id', '=', requestId).orderBy('created_at').orderBy('id').execute()).map(toAction)
    },
    async byBatch(batchId) {
      return (await db.selectFrom('reviews').selectAll().where('batch_id', '=', batchId).orderBy('request_id').orderBy('created_at').orderBy('id').execute()).map(toAction)
    },
  }
}

/** The withholdings facade. */
export function withholdingsFacade(context: StoreContext): WithholdingsFacade {
  const { db, backend } = context
  const toWithholding = (row: { batch_id: string; request_id: string; reasons: string; decision: string; decision_digest: string; withheld_at: string; ledger_seq: number | string }): StoredWithholding => ({
    batchId: row.batch_id,
    requestId: row.request_id,
    reasons: JSON.parse(row.reasons) as string[],
    decision: JSON.parse(row.decision) as Decision,
    decisionDigest: row.decision_digest as Digest,
    withheldAt: row.withheld_at,
    ledgerSeq: toNumber(row.ledger_seq),
  })
  return {
    async insertMany(rows) {
      if (rows.length === 0) return
      await withTransaction(context, (trx) =>
        backend.insertRows(
          trx,
          'withholdings',
          rows.map((r) => ({
            batch_id: r.batchId,
            request_id: r.requestId,
            reasons: JSON.stringify(r.reasons),
            decision: JSON.stringify(r.decision),
            decision_digest: r.decisionDigest,
            withheld_at: r.withheldAt,
            ledger_seq: r.ledgerSeq,
          })),
        ),
      )
    },
    async get(batchId, requestId) {
      const row = await db.selectFrom('withholdings').selectAll().where('batch_id', '=', batchId).where('request_id', '=', requestId).executeTakeFirst()
      return row ? toWithholding(row) : undefined
    },
    async byBatch(batchId) {
      return (await db.selectFrom('withholdings').selectAll().where('batch_id', '=', batchId).orderBy('request_id').execute()).map(toWithholding)
    },
  }
}
