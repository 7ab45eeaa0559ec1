/**
 * The paged reads and bulk writes of a batch run (issue 7): "which accepted requests have no
 * decision yet", "which disclosures are still to make", the response file's rows, and the counts
 * against the volume caps.
 */
import { sql } from 'kysely'
import { VerigateError } from '../../core/index.js'
import { toNumber, withTransaction } from './context.js'
import type { StoreContext } from './context.js'
import { batchDictionaries, packRows, unpackOf } from './dictionaries.js'
import { toStoredRequest } from './batches.js'
import type { StoredRequest } from '../rows.js'
import { digestOfStored, storedDigestOf } from '../stored-digest.js'
import type { StoredDigest } from '../stored-digest.js'
import type { AnalyzedTable } from '../backend.js'
import type { Decision, Digest, MatchResult } from '../../core/index.js'

/** A stored decision with its digest. */
export interface DigestedDecision {
  readonly decision: Decision
  readonly digest: Digest
}

/**
 * One request's evidence and decision, already encoded by the caller (the workflow encodes them
 * in its link workers): the store packs the strings as given (src/store/packed-json.ts) and reads
 * them back byte for byte, so `evidenceDigest` and `decisionDigest` must be the digests of exactly
 * `evidence` and `decision`.
 */
export interface PreparedMatch {
  readonly requestId: string
  readonly status: string
  readonly bestMasterId: string | null
  /** The evidence (a `MatchResult`) in canonical JSON. */
  readonly evidence: string
  readonly evidenceDigest: Digest
  readonly outcome: string
  readonly verified: boolean
  readonly answerCode: string
  /** The released fields as a JSON array. */
  readonly fields: string
  /** The decision in canonical JSON. */
  readonly decision: string
  readonly decisionDigest: Digest
  readonly decidedAt: string
}

/** A request of a batch as the response file lists it: in line order, with its decision's outcome when it has one. */
export interface ResponseRow {
  readonly requestId: string
  readonly line: number
  readonly outcome: string | null
  readonly answerCode: string | null
}

/** A decision whose final state is settled after matching, with whether its request was refused at intake. */
export interface DeferredDecision extends DigestedDecision {
  readonly refusedAtIntake: boolean
}

/** The paged reads of a batch run (and its one bulk write of prepared rows). */
export interface BatchQueriesFacade {
  /** Writes prepared evidence and decisions of a batch (multi-row inserts, in the caller's transaction when there is one). */
  insertPrepared(batchId: string, rows: readonly PreparedMatch[]): Promise<void>
  /** The batch's requests in line order after `afterLine`, with their decisions' outcomes (no JSON read). */
  responsePage(batchId: string, afterLine: number, limit: number): Promise<readonly ResponseRow[]>
  /** The decisions of the batch's disclosed requests, by request id. */
  disclosedDecisions(batchId: string): Promise<readonly DigestedDecision[]>
  /** The `disclose` and `review` decisions, by request id, after `afterRequestId`. */
  deferredDecisions(batchId: string, afterRequestId: string, limit: number): Promise<readonly DeferredDecision[]>
  /** The last request line stored for a batch (0 when none). */
  lastRequestLine(batchId: string): Promise<number>
  /** Accepted requests with no decision yet, by line, after `afterLine`. */
  undecidedRequests(batchId: string, afterLine: number, limit: number): Promise<readonly StoredRequest[]>
  /** `disclose` decisions with neither a disclosure nor a withholding yet, by request id. */
  pendingDisclosures(batchId: string, afterRequestId: string, limit: number): Promise<readonly DigestedDecision[]>
  /** Every decision of a batch, by request id, after `afterRequestId`. */
  decisionPage(batchId: string, afterRequestId: string, limit: number): Promise<readonly DigestedDecision[]>
  /** The outcome and answer code of every decision of a batch (no JSON read), by request id. */
  outcomePage(batchId: string, afterRequestId: string, limit: number): Promise<readonly { readonly requestId: string; readonly outcome: string; readonly answerCode: string }[]>
  /** Every piece of evidence of a batch, by request id, after `afterRequestId`. */
  evidencePage(batchId: string, afterRequestId: string, limit: number): Promise<readonly { readonly result: MatchResult; readonly digest: Digest }[]>
  /**
   * The `disclose` decisions of the requester's other batches decided in `[from, until]` (ISO 8601)
   * and not withheld at release: what earlier batches count against a volume cap's period.
   */
  disclosesInPeriod(requester: string, exceptBatchId: string, from: string, until: string): Promise<number>
  /**
   * The disclosures of the requester's other batches released in `[from, until]` (ISO 8601) after
   * review (their decisions are `review`, not `disclose`): what reviewed cases count against a cap.
   */
  reviewedReleasesInPeriod(requester: string, exceptBatchId: string, from: string, until: string): Promise<number>
  /** The number of `disclose` decisions of a batch (what its volume caps count). */
  discloseDecisions(batchId: string): Promise<number>
  /**
   * Refreshes the query planner's statistics of tables a batch has just bulk-loaded, so that the
   * pages read next are planned for the rows the batch really has (see `StoreBackend.analyze`).
   * Runs on the store's connection, outside any transaction.
   */
  analyze(tables: readonly AnalyzedTable[]): Promise<void>
  /** How many rows of `table` the planner expects for the batch, from its statistics (null: none). */
  plannedBatchRows(table: AnalyzedTable, batchId: string): Promise<number | null>
}

