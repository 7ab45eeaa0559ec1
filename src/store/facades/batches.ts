/** Batches and, in bulk, what they hold: request records, match evidence and decisions. */
import { VerigateError, canonicalJson, digest } from '../../core/index.js'
import type { Decision, DecisionOutcome, Digest, JsonValue, MatchResult, RequestRecord } from '../../core/index.js'
import type { Selectable } from 'kysely'
import type { BatchesTable, Database } from '../schema.js'
import type { StoreContext } from './context.js'
import { toNumber, withTransaction } from './context.js'
import { batchDictionaries, packRows, recordDictionaryOf, unpackOf } from './dictionaries.js'
import type { BatchDictionaries } from './dictionaries.js'
import type { StoredRequest } from '../rows.js'
import { digestOfStored, storedDigestOf } from '../stored-digest.js'

/** A batch of requests. */
export interface Batch {
  readonly id: string
  readonly agreementId: string
  readonly agreementVersion: string
  readonly agreementDigest: Digest
  readonly requesterPartyId: string
  readonly requestFileDigest: Digest
  readonly status: string
  readonly createdAt: string
  readonly updatedAt: string
  /** A JSON summary, once there is one. */
  readonly summary: unknown
}

/** Batches. */
export interface BatchesFacade {
  /** Creates a batch; throws a `conflict` VerigateError when the id exists. */
  create(batch: Omit<Batch, 'updatedAt' | 'summary'>): Promise<Batch>
  get(id: string): Promise<Batch | undefined>
  list(): Promise<readonly Batch[]>
  /** Sets the status (and the summary, when given). */
  update(id: string, change: { readonly status: string; readonly summary?: unknown; readonly at: string }): Promise<void>
}

/** Request records, written in bulk. */
export interface RequestsFacade {
  insertMany(rows: readonly StoredRequest[]): Promise<void>
  count(batchId: string): Promise<number>
  /** One request of a batch by its id (one indexed read), or undefined. */
  get(batchId: string, requestId: string): Promise<StoredRequest | undefined>
  /** A page of a batch's requests by line, after `afterLine`. */
  page(batchId: string, afterLine: number, limit: number): Promise<readonly StoredRequest[]>
}

/** Match evidence, written in bulk. */
export interface EvidenceFacade {
  insertMany(batchId: string, results: readonly MatchResult[]): Promise<void>
  get(batchId: string, requestId: string): Promise<{ readonly result: MatchResult; readonly digest: Digest } | undefined>
  count(batchId: string): Promise<number>
}

/** Decisions, written in bulk, queried by outcome. */
export interface DecisionsFacade {
  insertMany(batchId: string, decisions: readonly Decision[]): Promise<void>
  get(batchId: string, requestId: string): Promise<{ readonly decision: Decision; readonly digest: Digest } | undefined>
  countByOutcome(batchId: string): Promise<Readonly<Record<DecisionOutcome, number>>>
  /** A page of decisions with one outcome, by request id after `afterRequestId`. */
  page(batchId: string, outcome: DecisionOutcome, afterRequestId: string, limit: number): Promise<readonly Decision[]>
}

function toBatch(row: BatchesTable): Batch {
  return {
    id: row.id,
    agreementId: row.agreement_id,
    agreementVersion: row.agreement_version,
    agreementDigest: row.agreement_digest as Digest,
    requesterPartyId: row.requester_party_id,
    requestFileDigest: row.request_file_digest as Digest,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    summary: row.summary === null ? null : (JSON.parse(row.summary) as unknown),
  }
}

