import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { textBytes } from './jaro-winkler.js'
import { shortOneEdit, yearOneDigit } from './near-values.js'

const oneEdit = (a: string, b: string) => shortOneEdit(textBytes(a), 0, a.length, textBytes(b), 0, b.length)

describe('shortOneEdit', () => {
  it('accepts one letter substituted, added, dropped, or two adjacent swapped, on names of 2 to 4 letters', () => {
    for (const [a, b] of [['JON', 'JAN'], ['ANA', 'ANN'], ['JON', 'JOHN'], ['JOHN', 'JON'], ['JNO', 'JON'], ['LUIS', 'LUSI'], ['AL', 'AB'], ['EVA', 'EVAN']]) {
      assert.equal(oneEdit(a as string, b as string), true, `${a} ${b}`)
    }
  })
  it('refuses the same name, two edits, longer names and single letters', () => {
    for (const [a, b] of [['JON', 'JON'], ['JON', 'JUAN'], ['ANA', 'AMY'], ['JONAS', 'JONAH'], ['JON', 'JONAS'], ['J', 'JO'], ['ABC', 'CBA']]) {
      assert.equal(oneEdit(a as string, b as string), false, `${a} ${b}`)
    }
  })
  it('reads a slice of a larger buffer', () => {
    const buffer = textBytes('XXJANXX')
    assert.equal(shortOneEdit(textBytes('JON'), 0, 3, buffer, 2, 3), true)
  })
})

describe('yearOneDigit', () => {
  it('accepts one digit off or the last two swapped, at most ten years apart', () => {
    assert.equal(yearOneDigit(1987, 1989), true)
    assert.equal(yearOneDigit(1978, 1987), true)
    assert.equal(yearOneDigit(1967, 1977), true)
    assert.equal(yearOneDigit(1999, 2009), false) // two digits differ
  })
  it('refuses the same year, a larger gap (a parent) and a swap far apart', () => {
    assert.equal(yearOneDigit(1987, 1987), false)
    assert.equal(yearOneDigit(1957, 1987), false)
    assert.equal(yearOneDigit(1953, 1935), false)
    assert.equal(yearOneDigit(1986, 1979), false)
  })
})
