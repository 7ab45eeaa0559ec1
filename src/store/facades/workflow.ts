/** The workflow's facades: batch steps, review actions, withholdings and the paged batch queries. */
import { VerigateError } from '../../core/index.js'
import type { Decision, Digest, MatchResult, RequestRecord } from '../../core/index.js'
import type { StoredRequest } from '../store.js'
import type { BatchLock, BatchQueriesFacade, BatchStepsFacade, ReviewAction, ReviewsFacade, StoredWithholding, WithholdingsFacade } from '../workflow-facades.js'
import type { StoreContext } from './context.js'
import { toNumber, toNumberOrNull, withTransaction } from './context.js'

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

/** The paged batch queries facade. */
export function batchQueriesFacade(context: StoreContext): BatchQueriesFacade {
  const { db, backend } = context
  return {
    async insertPrepared(batchId, rows) {
      if (rows.length === 0) return
      await withTransaction(context, async (trx) => {
        await backend.insertRows(
          trx,
          'match_evidence',
          rows.map((r) => ({ batch_id: batchId, request_id: r.requestId, status: r.status, best_master_id: r.bestMasterId, evidence: r.evidence, evidence_digest: r.evidenceDigest })),
        )
        await backend.insertRows(
          trx,
          'decisions',
          rows.map((r) => ({
            batch_id: batchId,
            request_id: r.requestId,
            outcome: r.outcome,
            verified: r.verified ? 1 : 0,
            answer_code: r.answerCode,
            fields: r.fields,
            decision: r.decision,
            decision_digest: r.decisionDigest,
            decided_at: r.decidedAt,
          })),
        )
      })
    },
    async responsePage(batchId, afterLine, limit) {
      const rows = await db
        .selectFrom('request_records as r')
        .leftJoin('decisions as d', (join) => join.onRef('d.batch_id', '=', 'r.batch_id').onRef('d.request_id', '=', 'r.request_id'))
        .select(['r.request_id', 'r.line', 'd.outcome', 'd.answer_code'])
        .where('r.batch_id', '=', batchId)
        .where('r.line', '>', afterLine)
        .orderBy('r.line')
        .limit(limit)
        .execute()
      return rows.map((row) => ({ requestId: row.request_id, line: toNumber(row.line), outcome: row.outcome ?? null, answerCode: row.answer_code ?? null }))
    },
    async disclosedDecisions(batchId) {
      const rows = await db
        .selectFrom('disclosures as x')
        .innerJoin('decisions as d', (join) => join.onRef('d.batch_id', '=', 'x.batch_id').onRef('d.request_id', '=', 'x.request_id'))
        .select(['d.decision', 'd.decision_digest'])
        .where('x.batch_id', '=', batchId)
        .orderBy('d.request_id')
        .execute()
      return rows.map((row) => ({ decision: JSON.parse(row.decision) as Decision, digest: row.decision_digest as Digest }))
    },
    async deferredDecisions(batchId, afterRequestId, limit) {
      const rows = await db
        .selectFrom('decisions as d')
        .innerJoin('request_records as r', (join) => join.onRef('r.batch_id', '=', 'd.batch_id').onRef('r.request_id', '=', 'd.request_id'))
        .select(['d.decision', 'd.decision_digest', 'r.intake_status'])
        .where('d.batch_id', '=', batchId)
        .where('d.outcome', 'in', ['disclose', 'review'])
        .where('d.request_id', '>', afterRequestId)
        .orderBy('d.request_id')
        .limit(limit)
        .execute()
      return rows.map((row) => ({ decision: JSON.parse(row.decision) as Decision, digest: row.decision_digest as Digest, refusedAtIntake: row.intake_status === 'refused' }))
    },
    async lastRequestLine(batchId) {
      const row = await db.selectFrom('request_records').select((eb) => eb.fn.max('line').as('last')).where('batch_id', '=', batchId).executeTakeFirst()
      return row?.last === null || row?.last === undefined ? 0 : toNumber(row.last)
    },
    async undecidedRequests(batchId, afterLine, limit) {
      const rows = await db
        .selectFrom('request_records as r')
        .leftJoin('decisions as d', (join) => join.onRef('d.batch_id', '=', 'r.batch_id').onRef('d.request_id', '=', 'r.request_id'))
        .select(['r.batch_id', 'r.request_id', 'r.line', 'r.record', 'r.intake_status', 'r.intake_reasons'])
        .where('r.batch_id', '=', batchId)
        .where('r.intake_status', '=', 'accepted')
        .where('r.line', '>', afterLine)
        .where('d.request_id', 'is', null)
        .orderBy('r.line')
        .limit(limit)
        .execute()
      return rows.map(
        (row): StoredRequest => ({
          batchId: row.batch_id,
          requestId: row.request_id,
          line: toNumber(row.line),
          record: JSON.parse(row.record) as RequestRecord,
          intakeStatus: row.intake_status as StoredRequest['intakeStatus'],
          intakeReasons: JSON.parse(row.intake_reasons) as string[],
        }),
      )
    },
    async pendingDisclosures(batchId, afterRequestId, limit) {
      const rows = await db
        .selectFrom('decisions as d')
        .leftJoin('disclosures as x', (join) => join.onRef('x.batch_id', '=', 'd.batch_id').onRef('x.request_id', '=', 'd.request_id'))
        .leftJoin('withholdings as w', (join) => join.onRef('w.batch_id', '=', 'd.batch_id').onRef('w.request_id', '=', 'd.request_id'))
        .select(['d.decision', 'd.decision_digest'])
        .where('d.batch_id', '=', batchId)
        .where('d.outcome', '=', 'disclose')
        .where('d.request_id', '>', afterRequestId)
        .where('x.id', 'is', null)
        .where('w.request_id', 'is', null)
        .orderBy('d.request_id')
        .limit(limit)
        .execute()
      return rows.map((row) => ({ decision: JSON.parse(row.decision) as Decision, digest: row.decision_digest as Digest }))
    },
    async decisionPage(batchId, afterRequestId, limit) {
      const rows = await db
        .selectFrom('decisions')
        .select(['decision', 'decision_digest'])
        .where('batch_id', '=', batchId)
        .where('request_id', '>', afterRequestId)
        .orderBy('request_id')
        .limit(limit)
        .execute()
      return rows.map((row) => ({ decision: JSON.parse(row.decision) as Decision, digest: row.decision_digest as Digest }))
    },
    async outcomePage(batchId, afterRequestId, limit) {
      const rows = await db
        .selectFrom('decisions')
        .select(['request_id', 'outcome', 'answer_code'])
        .where('batch_id', '=', batchId)
        .where('request_id', '>', afterRequestId)
        .orderBy('request_id')
        .limit(limit)
        .execute()
      return rows.map((row) => ({ requestId: row.request_id, outcome: row.outcome, answerCode: row.answer_code }))
    },
    async evidencePage(batchId, afterRequestId, limit) {
      const rows = await db
        .selectFrom('match_evidence')
        .select(['evidence', 'evidence_digest'])
        .where('batch_id', '=', batchId)
        .where('request_id', '>', afterRequestId)
        .orderBy('request_id')
        .limit(limit)
        .execute()
      return rows.map((row) => ({ result: JSON.parse(row.evidence) as MatchResult, digest: row.evidence_digest as Digest }))
    },
    async disclosesInPeriod(requester, exceptBatchId, from, until) {
      const row = await db
        .selectFrom('decisions as d')
        .innerJoin('batches as b', 'b.id', 'd.batch_id')
        .leftJoin('withholdings as w', (join) => join.onRef('w.batch_id', '=', 'd.batch_id').onRef('w.request_id', '=', 'd.request_id'))
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('b.requester_party_id', '=', requester)
        .where('d.batch_id', '<>', exceptBatchId)
        .where('d.outcome', '=', 'disclose')
        .where('d.decided_at', '>=', from)
        .where('d.decided_at', '<=', until)
        .where('w.request_id', 'is', null)
        .executeTakeFirstOrThrow()
      return toNumber(row.n)
    },
    async reviewedReleasesInPeriod(requester, exceptBatchId, from, until) {
      const row = await db
        .selectFrom('disclosures as x')
        .innerJoin('batches as b', 'b.id', 'x.batch_id')
        .innerJoin('decisions as d', (join) => join.onRef('d.batch_id', '=', 'x.batch_id').onRef('d.request_id', '=', 'x.request_id'))
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('b.requester_party_id', '=', requester)
        .where('x.batch_id', '<>', exceptBatchId)
        .where('d.outcome', '=', 'review')
        .where('x.disclosed_at', '>=', from)
        .where('x.disclosed_at', '<=', until)
        .executeTakeFirstOrThrow()
      return toNumber(row.n)
    },
    async discloseDecisions(batchId) {
      const row = await db
        .selectFrom('decisions')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('batch_id', '=', batchId)
        .where('outcome', '=', 'disclose')
        .executeTakeFirstOrThrow()
      return toNumber(row.n)
    },
  }
}
