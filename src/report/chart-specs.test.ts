import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compile } from 'vega-lite'
import type { TopLevelSpec } from 'vega-lite'
import { agreementClass, barChartSpec, countAxis, fieldAgreementSpec, outcomeReasonSpec, readingsSpec, timelineSpec, weightHistogramSpec } from './chart-specs.js'
import { renderChartSvg } from './render-chart.js'
import { sampleBatchReport, sampleOversightReport } from '../../test/support/report-fixtures.js'
import type { OutcomeReasonCount } from './report-types.js'

/** The tick labels of each axis of a drawn chart, in drawing order (the labels Vega would hide for overlap included). */
async function axisLabels(spec: TopLevelSpec): Promise<string[][]> {
  const svg = await renderChartSvg(spec, { id: 't', title: 't', description: 't' })
  return [...svg.matchAll(/class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/gs)].map((g) => [...(g[1] ?? '').matchAll(/>([^<]*)<\/text>/g)].map((m) => m[1] ?? ''))
}

/** Labels of a count axis: whole numbers with thousands separators, each once. */
function assertWholeCounts(labels: readonly string[] | undefined, what: string): void {
  assert.ok(labels && labels.length >= 2, `${what}: ${labels?.join(' ')}`)
  for (const label of labels) assert.match(label, /^\d{1,3}(,\d{3})*$/, `${what}: ${labels.join(' ')}`)
  assert.equal(new Set(labels).size, labels.length, `${what} repeats a label: ${labels.join(' ')}`)
  assert.deepEqual(
    labels.map((l) => Number(l.replace(/,/g, ''))),
    labels.map((l) => Number(l.replace(/,/g, ''))).sort((a, b) => a - b),
  )
}

const batch = sampleBatchReport()
const oversight = sampleOversightReport()

const SPECS = {
  bar: barChartSpec([{ label: 'address_junk', count: 3 }, { label: 'no_house_number', count: 5 }], { measure: 'Records' }),
  outcomes: outcomeReasonSpec(batch.outcomes),
  histogram: weightHistogramSpec(batch.weights, batch.thresholds),
  histogramWithoutThresholds: weightHistogramSpec(batch.weights, null),
  fields: fieldAgreementSpec(batch.fieldAgreement),
  readings: readingsSpec(oversight.readings, oversight.audit.disclosuresMade),
  timeline: timelineSpec(oversight.timeline),
}

describe('chart specs', () => {
  for (const [name, spec] of Object.entries(SPECS)) {
    it(`${name}: is plain JSON that Vega-Lite compiles without a warning`, () => {
      assert.deepEqual(JSON.parse(JSON.stringify(spec)), spec)
      const warnings: unknown[] = []
      const logger = {
        level: () => logger,
        warn: (...args: unknown[]) => (warnings.push(args), logger),
        error: (...args: unknown[]) => (warnings.push(args), logger),
        info: () => logger,
        debug: () => logger,
      } as unknown as NonNullable<Parameters<typeof compile>[1]>['logger']
      compile(spec, { logger })
      assert.deepEqual(warnings, [])
    })
  }

  it('sorts bars largest first through an explicit domain', () => {
    const y = (SPECS.bar as { encoding: { y: { sort: string[] } } }).encoding.y
    assert.deepEqual(y.sort, ['no_house_number', 'address_junk'])
  })

  it('puts each histogram bin in the zone of its lower bound', () => {
    const spec = weightHistogramSpec({ binWidth: 3, total: 3, min: 0, max: 8, bins: [0, 3, 6].map((start) => ({ start, end: start + 3, count: 1 })) }, { possible: 3, match: 6 })
    const values = (spec as { layer: { data: { values: { zone: string }[] } }[] }).layer[0]?.data.values
    assert.deepEqual(
      values?.map((v) => v.zone),
      ['Below possible threshold', 'Possible match', 'At or above match threshold'],
    )
  })

  it('classes comparison levels as exact, partial, different or missing', () => {
    assert.equal(agreementClass('address', 'full'), 'Agrees exactly')
    assert.equal(agreementClass('address', 'zip'), 'Agrees in part')
    assert.equal(agreementClass('dob', 'different'), 'Disagrees')
    assert.equal(agreementClass('tin', 'missing'), 'Missing')
  })

  it('carries every non-zero level count of the field agreement, strongest first', () => {
    const values = (SPECS.fields as { data: { values: { field: string; level: string; count: number }[] } }).data.values
    const address = values.filter((v) => v.field === 'address')
    assert.deepEqual(
      address.map((v) => [v.level, v.count]),
      Object.entries(batch.fieldAgreement.address),
    )
  })

  it('keeps count axes to whole numbers, each labelled once, from a single record to millions', async () => {
    for (const max of [1, 2, 3, 4, 5, 7, 12, 250, 1_234_567]) {
      const bar = await axisLabels(barChartSpec([{ label: 'a', count: max }, { label: 'b', count: Math.ceil(max / 2) }], { measure: 'Records' }))
      // The first axis Vega draws is the count axis (x), the second the labels (y).
      assertWholeCounts(bar[0], `bar chart up to ${max}`)
      const outcomes: OutcomeReasonCount[] = [
        { outcome: 'withhold', code: 'A', message: 'a', count: max },
        { outcome: 'disclose', code: 'A', message: 'a', count: 1 },
      ]
      assertWholeCounts((await axisLabels(outcomeReasonSpec(outcomes)))[0], `outcome chart up to ${max + 1}`)
    }
    // The intake-refusals chart of a small batch once read "0 1 1 2 2 3 3 4 4".
    assert.deepEqual((await axisLabels(barChartSpec([{ label: 'a', count: 4 }, { label: 'b', count: 2 }], { measure: 'Records' })))[0], ['0', '1', '2', '3', '4'])
  })

  it('gives a count axis no more ticks than the extent of its counts, nor than its length allows', () => {
    assert.deepEqual(countAxis(3, 340), { format: ',d', tickCount: 3 })
    assert.deepEqual(countAxis(1_000, 340), { format: ',d', tickCount: 9 })
    assert.deepEqual(countAxis(0, 340), { format: ',d', tickCount: 1 })
    assert.deepEqual(countAxis(2.9, 340), { format: ',d', tickCount: 2 })
  })

  it('labels the weight axis of the histogram at round weights through zero, not at every bin', async () => {
    const bins = Array.from({ length: 43 }, (_, i) => ({ start: -15 + 2 * i, end: -13 + 2 * i, count: 1 + (i % 3) }))
    const [x, y] = await axisLabels(weightHistogramSpec({ binWidth: 2, total: 86, min: -15, max: 71, bins }, { possible: 0, match: 4.25 }))
    assert.deepEqual(x, ['−20', '−10', '0', '10', '20', '30', '40', '50', '60', '70', '80'])
    assertWholeCounts(y, 'histogram counts up to 3')
    assert.deepEqual(y, ['0', '1', '2', '3'])
  })

  it('labels the disclosures axis of the readings chart with whole numbers when few were made', async () => {
    for (const made of [2, 3, 296]) {
      const reading = { ...oversight.readings[0]!, improper: 1 }
      assertWholeCounts((await axisLabels(readingsSpec([reading], made)))[0], `readings of ${made} disclosures`)
    }
  })
})
