/** Online verifications (migration 0011): the answers that disclosed something about a person. */
import type { Selectable } from 'kysely'
import type { Decision, Digest, Pseudonym } from '../../core/index.js'
import type { OnlineVerificationsFacade, StoredVerification } from '../online-facades.js'
import type { OnlineVerificationsTable } from '../schema.js'
import type { StoreContext } from './context.js'
import { toNumber, withTransaction } from './context.js'
import { masterIdPattern } from './disclosures.js'
import { sql } from 'kysely'

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
