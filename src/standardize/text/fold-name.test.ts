import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { foldName, toAscii } from './fold-name.js'

describe('foldName', () => {
  it('upper-cases and collapses spaces', () => {
    assert.equal(foldName('  john   smith '), 'JOHN SMITH')
  })
  it('folds accents by NFKD and removes the combining marks', () => {
    assert.equal(foldName('José María Ñúñez Müller'), 'JOSE MARIA NUNEZ MULLER')
  })
  it('deletes apostrophes and periods but turns other punctuation into spaces', () => {
    assert.equal(foldName("O'Brien"), 'OBRIEN')
    assert.equal(foldName('O’Neill'), 'ONEILL')
    assert.equal(foldName('J.R.R. Tolkien'), 'JRR TOLKIEN')
    assert.equal(foldName('Smith-Jones,Mary'), 'SMITH JONES MARY')
  })
  it('transliterates other scripts and ligatures with any-ascii', () => {
    assert.equal(foldName('Дмитрий'), 'DMITRII')
    assert.equal(foldName('Æsir straße'), 'AESIR STRASSE')
  })
  it('returns an empty key for punctuation only', () => {
    assert.equal(foldName('...'), '')
    assert.equal(foldName(''), '')
  })
  it('leaves ASCII text untouched in toAscii', () => {
    const text = 'plain ASCII'
    assert.equal(toAscii(text), text)
  })
})
