/**
 * Chart specifications as data: each function turns report values into a Vega-Lite 5 spec (plain
 * JSON, as Splink keeps its chart definitions), which `renderChartSvg` draws to SVG. The specs
 * carry their data inline, so nothing is fetched when they are drawn.
 */
import type { TopLevelSpec } from 'vega-lite'
import { COMPARISON_LEVELS } from '../core/index.js'
import type { ComparedField, DecisionOutcome } from '../core/index.js'
import type { FieldAgreement, OutcomeReasonCount, Reading, TimelineEvent, WeightThresholds } from './report-types.js'
import { TIMELINE_EVENT_KINDS } from './report-types.js'
import type { WeightHistogram } from './weight-histogram.js'

/** The system font stack every chart uses (no web fonts: the report works offline). */
export const CHART_FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Liberation Sans, Arial, sans-serif'

/** Chart colours, each at least 3:1 against white (WCAG 2.1, 1.4.11 non-text contrast), grays apart. */
export const CHART_COLORS = {
  accent: '#1f4e8c',
  good: '#1e6b3a',
  caution: '#a65f00',
  alert: '#a3261d',
  neutral: '#68717c',
  light: '#b9c0c8',
  partial: '#6f97cc',
} as const

/** The width of a full-width chart in CSS pixels (the page's text column). */
export const CHART_WIDTH = 640

const CONFIG = {
  font: CHART_FONT,
  background: 'white',
  padding: 4,
  view: { stroke: null },
  axis: {
    labelColor: '#2b3138',
    titleColor: '#1b1f24',
    gridColor: '#e6e9ed',
    domainColor: '#8a939d',
    tickColor: '#8a939d',
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 600,
    labelLimit: 300,
  },
  legend: { labelLimit: 320, labelFontSize: 11, titleFontSize: 11, titleFontWeight: 600, labelColor: '#2b3138', titleColor: '#1b1f24', orient: 'bottom', direction: 'horizontal' },
  title: { fontSize: 13, fontWeight: 600, anchor: 'start', color: '#1b1f24' },
} as const

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json'

/** A labelled count for a plain bar chart. */
export interface BarDatum {
  readonly label: string
  readonly count: number
}

/** Options of a bar chart. */
export interface BarChartOptions {
  /** The axis title of the counts. */
  readonly measure: string
  /** The bar colour (CHART_COLORS). */
  readonly color?: string
  readonly width?: number
  /** Keep the given order instead of sorting by count, largest first. */
  readonly keepOrder?: boolean
  /** Use a monospace font for the labels (reason codes). */
  readonly codeLabels?: boolean
}

/** Pixels per bar row in horizontal bar charts. */
const ROW = 22

/** The least room a tick label of a count axis gets, in pixels (Vega-Lite's own default spacing). */
const TICK_SPACING = 40

/**
 * A count axis: whole-number ticks only, with thousands separators.
 *
 * `tickMinStep: 1` alone does not do it: Vega-Lite 5 drops an explicit `tickMinStep` unless the
 * format is exactly `d` (no separators), and even then Vega only caps the tick count at the
 * domain's extent plus one, so d3 still picks a half step over a domain of 1 or 2 and `,d` prints
 * "0 1 1 2 2". A tick count no larger than the whole extent makes d3's step at least 1, and so a
 * whole number (its steps are 1, 2 or 5 times a power of ten).
 *
 * @param max the largest value the axis shows (its domain runs from 0)
 * @param length the axis's length in pixels
 */
export function countAxis(max: number, length: number): { readonly format: string; readonly tickCount: number } {
  const extent = Number.isFinite(max) ? Math.floor(max) : 1
  return { format: ',d', tickCount: Math.max(1, Math.min(Math.ceil(length / TICK_SPACING), extent)) }
}

/**
 * A horizontal bar chart of counts, largest first, each bar labelled with its count.
 *
 * @example
 * barChartSpec([{ label: 'address_junk', count: 1200 }], { measure: 'Records' })
 */
