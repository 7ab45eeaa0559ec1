/** Retroactive audits with their full results, and the disclosure records an audit re-decides (issue 8). */
import type { Decision, Digest, MatchResult, Pseudonym } from '../../core/index.js'
import type { StoreContext } from './context.js'
import { toNumber, withTransaction } from './context.js'
import { batchDictionaries, unpackOf } from './dictionaries.js'
import { digestOfStored } from '../stored-digest.js'
import type { StoredDisclosure } from '../rows.js'

/** An audit as stored: the result is the workflow's JSON document, kept whole. */
export interface StoredAudit {
  readonly id: string
  readonly createdAt: string
  readonly agreementId: string
  readonly agreementDigest: Digest
  /** The full audit result (JSON). */
  readonly result: unknown
  readonly resultDigest: Digest
  /** The audit's ledger entry. */
  readonly ledgerSeq: number
}

/** A disclosure with the stored decision and evidence it was made on (null where missing). */
export interface DisclosureRecord {
  readonly disclosure: StoredDisclosure
  readonly decision: { readonly decision: Decision; readonly digest: Digest } | null
  readonly evidence: { readonly result: MatchResult; readonly digest: Digest } | null
}

/** Audits, oldest first. */
export interface AuditsFacade {
  /** Every disclosure of a batch with its decision and evidence, in one query, by request id. */
  disclosureRecords(batchId: string): Promise<readonly DisclosureRecord[]>
  insert(audit: StoredAudit): Promise<void>
  get(id: string): Promise<StoredAudit | undefined>
  list(): Promise<readonly StoredAudit[]>
}

/** The audits facade. */
export function auditsFacade(context: StoreContext): AuditsFacade {
  const { db } = context
  const toAudit = (row: { id: string; created_at: string; agreement_id: string; agreement_digest: string; result: string; result_digest: string; ledger_seq: number | string }): StoredAudit => ({
    id: row.id,
    createdAt: row.created_at,
    agreementId: row.agreement_id,
    agreementDigest: row.agreement_digest as Digest,
    result: JSON.parse(row.result) as unknown,
    resultDigest: row.result_digest as Digest,
    ledgerSeq: toNumber(row.ledger_seq),
  })
  return {
    async disclosureRecords(batchId) {
      const rows = await db
        .selectFrom('disclosures as d')
        .leftJoin('decisions as x', (join) => join.onRef('x.batch_id', '=', 'd.batch_id').onRef('x.request_id', '=', 'd.request_id'))
        .leftJoin('match_evidence as e', (join) => join.onRef('e.batch_id', '=', 'd.batch_id').onRef('e.request_id', '=', 'd.request_id'))
        .selectAll('d')
        .select(['x.decision as stored_decision', 'x.decision_digest as stored_decision_digest', 'e.evidence as stored_evidence', 'e.evidence_digest as stored_evidence_digest'])
        .where('d.batch_id', '=', batchId)
        .orderBy('d.request_id')
        .orderBy('d.id')
        .execute()
      const dictionaries = await batchDictionaries(db, batchId)
      return rows.map(
        (row): DisclosureRecord => ({
          disclosure: {
            id: row.id,
            batchId: row.batch_id,
            requestId: row.request_id,
            recipientPartyId: row.recipient_party_id,
            subject: row.subject as Pseudonym,
            fields: JSON.parse(row.fields) as string[],
            decisionDigest: row.decision_digest as Digest,
            disclosedAt: row.disclosed_at,
            ledgerSeq: toNumber(row.ledger_seq),
          },
          decision:
            row.stored_decision === null || row.stored_decision_digest === null
              ? null
              : { decision: JSON.parse(unpackOf(dictionaries, 'decision', row.stored_decision, batchId, row.request_id)) as Decision, digest: digestOfStored(row.stored_decision_digest, `the decision digest of request ${row.request_id} of batch ${batchId}`) },
          evidence:
            row.stored_evidence === null || row.stored_evidence_digest === null
              ? null
              : { result: JSON.parse(unpackOf(dictionaries, 'evidence', row.stored_evidence, batchId, row.request_id)) as MatchResult, digest: digestOfStored(row.stored_evidence_digest, `the evidence digest of request ${row.request_id} of batch ${batchId}`) },
        }),
      )
    },
    async insert(a) {
      await withTransaction(context, (trx) =>
        trx
          .insertInto('audits')
          .values({
            id: a.id,
            created_at: a.createdAt,
            agreement_id: a.agreementId,
            agreement_digest: a.agreementDigest,
            result: JSON.stringify(a.result),
            result_digest: a.resultDigest,
            ledger_seq: a.ledgerSeq,
          })
          .execute(),
      )
    },
    async get(id) {
      const row = await db.selectFrom('audits').selectAll().where('id', '=', id).executeTakeFirst()
      return row ? toAudit(row) : undefined
    },
    async list() {
      return (await db.selectFrom('audits').selectAll().orderBy('created_at').orderBy('id').execute()).map(toAudit)
    },
  }
}

