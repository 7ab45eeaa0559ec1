/**
 * The oversight report (issue 8): from the batch to the audit, the recall and the certifications
 * of disposal, with the incident record an overseer asks for. One self-contained HTML page.
 */
import { InvalidInputError } from '../core/index.js'
import { barChartSpec, CHART_COLORS, readingsSpec, timelineSpec } from './chart-specs.js'
import { oversightReportIssues } from './check-report.js'
import { codeText, dataTable, factList, formatCount, formatPercent, formatTime, html, keyFigures, page } from './html.js'
import type { SafeHtml, Section } from './html.js'
import { byCountDescending, chartFigure, checkpointBody, documentLine, documentList, reasonTable } from './report-parts.js'
import type { RenderReportOptions } from './render-batch-report.js'
import { equitySectionBody } from './render-equity.js'
import type { IncidentLifecycle, IncidentRecord, OversightReport, RecallNoticeSummary, RecallStatus, TimelineEventKind } from './report-types.js'

const STATUS_TEXT: Readonly<Record<RecallStatus, readonly [string, 'good' | 'alert' | 'plain']>> = {
  outstanding: ['Outstanding', 'plain'],
  overdue: ['Overdue', 'alert'],
  certified: ['Certified', 'good'],
  certified_late: ['Certified late', 'alert'],
}

const KIND_TEXT: Readonly<Record<TimelineEventKind, string>> = {
  batch: 'Batch',
  policy_change: 'Policy',
  order: 'Court order',
  audit: 'Audit',
  incident: 'Incident',
  recall: 'Recall',
  certification: 'Certification',
  report: 'Report',
}

function statusBadge(status: RecallStatus): SafeHtml {
  const [text, tone] = STATUS_TEXT[status]
  return html`<span class="status ${tone}">${text}</span>`
}

function recallRow(n: RecallNoticeSummary): readonly (string | SafeHtml)[] {
  const cert = n.certification
  return [
    html`<code>${n.noticeId}</code>`,
    n.recipient,
    // The date kept whole, the time under it where the column is narrow.
    html`<span class="nowrap">${formatTime(n.issuedAt).slice(0, 10)}</span> ${formatTime(n.issuedAt).slice(11, 16)}`,
    n.deadline,
    formatCount(n.disclosures),
    statusBadge(n.status),
    // How and by whom go in the note under the table: the last of seven columns is too narrow for them.
    cert ? formatTime(cert.disposedAt) : '–',
  ]
}

/** When, to whom and by whom the incident was reported, and whether on time; or how late it is. */
function reportedLine(inc: IncidentRecord, life: IncidentLifecycle | null, now: string): string {
  const r = life?.report
  if (r) return `${formatTime(r.reportedAt)} to ${r.reportedTo.join(' and ')}, by ${r.reportedBy}${r.reference ? ` (reference ${r.reference})` : ''}: ${r.late ? 'LATE, after' : 'on time, within'} the 24-hour deadline (ledger entry ${formatCount(r.ledgerSeq)})`
  if (inc.reportedAt !== null) return formatTime(inc.reportedAt)
  return Date.parse(now) > Date.parse(inc.reportDeadline) ? `Not yet: OVERDUE since ${formatTime(inc.reportDeadline)}` : 'Not yet'
}

/** When, by whom and why the incident was closed, and what it left open. */
function closedLine(life: IncidentLifecycle | null): string {
  const c = life?.closure
  if (!c) return 'Not yet: open'
  const open = c.openNotices.length > 0 ? ` Closed with ${c.openNotices.length} recall notice(s) still open (${c.openNotices.join(', ')}), because: ${c.closedAnywayReason ?? ''}` : ''
  return `${formatTime(c.closedAt)} by ${c.closedBy}: ${c.reason}.${open} (ledger entry ${formatCount(c.ledgerSeq)})`
}