export function barChartSpec(rows: readonly BarDatum[], options: BarChartOptions): TopLevelSpec {
  const values = rows.map((r) => ({ label: r.label, count: r.count }))
  // An explicit domain order: a sort by field conflicts between the bar and text layers.
  const ordered = options.keepOrder ? values : [...values].sort((a, b) => b.count - a.count)
  const sort = [...new Set(ordered.map((v) => v.label))]
  const width = options.width ?? CHART_WIDTH - 300
  const y = {
    field: 'label',
    type: 'nominal' as const,
    title: null,
    sort,
    axis: { labelFont: options.codeLabels ? 'DejaVu Sans Mono, Menlo, Consolas, monospace' : CHART_FONT, ticks: false, domain: false, labelPadding: 6 },
  }
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width,
    height: Math.max(ROW, ROW * values.length),
    data: { values },
    encoding: { y, x: { field: 'count', type: 'quantitative', title: options.measure, axis: { ...countAxis(Math.max(0, ...values.map((v) => v.count)), width), grid: true } } },
    layer: [
      { mark: { type: 'bar', color: options.color ?? CHART_COLORS.accent, height: { band: 0.7 } } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#1b1f24' }, encoding: { text: { field: 'count', type: 'quantitative', format: ',d' } } },
    ],
  }
}

/** Colours of decision outcomes. */
const OUTCOME_COLORS: Readonly<Record<DecisionOutcome, string>> = { disclose: CHART_COLORS.good, review: CHART_COLORS.caution, withhold: CHART_COLORS.neutral }
const OUTCOME_NAMES: Readonly<Record<DecisionOutcome, string>> = { disclose: 'Disclosed', review: 'Review', withhold: 'Withheld' }

/**
 * Decisions by reason code, one bar per code, coloured by outcome (a code may occur under several
 * outcomes; its bar is then stacked).
 */
export function outcomeReasonSpec(rows: readonly OutcomeReasonCount[]): TopLevelSpec {
  const totals = new Map<string, number>()
  for (const r of rows) totals.set(r.code, (totals.get(r.code) ?? 0) + r.count)
  const order = Object.keys(OUTCOME_NAMES) as DecisionOutcome[]
  const values = rows.map((r) => ({ code: r.code, outcome: OUTCOME_NAMES[r.outcome], rank: order.indexOf(r.outcome), count: r.count, total: totals.get(r.code) ?? 0 }))
  const outcomes = order.filter((o) => rows.some((r) => r.outcome === o))
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: CHART_WIDTH - 300,
    height: Math.max(ROW, ROW * totals.size),
    data: { values },
    mark: { type: 'bar', height: { band: 0.7 } },
    encoding: {
      y: {
        field: 'code',
        type: 'nominal',
        title: null,
        sort: { field: 'total', order: 'descending' },
        axis: { labelFont: 'DejaVu Sans Mono, Menlo, Consolas, monospace', ticks: false, domain: false, labelPadding: 6 },
      },
      x: { field: 'count', type: 'quantitative', title: 'Decisions carrying the reason', stack: 'zero', axis: countAxis(Math.max(0, ...totals.values()), CHART_WIDTH - 300) },
      color: {
        field: 'outcome',
        type: 'nominal',
        title: 'Outcome',
        scale: { domain: outcomes.map((o) => OUTCOME_NAMES[o]), range: outcomes.map((o) => OUTCOME_COLORS[o]) },
      },
      order: { field: 'rank', type: 'quantitative', sort: 'ascending' },
    },
  }
}

/** The plot size of the match-weight histogram. */
const HISTOGRAM_WIDTH = CHART_WIDTH - 60
const HISTOGRAM_HEIGHT = 220
/**
 * The least room a weight label gets. The tick count is set and the bins are not handed to the
 * scale (no `bin.step`): otherwise Vega ticks every bin edge, and its label-overlap removal keeps
 * every fourth label or so, off zero ("−20 −12 −4 4"), though the thresholds sit near zero.
 */
