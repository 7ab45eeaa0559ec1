import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DictionaryBuilder } from './string-dictionary.js'

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
})