/** The batches facade. */
export function batchesFacade(context: StoreContext): BatchesFacade {
  const { db } = context
  return {
    async create(batch) {
      return withTransaction(context, async (trx) => {
        const existing = await trx.selectFrom('batches').select('id').where('id', '=', batch.id).executeTakeFirst()
        if (existing) throw new VerigateError('conflict', `batch ${batch.id} already exists`)
        const row: BatchesTable = {
          id: batch.id,
          agreement_id: batch.agreementId,
          agreement_version: batch.agreementVersion,
          agreement_digest: batch.agreementDigest,
          requester_party_id: batch.requesterPartyId,
          request_file_digest: batch.requestFileDigest,
          status: batch.status,
          created_at: batch.createdAt,
          updated_at: batch.createdAt,
          summary: null,
        }
        await trx.insertInto('batches').values(row).execute()
        return toBatch(row)
      })
    },
    async get(id) {
      const row = await db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirst()
      return row ? toBatch(row) : undefined
    },
    async list() {
      return (await db.selectFrom('batches').selectAll().orderBy('created_at').orderBy('id').execute()).map(toBatch)
    },
    async update(id, change) {
      const result = await db
        .updateTable('batches')
        .set({
          status: change.status,
          updated_at: change.at,
          ...(change.summary === undefined ? {} : { summary: JSON.stringify(change.summary) }),
        })
        .where('id', '=', id)
        .executeTakeFirst()
      if (Number(result.numUpdatedRows) === 0) throw new VerigateError('not_found', `no batch ${id}`)
    },
  }
}

/** The request records facade. */
export function requestsFacade(context: StoreContext): RequestsFacade {
  const { db, backend } = context
  return {
    async insertMany(rows) {
      if (rows.length === 0) return
      await withTransaction(context, async (trx) => {
        // Each batch's records packed against its own record dictionary (made from the first rows it writes).
        const byBatch = new Map<string, StoredRequest[]>()
        for (const r of rows) {
          const group = byBatch.get(r.batchId)
          if (group) group.push(r)
          else byBatch.set(r.batchId, [r])
        }
        for (const [batchId, group] of byBatch) {
          const packed = await packRows(
            trx,
            batchId,
            'record',
            group.map((r) => ({ shape: '', json: JSON.stringify(r.record) })),
            () => recordDictionaryOf(group.map((r) => r.record)),
          )
          await backend.insertRows(
            trx,
            'request_records',
            group.map((r, i) => ({
              batch_id: r.batchId,
              request_id: r.requestId,
              line: r.line,
              record: packed[i]!,
              intake_status: r.intakeStatus,
              intake_reasons: JSON.stringify(r.intakeReasons),
            })),
          )
        }
      })
    },
    async count(batchId) {
      const row = await db.selectFrom('request_records').select((eb) => eb.fn.countAll<number | string>().as('n')).where('batch_id', '=', batchId).executeTakeFirstOrThrow()
      return toNumber(row.n)
    },
    async get(batchId, requestId) {
      // One read by the table's primary key (batch_id, request_id).
      const row = await db.selectFrom('request_records').selectAll().where('batch_id', '=', batchId).where('request_id', '=', requestId).executeTakeFirst()
      return row ? toStoredRequest(row, await batchDictionaries(db, batchId)) : undefined
    },
    async page(batchId, afterLine, limit) {
      const rows = await db.selectFrom('request_records').selectAll().where('batch_id', '=', batchId).where('line', '>', afterLine).orderBy('line').limit(limit).execute()
      const dictionaries = await batchDictionaries(db, batchId)
      return rows.map((row) => toStoredRequest(row, dictionaries))
    },
  }
}

/** A `request_records` row (its six columns) as a stored request, its record unpacked with its batch's `dictionaries`. */
export function toStoredRequest(row: Pick<Selectable<Database['request_records']>, 'batch_id' | 'request_id' | 'line' | 'record' | 'intake_status' | 'intake_reasons'>, dictionaries: BatchDictionaries): StoredRequest {
  return {
    batchId: row.batch_id,
    requestId: row.request_id,
    line: toNumber(row.line),
    record: JSON.parse(unpackOf(dictionaries, 'record', row.record, row.batch_id, row.request_id)) as RequestRecord,
    intakeStatus: row.intake_status as StoredRequest['intakeStatus'],
    intakeReasons: JSON.parse(row.intake_reasons) as string[],
  }
}