const WEIGHT_TICK_SPACING = 56

/**
 * The match-weight histogram: bins coloured by the zone they fall in (below the possible
 * threshold, between the thresholds, at or above the match threshold), with the thresholds drawn
 * as rules.
 */
export function weightHistogramSpec(histogram: WeightHistogram, thresholds: WeightThresholds | null): TopLevelSpec {
  const zone = (start: number): string => {
    if (!thresholds) return 'Weight'
    if (start >= thresholds.match) return 'At or above match threshold'
    if (start >= thresholds.possible) return 'Possible match'
    return 'Below possible threshold'
  }
  const values = histogram.bins.map((b) => ({ start: b.start, end: b.end, count: b.count, zone: zone(b.start) }))
  const zones = thresholds ? ['Below possible threshold', 'Possible match', 'At or above match threshold'] : ['Weight']
  const colors = thresholds ? [CHART_COLORS.light, CHART_COLORS.caution, CHART_COLORS.accent] : [CHART_COLORS.accent]
  const rules = thresholds
    ? [
        { at: thresholds.possible, name: `possible ≥ ${thresholds.possible}`, align: 'right', dx: -3 },
        { at: thresholds.match, name: `match ≥ ${thresholds.match}`, align: 'left', dx: 3 },
      ]
    : []
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    {
      data: { values },
      mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
      encoding: {
        x: {
          field: 'start',
          type: 'quantitative',
          bin: { binned: true },
          title: 'Match weight of the best candidate (bits)',
          axis: { tickCount: Math.ceil(HISTOGRAM_WIDTH / WEIGHT_TICK_SPACING) },
        },
        x2: { field: 'end' },
        y: { field: 'count', type: 'quantitative', title: 'Requests', axis: countAxis(Math.max(0, ...values.map((v) => v.count)), HISTOGRAM_HEIGHT) },
        color: { field: 'zone', type: 'nominal', title: null, scale: { domain: zones, range: colors }, legend: thresholds ? { labelLimit: 320 } : null },
      },
    },
  ]
  if (rules.length > 0) {
    layers.push(
      { data: { values: rules }, mark: { type: 'rule', color: '#1b1f24', strokeDash: [4, 3] }, encoding: { x: { field: 'at', type: 'quantitative' } } },
      ...rules.map((rule) => ({
        data: { values: [rule] },
        mark: { type: 'text' as const, align: rule.align as 'left' | 'right', baseline: 'top' as const, dx: rule.dx, y: 2, fontSize: 10, color: '#1b1f24' },
        encoding: { x: { field: 'at', type: 'quantitative' as const }, text: { field: 'name', type: 'nominal' as const } },
      })),
    )
  }
  return { $schema: SCHEMA, config: CONFIG, width: HISTOGRAM_WIDTH, height: HISTOGRAM_HEIGHT, layer: layers }
}

/** The agreement classes a comparison level falls in, for the stacked field chart. */
export const AGREEMENT_CLASSES = ['Agrees exactly', 'Agrees in part', 'Disagrees', 'Missing'] as const
export type AgreementClass = (typeof AGREEMENT_CLASSES)[number]

/** The class of a level: rank 0 is exact, `different` and `missing` are their own, the rest partial. */
export function agreementClass(field: ComparedField, level: string): AgreementClass {
  const levels = COMPARISON_LEVELS[field] as readonly string[]
  if (level === 'missing') return 'Missing'
  if (level === 'different') return 'Disagrees'
  return levels.indexOf(level) === 0 ? 'Agrees exactly' : 'Agrees in part'
}

/**
 * Per-field agreement of the best candidates: one 100% stacked bar per field, segments in level
 * order (strongest first) coloured by agreement class.
 */
