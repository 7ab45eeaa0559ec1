/**
 * The batch report (issue 7): one self-contained HTML page that says what a batch run did, from
 * the request file to the ledger checkpoint, with its charts drawn to inline SVG.
 */
import { COMPARISON_LEVELS, InvalidInputError } from '../core/index.js'
import type { ComparedField, DecisionOutcome } from '../core/index.js'
import { AGREEMENT_CLASSES, agreementClass, barChartSpec, CHART_COLORS, fieldAgreementSpec, outcomeReasonSpec, weightHistogramSpec } from './chart-specs.js'
import { batchReportIssues } from './check-report.js'
import { codeText, dataTable, factList, formatCount, formatDuration, formatPercent, formatTime, html, keyFigures, page } from './html.js'
import type { HtmlValue, SafeHtml, Section } from './html.js'
import type { AgreementClass } from './chart-specs.js'
import { byCountDescending, chartFigure, checkpointBody, documentLine, documentList, reasonTable } from './report-parts.js'
import type { BatchReport, UnreadableRowRef } from './report-types.js'
import { equitySectionBody } from './render-equity.js'

/** Options of `renderBatchReport`. */
export interface RenderReportOptions {
  /** Receives chart-drawing warnings (dropped otherwise). */
  readonly warnings?: string[]
}

const OUTCOME_LABELS: Readonly<Record<DecisionOutcome, string>> = { disclose: 'Disclosed', review: 'Review', withhold: 'Withheld' }

/**
 * Renders a batch report to a complete HTML document (UTF-8 text): no scripts, no external
 * resources, every value escaped. Throws `InvalidInputError` (with the issues) when the report's
 * figures do not add up.
 *
 * @example
 * await writeFile(join(out, 'report.html'), await renderBatchReport(report))
 */