/** The match evidence facade. */
export function evidenceFacade(context: StoreContext): EvidenceFacade {
  const { db, backend } = context
  return {
    async insertMany(batchId, results) {
      if (results.length === 0) return
      await withTransaction(context, async (trx) => {
        const encoded = results.map((result) => ({ result, json: canonicalJson(result as unknown as JsonValue) }))
        const packed = await packRows(trx, batchId, 'evidence', encoded.map((e) => ({ shape: e.result.status, json: e.json })))
        await backend.insertRows(
          trx,
          'match_evidence',
          encoded.map(({ result, json }, i) => ({
            batch_id: batchId,
            request_id: result.requestId,
            status: result.status,
            best_master_id: result.best?.masterId ?? null,
            evidence: packed[i]!,
            evidence_digest: storedDigestOf(digest(json)),
          })),
        )
      })
    },
    async get(batchId, requestId) {
      const row = await db.selectFrom('match_evidence').select(['evidence', 'evidence_digest']).where('batch_id', '=', batchId).where('request_id', '=', requestId).executeTakeFirst()
      if (!row) return undefined
      const json = unpackOf(await batchDictionaries(db, batchId), 'evidence', row.evidence, batchId, requestId)
      return { result: JSON.parse(json) as MatchResult, digest: digestOfStored(row.evidence_digest, `the evidence digest of request ${requestId} of batch ${batchId}`) }
    },
    async count(batchId) {
      const row = await db.selectFrom('match_evidence').select((eb) => eb.fn.countAll<number | string>().as('n')).where('batch_id', '=', batchId).executeTakeFirstOrThrow()
      return toNumber(row.n)
    },
  }
}

/** The decisions facade. */
export function decisionsFacade(context: StoreContext): DecisionsFacade {
  const { db, backend } = context
  return {
    async insertMany(batchId, decisions) {
      if (decisions.length === 0) return
      await withTransaction(context, async (trx) => {
        const encoded = decisions.map((decision) => ({ decision, json: canonicalJson(decision as unknown as JsonValue) }))
        const packed = await packRows(trx, batchId, 'decision', encoded.map((e) => ({ shape: e.decision.outcome, json: e.json })))
        await backend.insertRows(
          trx,
          'decisions',
          encoded.map(({ decision, json }, i) => ({
            batch_id: batchId,
            request_id: decision.requestId,
            outcome: decision.outcome,
            verified: decision.verified ? 1 : 0,
            answer_code: decision.answer.code,
            fields: JSON.stringify(decision.fields),
            decision: packed[i]!,
            decision_digest: storedDigestOf(digest(json)),
            decided_at: decision.asOf,
          })),
        )
      })
    },
    async get(batchId, requestId) {
      const row = await db.selectFrom('decisions').select(['decision', 'decision_digest']).where('batch_id', '=', batchId).where('request_id', '=', requestId).executeTakeFirst()
      if (!row) return undefined
      const json = unpackOf(await batchDictionaries(db, batchId), 'decision', row.decision, batchId, requestId)
      return { decision: JSON.parse(json) as Decision, digest: digestOfStored(row.decision_digest, `the decision digest of request ${requestId} of batch ${batchId}`) }
    },
    async countByOutcome(batchId) {
      const rows = await db
        .selectFrom('decisions')
        .select(['outcome', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('batch_id', '=', batchId)
        .groupBy('outcome')
        .execute()
      const counts: Record<DecisionOutcome, number> = { disclose: 0, withhold: 0, review: 0 }
      for (const row of rows) counts[row.outcome as DecisionOutcome] = toNumber(row.n)
      return counts
    },
    async page(batchId, outcome, afterRequestId, limit) {
      const rows = await db
        .selectFrom('decisions')
        .select(['request_id', 'decision'])
        .where('batch_id', '=', batchId)
        .where('outcome', '=', outcome)
        .where('request_id', '>', afterRequestId)
        .orderBy('request_id')
        .limit(limit)
        .execute()
      const dictionaries = await batchDictionaries(db, batchId)
      return rows.map((row) => JSON.parse(unpackOf(dictionaries, 'decision', row.decision, batchId, row.request_id)) as Decision)
    },
  }
}
