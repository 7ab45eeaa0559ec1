import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { standardizeAddress, standardizeDate, standardizeName, standardizeRecord, standardizeTin } from './index.js'

const MATCH_KEY = /^[A-Z0-9 #/-]*$/
const GRADES = ['FULL', 'STREET', 'LOCALITY', 'NONE']

describe('standardization on arbitrary input', () => {
  it('never throws and always yields upper-case ASCII keys and a valid grade for names', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ maxLength: 30 }), (name, given) => {
        for (const n of [standardizeName({ name }), standardizeName({ given_name: given, surname: name })]) {
          for (const key of [n.given, n.middle, n.surname, n.suffix, ...n.surnameParts]) assert.match(key, MATCH_KEY)
          assert.ok(['FULL', 'PARTIAL', 'NONE'].includes(n.grade))
          assert.equal(n.grade === 'FULL', n.gradeReasons.length === 0)
        }
      }),
      { numRuns: 500 },
    )
  })
  it('never throws and always yields upper-case ASCII fields and a valid grade for addresses', () => {
    const words = fc.constantFrom('123', 'N', 'MAIN', 'ST', 'APT', '#', '4B', ',', 'PO', 'BOX', 'RR', 'HWY', '9', 'CALLE', 'DEL', 'SOL', 'IL', '62701', '00000', 'NA', 'UNKNOWN', 'JAIL', '1/2', 'AVENUE', 'OF', 'THE')
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.array(words, { maxLength: 12 }).map((w) => w.join(' '))), (address) => {
        const a = standardizeAddress({ address })
        for (const [field, value] of Object.entries(a)) {
          if (field === 'original' || field === 'gradeReasons' || field === 'grade') continue
          assert.match(String(value), MATCH_KEY, `${field} of ${JSON.stringify(address)}`)
        }
        assert.ok(GRADES.includes(a.grade))
        assert.equal(a.grade === 'FULL', a.gradeReasons.length === 0)
        if (a.grade === 'FULL') assert.ok(a.streetNumber !== '' || a.poBox !== '')
      }),
      { numRuns: 1000 },
    )
  })
  it('never throws on dates and TINs, and returns only well-formed values', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        const d = standardizeDate(text)
        assert.match(d.value, /^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?)?$/)
        assert.match(standardizeTin(text), /^(?:\d{9})?$/)
      }),
      { numRuns: 1000 },
    )
  })
  it('handles very long fields', () => {
    const long = 'A'.repeat(100_000)
    const r = standardizeRecord({ id: 'x', name: long, address: `${long} ${'9'.repeat(50_000)}`, dob: long, tin: '1'.repeat(100_000) })
    assert.equal(r.name.grade, 'PARTIAL')
    assert.equal(r.dob.precision, 'none')
    assert.equal(r.tin, '')
  })
})
