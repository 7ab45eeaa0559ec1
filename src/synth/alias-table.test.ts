import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { AliasTable, WeightedList } from './alias-table.js'
import { Rng } from './prng.js'

describe('AliasTable', () => {
  it('draws each outcome in proportion to its weight', () => {
    const weights = [50, 30, 15, 5, 0]
    const table = new AliasTable(weights)
    const rng = new Rng(1, 1, 1)
    const counts = [0, 0, 0, 0, 0]
    const n = 200_000
    for (let i = 0; i < n; i++) {
      const k = table.sample(rng)
      counts[k] = (counts[k] as number) + 1
    }
    const total = counts.reduce((a, b) => a + b, 0)
    weights.forEach((w, i) => assert.ok(Math.abs((counts[i] as number) / total - w / 100) < 0.006, `outcome ${i}: ${counts[i]}`))
    assert.equal(counts[4], 0)
  })

  it('rejects empty, negative and all-zero weights', () => {
    assert.throws(() => new AliasTable([]), RangeError)
    assert.throws(() => new AliasTable([1, -1]), RangeError)
    assert.throws(() => new AliasTable([0, 0]), RangeError)
    assert.throws(() => new AliasTable([1, Number.NaN]), RangeError)
  })
})

describe('WeightedList', () => {
  it('returns the values, never one of weight zero', () => {
    const list = new WeightedList([
      ['ST', 3],
      ['AVE', 1],
      ['NEVER', 0],
    ])
    const rng = new Rng(2, 2, 2)
    const seen = new Set<string>()
    for (let i = 0; i < 1000; i++) seen.add(list.sample(rng))
    assert.deepEqual([...seen].sort(), ['AVE', 'ST'])
  })
})