export function fieldAgreementSpec(agreement: FieldAgreement): TopLevelSpec {
  const values: { field: string; level: string; rank: number; cls: string; count: number }[] = []
  for (const field of Object.keys(COMPARISON_LEVELS) as ComparedField[]) {
    const counts = agreement[field] as Readonly<Record<string, number | undefined>>
    ;(COMPARISON_LEVELS[field] as readonly string[]).forEach((level, rank) => {
      const count = counts[level] ?? 0
      if (count > 0) values.push({ field, level, rank, cls: agreementClass(field, level), count })
    })
  }
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: CHART_WIDTH - 140,
    height: ROW * 1.3 * Object.keys(COMPARISON_LEVELS).length,
    data: { values },
    mark: { type: 'bar', stroke: 'white', strokeWidth: 1, height: { band: 0.72 } },
    encoding: {
      y: { field: 'field', type: 'nominal', title: null, sort: Object.keys(COMPARISON_LEVELS), axis: { ticks: false, domain: false, labelPadding: 6 } },
      x: { field: 'count', type: 'quantitative', stack: 'normalize', title: 'Share of best-candidate comparisons', axis: { format: '.0%' } },
      color: {
        field: 'cls',
        type: 'nominal',
        title: null,
        scale: { domain: [...AGREEMENT_CLASSES], range: [CHART_COLORS.accent, CHART_COLORS.partial, CHART_COLORS.alert, CHART_COLORS.light] },
      },
      order: { field: 'rank', type: 'quantitative', sort: 'ascending' },
    },
  }
}

/**
 * Two (or more) readings of the law over one history, beside the disclosures made: each bar is
 * labelled with its count and its share of the disclosures.
 */
export function readingsSpec(readings: readonly Reading[], disclosuresMade: number): TopLevelSpec {
  const share = (n: number) => (disclosuresMade > 0 ? ` (${((100 * n) / disclosuresMade).toFixed(1)}%)` : '')
  const values = [
    { label: 'Disclosures made', count: disclosuresMade, text: disclosuresMade.toLocaleString('en-US'), tone: 'made' },
    ...readings.map((r, i) => ({ label: r.label, count: r.improper, text: `${r.improper.toLocaleString('en-US')} improper${share(r.improper)}`, tone: `reading${i}` })),
  ]
  const tones = values.map((v) => v.tone)
  const palette = [CHART_COLORS.light, CHART_COLORS.caution, CHART_COLORS.alert, CHART_COLORS.accent, CHART_COLORS.good]
  const width = CHART_WIDTH - 260
  // Room to the right of the longest bar for its label.
  const domainMax = Math.max(1, disclosuresMade) * 1.45
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width,
    height: 34 * values.length,
    data: { values },
    encoding: {
      y: { field: 'label', type: 'nominal', title: null, sort: values.map((v) => v.label), axis: { ticks: false, domain: false, labelPadding: 6, labelFontWeight: 600 } },
      x: { field: 'count', type: 'quantitative', title: 'Disclosures', axis: countAxis(domainMax, width), scale: { domainMax } },
    },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.65 } },
        encoding: { color: { field: 'tone', type: 'nominal', legend: null, scale: { domain: tones, range: palette.slice(0, tones.length) } } },
      },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#1b1f24' }, encoding: { text: { field: 'text', type: 'nominal' } } },
    ],
  }
}

const KIND_NAMES: Readonly<Record<(typeof TIMELINE_EVENT_KINDS)[number], string>> = {
  batch: 'Batch',
  policy_change: 'Policy',
  order: 'Court order',
  audit: 'Audit',
  incident: 'Incident',
  recall: 'Recall',
  certification: 'Certification',
  report: 'Report',
}

/** A colour per kind of event, told apart by hue (and by row, for readers who cannot tell hues apart). */
const KIND_COLORS: Readonly<Record<(typeof TIMELINE_EVENT_KINDS)[number], string>> = {
  batch: CHART_COLORS.accent,
  policy_change: CHART_COLORS.neutral,
  order: '#6a3d9a',
  audit: CHART_COLORS.caution,
  incident: CHART_COLORS.alert,
  recall: '#00716b',
  certification: CHART_COLORS.good,
  report: '#2b3138',
}

