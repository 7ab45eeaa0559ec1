import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { isIsoTimeAt, isIsoTimeOf } from './iso-time.js'

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

describe('isIsoTimeAt', () => {
  it('agrees with isIsoTimeOf on bytes inside a larger buffer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799999 }), fc.integer({ min: -1500, max: 1500 }), (ms, delta) => {
        const other = Math.max(0, ms + delta)
        const text = Buffer.from(`x,${new Date(other).toISOString()},y`, 'latin1')
        assert.equal(isIsoTimeAt(text, 2, ms), isIsoTimeOf(new Date(other).toISOString(), ms))
      }),
      { numRuns: 2000 },
    )
  })

  it('refuses a time that runs past the end of the bytes, or a year past 9999', () => {
    assert.equal(isIsoTimeAt(Buffer.from('2026-11-26T12:00:00.007'), 0, Date.parse('2026-11-26T12:00:00.007Z')), false)
    const far = Date.parse('+010000-01-01T00:00:00.000Z')
    assert.equal(isIsoTimeAt(Buffer.from(new Date(far).toISOString()), 0, far), false)
  })
})
