import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HIGHWAY_FORMS } from '../reference/index.js'
import { parseHighway } from './parse-highway.js'
import { standardizeAddress } from './standardize-address.js'

describe('highway street names (Publication 28 Appendix F)', () => {
  it('standardizes every example of Appendix F to its standard form', () => {
    assert.ok(HIGHWAY_FORMS.size >= 50)
    for (const [example, standard] of HIGHWAY_FORMS) {
      const a = standardizeAddress({ address: `100 ${example}, Springfield, IL 62701` })
      const found = [a.streetName, a.postdirectional].filter((s) => s !== '').join(' ')
      assert.equal(found, standard, example)
      assert.equal(a.streetSuffix, '', example)
    }
  })
  it('does not read a lettered street or a suffix as a route code', () => {
    assert.equal(parseHighway(['I', 'ST'], 0), undefined)
    assert.equal(parseHighway(['HIGHWAY', 'DR'], 0), undefined)
    assert.equal(parseHighway(['TEXAS', 'AVE'], 0), undefined)
    assert.deepEqual(parseHighway(['COUNTY', 'ROAD', 'J'], 0), { name: 'COUNTY ROAD J', next: 3 })
  })
  it('reads Wisconsin trunk highways and hyphenated routes', () => {
    assert.deepEqual(parseHighway(['CTH', 'JJ'], 0), { name: 'COUNTY HIGHWAY JJ', next: 2 })
    assert.deepEqual(parseHighway(['STH', '33'], 0), { name: 'STATE HIGHWAY 33', next: 2 })
    assert.deepEqual(parseHighway(['CTY', 'K', 'POYNETTE'], 0), { name: 'COUNTY HIGHWAY K', next: 2 })
    assert.deepEqual(parseHighway(['N1', 'WI-57', 'PLYMOUTH'], 1), { name: 'WI HIGHWAY 57', next: 2 })
    assert.deepEqual(parseHighway(['I-94'], 0), { name: 'INTERSTATE 94', next: 1 })
    assert.deepEqual(parseHighway(['US-41', 'BYP'], 0), { name: 'US HIGHWAY 41 BYP', next: 2 })
    assert.equal(parseHighway(['COUNTY', 'LINE', 'RD'], 0), undefined)
  })
})