/*
 * PLAN_INDEPENDENT: the pages of one batch look up a request's row in another table by its primary
 * key (batch_id, request_id) in a correlated scalar subquery, never through a join. A join is
 * planned from statistics, and right after a bulk load they do not know the new batch: PostgreSQL
 * then expects one row, scans the other table's whole batch for each row of the page (a nested
 * loop whose join filter is the request id) and takes seconds a page. A scalar subquery is run
 * once a row through the unique index whatever the statistics say, on both back ends, so a page
 * costs the same in the tenth batch of a store as in the first. (The batch's tables are analyzed
 * after intake all the same, for every other query: `analyze`.)
 */

/** The text of a stored digest of a request's evidence or decision. */
function digestOfRow(kind: 'evidence' | 'decision', stored: StoredDigest, batchId: string, requestId: string): Digest {
  return digestOfStored(stored, `the ${kind} digest of request ${requestId} of batch ${batchId}`)
}

/** The paged batch queries facade. */
export function batchQueriesFacade(context: StoreContext): BatchQueriesFacade {
  const { db, backend } = context
  return {
    async insertPrepared(batchId, rows) {
      if (rows.length === 0) return
      await withTransaction(context, async (trx) => {
        const evidence = await packRows(trx, batchId, 'evidence', rows.map((r) => ({ shape: r.status, json: r.evidence })))
        const decisions = await packRows(trx, batchId, 'decision', rows.map((r) => ({ shape: r.outcome, json: r.decision })))
        await backend.insertRows(
          trx,
          'match_evidence',
          rows.map((r, i) => ({ batch_id: batchId, request_id: r.requestId, status: r.status, best_master_id: r.bestMasterId, evidence: evidence[i]!, evidence_digest: storedDigestOf(r.evidenceDigest) })),
        )
        await backend.insertRows(
          trx,
          'decisions',
          rows.map((r, i) => ({
            batch_id: batchId,
            request_id: r.requestId,
            outcome: r.outcome,
            verified: r.verified ? 1 : 0,
            answer_code: r.answerCode,
            fields: r.fields,
            decision: decisions[i]!,
            decision_digest: storedDigestOf(r.decisionDigest),
            decided_at: r.decidedAt,
          })),
        )
      })
    },
    async responsePage(batchId, afterLine, limit) {
      // Each request's decision by its primary key, in correlated subqueries rather than a join:
      // see `PLAN_INDEPENDENT` below.
      const rows = await db
        .selectFrom('request_records as r')
        .select((eb) => [
          'r.request_id',
          'r.line',
          eb.selectFrom('decisions as d').select('d.outcome').whereRef('d.batch_id', '=', 'r.batch_id').whereRef('d.request_id', '=', 'r.request_id').as('outcome'),
          eb.selectFrom('decisions as d').select('d.answer_code').whereRef('d.batch_id', '=', 'r.batch_id').whereRef('d.request_id', '=', 'r.request_id').as('answer_code'),
        ])
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
        .select((eb) => [
          'x.request_id',
          eb.selectFrom('decisions as d').select('d.decision').whereRef('d.batch_id', '=', 'x.batch_id').whereRef('d.request_id', '=', 'x.request_id').as('decision'),
          eb.selectFrom('decisions as d').select('d.decision_digest').whereRef('d.batch_id', '=', 'x.batch_id').whereRef('d.request_id', '=', 'x.request_id').as('decision_digest'),
        ])
        .where('x.batch_id', '=', batchId)
        .orderBy('x.request_id')
        .execute()
      const dictionaries = await batchDictionaries(db, batchId)
      // A disclosure always has its decision (release writes it from one); a missing one is a broken store.
      return rows.map((row) => {
        if (row.decision === null || row.decision_digest === null) throw new VerigateError('internal', `batch ${batchId}: a disclosure has no decision`)
        return { decision: JSON.parse(unpackOf(dictionaries, 'decision', row.decision, batchId, row.request_id)) as Decision, digest: digestOfRow('decision', row.decision_digest, batchId, row.request_id) }
      })
    },
    async deferredDecisions(batchId, afterRequestId, limit) {
      const rows = await db
        .selectFrom('decisions as d')
        .select((eb) => [
          'd.request_id',
          'd.decision',
          'd.decision_digest',
          eb.selectFrom('request_records as r').select('r.intake_status').whereRef('r.batch_id', '=', 'd.batch_id').whereRef('r.request_id', '=', 'd.request_id').as('intake_status'),
        ])
        .where('d.batch_id', '=', batchId)
        .where('d.outcome', 'in', ['disclose', 'review'])
        .where('d.request_id', '>', afterRequestId)
        .orderBy('d.request_id')
        .limit(limit)
        .execute()
      const dictionaries = await batchDictionaries(db, batchId)
      return rows.map((row) => ({
        decision: JSON.parse(unpackOf(dictionaries, 'decision', row.decision, batchId, row.request_id)) as Decision,
        digest: digestOfRow('decision', row.decision_digest, batchId, row.request_id),
        refusedAtIntake: row.intake_status === 'refused',
      }))
    },
    async lastRequestLine(batchId) {
      const row = await db.selectFrom('request_records').select((eb) => eb.fn.max('line').as('last')).where('batch_id', '=', batchId).executeTakeFirst()
      return row?.last === null || row?.last === undefined ? 0 : toNumber(row.last)
    },
    async undecidedRequests(batchId, afterLine, limit) {
      const rows = await db
        .selectFrom('request_records as r')
        .select(['r.batch_id', 'r.request_id', 'r.line', 'r.record', 'r.intake_status', 'r.intake_reasons'])
        .where('r.batch_id', '=', batchId)
        .where('r.intake_status', '=', 'accepted')
        .where('r.line', '>', afterLine)
        .where((eb) => eb(eb.selectFrom('decisions as d').select('d.request_id').whereRef('d.batch_id', '=', 'r.batch_id').whereRef('d.request_id', '=', 'r.request_id'), 'is', null))
        .orderBy('r.line')
        .limit(limit)
        .execute()
      const dictionaries = await batchDictionaries(db, batchId)
      return rows.map((row) => toStoredRequest(row, dictionaries))
    },
    async pendingDisclosures(batchId, afterRequestId, limit) {
      const rows = await db
        .selectFrom('decisions as d')
        .select(['d.request_id', 'd.decision', 'd.decision_digest'])
        .where('d.batch_id', '=', batchId)
        .where('d.outcome', '=', 'disclose')
        .where('d.request_id', '>', afterRequestId)
        .where((eb) => eb(eb.selectFrom('disclosures as x').select('x.id').whereRef('x.batch_id', '=', 'd.batch_id').whereRef('x.request_id', '=', 'd.request_id'), 'is', null))
        .where((eb) => eb(eb.selectFrom('withholdings as w').select('w.request_id').whereRef('w.batch_id', '=', 'd.batch_id').whereRef('w.request_id', '=', 'd.request_id'), 'is', null))
        .orderBy('d.request_id')
        .limit(limit)
        .execute()
      const dictionaries = await batchDictionaries(db, batchId)
      return rows.map((row) => ({ decision: JSON.parse(unpackOf(dictionaries, 'decision', row.decision, batchId, row.request_id)) as Decision, digest: digestOfRow('decision', row.decision_digest, batchId, row.request_id) }))
    },
    async decisionPage(batchId, afterRequestId, limit) {
      const rows = await db
        .selectFrom('decisions')
        .select(['request_id', 'decision', 'decision_digest'])
        .where('batch_id', '=', batchId)
        .where('request_id', '>', afterRequestId)
        .orderBy('request_id')
        .limit(limit)
        .execute()
      const dictionaries = await batchDictionaries(db, batchId)
      return rows.map((row) => ({ decision: JSON.parse(unpackOf(dictionaries, 'decision', row.decision, batchId, row.request_id)) as Decision, digest: digestOfRow('decision', row.decision_digest, batchId, row.request_id) }))
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
        .select(['request_id', 'evidence', 'evidence_digest'])
        .where('batch_id', '=', batchId)
        .where('request_id', '>', afterRequestId)
        .orderBy('request_id')
        .limit(limit)
        .execute()
      const dictionaries = await batchDictionaries(db, batchId)
      return rows.map((row) => ({ result: JSON.parse(unpackOf(dictionaries, 'evidence', row.evidence, batchId, row.request_id)) as MatchResult, digest: digestOfRow('evidence', row.evidence_digest, batchId, row.request_id) }))
    },
    async disclosesInPeriod(requester, exceptBatchId, from, until) {
      const row = await db
        .selectFrom('decisions as d')
        .innerJoin('batches as b', 'b.id', 'd.batch_id')
        .leftJoin('withholdings as w', (join) => join.onRef('w.batch_id', '=', 'd.batch_id').onRef('w.request_id', '=', 'd.request_id'))
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('b.requester_party_id', '=', requester)
        .where('d.batch_id', '<>', exceptBatchId)
        // A literal: the partial index decisions_disclosed_by_time (migration 0017) is for it.
        .where('d.outcome', '=', sql.lit('disclose'))
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
    analyze: (tables) => backend.analyze(tables),
    plannedBatchRows: (table, batchId) => backend.plannedBatchRows(table, batchId),
  }
}
