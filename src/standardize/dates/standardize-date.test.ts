import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { standardizeDate, standardizeDateDetailed } from './standardize-date.js'

const today = '2026-11-26'
const read = (text: string) => standardizeDateDetailed(text, { today })

describe('standardizeDate', () => {
  it('reads ISO, US month-first and compact YYYYMMDD dates to the day', () => {
    for (const text of ['1985-03-07', '03/07/1985', '3/7/1985', '19850307', 'March 7, 1985', '7 Mar 1985']) {
      assert.deepEqual(read(text), { date: { original: text, value: '1985-03-07', year: 1985, month: 3, day: 7, precision: 'day' }, issues: [] }, text)
    }
  })
  it('reads partial dates with their precision and date_partial', () => {
    assert.deepEqual(read('1985'), { date: { original: '1985', value: '1985', year: 1985, precision: 'year' }, issues: ['date_partial'] })
    for (const text of ['1985-03', '03/1985', '198503']) {
      assert.deepEqual(read(text).date, { original: text, value: '1985-03', year: 1985, month: 3, precision: 'month' }, text)
    }
  })
  it('gives a two-digit year the latest century that is not in the future', () => {
    assert.equal(read('3/7/85').date.value, '1985-03-07')
    assert.equal(read('11/26/26').date.value, '2026-11-26')
    assert.equal(read('11/27/26').date.value, '1926-11-27')
    assert.equal(read('1/1/00').date.value, '2000-01-01')
  })
  it('flags impossible dates and never guesses them', () => {
    for (const text of ['1985-02-30', '1985-02-29', '1900-02-29', '1985-13-01', '1985-04-31', '13/07/1985', '00/10/1985', '19850230', '0985-03-07']) {
      assert.deepEqual(read(text), { date: { original: text, value: '', precision: 'none' }, issues: ['date_impossible'] }, text)
    }
    assert.equal(read('2000-02-29').date.value, '2000-02-29')
  })
  it('treats a date of birth in the future as unknown, unless future dates are allowed', () => {
    assert.deepEqual(read('2026-11-27').issues, ['date_in_future'])
    assert.deepEqual(read('2027').issues, ['date_in_future'])
    assert.equal(standardizeDate('2030-01-01', { today, allowFuture: true }).value, '2030-01-01')
  })
  it('reports missing and unreadable dates', () => {
    assert.deepEqual(read('').issues, ['date_missing'])
    assert.deepEqual(standardizeDateDetailed(undefined).issues, ['date_missing'])
    for (const text of ['abc', '85', '1/2', '12345', 'Smarch 7 1985', '1985-03-07-01']) assert.deepEqual(read(text).issues, ['date_unparseable'], text)
  })
  it('uses the current date when no today is given', () => {
    const next = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
    assert.deepEqual(standardizeDateDetailed(next).issues, ['date_in_future'])
  })
  it('rejects a malformed today option', () => {
    assert.throws(() => standardizeDate('1985', { today: '26/11/2026' }), RangeError)
  })
})
