import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { InvalidInputError } from '../core/index.js'
import { MAX_HISTOGRAM_BINS, mergeWeightHistograms, weightHistogram } from './weight-histogram.js'

describe('weightHistogram', () => {
  it('counts weights into half-open bins, empty bins between included', () => {
    const h = weightHistogram([-3.2, 0, 0.5, 4.999, 5, 12.1], 5)
    assert.deepEqual(h, {
      binWidth: 5,
      total: 6,
      min: -3.2,
      max: 12.1,
      bins: [
        { start: -5, end: 0, count: 1 },
        { start: 0, end: 5, count: 3 },
        { start: 5, end: 10, count: 1 },
        { start: 10, end: 15, count: 1 },
      ],
    })
  })

  it('gives clean decimal bounds for fractional bin widths', () => {
    const h = weightHistogram([0.25, 0.35], 0.1)
    assert.deepEqual(
      h.bins.map((b) => [b.start, b.end]),
      [
        [0.2, 0.3],
        [0.3, 0.4],
      ],
    )
  })

  it('returns no bins for no weights', () => {
    assert.deepEqual(weightHistogram([], 1), { binWidth: 1, bins: [], total: 0, min: null, max: null })
  })

  it('takes a generator over 1.28 million weights in one pass', () => {
    function* weights() {
      for (let i = 0; i < 1_280_000; i++) yield ((i * 7919) % 6000) / 100 - 30
    }
    const h = weightHistogram(weights(), 1)
    assert.equal(h.total, 1_280_000)
    assert.equal(h.bins.length, 60)
    assert.equal(
      h.bins.reduce((s, b) => s + b.count, 0),
      1_280_000,
    )
  })

  it('refuses a bin width that is not positive, a weight that is not finite, and too many bins', () => {
    assert.throws(() => weightHistogram([1], 0), InvalidInputError)
    assert.throws(() => weightHistogram([1, Number.NaN], 1), InvalidInputError)
    assert.throws(() => weightHistogram([0, MAX_HISTOGRAM_BINS + 5], 1), /choose a wider bin/)
  })
})

describe('mergeWeightHistograms', () => {
  it('equals the histogram of all the weights together', () => {
    const weight = fc.double({ min: -40, max: 40, noNaN: true })
    fc.assert(
      fc.property(fc.array(weight, { maxLength: 50 }), fc.array(weight, { maxLength: 50 }), (a, b) => {
        fc.pre(a.length + b.length > 0)
        assert.deepEqual(mergeWeightHistograms([weightHistogram(a, 2), weightHistogram(b, 2)]), weightHistogram([...a, ...b], 2))
      }),
    )
  })

  it('refuses histograms of different bin widths', () => {
    assert.throws(() => mergeWeightHistograms([weightHistogram([1], 1), weightHistogram([1], 2)]), InvalidInputError)
    assert.throws(() => mergeWeightHistograms([]), InvalidInputError)
  })
})
