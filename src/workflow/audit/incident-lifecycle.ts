/**
 * An incident carried to its end (issue 16; docs/rules.md rule 11): an audit opens it, a person of
 * the holder reports it to the overseers (IRS Publication 1075: to TIGTA and the IRS Office of
 * Safeguards within 24 hours of discovery), and closes it once every recall notice of its audit
 * is certified. Each step is one ledger entry (`incident_report`, `incident_closure`) and one row
 * of an append-only table that `ledger verify` checks against it.
 *
 * The steps are made through the person's own credential (the actor is the credential's person),
 * at the server's clock in a real store; a given time is for a simulation only
 * (`refuseGivenTime`). A close while a notice is still open is refused unless a reason for
 * closing anyway is given, and that reason is recorded with the notices it left open.
 */
import { NotFoundError, VerigateError, InvalidInputError, checkFreeText } from '../../core/index.js'
import type { IncidentClosurePayload, IncidentReportPayload } from '../../core/index.js'
import type { IncidentLifecycle, IncidentReporting, RecallNoticeSummary } from '../../report/index.js'
import type { ReadStore, Store, StoredIncident, StoredIncidentClosure, StoredIncidentReport } from '../../store/index.js'
import { refuseGivenTime, stampedTime } from '../clock.js'
import { recallStatus } from './recall.js'

/** Whom Publication 1075 names for an incident report involving federal tax information. */
export const PUBLICATION_1075_RECIPIENTS = ['TIGTA', 'IRS Office of Safeguards'] as const

/** Options of `reportIncident`. */
export interface ReportIncidentOptions {
  readonly incidentId: string
  /** Whom it was reported to, one or more (e.g. `PUBLICATION_1075_RECIPIENTS`). */
  readonly to: readonly string[]
  /** The person who reported: their credential's person, never a typed name. */
  readonly actor: string
  /** The overseer's reference for the report (a case or ticket number), if any. */
  readonly reference?: string
  /** When it was reported (default: the server's clock). Only in a simulation store: a real one refuses it (`GivenTimeRefused`). */
  readonly at?: Date | string
}

/** Options of `closeIncident`. */
export interface CloseIncidentOptions {
  readonly incidentId: string
  /** Why the incident is closed. */
  readonly reason: string
  /**
   * Why it is closed although some of its recall notices are still open (no certification of
   * disposal): without it such a close is refused. Ignored, and not recorded, when none is open.
   */
  readonly closeAnyway?: string
  /** The person who closed it: their credential's person. */
  readonly actor: string
  /** When it was closed (default: the server's clock). Only in a simulation store. */
  readonly at?: Date | string
}

/** A recall notice still open: no certification of disposal is recorded for it. */
function isOpen(n: RecallNoticeSummary): boolean {
  return n.certification === null
}

function givenIso(name: string, at: Date | string | undefined): string | undefined {
  if (at === undefined) return undefined
  const date = new Date(at)
  if (!Number.isFinite(date.getTime())) throw new InvalidInputError(`${name} ${String(at)}: expected an ISO 8601 time`)
  return date.toISOString()
}

/** A non-empty free text, checked (`checkFreeText`) and trimmed. */
function requiredText(value: string | undefined, field: string): string {
  const text = checkFreeText(value ?? '', field).trim()
  if (text === '') throw new InvalidInputError(`${field}: must not be empty`)
  return text
}

async function incidentOf(store: Pick<ReadStore, 'incidents'>, incidentId: string): Promise<StoredIncident> {
  const incident = await store.incidents.get(incidentId)
  if (!incident) throw new NotFoundError(`no incident ${incidentId}`)
  return incident
}

/**
 * Records that an incident was reported, with its ledger entry, in one transaction. The report is
 * late when made after the incident's 24-hour deadline, and recorded so. Refused (`conflict`)
 * when the incident was already reported or closed; `NotFoundError` for an unknown incident.
 *
 * @example
 * const report = await reportIncident(store, { incidentId: 'inc-…', to: PUBLICATION_1075_RECIPIENTS, actor: actor.person })
 * report.late // false when within 24 hours of discovery
 */
export async function reportIncident(store: Store, options: ReportIncidentOptions): Promise<StoredIncidentReport> {
  refuseGivenTime(store.mode, 'at', options.at)
  const given = givenIso('at', options.at)
  const incident = await incidentOf(store, options.incidentId)
  const to = [...new Set(options.to.map((t, i) => requiredText(t, `to[${i}]`)))]
  if (to.length === 0) throw new InvalidInputError(`to: name whom incident ${incident.id} was reported to (Publication 1075: ${PUBLICATION_1075_RECIPIENTS.join(' and ')})`)
  const reference = options.reference === undefined ? null : requiredText(options.reference, 'reference')
  const actor = requiredText(options.actor, 'actor')
  return store.transaction(async (tx) => {
    const first = await tx.incidents.reportOf(incident.id)
    if (first) throw new VerigateError('conflict', `incident ${incident.id} was already reported, at ${first.reportedAt} to ${first.reportedTo.join(', ')} by ${first.reportedBy}`)
    if (await tx.incidents.closureOf(incident.id)) throw new VerigateError('conflict', `incident ${incident.id} is closed: it can no longer be reported`)
    const at = await stampedTime(tx, given)
    const late = Date.parse(at) > Date.parse(incident.reportDeadline)
    const payload: IncidentReportPayload = { incidentId: incident.id, auditId: incident.auditId, reportedTo: to, deadline: incident.reportDeadline, late, ...(reference === null ? {} : { reference }) }
    const [entry] = await tx.ledger.append([{ kind: 'incident_report', at, actor, payload }])
    const row: StoredIncidentReport = { incidentId: incident.id, auditId: incident.auditId, reportedTo: to, reportedBy: actor, reportedAt: at, deadline: incident.reportDeadline, late, reference, ledgerSeq: entry!.seq }
    await tx.incidents.insertReport(row)
    return row
  })
}

