/** Recall notices (one per recipient per audit), recipients' certifications of disposal and acknowledgements. */
import { toNumber, toNumberOrNull, withTransaction } from './context.js'
import type { StoreContext } from './context.js'
import { VerigateError } from '../../core/index.js'
import type { Digest } from '../../core/index.js'

/** A recall notice to one recipient. */
export interface StoredRecall {
  readonly id: string
  readonly auditId: string
  readonly recipientPartyId: string
  readonly disclosureIds: readonly string[]
  readonly fields: readonly string[]
  readonly reason: string
  /** The day by which disposal must be certified (YYYY-MM-DD). */
  readonly deadline: string
  /** `issued` until certified, then `certified` or `certified_late`. */
  readonly status: string
  readonly createdAt: string
  readonly ledgerSeq: number | null
}

/** Recall notices. */
export interface RecallsFacade {
  insertMany(rows: readonly StoredRecall[]): Promise<void>
  get(id: string): Promise<StoredRecall | undefined>
  byAudit(auditId: string): Promise<readonly StoredRecall[]>
  list(): Promise<readonly StoredRecall[]>
  /** Sets a notice's status (the only change a notice ever has). */
  setStatus(id: string, status: string): Promise<void>
}

/** A recipient's certification of disposal, as recorded. */
export interface StoredCertification {
  readonly id: string
  readonly recallId: string
  readonly certifiedBy: string
  readonly method: string
  readonly disposedAt: string
  /** The certificate as received (JSON or YAML text). */
  readonly document: string
  readonly documentDigest: Digest
  readonly receivedAt: string
  readonly late: boolean
  readonly ledgerSeq: number | null
}

/** Disposal certifications: at most one per notice (a second is a `conflict` VerigateError). */
export interface CertificationsFacade {
  insert(certification: StoredCertification): Promise<void>
  forRecall(recallId: string): Promise<StoredCertification | undefined>
  list(): Promise<readonly StoredCertification[]>
}

/** A recipient's acknowledgement that it received a recall notice (migration 0004). */
export interface StoredRecallAcknowledgement {
  readonly recallId: string
  /** The party that acknowledged: the notice's recipient. */
  readonly partyId: string
  /** Who acted for the party (an API credential id, or a person named on the command line). */
  readonly actor: string
  readonly acknowledgedAt: string
  /** The acknowledgement's ledger entry. */
  readonly ledgerSeq: number
}

/** Recall acknowledgements: at most one per notice (a second is a `conflict` VerigateError). */
export interface RecallAcknowledgementsFacade {
  insert(acknowledgement: StoredRecallAcknowledgement): Promise<void>
  forRecall(recallId: string): Promise<StoredRecallAcknowledgement | undefined>
  list(): Promise<readonly StoredRecallAcknowledgement[]>
}

type RecallRow = { id: string; audit_id: string; recipient_party_id: string; disclosure_ids: string; fields: string; reason: string; deadline: string; status: string; created_at: string; ledger_seq: number | string | null }

function toRecall(row: RecallRow): StoredRecall {
  return {
    id: row.id,
    auditId: row.audit_id,
    recipientPartyId: row.recipient_party_id,
    disclosureIds: JSON.parse(row.disclosure_ids) as string[],
    fields: JSON.parse(row.fields) as string[],
    reason: row.reason,
    deadline: row.deadline,
    status: row.status,
    createdAt: row.created_at,
    ledgerSeq: toNumberOrNull(row.ledger_seq),
  }
}

/** The recall notices facade. */
export function recallsFacade(context: StoreContext): RecallsFacade {
  const { db } = context
  return {
    async insertMany(rows) {
      if (rows.length === 0) return
      await withTransaction(context, (trx) =>
        trx
          .insertInto('recalls')
          .values(
            rows.map((r) => ({
              id: r.id,
              audit_id: r.auditId,
              recipient_party_id: r.recipientPartyId,
              disclosure_ids: JSON.stringify(r.disclosureIds),
              fields: JSON.stringify(r.fields),
              reason: r.reason,
              deadline: r.deadline,
              status: r.status,
              created_at: r.createdAt,
              ledger_seq: r.ledgerSeq,
            })),
          )
          .execute(),
      )
    },
    async get(id) {
      const row = await db.selectFrom('recalls').selectAll().where('id', '=', id).executeTakeFirst()
      return row ? toRecall(row) : undefined
    },
    async byAudit(auditId) {
      return (await db.selectFrom('recalls').selectAll().where('audit_id', '=', auditId).orderBy('created_at').orderBy('id').execute()).map(toRecall)
    },
    async list() {
      return (await db.selectFrom('recalls').selectAll().orderBy('created_at').orderBy('id').execute()).map(toRecall)
    },
    async setStatus(id, status) {
      await withTransaction(context, (trx) => trx.updateTable('recalls').set({ status }).where('id', '=', id).execute())
    },
  }
}

