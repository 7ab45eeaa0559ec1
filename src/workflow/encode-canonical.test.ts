import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { canonicalJson } from '../core/index.js'
import type { JsonValue } from '../core/index.js'
import { encodeCanonical } from './encode-canonical.js'

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

describe('encodeCanonical', () => {
  it('writes the same bytes as canonicalJson for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, freeze) => {
        const v = freeze ? deepFreeze(value) : value
        assert.equal(encodeCanonical(v as JsonValue), canonicalJson(v as JsonValue))
        assert.equal(encodeCanonical(v as JsonValue), canonicalJson(v as JsonValue))
      }),
      { numRuns: 2000 },
    )
  })

  it('drops undefined members, writes -0 as 0 and sorts keys by code unit', () => {
    const value = { é: 1, z: -0, a: undefined, B: [{ y: 'x', x: null }], '\u{1F600}': true } as unknown as JsonValue
    assert.equal(encodeCanonical(value), canonicalJson(value))
    assert.equal(encodeCanonical(value), '{"B":[{"x":null,"y":"x"}],"z":0,"é":1,"\u{1F600}":true}')
  })

  it('encodes a deeply frozen value once and a value that holds something mutable each time', () => {
    const reason = Object.freeze({ code: 'A', message: 'first' })
    const shared = Object.freeze({ reasons: Object.freeze([reason]), n: 1 })
    const open = Object.freeze({ inner: { x: 1 } })
    assert.equal(encodeCanonical(shared), '{"n":1,"reasons":[{"code":"A","message":"first"}]}')
    assert.equal(encodeCanonical({ a: shared, b: shared }), canonicalJson({ a: shared, b: shared }))
    ;(open.inner as { x: number }).x = 2
    assert.equal(encodeCanonical(open), '{"inner":{"x":2}}')
    ;(open.inner as { x: number }).x = 3
    assert.equal(encodeCanonical(open), '{"inner":{"x":3}}', 'a frozen object holding a mutable one is not cached')
  })

  it('refuses numbers canonical JSON has no form for', () => {
    assert.throws(() => encodeCanonical({ a: Number.NaN }), TypeError)
    assert.throws(() => encodeCanonical([Number.POSITIVE_INFINITY]), TypeError)
  })
})
