import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { damerauLevenshtein, digitDifference, levenshtein } from './edit-distance.js'

describe('levenshtein', () => {
  it('gives the textbook distances', () => {
    assert.equal(levenshtein('KITTEN', 'SITTING'), 3)
    assert.equal(levenshtein('FLAW', 'LAWN'), 2)
    assert.equal(levenshtein('', 'ABC'), 3)
    assert.equal(levenshtein('SAME', 'SAME'), 0)
  })
  it('counts a swap of adjacent letters as two edits', () => {
    assert.equal(levenshtein('CA', 'AC'), 2)
  })
})

describe('damerauLevenshtein', () => {
  it('counts a swap of adjacent letters as one edit', () => {
    assert.equal(damerauLevenshtein('CA', 'AC'), 1)
    assert.equal(damerauLevenshtein('19651013', '19651031'), 1)
  })
  it('is the optimal-string-alignment distance (CA → ABC is 3)', () => {
    assert.equal(damerauLevenshtein('CA', 'ABC'), 3)
  })
})

describe('digitDifference', () => {
  it('tells one wrong digit from an adjacent swap', () => {
    assert.equal(digitDifference(123456789, 123456789, 9), 'same')
    assert.equal(digitDifference(123456789, 123456780, 9), 'one_digit')
    assert.equal(digitDifference(123456789, 123456798, 9), 'transposition')
    assert.equal(digitDifference(123456789, 987654321, 9), 'other')
  })
  it('keeps leading zeros as digits', () => {
    assert.equal(digitDifference(12345678, 12345679, 9), 'one_digit')
    assert.equal(digitDifference(1, 10, 9), 'transposition')
  })
})