/**
 * Records that an incident is closed, with its ledger entry, in one transaction. Refused
 * (`conflict`) before it is reported, when it is already closed, and while any recall notice of
 * its audit has no certification of disposal unless `closeAnyway` says why (then the open
 * notices and that reason are recorded).
 *
 * @example
 * await closeIncident(store, { incidentId: 'inc-…', reason: 'every recipient certified disposal', actor: actor.person })
 */
export async function closeIncident(store: Store, options: CloseIncidentOptions): Promise<StoredIncidentClosure> {
  refuseGivenTime(store.mode, 'at', options.at)
  const given = givenIso('at', options.at)
  const incident = await incidentOf(store, options.incidentId)
  const reason = requiredText(options.reason, 'reason')
  const anyway = options.closeAnyway === undefined ? undefined : requiredText(options.closeAnyway, 'closeAnyway')
  const actor = requiredText(options.actor, 'actor')
  return store.transaction(async (tx) => {
    const closed = await tx.incidents.closureOf(incident.id)
    if (closed) throw new VerigateError('conflict', `incident ${incident.id} was already closed, at ${closed.closedAt} by ${closed.closedBy}`)
    if (!(await tx.incidents.reportOf(incident.id))) throw new VerigateError('conflict', `incident ${incident.id} has not been reported: report it (to ${PUBLICATION_1075_RECIPIENTS.join(' and ')}) before closing it`)
    // Read after the ledger's lock (stampedTime): no certification can land between this
    // reading of the notices and the closure's entry.
    const at = await stampedTime(tx, given)
    const open = (await recallStatus(tx, new Date(at), incident.auditId)).filter(isOpen)
    if (open.length > 0 && anyway === undefined) {
      throw new VerigateError(
        'conflict',
        `incident ${incident.id} cannot be closed: ${open.length} recall notice(s) of audit ${incident.auditId} have no certification of disposal (${open.map((n) => `${n.noticeId} to ${n.recipient}, ${n.status}, due ${n.deadline}`).join('; ')}); give a reason for closing anyway to close it regardless`,
      )
    }
    const openNotices = open.map((n) => n.noticeId)
    const payload: IncidentClosurePayload = { incidentId: incident.id, auditId: incident.auditId, reason, openNotices, ...(open.length > 0 && anyway !== undefined ? { closedAnywayReason: anyway } : {}) }
    const [entry] = await tx.ledger.append([{ kind: 'incident_closure', at, actor, payload }])
    const row: StoredIncidentClosure = {
      incidentId: incident.id,
      auditId: incident.auditId,
      closedBy: actor,
      closedAt: at,
      reason,
      openNotices,
      closedAnywayReason: payload.closedAnywayReason ?? null,
      ledgerSeq: entry!.seq,
    }
    await tx.incidents.insertClosure(row)
    return row
  })
}

/** How a report stands against its deadline at `asOf`. */
function reportingOf(deadline: string, report: StoredIncidentReport | undefined, asOf: Date): IncidentReporting {
  if (report) return report.late ? 'late' : 'on_time'
  return asOf.getTime() > Date.parse(deadline) ? 'overdue' : 'due'
}

/**
 * Where an incident stands at `asOf`: its stage, its report against the deadline, its closure,
 * and its audit's overdue recall notices and late certificates. `NotFoundError` for an unknown
 * incident.
 *
 * @example
 * const state = await incidentLifecycle(store, 'inc-…', new Date())
 * state.stage // 'open' | 'reported' | 'closed'
 */
export async function incidentLifecycle(store: ReadStore, incidentId: string, asOf: Date): Promise<IncidentLifecycle> {
  const incident = await incidentOf(store, incidentId)
  const report = await store.incidents.reportOf(incident.id)
  const closure = await store.incidents.closureOf(incident.id)
  const notices = await recallStatus(store, asOf, incident.auditId)
  return {
    incidentId: incident.id,
    auditId: incident.auditId,
    stage: closure ? 'closed' : report ? 'reported' : 'open',
    openedAt: incident.openedAt,
    reportDeadline: incident.reportDeadline,
    reporting: reportingOf(incident.reportDeadline, report, asOf),
    report: report
      ? { reportedAt: report.reportedAt, reportedTo: report.reportedTo, reportedBy: report.reportedBy, reference: report.reference, late: report.late, ledgerSeq: report.ledgerSeq }
      : null,
    closure: closure
      ? { closedAt: closure.closedAt, closedBy: closure.closedBy, reason: closure.reason, openNotices: closure.openNotices, closedAnywayReason: closure.closedAnywayReason, ledgerSeq: closure.ledgerSeq }
      : null,
    overdueRecalls: notices.filter((n) => n.status === 'overdue'),
    lateCertificates: notices.filter((n) => n.status === 'certified_late'),
  }
}

/** Every incident's lifecycle at `asOf`, oldest first (the oversight page). */
export async function incidentLifecycles(store: ReadStore, asOf: Date): Promise<readonly IncidentLifecycle[]> {
  const out: IncidentLifecycle[] = []
  for (const i of await store.incidents.list()) out.push(await incidentLifecycle(store, i.id, asOf))
  return out
}
