/** Online verifications (migration 0011): the answers that disclosed something about a person. */
import type { Selectable } from 'kysely'
import type { Decision, Digest, Pseudonym } from '../../core/index.js'
import type { OnlineVerificationsTable } from '../schema.js'
import type { StoreContext } from './context.js'
import { toNumber, withTransaction } from './context.js'
import { masterIdPattern } from './disclosures.js'
import { sql } from 'kysely'

/** One online answer that disclosed something about a person. */
export interface StoredVerification {
  /** `v-` and 24 hex digits; the ledger entry's `verificationId`. */
  readonly id: string
  /** The requester's id of the record asked about. */
  readonly requestId: string
  /** The party whose key asked (what the volume caps count by). */
  readonly requesterPartyId: string
  /** The credential (API key id) that asked. */
  readonly askedBy: string
  readonly recipientPartyId: string
  /** The pseudonym of the person the answer was about. */
  readonly subject: Pseudonym
  /** The answer code given: `VERIFIED` or `REVIEW_REQUIRED`. */
  readonly answerCode: string
  /** The fact disclosed, as field names (`verification`, `possible_match`). */
  readonly fields: readonly string[]
  readonly agreementId: string
  readonly agreementDigest: Digest
  /** The decision the answer was given from (its basis: legal basis, purpose, case reference). */
  readonly decision: Decision
  readonly decisionDigest: Digest
  readonly evidenceDigest: Digest
  /** When it was answered (ISO 8601, the server's clock). */
  readonly answeredAt: string
  /** Its ledger entry. */
  readonly ledgerSeq: number
  /** The pseudonym of the master record id answered about (migration 0015); null (or absent) before links were kept. */
  readonly masterSubject?: Pseudonym | null
}

/** Online verifications: written once with their ledger entry, never changed. */
export interface OnlineVerificationsFacade {
  /** Writes one (in the caller's transaction: the one that appends its ledger entry). */
  insert(row: StoredVerification): Promise<void>
  get(id: string): Promise<StoredVerification | undefined>
  /** Every answer about one person, oldest first. */
  bySubject(subject: Pseudonym): Promise<readonly StoredVerification[]>
  /** Every answer whose subject or master subject is one of `pseudonyms`, oldest first. */
  byLinkedSubjects(pseudonyms: readonly Pseudonym[]): Promise<readonly StoredVerification[]>
  /** How many answers were recorded before links were kept (no master subject). */
  countUnlinked(): Promise<number>
  /** The answers recorded before links were kept whose decision names one of `masterIds` (see `DisclosuresFacade`). */
  unlinkedOfMasterIds(masterIds: readonly string[]): Promise<readonly StoredVerification[]>
  /**
   * The `VERIFIED` answers given to the requester in `[from, until]` (ISO 8601): what online
   * verification counts against a volume cap's period.
   */
  verifiedInPeriod(requester: string, from: string, until: string): Promise<number>
  /** Every answer in ledger order, after the ledger entry `afterSeq` (-1: from the start), at most `limit`. */
  page(afterSeq: number, limit: number): Promise<readonly StoredVerification[]>
}

function toVerification(row: Selectable<OnlineVerificationsTable>): StoredVerification {
  return {
    id: row.id,
    requestId: row.request_id,
    requesterPartyId: row.requester_party_id,
    askedBy: row.asked_by,
    recipientPartyId: row.recipient_party_id,
    subject: row.subject as Pseudonym,
    answerCode: row.answer_code,
    fields: JSON.parse(row.fields) as string[],
    agreementId: row.agreement_id,
    agreementDigest: row.agreement_digest as Digest,
    decision: JSON.parse(row.decision) as Decision,
    decisionDigest: row.decision_digest as Digest,
    evidenceDigest: row.evidence_digest as Digest,
    answeredAt: row.answered_at,
    ledgerSeq: toNumber(row.ledger_seq),
    masterSubject: row.master_subject as Pseudonym | null,
  }
}

/** The online verifications facade. */
export function onlineVerificationsFacade(context: StoreContext): OnlineVerificationsFacade {
  const { db } = context
  return {
    async insert(r) {
      await withTransaction(context, (trx) =>
        trx
          .insertInto('online_verifications')
          .values({
            id: r.id,
            request_id: r.requestId,
            requester_party_id: r.requesterPartyId,
            asked_by: r.askedBy,
            recipient_party_id: r.recipientPartyId,
            subject: r.subject,
            answer_code: r.answerCode,
            fields: JSON.stringify(r.fields),
            agreement_id: r.agreementId,
            agreement_digest: r.agreementDigest,
            decision: JSON.stringify(r.decision),
            decision_digest: r.decisionDigest,
            evidence_digest: r.evidenceDigest,
            answered_at: r.answeredAt,
            ledger_seq: r.ledgerSeq,
            master_subject: r.masterSubject ?? null,
          })
          .execute(),
      )
    },
    async get(id) {
      const row = await db.selectFrom('online_verifications').selectAll().where('id', '=', id).executeTakeFirst()
      return row ? toVerification(row) : undefined
    },
    async bySubject(subject) {
      return (await db.selectFrom('online_verifications').selectAll().where('subject', '=', subject).orderBy('ledger_seq').execute()).map(toVerification)
    },
    async byLinkedSubjects(pseudonyms) {
      if (pseudonyms.length === 0) return []
      const rows = await db
        .selectFrom('online_verifications')
        .selectAll()
        .where((eb) => eb.or([eb('subject', 'in', [...pseudonyms]), eb('master_subject', 'in', [...pseudonyms])]))
        .orderBy('ledger_seq')
        .execute()
      return rows.map(toVerification)
    },
    async countUnlinked() {
      const row = await db.selectFrom('online_verifications').select((eb) => eb.fn.countAll<number | string>().as('n')).where('master_subject', 'is', null).executeTakeFirstOrThrow()
      return toNumber(row.n)
    },
    async unlinkedOfMasterIds(masterIds) {
      if (masterIds.length === 0) return []
      const wanted = new Set(masterIds)
      const rows = await db
        .selectFrom('online_verifications')
        .selectAll()
        .where('master_subject', 'is', null)
        .where((eb) => eb.or(masterIds.map((id) => sql<boolean>`${eb.ref('decision')} like ${masterIdPattern(id)} escape '\\'`)))
        .orderBy('ledger_seq')
        .execute()
      return rows.map(toVerification).filter((v) => wanted.has(v.decision.masterId ?? ''))
    },
    async verifiedInPeriod(requester, from, until) {
      const row = await db
        .selectFrom('online_verifications')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('requester_party_id', '=', requester)
        .where('answer_code', '=', 'VERIFIED')
        .where('answered_at', '>=', from)
        .where('answered_at', '<=', until)
        .executeTakeFirstOrThrow()
      return toNumber(row.n)
    },
    async page(afterSeq, limit) {
      return (await db.selectFrom('online_verifications').selectAll().where('ledger_seq', '>', afterSeq).orderBy('ledger_seq').limit(limit).execute()).map(toVerification)
    },
  }
}
