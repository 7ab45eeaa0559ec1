/** Disclosures: what went to whom, about whom (by pseudonym), recorded in which ledger entry. */
import type { Digest, Pseudonym } from '../../core/index.js'
import type { Selectable } from 'kysely'
import type { DisclosuresTable } from '../schema.js'
import type { StoreContext } from './context.js'
import { toNumber, withTransaction } from './context.js'
import type { StoredDisclosure } from '../rows.js'

/** Disclosures. */
export interface DisclosuresFacade {
  insertMany(rows: readonly StoredDisclosure[]): Promise<void>
  get(id: string): Promise<StoredDisclosure | undefined>
  bySubject(subject: Pseudonym): Promise<readonly StoredDisclosure[]>
  byBatch(batchId: string): Promise<readonly StoredDisclosure[]>
}

function toDisclosure(row: Selectable<DisclosuresTable>): StoredDisclosure {
  return {
    id: row.id,
    batchId: row.batch_id,
    requestId: row.request_id,
    recipientPartyId: row.recipient_party_id,
    subject: row.subject as Pseudonym,
    fields: JSON.parse(row.fields) as string[],
    decisionDigest: row.decision_digest as Digest,
    disclosedAt: row.disclosed_at,
    ledgerSeq: toNumber(row.ledger_seq),
  }
}

/** The disclosures facade. */
export function disclosuresFacade(context: StoreContext): DisclosuresFacade {
  const { db, backend } = context
  return {
    async insertMany(rows) {
      if (rows.length === 0) return
      await withTransaction(context, (trx) =>
        backend.insertRows(
          trx,
          'disclosures',
          rows.map((r) => ({
            id: r.id,
            batch_id: r.batchId,
            request_id: r.requestId,
            recipient_party_id: r.recipientPartyId,
            subject: r.subject,
            fields: JSON.stringify(r.fields),
            decision_digest: r.decisionDigest,
            disclosed_at: r.disclosedAt,
            ledger_seq: r.ledgerSeq,
          })),
        ),
      )
    },
    async get(id) {
      const row = await db.selectFrom('disclosures').selectAll().where('id', '=', id).executeTakeFirst()
      return row ? toDisclosure(row) : undefined
    },
    async bySubject(subject) {
      return (await db.selectFrom('disclosures').selectAll().where('subject', '=', subject).orderBy('disclosed_at').orderBy('id').execute()).map(toDisclosure)
    },
    async byBatch(batchId) {
      return (await db.selectFrom('disclosures').selectAll().where('batch_id', '=', batchId).orderBy('request_id').orderBy('id').execute()).map(toDisclosure)
    },
  }
}
