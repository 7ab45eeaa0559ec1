import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DOB, TIN, compareDob, compareImpossibleDob, compareTin } from './compare-pair.js'
import { impossibleDateDigits } from './request-probe.js'
import { isItin } from './resolve.js'

describe('compareDob', () => {
  it('grades dates from exact to different, missing neutral', () => {
    assert.equal(compareDob(19800115, 19800115), DOB.exact)
    assert.equal(compareDob(19800305, 19800503), DOB.swapped)
    assert.equal(compareDob(19800115, 19800116), DOB.oneDigit)
    assert.equal(compareDob(19800115, 19801015), DOB.oneDigit)
    assert.equal(compareDob(19800115, 19800128), DOB.yearMonth)
    assert.equal(compareDob(19800115, 19801231), DOB.year)
    assert.equal(compareDob(19800115, 19750620), DOB.different)
    assert.equal(compareDob(0, 19800115), DOB.missing)
  })
  it('compares a date known to the month only at month level', () => {
    assert.equal(compareDob(19800100, 19800115), DOB.yearMonth)
    assert.equal(compareDob(19800000, 19800115), DOB.year)
  })
  it('takes an impossible date one keying error from the true one as one digit off', () => {
    assert.equal(compareImpossibleDob(19740164, 19740614), DOB.oneDigit)
    assert.equal(compareImpossibleDob(19741314, 19740314), DOB.oneDigit)
    assert.equal(compareImpossibleDob(19741399, 19650101), DOB.missing)
    assert.equal(impossibleDateDigits({ original: '01/64/1974', value: '', precision: 'none' }), 19740164)
    assert.equal(impossibleDateDigits({ original: '1974-01-14', value: '1974-01-14', year: 1974, month: 1, day: 14, precision: 'day' }), 0)
  })
})

describe('compareTin', () => {
  it('tells exact, one digit, transposition and different', () => {
    assert.equal(compareTin(123456789, 123456789), TIN.exact)
    assert.equal(compareTin(123456789, 123456788), TIN.oneDigit)
    assert.equal(compareTin(123456789, 123457689), TIN.transposition)
    assert.equal(compareTin(123456789, 987654321), TIN.different)
    assert.equal(compareTin(0, 987654321), TIN.missing)
  })
})

describe('isItin', () => {
  it('recognises the IRS ITIN ranges', () => {
    assert.equal(isItin(912701234), true)
    assert.equal(isItin(999881234), true)
    assert.equal(isItin(912931234), false)
    assert.equal(isItin(123456789), false)
  })
})