type CertificationRow = { id: string; recall_id: string; certified_by: string; method: string; disposed_at: string; document: string; document_digest: string; received_at: string; late: number; ledger_seq: number | string | null }

function toCertification(row: CertificationRow): StoredCertification {
  return {
    id: row.id,
    recallId: row.recall_id,
    certifiedBy: row.certified_by,
    method: row.method,
    disposedAt: row.disposed_at,
    document: row.document,
    documentDigest: row.document_digest as Digest,
    receivedAt: row.received_at,
    late: Number(row.late) === 1,
    ledgerSeq: toNumberOrNull(row.ledger_seq),
  }
}

/** The disposal certifications facade. */
export function certificationsFacade(context: StoreContext): CertificationsFacade {
  const { db } = context
  return {
    async insert(c) {
      await withTransaction(context, async (trx) => {
        const existing = await trx.selectFrom('disposal_certifications').select('id').where('recall_id', '=', c.recallId).executeTakeFirst()
        if (existing) throw new VerigateError('conflict', `recall notice ${c.recallId} already has a certification of disposal (${existing.id})`)
        await trx
          .insertInto('disposal_certifications')
          .values({
            id: c.id,
            recall_id: c.recallId,
            certified_by: c.certifiedBy,
            method: c.method,
            disposed_at: c.disposedAt,
            document: c.document,
            document_digest: c.documentDigest,
            received_at: c.receivedAt,
            late: c.late ? 1 : 0,
            ledger_seq: c.ledgerSeq,
          })
          .execute()
      })
    },
    async forRecall(recallId) {
      const row = await db.selectFrom('disposal_certifications').selectAll().where('recall_id', '=', recallId).executeTakeFirst()
      return row ? toCertification(row) : undefined
    },
    async list() {
      return (await db.selectFrom('disposal_certifications').selectAll().orderBy('received_at').orderBy('id').execute()).map(toCertification)
    },
  }
}

type AcknowledgementRow = { recall_id: string; party_id: string; actor: string; acknowledged_at: string; ledger_seq: number | string }

function toAcknowledgement(row: AcknowledgementRow): StoredRecallAcknowledgement {
  return { recallId: row.recall_id, partyId: row.party_id, actor: row.actor, acknowledgedAt: row.acknowledged_at, ledgerSeq: toNumber(row.ledger_seq) }
}

/** The recall acknowledgements facade. */
export function recallAcknowledgementsFacade(context: StoreContext): RecallAcknowledgementsFacade {
  const { db } = context
  return {
    async insert(a) {
      await withTransaction(context, async (trx) => {
        const existing = await trx.selectFrom('recall_acknowledgements').select('acknowledged_at').where('recall_id', '=', a.recallId).executeTakeFirst()
        if (existing) throw new VerigateError('conflict', `recall notice ${a.recallId} was already acknowledged (${existing.acknowledged_at})`)
        await trx
          .insertInto('recall_acknowledgements')
          .values({ recall_id: a.recallId, party_id: a.partyId, actor: a.actor, acknowledged_at: a.acknowledgedAt, ledger_seq: a.ledgerSeq })
          .execute()
      })
    },
    async forRecall(recallId) {
      const row = await db.selectFrom('recall_acknowledgements').selectAll().where('recall_id', '=', recallId).executeTakeFirst()
      return row ? toAcknowledgement(row) : undefined
    },
    async list() {
      return (await db.selectFrom('recall_acknowledgements').selectAll().orderBy('acknowledged_at').orderBy('recall_id').execute()).map(toAcknowledgement)
    },
  }
}
