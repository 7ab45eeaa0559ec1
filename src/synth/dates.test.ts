import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { civilDate, dayNumber, isValidDate, isoDate, usDate } from './dates.js'

describe('day numbers', () => {
  it('counts days from 1900-01-01 and converts back', () => {
    assert.equal(dayNumber(1900, 1, 1), 0)
    assert.equal(dayNumber(1900, 3, 1), 59)
    assert.equal(dayNumber(2000, 3, 1) - dayNumber(2000, 2, 28), 2)
    for (let d = 0; d < 50_000; d += 7) {
      const { year, month, day } = civilDate(d)
      assert.equal(dayNumber(year, month, day), d)
    }
  })

  it('formats ISO and US dates', () => {
    assert.equal(isoDate(dayNumber(1985, 3, 7)), '1985-03-07')
    assert.equal(isoDate(dayNumber(2040, 12, 31)), '2040-12-31')
    assert.equal(usDate(1985, 3, 7), '03/07/1985')
  })

  it('knows which dates exist', () => {
    assert.ok(isValidDate(2024, 2, 29))
    assert.ok(!isValidDate(2023, 2, 29))
    assert.ok(!isValidDate(2023, 13, 1))
  })
})
