/**
 * The oversight report's content, from the store: the timeline from the batches to the audit, the
 * incident, the recall notices and the certifications; the audit's counts; and, when other audits
 * of the same batches are given, their readings side by side (docs/rules.md: one history, ~2,350
 * improper under the agency's reading and 42,695 under the court's). `renderOversightReport`
 * turns it into self-contained HTML.
 */
import { InvalidInputError } from '../../core/index.js'
import type { AuditSummary, IncidentRecord, OversightReport, Reading, TimelineEvent } from '../../report/index.js'
import type { LedgerKeys } from '../../ledger/index.js'
import type { Store } from '../../store/index.js'
import type { AuditResult } from './audit-types.js'
import { incidentLifecycle } from './incident-lifecycle.js'
import { recallStatus } from './recall.js'
import { loadAudit } from './run-audit.js'
import { writeClock } from '../clock.js'

/** Options of `buildOversightReport`. */
export interface OversightReportOptions {
  /** The audit the report is about. */
  readonly auditId: string
  /** Other audits of the same batches, shown as readings beside it. */
  readonly compareWith?: readonly string[]
  readonly title?: string
  /** When the report is made; recall statuses are as of this time. Only in a simulation store: a real one refuses it (`GivenTimeRefused`). */
  readonly now?: () => Date
  /**
   * The ledger keys: when given, and no checkpoint covers the whole ledger yet (the audit, recall
   * and certification entries came after the batch's checkpoint), a new one is signed, so the
   * report's figures rest on a signed tree head that includes them.
   */
  readonly keys?: LedgerKeys
}

function summaryOf(a: AuditResult): AuditSummary {
  return {
    auditId: a.auditId,
    agreement: a.agreement,
    orders: a.orders,
    asOf: a.asOf ?? a.at,
    batches: a.batches,
    requestsExamined: a.requestsExamined,
    disclosuresMade: a.disclosuresMade,
    improper: a.improper,
    peopleConcerned: a.peopleConcerned,
    improperByReason: a.improperByReason,
    improperByField: a.improperByField,
    ledgerSeq: a.ledgerSeq,
  }
}

function readingOf(a: AuditResult): Reading {
  const orders = a.orders.length > 0 ? ` with court order(s) ${a.orders.map((o) => o.id).join(', ')}` : ''
  return {
    label: a.label,
    description: `Disclosures that would not be made under “${a.title}”${orders}.`,
    agreement: a.agreement,
    improper: a.improper,
    peopleConcerned: a.peopleConcerned,
  }
}

/**
 * Builds the oversight report of an audit.
 *
 * @example
 * const report = await buildOversightReport(store, { auditId: court.auditId, compareWith: [agency.auditId] })
 * writeFileSync('oversight.html', await renderOversightReport(report))
 */
export async function buildOversightReport(store: Store, options: OversightReportOptions): Promise<OversightReport> {
  // Read-only but for the checkpoint it may sign, which carries the server's clock in a real store.
  const generatedAt = writeClock(store.mode, options.now)()
  const audit = await loadAudit(store, options.auditId)
  const others: AuditResult[] = []
  for (const id of options.compareWith ?? []) {
    if (id === audit.auditId) continue
    const o = await loadAudit(store, id)
    if (o.batches.join('\n') !== audit.batches.join('\n')) throw new InvalidInputError(`audit ${id} covers other batches than ${audit.auditId}: readings side by side must read the same history`)
    others.push(o)
  }
  const timeline: TimelineEvent[] = []
  let holder = audit.discloser
  for (const id of audit.batches) {
    const b = await store.batches.get(id)
    if (!b) continue
    // The history happened when the disclosures were made, which may be long before the batch's
    // record was written (a batch replayed with its original decision and release times).
    const made = await store.disclosures.byBatch(id)
    const first = made.reduce<string | null>((min, d) => (min === null || d.disclosedAt < min ? d.disclosedAt : min), null)
    timeline.push({ at: first ?? b.createdAt, kind: 'batch', label: `Batch ${id} under ${b.agreementVersion}: ${made.length.toLocaleString('en-US')} disclosed`, ref: id })
  }
  for (const o of audit.orderEffective) {
    timeline.push({ at: new Date(o.from).toISOString(), kind: 'order', label: `Court order ${o.id} in effect`, ref: o.id })
  }
  for (const a of [audit, ...others]) {
    timeline.push({ at: a.at, kind: 'audit', label: `Audit under ${a.label}: ${a.improper.toLocaleString('en-US')} of ${a.disclosuresMade.toLocaleString('en-US')} improper`, ref: a.auditId })
  }
  const incidents = await store.incidents.byAudit(audit.auditId)
  const opened = (incidents[0]?.record as IncidentRecord | undefined) ?? null
  // The stored record is as opened (append-only); its report and closure are ledgered steps of
  // their own, read here so the record says where the incident stands now.
  const lifecycle = opened ? await incidentLifecycle(store, opened.incidentId, generatedAt) : null
  const incident: IncidentRecord | null = opened && lifecycle ? { ...opened, reportedAt: lifecycle.report?.reportedAt ?? null, status: lifecycle.stage } : null
  if (incident && lifecycle) {
    holder = incident.agency
    timeline.push({ at: incident.openedAt, kind: 'incident', label: `Incident ${incident.incidentId} opened; report due ${incident.reportDeadline}`, ref: incident.incidentId })
    if (lifecycle.report) {
      const r = lifecycle.report
      timeline.push({ at: r.reportedAt, kind: 'incident', label: `Incident ${incident.incidentId} reported to ${r.reportedTo.join(' and ')}${r.late ? ' (late: after the 24-hour deadline)' : ''}`, ref: incident.incidentId })
    }
    if (lifecycle.closure) {
      const c = lifecycle.closure
      timeline.push({ at: c.closedAt, kind: 'incident', label: `Incident ${incident.incidentId} closed${c.openNotices.length > 0 ? ` with ${c.openNotices.length} recall notice(s) still open` : ''}`, ref: incident.incidentId })
    }
  }
  const recalls = await recallStatus(store, generatedAt, audit.auditId)
  for (const r of recalls) {
    timeline.push({ at: r.issuedAt, kind: 'recall', label: `Recall ${r.noticeId} to ${r.recipient}: ${r.disclosures.toLocaleString('en-US')} disclosures, due ${r.deadline}`, ref: r.noticeId })
    if (r.certification) {
      timeline.push({ at: r.certification.receivedAt, kind: 'certification', label: `Disposal certified for ${r.noticeId}${r.status === 'certified_late' ? ' (late)' : ''}`, ref: r.noticeId })
    }
  }
  timeline.push({ at: generatedAt.toISOString(), kind: 'report', label: 'This report' })
  timeline.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0))
  const checkpoints = await store.ledger.checkpoints()
  let last = checkpoints[checkpoints.length - 1]
  if (options.keys && (last === undefined || last.treeSize < (await store.ledger.size()))) last = await store.ledger.checkpoint(options.keys, generatedAt)
  return {
    title: options.title ?? `Oversight report: audit ${audit.auditId} of ${audit.batches.length} batch(es) under ${audit.agreement.id}`,
    holder,
    generatedAt: generatedAt.toISOString(),
    timeline,
    audit: summaryOf(audit),
    readings: others.length > 0 ? [readingOf(audit), ...others.map(readingOf)] : [],
    recalls,
    incident,
    incidentLifecycle: lifecycle,
    checkpoint: last ? { treeSize: last.treeSize, rootHash: last.rootHash, time: last.time, keyId: last.keyId, signature: last.signature } : null,
  }
}
