import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ITIN_SPACE, SSN_SPACE, isValidItin, isValidSsn, itinOf, ssnOf } from './tin.js'

describe('synthetic TINs', () => {
  it('gives valid, distinct SSNs to distinct person numbers', () => {
    const seen = new Set<string>()
    for (let n = 0; n < 50_000; n++) {
      const ssn = ssnOf(n * 37, 7)
      assert.ok(isValidSsn(ssn), ssn)
      seen.add(ssn)
    }
    assert.equal(seen.size, 50_000)
  })

  it('gives valid, distinct ITINs to distinct person numbers', () => {
    const seen = new Set<string>()
    for (let n = 0; n < 50_000; n++) {
      const itin = itinOf(n * 101, 7)
      assert.ok(isValidItin(itin), itin)
      assert.ok(!isValidSsn(itin))
      seen.add(itin)
    }
    assert.equal(seen.size, 50_000)
  })

  it('depends on the seed and stays in range at the ends of the space', () => {
    assert.notEqual(ssnOf(1, 1), ssnOf(1, 2))
    assert.ok(isValidSsn(ssnOf(SSN_SPACE - 1, 3)))
    assert.ok(isValidItin(itinOf(ITIN_SPACE - 1, 3)))
  })

  it('rejects SSNs the SSA never issues', () => {
    for (const bad of ['000123456', '666123456', '912345678', '123004567', '123450000', '12345678']) assert.equal(isValidSsn(bad), false, bad)
  })
})
