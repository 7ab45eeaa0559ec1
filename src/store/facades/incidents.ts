/** Incident records opened by audits, with their reports and closures (issue 8). */
import { toNumber, withTransaction } from './context.js'
import type { StoreContext } from './context.js'
import { VerigateError } from '../../core/index.js'

/** An incident record opened by an audit. */
export interface StoredIncident {
  readonly id: string
  readonly auditId: string
  readonly openedAt: string
  /** 24 hours after the discovery (IRS Publication 1075). */
  readonly reportDeadline: string
  /** The incident record (JSON, no personal data). */
  readonly record: unknown
}

/** An incident's report to the overseers (one per incident), with its ledger entry. */
export interface StoredIncidentReport {
  readonly incidentId: string
  readonly auditId: string
  /** Whom it was reported to (e.g. `TIGTA`, `IRS Office of Safeguards`). */
  readonly reportedTo: readonly string[]
  /** The person who reported, by their credential. */
  readonly reportedBy: string
  /** When it was reported (ISO 8601 UTC). */
  readonly reportedAt: string
  /** The deadline it was due by, and whether it came after it. */
  readonly deadline: string
  readonly late: boolean
  /** The overseer's reference, or null. */
  readonly reference: string | null
  readonly ledgerSeq: number
}

/** An incident's closure (one per incident), with its ledger entry. */
export interface StoredIncidentClosure {
  readonly incidentId: string
  readonly auditId: string
  /** The person who closed it, by their credential. */
  readonly closedBy: string
  /** When it was closed (ISO 8601 UTC). */
  readonly closedAt: string
  readonly reason: string
  /** The notices still without a certification of disposal when it was closed. */
  readonly openNotices: readonly string[]
  /** Why it was closed with notices open; null when none was. */
  readonly closedAnywayReason: string | null
  readonly ledgerSeq: number
}

/** Incident records, and their lifecycle (reported, closed). */
export interface IncidentsFacade {
  insert(incident: StoredIncident): Promise<void>
  get(id: string): Promise<StoredIncident | undefined>
  byAudit(auditId: string): Promise<readonly StoredIncident[]>
  /** Every incident, oldest first. */
  list(): Promise<readonly StoredIncident[]>
  /** Records the report; a second report of one incident is a `conflict`. */
  insertReport(report: StoredIncidentReport): Promise<void>
  reportOf(incidentId: string): Promise<StoredIncidentReport | undefined>
  /** Records the closure; a second closure of one incident is a `conflict`. */
  insertClosure(closure: StoredIncidentClosure): Promise<void>
  closureOf(incidentId: string): Promise<StoredIncidentClosure | undefined>
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
