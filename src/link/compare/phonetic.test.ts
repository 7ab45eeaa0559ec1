import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { phoneticKey } from './phonetic.js'

describe('phoneticKey', () => {
  // Primary codes published with Philips' Double Metaphone (C/C++ Users Journal, June 2000)
  // and its reference test suites.
  const published: [string, string][] = [
    ['SMITH', 'SM0'],
    ['SCHMIDT', 'XMT'],
    ['THOMAS', 'TMS'],
    ['JOSE', 'HS'],
    ['CAESAR', 'SSR'],
    ['KNIGHT', 'NT'],
    ['PHILIP', 'FLP'],
    ['XAVIER', 'SF'],
  ]
  for (const [name, key] of published) {
    it(`codes ${name} as ${key}`, () => assert.equal(phoneticKey(name), key))
  }
  it('gives sound-alike spellings one key', () => {
    assert.equal(phoneticKey('SMYTHE'), phoneticKey('SMITH'))
    assert.equal(phoneticKey('GARSIA'), phoneticKey('GARCIA'))
  })
  it('keeps the package’s -CIA deviation (GARCIA → KRS), which blocking accepts', () => {
    assert.equal(phoneticKey('GARCIA'), 'KRS')
  })
  it('gives an empty key for an empty name', () => assert.equal(phoneticKey(''), ''))
})
