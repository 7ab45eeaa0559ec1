import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { barChartSpec } from './chart-specs.js'
import { labelSvg, renderChartSvg } from './render-chart.js'

const HOSTILE = '<script>alert("pwned")</script>'

describe('renderChartSvg', () => {
  it('draws an SVG with marks, a title, a description and role img', async () => {
    const warnings: string[] = []
    const svg = await renderChartSvg(
      barChartSpec([{ label: 'address_junk', count: 12 }, { label: 'zip_only', count: 7 }], { measure: 'Records' }),
      { id: 'c1', title: 'Refusals', description: 'Two bars.' },
      { warnings },
    )
    assert.match(svg, /^<svg role="img" aria-labelledby="c1-title c1-desc"[^>]*><title id="c1-title">Refusals<\/title><desc id="c1-desc">Two bars\.<\/desc>/)
    assert.equal((svg.match(/<path\b/g) ?? []).length > 2, true)
    assert.match(svg, /address_junk/)
    assert.deepEqual(warnings, [])
  })

  it('escapes hostile labels, titles and descriptions', async () => {
    const svg = await renderChartSvg(barChartSpec([{ label: HOSTILE, count: 1 }], { measure: HOSTILE }), { id: 'x"y', title: HOSTILE, description: HOSTILE })
    assert.ok(!svg.includes('<script'), svg.slice(0, 400))
    assert.match(svg, /&lt;script&gt;/)
    assert.match(svg, /aria-labelledby="x&quot;y-title/)
  })

  it('refuses text that is not an SVG', () => {
    assert.throws(() => labelSvg('<div></div>', { id: 'a', title: 't', description: 'd' }), /did not render to an SVG/)
  })
})
