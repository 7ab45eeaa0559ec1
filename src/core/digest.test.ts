import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { canonicalJson, digest } from './digest.js'

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
