/** Audits, incidents, recall notices and disposal certifications (issue 8). */
import { VerigateError } from '../../core/index.js'
import type { Decision, Digest, MatchResult, Pseudonym } from '../../core/index.js'
import type { AuditsFacade, DisclosureRecord, CertificationsFacade, IncidentsFacade, RecallAcknowledgementsFacade, RecallsFacade, StoredAudit, StoredCertification, StoredIncident, StoredIncidentClosure, StoredIncidentReport, StoredRecall, StoredRecallAcknowledgement } from '../audit-facades.js'
import type { StoreContext } from './context.js'
import { toNumber, toNumberOrNull, withTransaction } from './context.js'

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
            row.stored_decision === null || row.stored_decision_digest === null ? null : { decision: JSON.parse(row.stored_decision) as Decision, digest: row.stored_decision_digest as Digest },
          evidence:
            row.stored_evidence === null || row.stored_evidence_digest === null ? null : { result: JSON.parse(row.stored_evidence) as MatchResult, digest: row.stored_evidence_digest as Digest },
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

/** The incidents facade. */
export function incidentsFacade(context: StoreContext): IncidentsFacade {
  const { db } = context
  const toIncident = (row: { id: string; audit_id: string; opened_at: string; report_deadline: string; record: string }): StoredIncident => ({
    id: row.id,
    auditId: row.audit_id,
    openedAt: row.opened_at,
    reportDeadline: row.report_deadline,
    record: JSON.parse(row.record) as unknown,
  })
  return {
    async insert(i) {
      await withTransaction(context, (trx) =>
        trx.insertInto('incidents').values({ id: i.id, audit_id: i.auditId, opened_at: i.openedAt, report_deadline: i.reportDeadline, record: JSON.stringify(i.record) }).execute(),
      )
    },
    async get(id) {
      const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst()
      return row ? toIncident(row) : undefined
    },
    async byAudit(auditId) {
      return (await db.selectFrom('incidents').selectAll().where('audit_id', '=', auditId).orderBy('opened_at').orderBy('id').execute()).map(toIncident)
    },
    async list() {
      return (await db.selectFrom('incidents').selectAll().orderBy('opened_at').orderBy('id').execute()).map(toIncident)
    },
    async insertReport(r) {
      await withTransaction(context, async (trx) => {
        const existing = await trx.selectFrom('incident_reports').select('reported_at').where('incident_id', '=', r.incidentId).executeTakeFirst()
        if (existing) throw new VerigateError('conflict', `incident ${r.incidentId} was already reported (${existing.reported_at})`)
        await trx
          .insertInto('incident_reports')
          .values({
            incident_id: r.incidentId,
            audit_id: r.auditId,
            reported_to: JSON.stringify(r.reportedTo),
            reported_by: r.reportedBy,
            reported_at: r.reportedAt,
            deadline: r.deadline,
            late: r.late ? 1 : 0,
            reference: r.reference,
            ledger_seq: r.ledgerSeq,
          })
          .execute()
      })
    },
    async reportOf(incidentId) {
      const row = await db.selectFrom('incident_reports').selectAll().where('incident_id', '=', incidentId).executeTakeFirst()
      return row ? toIncidentReport(row) : undefined
    },
    async insertClosure(c) {
      await withTransaction(context, async (trx) => {
        const existing = await trx.selectFrom('incident_closures').select('closed_at').where('incident_id', '=', c.incidentId).executeTakeFirst()
        if (existing) throw new VerigateError('conflict', `incident ${c.incidentId} was already closed (${existing.closed_at})`)
        await trx
          .insertInto('incident_closures')
          .values({
            incident_id: c.incidentId,
            audit_id: c.auditId,
            closed_by: c.closedBy,
            closed_at: c.closedAt,
            reason: c.reason,
            open_notices: JSON.stringify(c.openNotices),
            closed_anyway_reason: c.closedAnywayReason,
            ledger_seq: c.ledgerSeq,
          })
          .execute()
      })
    },
    async closureOf(incidentId) {
      const row = await db.selectFrom('incident_closures').selectAll().where('incident_id', '=', incidentId).executeTakeFirst()
      return row ? toIncidentClosure(row) : undefined
    },
  }
}

type IncidentReportRow = { incident_id: string; audit_id: string; reported_to: string; reported_by: string; reported_at: string; deadline: string; late: number; reference: string | null; ledger_seq: number | string }

function toIncidentReport(row: IncidentReportRow): StoredIncidentReport {
  return {
    incidentId: row.incident_id,
    auditId: row.audit_id,
    reportedTo: JSON.parse(row.reported_to) as string[],
    reportedBy: row.reported_by,
    reportedAt: row.reported_at,
    deadline: row.deadline,
    late: Number(row.late) === 1,
    reference: row.reference,
    ledgerSeq: toNumber(row.ledger_seq),
  }
}

type IncidentClosureRow = { incident_id: string; audit_id: string; closed_by: string; closed_at: string; reason: string; open_notices: string; closed_anyway_reason: string | null; ledger_seq: number | string }

function toIncidentClosure(row: IncidentClosureRow): StoredIncidentClosure {
  return {
    incidentId: row.incident_id,
    auditId: row.audit_id,
    closedBy: row.closed_by,
    closedAt: row.closed_at,
    reason: row.reason,
    openNotices: JSON.parse(row.open_notices) as string[],
    closedAnywayReason: row.closed_anyway_reason,
    ledgerSeq: toNumber(row.ledger_seq),
  }
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
