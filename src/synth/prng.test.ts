import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Rng, STREAMS, mix32, seedToUint32 } from './prng.js'

describe('Rng', () => {
  it('gives the same sequence for the same seed, stream and index', () => {
    const a = new Rng(42, STREAMS.request, 7)
    const b = new Rng(42, STREAMS.request, 7)
    for (let i = 0; i < 100; i++) assert.equal(a.next(), b.next())
  })

  it('gives unrelated sequences for neighbouring indices, streams and seeds', () => {
    const first = (seed: number, stream: number, index: number) => new Rng(seed, stream, index).next()
    const values = new Set([first(1, 1, 0), first(1, 1, 1), first(1, 2, 0), first(2, 1, 0), first(1, 1, 2 ** 32)])
    assert.equal(values.size, 5)
  })

  it('reseeds an instance to exactly the sequence of a new one', () => {
    const used = new Rng(9, 9, 9)
    used.next()
    used.reseed(3, STREAMS.household, 12)
    const fresh = new Rng(3, STREAMS.household, 12)
    for (let i = 0; i < 20; i++) assert.equal(used.next(), fresh.next())
  })

  it('draws floats in [0, 1) with a mean near one half, and integers in range', () => {
    const rng = new Rng(5, 1, 1)
    let sum = 0
    for (let i = 0; i < 100_000; i++) {
      const f = rng.float()
      assert.ok(f >= 0 && f < 1)
      sum += f
      const n = rng.int(6)
      assert.ok(Number.isInteger(n) && n >= 0 && n < 6)
    }
    assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.005)
  })

  it('takes text seeds and numeric seeds', () => {
    assert.equal(seedToUint32(42), 42)
    assert.equal(seedToUint32('incident-2025'), seedToUint32('incident-2025'))
    assert.notEqual(seedToUint32('a'), seedToUint32('b'))
    assert.notEqual(mix32(1), mix32(2))
  })
})