/** The recall notices an overseer follows up: overdue, and certified late. */
function followUp(life: IncidentLifecycle | null): SafeHtml {
  if (!life) return html``
  const line = (n: RecallNoticeSummary) => html`<li><code>${n.noticeId}</code> to ${n.recipient}: ${formatCount(n.disclosures)} disclosures, due ${n.deadline}${n.certification ? `, certificate received ${formatTime(n.certification.receivedAt)}` : ''}</li>`
  return html`<h3>Follow-up</h3><p id="incident-overdue-recalls">${
    life.overdueRecalls.length === 0 ? 'No recall notice is overdue.' : html`Overdue recall notices (no certification of disposal after the deadline):`
  }</p>${life.overdueRecalls.length === 0 ? '' : html`<ul>${life.overdueRecalls.map(line)}</ul>`}<p id="incident-late-certificates">${
    life.lateCertificates.length === 0 ? 'No certificate of disposal came late.' : html`Certificates of disposal received after the deadline:`
  }</p>${life.lateCertificates.length === 0 ? '' : html`<ul>${life.lateCertificates.map(line)}</ul>`}`
}

/** The incident's contact: the office, then its telephone and e-mail where the record has them. */
function contactLine(contact: IncidentRecord['contact']): SafeHtml {
  const reach = [contact.phone, contact.email].filter((x) => x.trim().length > 0)
  return reach.length === 0 ? html`${contact.name}` : html`${contact.name}<br>${reach.join(' · ')}`
}

/**
 * Renders an oversight report to a complete HTML document: no scripts, no external resources,
 * every value escaped. Throws `InvalidInputError` (with the issues) when its figures do not add up.
 *
 * @example
 * await writeFile(join(out, 'oversight.html'), await renderOversightReport(report))
 */
