import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BoundedMemo } from './memo.js'

describe('BoundedMemo', () => {
  it('computes a value once and then remembers it', () => {
    const memo = new BoundedMemo<number>(10)
    let calls = 0
    const f = (k: string) => (calls++, k.length)
    assert.equal(memo.get('abc', f), 3)
    assert.equal(memo.get('abc', f), 3)
    assert.equal(calls, 1)
  })
  it('steps aside when values do not recur, and still returns the right values', () => {
    const memo = new BoundedMemo<string>(100_000)
    for (let i = 0; i < 10_000; i++) assert.equal(memo.get(`k${i}`, (k) => k.toUpperCase()), `K${i}`)
    assert.equal(memo.bypassed, true)
    assert.equal(memo.get('again', (k) => k.length.toString()), '5')
    memo.clear()
    assert.equal(memo.bypassed, false)
  })
  it('never holds more than its bound', () => {
    const memo = new BoundedMemo<string>(100)
    for (let i = 0; i < 1000; i++) memo.get(String(i), (k) => k)
    assert.ok(memo.size <= 100)
    assert.equal(memo.get('999', () => 'recomputed'), '999')
  })
})
