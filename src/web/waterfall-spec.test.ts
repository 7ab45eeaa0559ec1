import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Candidate } from '../core/index.js'
import { renderChartSvg } from '../report/index.js'
import { waterfallSpec, waterfallSteps } from './waterfall-spec.js'

const candidate: Candidate = {
  masterId: 'M000000101',
  weight: 20.5,
  probability: 0.999999,
  comparisons: [
    { field: 'given_name', level: 'exact', weight: 8 },
    { field: 'dob', level: 'different', weight: -3.5 },
    { field: 'tin', level: 'exact', weight: 26 },
  ],
}

describe('the match-weight waterfall', () => {
  it('starts at the prior, steps by each partial weight, and ends at the total', () => {
    const steps = waterfallSteps(candidate)
    assert.deepEqual(
      steps.map((s) => [s.label, s.start, s.end, s.kind]),
      [
        ['prior', 0, -10, 'prior'],
        ['given_name: exact', -10, -2, 'agrees'],
        ['dob: different', -2, -5.5, 'disagrees'],
        ['tin: exact', -5.5, 20.5, 'agrees'],
        ['total', 0, 20.5, 'total'],
      ],
    )
  })

  it('draws to an accessible SVG with one bar per step', async () => {
    const svg = await renderChartSvg(waterfallSpec(candidate), { id: 'wf', title: 'Match weight', description: 'Steps.' })
    assert.match(svg, /role="img"/)
    assert.equal((svg.match(/aria-roledescription="bar"/g) ?? []).length, 5)
  })
})
