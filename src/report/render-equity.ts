/**
 * The equity section both reports show when the run's truth is known (docs/equity.md): the
 * findings in plain words, a chart of each error rate by surname group with its interval, and the
 * table.
 */
import { intervalSpec } from './chart-specs.js'
import type { IntervalDatum } from './chart-specs.js'
import { MIN_CASES, percent, rateWithInterval } from './equity.js'
import type { EquityReport, EquityRow, RateInterval } from './equity.js'
import { dataTable, formatCount, html } from './html.js'
import type { SafeHtml } from './html.js'
import { chartFigure } from './report-parts.js'

function datum(r: EquityRow, rate: RateInterval, differs: EquityRow['falseMatchDiffers']): IntervalDatum[] {
  return rate.rate === null ? [] : [{ label: r.name, rate: rate.rate, low: rate.low, high: rate.high, differs }]
}

/**
 * The body of the equity section: `id` prefixes the charts' element ids (one page may hold two
 * reports' sections). Says so when no truth was given.
 */
export async function equitySectionBody(report: EquityReport | null | undefined, id: string, warnings?: string[]): Promise<SafeHtml> {
  if (!report) {
    return html`<p class="note">No truth was given for this run, so its errors cannot be counted by group. Give the generator's truth file with <code>verigate batch run --truth FILE</code> (docs/equity.md).</p>`
  }
  const o = report.overall
  const findings =
    report.findings.length === 0
      ? html`<p><strong>No surname group's false-match or missed-match rate differs from the overall rate beyond chance</strong> (each group's 95% interval contains the overall rate).</p>`
      : html`<ul class="findings">${report.findings.map((f) => html`<li>${f}</li>`)}</ul>`
  const falseRows = report.groups.flatMap((r) => datum(r, r.falseMatchRate, r.falseMatchDiffers))
  const missedRows = report.groups.flatMap((r) => datum(r, r.missedMatchRate, r.missedMatchDiffers))
  const ratio = (x: number | null) => (x === null ? '–' : `${x.toFixed(2)}×`)
  const interval = (r: RateInterval) => (r.rate === null ? '–' : `${percent(r.low)}–${percent(r.high)}`)
  return html`<p>Errors by group of <strong>surnames</strong>, counted against ${report.truthSource}. These are groups of NAMES from public lists (Census surname tables, the Census list of Spanish surnames, the form of the name), not of people: no one's race or origin is known or guessed here. A request counts in every group its surname (as sent, or as its true record has it) belongs to, so the groups overlap. Of ${formatCount(o.records)} labelled requests, ${formatCount(o.falseMatches)} were matched to the wrong person or to someone when their person is not in the master (${rateWithInterval(o.falseMatchRate)}), and ${formatCount(o.missedMatches)} of the ${formatCount(o.trueMatches)} whose person is in the master were not matched to them (${rateWithInterval(o.missedMatchRate)}). The groups: ${report.groups.map((g, i) => `${i > 0 ? '; ' : ''}${g.name}: ${g.label}`).join('')}. A group "differs beyond chance" when its Wilson 95% interval lies wholly above or below the overall rate and it has at least ${MIN_CASES} cases; with fewer, it is "too few to tell".</p>${findings}${
    falseRows.length > 0
      ? await chartFigure(
          intervalSpec(falseRows, o.falseMatchRate.rate, 'False-match rate (of the group’s requests)'),
          `${id}-false`,
          'False-match rate by surname group',
          `False-match rate of each surname group with its Wilson 95% interval; the dashed line is the overall rate, ${percent(o.falseMatchRate.rate)}. Red: higher beyond chance; green: lower beyond chance.`,
          warnings,
        )
      : ''
  }${
    missedRows.length > 0
      ? await chartFigure(
          intervalSpec(missedRows, o.missedMatchRate.rate, 'Missed-match rate (of the group’s true matches)'),
          `${id}-missed`,
          'Missed-match rate by surname group',
          `Missed-match rate of each surname group with its Wilson 95% interval; the dashed line is the overall rate, ${percent(o.missedMatchRate.rate)}.`,
          warnings,
        )
      : ''
  }${dataTable(
    'False matches by surname group',
    [
      { label: 'Group' },
      { label: 'Requests', numeric: true },
      { label: 'False', numeric: true },
      { label: 'Rate', numeric: true },
      { label: '95% interval', numeric: true },
      { label: 'Ratio', numeric: true },
      { label: 'Equalizing threshold (reviews)', numeric: true },
    ],
    [o, ...report.groups].map((r) => [
      r.name,
      formatCount(r.records),
      formatCount(r.falseMatches),
      percent(r.falseMatchRate.rate),
      interval(r.falseMatchRate),
      ratio(r.falseMatchDisparity),
      r.proposal ? `${r.proposal.threshold.toFixed(2)} bits (${formatCount(r.proposal.reviewCases)})` : '',
    ]),
  )}${dataTable(
    'Missed matches by surname group',
    [
      { label: 'Group' },
      { label: 'True matches', numeric: true },
      { label: 'Missed', numeric: true },
      { label: 'Rate', numeric: true },
      { label: '95% interval', numeric: true },
      { label: 'Ratio', numeric: true },
    ],
    [o, ...report.groups].map((r) => [r.name, formatCount(r.trueMatches), formatCount(r.missedMatches), percent(r.missedMatchRate.rate), interval(r.missedMatchRate), ratio(r.missedMatchDisparity)]),
  )}`
}