export async function renderOversightReport(report: OversightReport, options: RenderReportOptions = {}): Promise<string> {
  const issues = oversightReportIssues(report)
  if (issues.length > 0) throw new InvalidInputError(`the oversight report “${report.title}” is inconsistent`, { issues })
  const a = report.audit
  const w = options.warnings
  const id = (name: string) => `oversight-${name}`
  const certified = report.recalls.filter((n) => n.status === 'certified' || n.status === 'certified_late').length
  const overdue = report.recalls.filter((n) => n.status === 'overdue').length
  const inc = report.incident

  const life = report.incidentLifecycle

  const incidentLine = (): SafeHtml => {
    if (!inc) return html``
    const deadline = Date.parse(inc.reportDeadline)
    const reported = inc.reportedAt === null ? null : Date.parse(inc.reportedAt)
    const now = Date.parse(report.generatedAt)
    const late = reported === null ? now > deadline : reported > deadline
    const to = life?.report ? ` to ${life.report.reportedTo.join(' and ')}` : ''
    const state =
      reported === null
        ? late
          ? `not reported, and the 24-hour deadline of ${formatTime(inc.reportDeadline)} has passed`
          : `to be reported by ${formatTime(inc.reportDeadline)}`
        : `reported${to} ${formatTime(inc.reportedAt as string)}, ${late ? 'LATE: after' : 'within'} the 24-hour deadline`
    const closed = life?.closure ? `; closed ${formatTime(life.closure.closedAt)}${life.closure.openNotices.length > 0 ? ` with ${life.closure.openNotices.length} recall notice(s) still open` : ''}` : inc.status === 'closed' ? '; closed' : '; open'
    return html`<div class="callout${late ? '' : ' good'}" role="note"><strong>Incident ${inc.incidentId}</strong>: ${formatCount(inc.records)} records, discovered ${formatTime(inc.discoveredAt)}; ${state}${closed}.</div>`
  }

  const summary = html`${keyFigures([
    { label: 'Requests examined', value: a.requestsExamined },
    { label: 'Disclosures made', value: a.disclosuresMade },
    { label: 'Improper now', value: a.improper, note: `${formatPercent(a.improper, a.disclosuresMade)} of disclosures`, tone: a.improper > 0 ? 'alert' : 'good' },
    { label: 'People concerned', value: a.peopleConcerned, note: 'counted by pseudonym' },
    { label: 'Recall notices', value: report.recalls.length, note: `${certified} certified${overdue > 0 ? `, ${overdue} overdue` : ''}`, tone: overdue > 0 ? 'alert' : 'plain' },
  ])}${incidentLine()}<p>Audit ${a.auditId} re-decided the ${formatCount(a.disclosuresMade)} disclosures of ${a.batches.length === 1 ? 'batch' : 'batches'} ${a.batches.join(', ')} from their recorded evidence under ${a.agreement.id}${a.agreement.version ? ` v${a.agreement.version}` : ''}, as of ${formatTime(a.asOf)}. ${formatCount(a.improper)} would not be made now; they concern ${formatCount(a.peopleConcerned)} people.${
    report.readings.length > 1 ? ` Read otherwise, the same history gives ${report.readings.map((r) => `${formatCount(r.improper)} (${r.label.toLowerCase()})`).join(' and ')}.` : ''
  }</p>${factList(
    [
      ['Holder', report.holder],
      ['Report made', formatTime(report.generatedAt)],
      ['Audit', html`<code>${a.auditId}</code>${a.ledgerSeq === null ? '' : html` (ledger entry ${formatCount(a.ledgerSeq)})`}`],
      ['Policy of the audit', documentLine(a.agreement)],
      ['Court orders applied', documentList(a.orders)],
      ['Batches', html`${a.batches.map((b, i) => html`${i > 0 ? ', ' : ''}<code>${b}</code>`)}`],
    ],
    true,
  )}`

  const timeline =
    report.timeline.length === 0
      ? html`<p class="note">No event is recorded.</p>`
      : html`${await chartFigure(
          timelineSpec(report.timeline),
          id('timeline'),
          'Timeline of events',
          `${report.timeline.length} events from ${formatTime(report.timeline[0]?.at ?? '')} to ${formatTime(report.timeline[report.timeline.length - 1]?.at ?? '')}, one row per kind of event; the numbers match the table.`,
          w,
        )}${dataTable(
          'Events in order',
          [{ label: '#', numeric: true }, { label: 'Time (UTC)', nowrap: true }, { label: 'Kind' }, { label: 'Event' }, { label: 'Reference' }],
          report.timeline.map((e, i) => [String(i + 1), formatTime(e.at).replace(' UTC', ''), KIND_TEXT[e.kind], e.label, e.ref ? html`<code>${e.ref}</code>` : '–']),
        )}`

  const reasons = byCountDescending(a.improperByReason)
  const fields = [...a.improperByField].sort((x, y) => y.count - x.count || (x.field < y.field ? -1 : 1))
  const audit = html`<p>Each recorded disclosure was decided again from its stored evidence under the audit's policy; the decision function is pure, so the replay is exact. A disclosure may be improper for several reasons and released several fields.</p>${dataTable(
    'Audit counts',
    [{ label: 'Figure' }, { label: 'Count', numeric: true }, { label: 'Share of disclosures', numeric: true }],
    [
      ['Requests examined', formatCount(a.requestsExamined), '–'],
      ['Disclosures made', formatCount(a.disclosuresMade), formatPercent(a.disclosuresMade, a.disclosuresMade)],
      ['Disclosures now improper', formatCount(a.improper), formatPercent(a.improper, a.disclosuresMade)],
      ['People concerned', formatCount(a.peopleConcerned), '–'],
    ],
  )}${
    reasons.length === 0
      ? html`<p class="note">No disclosure is improper under this policy.</p>`
      : html`<h3>By reason</h3>${await chartFigure(
          barChartSpec(reasons.map((r) => ({ label: r.code, count: r.count })), { measure: 'Improper disclosures', color: CHART_COLORS.alert, codeLabels: true }),
          id('reasons'),
          'Improper disclosures by reason',
          `Disclosures that would not be made now, by reason code (${reasons.length} reasons).`,
          w,
        )}${reasonTable('Improper disclosures by reason', reasons, 'Disclosures', a.improper, 'improper')}`
  }${
    fields.length === 0
      ? ''
      : html`<h3>By field released</h3>${await chartFigure(
          barChartSpec(fields.map((f) => ({ label: f.field, count: f.count })), { measure: 'Improper disclosures', color: CHART_COLORS.caution, codeLabels: true }),
          id('fields'),
          'Improper disclosures by field released',
          `How many improper disclosures released each field (${fields.length} fields).`,
          w,
        )}${dataTable(
          'Improper disclosures by field released',
          [{ label: 'Field' }, { label: 'Disclosures', numeric: true }, { label: 'Share of improper', numeric: true }],
          fields.map((f) => [codeText(f.field), formatCount(f.count), formatPercent(f.count, a.improper)]),
        )}`
  }`

  const readings =
    report.readings.length === 0
      ? html`<p class="note">The history was read under one policy only.</p>`
      : html`<p>The same recorded history, re-decided under each reading of the law. Each count is exact: it comes from the evidence kept with every disclosure, not from an estimate.</p>${await chartFigure(
          readingsSpec(report.readings, a.disclosuresMade),
          id('readings'),
          'Two readings, one history',
          `${report.readings.map((r) => `${r.label}: ${formatCount(r.improper)} improper`).join('; ')}; out of ${formatCount(a.disclosuresMade)} disclosures made.`,
          w,
        )}${dataTable(
          'Improper disclosures under each reading',
          [{ label: 'Reading' }, { label: 'What counts as improper' }, { label: 'Policy' }, { label: 'Improper', numeric: true }, { label: 'Share', numeric: true }, { label: 'People', numeric: true }],
          report.readings.map((r) => [r.label, r.description, documentLine(r.agreement, true), formatCount(r.improper), formatPercent(r.improper, a.disclosuresMade), formatCount(r.peopleConcerned)]),
        )}`

  const recalls =
    report.recalls.length === 0
      ? html`<p class="note">No recall notice has been issued.</p>`
      : html`<p>Each notice asks the recipient to destroy the listed fields of the recalled disclosures by the deadline and to certify the disposal (what, when, how, by whom). Statuses are as of ${formatTime(report.generatedAt)}.</p>${dataTable(
          'Recall notices',
          [{ label: 'Notice' }, { label: 'Recipient' }, { label: 'Issued (UTC)' }, { label: 'Deadline', nowrap: true }, { label: 'Disclosures', numeric: true }, { label: 'Status' }, { label: 'Disposal certified' }],
          report.recalls.map(recallRow),
        )}${report.recalls.map(
          (n) =>
            html`<p class="note"><code>${n.noticeId}</code>: ${n.reason} Fields to destroy: ${n.fields.join(', ')}.${
              n.certification
                ? ` Disposal certified by ${n.certification.certifiedBy}, covering ${formatCount(n.certification.disclosuresCovered)} disclosure${n.certification.disclosuresCovered === 1 ? '' : 's'}: ${n.certification.method}.`
                : ''
            }</p>`,
        )}`

  const incident = inc
    ? html`<p>The record IRS Publication 1075 asks for in an incident report to TIGTA and the Office of Safeguards, due within 24 hours. It holds no tax data and no personal data and can be sent as it is.</p>${factList(
        [
          ['Incident', html`<code>${inc.incidentId}</code> (${inc.status})`],
          ['Agency', inc.agency],
          ['Contact', contactLine(inc.contact)],
          ['When it happened', `${formatTime(inc.occurredFrom)} to ${formatTime(inc.occurredTo)}`],
          ['When it was found', formatTime(inc.discoveredAt)],
          ['Record opened', formatTime(inc.openedAt)],
          ['Report due', formatTime(inc.reportDeadline)],
          ['Reported', reportedLine(inc, life, report.generatedAt)],
          ['Closed', closedLine(life)],
          ['What data', inc.dataDescription],
          ['How many records', `${formatCount(inc.records)} disclosures, about ${formatCount(inc.peopleConcerned)} people`],
          ['Where', inc.location],
          ['Which systems', inc.systems.join('; ')],
          ['What happened', inc.description],
        ],
        true,
      )}${followUp(life)}`
    : html`<p class="note">No incident is open.</p>`

  const sections: Section[] = [
    { id: 'timeline', title: 'Timeline', body: timeline },
    { id: 'audit', title: 'Audit findings', body: audit },
    { id: 'readings', title: 'Two readings, one history', body: readings },
    { id: 'recall', title: 'Recall and disposal', body: recalls },
    { id: 'incident', title: 'Incident record (Publication 1075)', body: incident },
    { id: 'ledger', title: 'Ledger checkpoint', body: checkpointBody(report.checkpoint, 'on which the figures of this report rest') },
  ]
  // Only when the audited batches' truth is known (the demo's generated data) can their errors be counted.
  if (report.equity) sections.splice(sections.length - 1, 0, { id: 'equity', title: 'Errors by surname group', body: await equitySectionBody(report.equity, 'oversight-equity', options.warnings) })
  return page({
    title: report.title,
    kicker: 'Verigate · Oversight report',
    heading: report.title,
    lede: `${report.holder} · made ${formatTime(report.generatedAt)}`,
    summary,
    sections,
    footer: `Generated by Verigate from the tamper-evident ledger and the audit's recorded results. Self-contained: no network resources. People appear only as counts of pseudonyms. Times are UTC.`,
  })
}