export async function renderBatchReport(report: BatchReport, options: RenderReportOptions = {}): Promise<string> {
  const issues = batchReportIssues(report)
  if (issues.length > 0) throw new InvalidInputError(`the batch report for ${report.batchId} is inconsistent`, { issues })
  const c = report.counts
  const accepted = c.requested - c.intake_refused
  const w = options.warnings
  const id = (name: string) => `batch-${name}`

  const summary = html`${keyFigures([
    { label: 'Requested', value: c.requested, note: 'records in the request file' },
    { label: 'Refused at intake', value: c.intake_refused, note: `${formatPercent(c.intake_refused, c.requested)} of requests` },
    { label: 'Matched', value: c.matched, note: `${formatPercent(c.matched, accepted)} of accepted` },
    { label: 'Disclosed', value: c.disclosed, note: `${formatPercent(c.disclosed, c.requested)} of requests`, tone: 'good' },
    { label: 'Withheld', value: c.withheld, note: `${formatPercent(c.withheld, c.requested)} of requests` },
    { label: 'Awaiting review', value: c.review, note: c.review > 0 ? 'held for people to decide' : 'none pending', tone: c.review > 0 ? 'alert' : 'plain' },
  ])}<p>Of ${formatCount(c.requested)} requests from ${report.recipient}, ${formatCount(c.intake_refused)} were refused at intake before any matching, for missing or insufficient elements. Of the ${formatCount(accepted)} accepted, ${formatCount(c.matched)} matched one person with confidence, ${formatCount(c.possible)} only possibly, ${formatCount(c.ambiguous)} matched more than one person and ${formatCount(c.none)} matched no one. ${report.discloser} disclosed the permitted fields for ${formatCount(c.disclosed)}, withheld everything for ${formatCount(c.withheld)}, and holds ${formatCount(c.review)} for review.</p>${factList(
    [
      ['Batch', html`<code>${report.batchId}</code>`],
      ['Agreement', documentLine(report.agreement)],
      ['Court orders in force', documentList(report.orders)],
      ['Master snapshot', html`<span class="digest">${report.masterDigest}</span>`],
      ['Request file', html`<span class="digest">${report.requestFileDigest}</span>`],
      ['Disclosing party', report.discloser],
      ['Recipient', report.recipient],
      ['Run', html`${formatTime(report.startedAt)} to ${formatTime(report.finishedAt)} (${formatDuration(Date.parse(report.finishedAt) - Date.parse(report.startedAt))})`],
    ],
    true,
  )}`

  const refusals = byCountDescending(report.intakeRefusals)
  const intake: SafeHtml =
    refusals.length === 0
      ? html`<p class="note">No request was refused at intake.</p>`
      : html`<p>Records that do not state what the agreement requires are refused before any matching (26 U.S.C. 6103(i)(2)(B); a request with only a city or a ZIP code is not "verified"). A record may be refused for several reasons.</p>${await chartFigure(
          barChartSpec(refusals.map((r) => ({ label: r.code, count: r.count })), { measure: 'Records refused', color: CHART_COLORS.alert, codeLabels: true }),
          id('intake'),
          'Intake refusals by reason',
          `Records refused at intake, by reason code, largest first: ${refusals.length} reason${refusals.length === 1 ? '' : 's'}, ${formatCount(c.intake_refused)} records refused.`,
          w,
        )}${reasonTable('Intake refusals by reason', refusals, 'Records', c.requested, 'requests')}${unreadableTable(report.unreadableRows ?? [])}`

  const statusRows = [
    ['Matched', 'One candidate at or above the match threshold, no rival within the margin', c.matched],
    ['Possible', 'Best candidate between the possible and the match thresholds', c.possible],
    ['Ambiguous', 'A rival candidate within the margin of the best: never a guess between two people', c.ambiguous],
    ['No match', 'No candidate above the possible threshold', c.none],
  ] as const
  const thresholds = report.thresholds
  const matching = html`<p>The Fellegi–Sunter match weight (log<sub>2</sub> of the likelihood ratio, in bits) of each accepted request's best candidate. ${
    thresholds ? `Requests at or above ${thresholds.match} bits can match; those between ${thresholds.possible} and ${thresholds.match} bits are possible matches at most.` : ''
  }</p>${
    report.weights.total === 0
      ? html`<p class="note">No accepted request had a candidate.</p>`
      : await chartFigure(
          weightHistogramSpec(report.weights, thresholds),
          id('weights'),
          'Match weights of the best candidates',
          `Histogram of ${formatCount(report.weights.total)} best-candidate match weights in bins of ${report.weights.binWidth} bit${report.weights.binWidth === 1 ? '' : 's'}, from ${report.weights.min?.toFixed(1)} to ${report.weights.max?.toFixed(1)} bits${thresholds ? `; dashed lines mark the possible (${thresholds.possible}) and match (${thresholds.match}) thresholds` : ''}.`,
          w,
        )
  }${dataTable(
    'Accepted requests by link status',
    [{ label: 'Status' }, { label: 'Meaning' }, { label: 'Requests', numeric: true }, { label: 'Share of accepted', numeric: true }],
    statusRows.map(([name, meaning, n]) => [name, meaning, formatCount(n), formatPercent(n, accepted)]),
  )}`

  const outcomeRows = [...report.outcomes].sort(
    (a, b) => Object.keys(OUTCOME_LABELS).indexOf(a.outcome) - Object.keys(OUTCOME_LABELS).indexOf(b.outcome) || b.count - a.count || (a.code < b.code ? -1 : 1),
  )
  const outcomes =
    outcomeRows.length === 0
      ? html`<p class="note">No decision was made.</p>`
      : html`<p>Every decision records each reason it rests on, so a decision carries several codes and the counts below add up to more than the decisions made.</p>${await chartFigure(
          outcomeReasonSpec(outcomeRows),
          id('outcomes'),
          'Decisions by reason and outcome',
          `Decisions carrying each reason code, coloured by outcome (${(Object.keys(OUTCOME_LABELS) as DecisionOutcome[])
            .filter((o) => outcomeRows.some((r) => r.outcome === o))
            .map((o) => OUTCOME_LABELS[o].toLowerCase())
            .join(', ')}): ${new Set(outcomeRows.map((r) => r.code)).size} codes.`,
          w,
        )}${dataTable(
          'Decisions by outcome and reason',
          [{ label: 'Outcome' }, { label: 'Code' }, { label: 'Meaning' }, { label: 'Decisions', numeric: true }],
          outcomeRows.map((r) => [OUTCOME_LABELS[r.outcome], codeText(r.code), r.message, formatCount(r.count)]),
        )}`

  const classRows: (readonly HtmlValue[])[] = []
  const levelRows: (readonly HtmlValue[])[] = []
  for (const field of Object.keys(COMPARISON_LEVELS) as ComparedField[]) {
    const counts = report.fieldAgreement[field] as Readonly<Record<string, number | undefined>>
    const levels = COMPARISON_LEVELS[field] as readonly string[]
    const total = levels.reduce((sum, l) => sum + (counts[l] ?? 0), 0)
    if (total === 0) continue
    const byClass = new Map<AgreementClass, number>()
    for (const level of levels) byClass.set(agreementClass(field, level), (byClass.get(agreementClass(field, level)) ?? 0) + (counts[level] ?? 0))
    classRows.push([codeText(field), ...AGREEMENT_CLASSES.map((k) => formatPercent(byClass.get(k) ?? 0, total)), formatCount(total)])
    const present = levels.filter((l) => (counts[l] ?? 0) > 0)
    levelRows.push([
      codeText(field),
      present.map((l, i) => html`${i > 0 ? ' · ' : ''}<span class="nowrap">${codeText(l)} ${formatCount(counts[l] ?? 0)}</span>`),
    ])
  }
  const fields =
    classRows.length > 0
      ? html`<p>How each compared field of the best candidate agreed with the request. Agreement on the address only at the level of a ZIP code or a city counts as agreement in part, and is not a confirmed address.</p>${await chartFigure(
          fieldAgreementSpec(report.fieldAgreement),
          id('fields'),
          'Field agreement of the best candidates',
          'For each compared field, the share of best-candidate comparisons that agreed exactly, in part, disagreed, or had a value missing on one side.',
          w,
        )}${dataTable(
          'Agreement rates by field',
          [{ label: 'Field', nowrap: true }, ...AGREEMENT_CLASSES.map((k) => ({ label: k, numeric: true })), { label: 'Comparisons', numeric: true }],
          classRows,
        )}${dataTable('Comparisons by level, strongest first', [{ label: 'Field', nowrap: true }, { label: 'Levels and counts' }], levelRows)}`
      : html`<p class="note">No comparison was recorded.</p>`

  const withholding = byCountDescending(report.withholdingReasons)
  const withheld =
    withholding.length === 0
      ? html`<p class="note">Nothing was withheld.</p>`
      : html`<p>The reasons most often behind a decision to release nothing. The requester is told only that no record could be verified, never which field failed (docs/rules.md rule 8).</p>${await chartFigure(
          barChartSpec(withholding.map((r) => ({ label: r.code, count: r.count })), { measure: 'Withheld decisions', color: CHART_COLORS.neutral, codeLabels: true }),
          id('withholding'),
          'Top reasons for withholding',
          `Withheld decisions by reason code, largest first (${withholding.length} reasons).`,
          w,
        )}${reasonTable('Top reasons for withholding', withholding, 'Decisions', c.withheld, 'withheld')}`

  const sections: Section[] = [
    { id: 'intake', title: 'Intake refusals', body: intake },
    { id: 'matching', title: 'Match weights and link status', body: matching },
    { id: 'outcomes', title: 'Outcomes by reason', body: outcomes },
    { id: 'fields', title: 'Field agreement', body: fields },
    { id: 'withholding', title: 'Why records were withheld', body: withheld },
    { id: 'ledger', title: 'Ledger checkpoint', body: checkpointBody(report.checkpoint, 'at the end of the batch') },
  ]
  // Only a run given its truth can count its errors; the section is left out otherwise.
  if (report.equity) sections.splice(sections.length - 1, 0, { id: 'equity', title: 'Errors by surname group', body: await equitySectionBody(report.equity, id('equity'), w) })
  return page({
    title: `Batch report ${report.batchId}`,
    kicker: 'Verigate · Batch report',
    heading: `Batch ${report.batchId}`,
    lede: html`${report.agreement.id}${report.agreement.version ? ` v${report.agreement.version}` : ''}: ${report.discloser} to ${report.recipient}, finished ${formatTime(report.finishedAt)}`,
    summary,
    sections,
    footer: `Generated by Verigate from the batch's recorded decisions and evidence. Self-contained: no network resources. Contains no personal data. Times are UTC.`,
  })
}

/** The unreadable rows shown in the report; the rest are counted (the summary JSON lists them all). */
const UNREADABLE_ROWS_SHOWN = 200

/** Where the unreadable rows of the request file are, so the requester can correct them. */
function unreadableTable(rows: readonly UnreadableRowRef[]): SafeHtml {
  if (rows.length === 0) return html``
  const shown = rows.slice(0, UNREADABLE_ROWS_SHOWN)
  return html`${dataTable(
    'Unreadable rows of the request file',
    [{ label: 'File' }, { label: 'Line', numeric: true }, { label: 'Field' }, { label: 'Code' }],
    shown.map((r) => [r.file, formatCount(r.line), r.field ?? '', codeText(r.code)]),
  )}${rows.length > shown.length ? html`<p class="note">${formatCount(rows.length - shown.length)} more unreadable rows are listed in the batch summary (JSON).</p>` : ''}`
}
