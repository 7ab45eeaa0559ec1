import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compile } from 'vega-lite'
import { agreementClass, barChartSpec, fieldAgreementSpec, outcomeReasonSpec, readingsSpec, timelineSpec, weightHistogramSpec } from './chart-specs.js'
import { sampleBatchReport, sampleOversightReport } from './report-fixtures.js'

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
})
