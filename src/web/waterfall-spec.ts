/**
 * The waterfall of a candidate's match weight: the prior, then each field's partial weight as a
 * step up (agreement) or down (disagreement), ending at the total. The Fellegi–Sunter weight is a
 * sum of log-likelihood ratios (Fellegi and Sunter 1969; Splink's "waterfall chart"), so the steps
 * show exactly which fields carried the decision.
 */
import type { TopLevelSpec } from 'vega-lite'
import type { Candidate } from '../core/index.js'
import { CHART_COLORS } from '../report/index.js'

/** One step of the waterfall. */
export interface WaterfallStep {
  readonly label: string
  /** Where the bar starts and ends, in bits. */
  readonly start: number
  readonly end: number
  readonly kind: 'prior' | 'agrees' | 'disagrees' | 'total'
}

const round = (x: number) => Math.round(x * 100) / 100

/**
 * The steps of a candidate's weight.
 *
 * @example
 * waterfallSteps({ masterId: 'M1', weight: 10, probability: 0.999, comparisons: [{ field: 'dob', level: 'exact', weight: 12 }] })
 * // prior −2 → dob +12 → total 10
 */
export function waterfallSteps(candidate: Candidate): WaterfallStep[] {
  const partial = candidate.comparisons.reduce((s, c) => s + c.weight, 0)
  const prior = round(candidate.weight - partial)
  const steps: WaterfallStep[] = [{ label: 'prior', start: 0, end: prior, kind: 'prior' }]
  let at = prior
  for (const c of candidate.comparisons) {
    const next = round(at + c.weight)
    steps.push({ label: `${c.field}: ${c.level}`, start: at, end: next, kind: c.weight >= 0 ? 'agrees' : 'disagrees' })
    at = next
  }
  steps.push({ label: 'total', start: 0, end: round(candidate.weight), kind: 'total' })
  return steps
}

/** The Vega-Lite spec of the waterfall. */
export function waterfallSpec(candidate: Candidate): TopLevelSpec {
  const steps = waterfallSteps(candidate)
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 860,
    height: 240,
    background: 'white',
    config: { font: 'system-ui, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif', view: { stroke: null } },
    data: { values: steps.map((s, i) => ({ ...s, order: i, delta: round(s.end - s.start) })) },
    encoding: {
      x: { field: 'label', type: 'ordinal', sort: { field: 'order' }, title: null, axis: { labelAngle: -30, labelLimit: 160 } },
    },
    layer: [
      {
        mark: { type: 'bar', width: { band: 0.7 } },
        encoding: {
          y: { field: 'start', type: 'quantitative', title: 'Match weight (bits)' },
          y2: { field: 'end' },
          color: {
            field: 'kind',
            type: 'nominal',
            title: null,
            scale: { domain: ['prior', 'agrees', 'disagrees', 'total'], range: [CHART_COLORS.neutral, CHART_COLORS.good, CHART_COLORS.alert, CHART_COLORS.accent] },
            legend: { orient: 'top' },
          },
        },
      },
      {
        mark: { type: 'text', dy: -6, fontSize: 10 },
        encoding: { y: { field: 'end', type: 'quantitative' }, text: { field: 'delta', type: 'quantitative', format: '+.2f' } },
      },
    ],
  } as TopLevelSpec
}
