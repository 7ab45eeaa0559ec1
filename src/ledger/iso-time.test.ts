import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { isIsoTimeOf } from './iso-time.js'

describe('isIsoTimeOf', () => {
  it('agrees with toISOString for any time, in any order of calls', () => {
    const time = fc.integer({ min: 0, max: 8.64e15 - 2000 })
    fc.assert(
      fc.property(time, fc.integer({ min: -1500, max: 1500 }), (ms, delta) => {
        const other = Math.max(0, ms + delta)
        assert.equal(isIsoTimeOf(new Date(ms).toISOString(), ms), true)
        assert.equal(isIsoTimeOf(new Date(other).toISOString(), ms), other === ms)
        assert.equal(isIsoTimeOf(new Date(ms).toISOString(), other), other === ms)
      }),
      { numRuns: 2000 },
    )
  })

  it('refuses other forms of the same instant', () => {
    const ms = Date.UTC(2026, 10, 26, 12, 0, 0, 7)
    assert.equal(isIsoTimeOf('2026-11-26T12:00:00.007Z', ms), true)
    for (const at of ['2026-11-26T12:00:00.007+00:00', '2026-11-26T12:00:00.0070Z', '2026-11-26 12:00:00.007Z', '2026-11-26T12:00:00.007z']) assert.equal(isIsoTimeOf(at, ms), false, at)
  })
})
