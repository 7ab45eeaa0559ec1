import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { type JsonValue, canonicalJson, digest } from './digest.js'

describe('canonicalJson', () => {
  it('sorts keys and drops undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: [true, null], c: undefined }), '{"a":[true,null],"b":1}')
  })
  it('gives nested objects the same form whatever their key order', () => {
    assert.equal(canonicalJson({ x: { b: 2, a: 1 } }), canonicalJson({ x: { a: 1, b: 2 } }))
  })
  it('refuses numbers that JSON cannot carry', () => {
    assert.throws(() => canonicalJson(Number.NaN), /no form/)
    assert.throws(() => canonicalJson(Infinity), /no form/)
  })
  it('writes negative zero as zero', () => {
    assert.equal(canonicalJson(-0), '0')
  })
})

describe('digest', () => {
  it('matches the FIPS 180-2 test vector for "abc"', () => {
    assert.equal(digest('abc'), 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
  it('digests a JSON value through its canonical form', () => {
    assert.equal(digest({ b: 1, a: 2 }), digest('{"a":2,"b":1}'))
  })
})

/** The plain definition canonicalJson is held to: sorted keys, undefined members dropped, -0 as 0. */
function reference(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for the number ${value}`)
    return JSON.stringify(Object.is(value, -0) ? 0 : value)
  }
  if (Array.isArray(value)) return `[${value.map((v: JsonValue) => reference(v)).join(',')}]`
  const object = value as { readonly [key: string]: JsonValue | undefined }
  const keys = Object.keys(object)
    .filter((k) => object[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(object[k] as JsonValue)}`).join(',')}}`
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

describe('canonicalJson against a plain recursive reference', () => {
  it('writes the same bytes as the reference for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, freeze) => {
        const v = freeze ? deepFreeze(value) : value
        assert.equal(canonicalJson(v as JsonValue), reference(v as JsonValue))
        assert.equal(canonicalJson(v as JsonValue), reference(v as JsonValue))
      }),
      { numRuns: 2000 },
    )
  })

  it('drops undefined members, writes -0 as 0 and sorts keys by code unit', () => {
    const value = { é: 1, z: -0, a: undefined, B: [{ y: 'x', x: null }], '\u{1F600}': true } as unknown as JsonValue
    assert.equal(canonicalJson(value), reference(value))
    assert.equal(canonicalJson(value), '{"B":[{"x":null,"y":"x"}],"z":0,"é":1,"\u{1F600}":true}')
  })

  it('encodes a deeply frozen value once and a value that holds something mutable each time', () => {
    const reason = Object.freeze({ code: 'A', message: 'first' })
    const shared = Object.freeze({ reasons: Object.freeze([reason]), n: 1 })
    const open = Object.freeze({ inner: { x: 1 } })
    assert.equal(canonicalJson(shared), '{"n":1,"reasons":[{"code":"A","message":"first"}]}')
    assert.equal(canonicalJson({ a: shared, b: shared }), reference({ a: shared, b: shared }))
    ;(open.inner as { x: number }).x = 2
    assert.equal(canonicalJson(open), '{"inner":{"x":2}}')
    ;(open.inner as { x: number }).x = 3
    assert.equal(canonicalJson(open), '{"inner":{"x":3}}', 'a frozen object holding a mutable one is not cached')
  })

  it('refuses numbers canonical JSON has no form for', () => {
    assert.throws(() => canonicalJson({ a: Number.NaN }), TypeError)
    assert.throws(() => canonicalJson([Number.POSITIVE_INFINITY]), TypeError)
  })
})
