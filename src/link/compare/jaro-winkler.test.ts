import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { jaroWinkler } from './jaro-winkler.js'

describe('jaroWinkler', () => {
  // The 10 reference pairs (Winkler 1990 and the standard literature values).
  const reference: [string, string, number][] = [
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
    ['SHACKLEFORD', 'SHACKELFORD', 0.982],
    ['JONES', 'JOHNSON', 0.832],
    ['MASSEY', 'MASSIE', 0.933],
    ['ABROMS', 'ABRAMS', 0.922],
    ['ITMAN', 'SMITH', 0.467],
    ['MICHELLE', 'MICHAEL', 0.921],
    ['JON', 'JOHN', 0.933],
  ]
  for (const [a, b, expected] of reference) {
    it(`gives ${a}/${b} ${expected}`, () => {
      assert.equal(Math.round(jaroWinkler(a, b) * 1000) / 1000, expected)
      assert.equal(jaroWinkler(a, b), jaroWinkler(b, a))
    })
  }
  it('gives 1 for equal strings and 0 when one is empty', () => {
    assert.equal(jaroWinkler('GARCIA', 'GARCIA'), 1)
    assert.equal(jaroWinkler('', 'GARCIA'), 0)
  })
  it('agrees between the bit-mask form and the long-string form', () => {
    const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ'
    const b = 'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHJI'
    const short = jaroWinkler(a.slice(0, 30), b.slice(0, 30))
    assert.ok(jaroWinkler(a, b) > 0.98)
    assert.ok(short > 0.98)
  })
  it('is case-sensitive, as standardized keys are upper case', () => {
    assert.ok(jaroWinkler('martha', 'MARHTA') < 0.5)
  })
})