/**
 * The oversight timeline: one row per kind of event, a numbered point per event (the numbers match
 * the table beside the chart), on a UTC time axis.
 */
export function timelineSpec(events: readonly TimelineEvent[]): TopLevelSpec {
  const values = events.map((e, i) => ({ at: e.at, kind: KIND_NAMES[e.kind], n: String(i + 1) }))
  const kinds = TIMELINE_EVENT_KINDS.filter((k) => events.some((e) => e.kind === k)).map((k) => KIND_NAMES[k])
  const colors = TIMELINE_EVENT_KINDS.filter((k) => events.some((e) => e.kind === k)).map((k) => KIND_COLORS[k])
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: CHART_WIDTH - 130,
    height: 30 * Math.max(1, kinds.length),
    data: { values },
    encoding: {
      x: { field: 'at', type: 'temporal', title: null, scale: { type: 'utc', padding: 14 }, axis: { format: '%-d %b %Y', labelAngle: 0, labelOverlap: true, grid: true, tickCount: 6 } },
      y: { field: 'kind', type: 'nominal', title: null, sort: kinds, axis: { ticks: false, domain: false, labelPadding: 8 } },
    },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 90, opacity: 1, stroke: 'white', strokeWidth: 1 },
        encoding: { color: { field: 'kind', type: 'nominal', legend: null, scale: { domain: kinds, range: colors } } },
      },
      { mark: { type: 'text', dy: -11, fontSize: 10, fontWeight: 600, color: '#1b1f24' }, encoding: { text: { field: 'n', type: 'nominal' } } },
    ],
  }
}

/** One group's rate with its interval, for the equity chart. */
export interface IntervalDatum {
  readonly label: string
  readonly rate: number
  readonly low: number
  readonly high: number
  /** Whether the interval lies above or below the overall rate (coloured), or spans it. */
  readonly differs: 'higher' | 'lower' | 'within' | 'too_few'
}

const DIFFERS_NAMES = { higher: 'Higher than overall, beyond chance', lower: 'Lower than overall, beyond chance', within: 'Within chance of overall', too_few: 'Too few cases to tell' } as const

/**
 * A rate per group with its 95% interval (a line from low to high, a point at the rate), the
 * overall rate as a dashed rule, and the groups that differ beyond chance coloured.
 */
export function intervalSpec(rows: readonly IntervalDatum[], overall: number | null, measure: string): TopLevelSpec {
  const values = rows.map((r) => ({ label: r.label, rate: r.rate, low: r.low, high: r.high, differs: DIFFERS_NAMES[r.differs] }))
  const width = CHART_WIDTH - 330
  const domain = Object.values(DIFFERS_NAMES)
  const color = { field: 'differs', type: 'nominal' as const, title: null, scale: { domain: [...domain], range: [CHART_COLORS.alert, CHART_COLORS.good, CHART_COLORS.neutral, CHART_COLORS.light] } }
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: values.map((v) => v.label), axis: { ticks: false, domain: false, labelPadding: 6, labelLimit: 320 } }
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    { data: { values }, mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'low', type: 'quantitative', title: measure, axis: { format: '.1%' } }, x2: { field: 'high' }, color } },
    { data: { values }, mark: { type: 'point', filled: true, size: 60, opacity: 1 }, encoding: { y, x: { field: 'rate', type: 'quantitative' }, color } },
  ]
  if (overall !== null) {
    layers.push({ data: { values: [{ at: overall }] }, mark: { type: 'rule', color: '#1b1f24', strokeDash: [4, 3] }, encoding: { x: { field: 'at', type: 'quantitative' } } })
  }
  return { $schema: SCHEMA, config: CONFIG, width, height: Math.max(ROW, ROW * values.length), layer: layers }
}
