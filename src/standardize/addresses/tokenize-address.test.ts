import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { tokenizeAddress } from './tokenize-address.js'

describe('tokenizeAddress', () => {
  it('splits into upper-case words and marks comma segments', () => {
    assert.deepEqual(tokenizeAddress('123 Main St, Boise, ID 83701'), { words: ['123', 'MAIN', 'ST', 'BOISE', 'ID', '83701'], segments: [0, 0, 0, 1, 2, 2] })
  })
  it('keeps fractions and hyphenated numbers, and deletes periods and apostrophes', () => {
    assert.deepEqual(tokenizeAddress("123 1/2 Main St., Apt. 2-C, Don't").words, ['123', '1/2', 'MAIN', 'ST', 'APT', '2-C', 'DONT'])
  })
  it('makes # a word of its own', () => {
    assert.deepEqual(tokenizeAddress('Oak Ave #12').words, ['OAK', 'AVE', '#', '12'])
  })
  it('folds accents', () => {
    assert.deepEqual(tokenizeAddress('Calle Sánchez').words, ['CALLE', 'SANCHEZ'])
  })
  it('treats a slash between letters as a separator (N/A)', () => {
    assert.deepEqual(tokenizeAddress('N/A').words, ['N', 'A'])
  })
})
