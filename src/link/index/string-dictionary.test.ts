import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { textBytes } from '../compare/index.js'
import { DictionaryBuilder, hashBytes } from './string-dictionary.js'

describe('Dictionary', () => {
  it('gives each distinct string one code and finds it back by text', () => {
    const builder = new DictionaryBuilder()
    const words = ['SMITH', 'GARCIA', 'SMITH', 'MUÑOZ', '', 'O BRIEN']
    const codes = words.map((w) => builder.add(w))
    assert.equal(codes[0], codes[2])
    const d = builder.freeze()
    assert.equal(d.size, 5)
    words.forEach((w, i) => {
      assert.equal(d.find(w), codes[i])
      assert.equal(d.value(codes[i] as number), w)
    })
    assert.equal(d.find('JONES'), -1)
    assert.ok(d.bytes.buffer instanceof SharedArrayBuffer)
  })
  it('stays correct when the hash table is crowded', () => {
    const builder = new DictionaryBuilder()
    for (let i = 0; i < 5000; i++) builder.add(`NAME${i}`)
    const d = builder.freeze()
    for (let i = 0; i < 5000; i += 97) assert.equal(d.value(d.find(`NAME${i}`)), `NAME${i}`)
  })
  it('interns a value given as bytes and hash as it does the text, and freezes to the same arrays', () => {
    const words = Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? `MUÑOZ${i % 500}` : `NAME${i % 1200}`))
    const byText = new DictionaryBuilder()
    const byBytes = new DictionaryBuilder()
    // The bytes sit inside a larger buffer, as a batch's strings do.
    const codes = words.map((w) => {
      const bytes = textBytes(`<<${w}>>`)
      const length = bytes.length - 4
      const code = byBytes.addBytes(bytes, 2, length, hashBytes(bytes, 2, length))
      assert.equal(byText.add(w), code, w)
      return code
    })
    assert.equal(byBytes.size, new Set(words).size)
    const a = byText.freeze()
    const b = byBytes.freeze()
    assert.deepEqual([...b.bytes], [...a.bytes])
    assert.deepEqual([...b.offsets], [...a.offsets])
    assert.deepEqual([...b.table], [...a.table])
    words.forEach((w, i) => {
      assert.equal(b.value(codes[i] as number), w)
      assert.equal(byBytes.find(w), codes[i])
    })
  })
})
