import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { COMPACT_FROM, blockStatistics, findBlock, sortPostings } from './blocking-index.js'
import { seededRandom } from '../training.js'
import { emptyKeyFeatures, ruleKeys } from './blocking-rule.js'

describe('sortPostings', () => {
  it('sorts (key, row) pairs by key, stably, across both 16-bit halves', () => {
    const keys = Uint32Array.from([0x00020001, 0x00010002, 0xffff0000, 0x00010002, 0x00000005])
    const rows = Int32Array.from([0, 1, 2, 3, 4])
    const sorted = sortPostings(keys, rows)
    assert.deepEqual(Array.from(sorted.keys), [0x00000005, 0x00010002, 0x00010002, 0x00020001, 0xffff0000])
    assert.deepEqual(Array.from(sorted.rows), [4, 1, 3, 0, 2])
  })
  it('orders small tables (native sort) and large ones (radix sort) alike: by key, then row', () => {
    const random = seededRandom(11)
    for (const n of [5_000, 70_000]) {
      const keys = Uint32Array.from({ length: n }, () => (random() < 0.5 ? Math.floor(random() * 50) : Math.floor(random() * 2 ** 32)))
      // Rows ascending with repeats, as a record with several keys of one rule gives them.
      const rows = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 2))
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number) || (rows[a] as number) - (rows[b] as number))
      const sorted = sortPostings(keys, rows)
      assert.deepEqual(Array.from(sorted.keys), expected.map((i) => keys[i]))
      assert.deepEqual(Array.from(sorted.rows), expected.map((i) => rows[i]))
    }
  })
  it('finds a block and reports its size', () => {
    const sorted = sortPostings(Uint32Array.from([7, 3, 7, 9]), Int32Array.from([0, 1, 2, 3]))
    assert.deepEqual(findBlock(sorted, 7), { start: 1, end: 3 })
    assert.deepEqual(findBlock(sorted, 8), { start: 3, end: 3 })
    assert.deepEqual(blockStatistics(sorted, 1), { keys: 3, largest: 2, oversized: 1 })
  })
})

describe('compact postings (16-bit keys under a directory of at least 16 bits)', () => {
  it('finds exactly the blocks of whole keys, also keys that share their low 16 bits', () => {
    const random = seededRandom(3)
    const n = COMPACT_FROM + 1000
    const keys = new Uint32Array(n)
    // Keys in a few hundred distinct values, many of them equal in the low 16 bits.
    const values = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? ((Math.floor(random() * 65536) << 16) | 0x1234) >>> 0 : Math.floor(random() * 2 ** 32)))
    for (let i = 0; i < n; i++) keys[i] = values[Math.floor(random() * values.length)] as number
    const expected = new Map<number, number>()
    for (const k of keys) expected.set(k, (expected.get(k) ?? 0) + 1)
    const sorted = sortPostings(keys, Int32Array.from({ length: n }, (_, i) => i))
    assert.equal(sorted.compact, true)
    assert.ok(sorted.keys instanceof Uint16Array)
    for (const value of values) {
      const { start, end } = findBlock(sorted, value)
      assert.equal(end - start, expected.get(value))
      for (let i = start; i < end; i++) assert.equal(keys[sorted.rows[i] as number], value)
    }
    const absent = ((values[0] as number) ^ 0x10000) >>> 0
    if (!expected.has(absent)) assert.equal(findBlock(sorted, absent).end - findBlock(sorted, absent).start, 0)
    assert.equal(blockStatistics(sorted, 1e9).keys, expected.size)
  })
})

describe('ruleKeys', () => {
  it('gives no key when a part is missing (the record skips that pass)', () => {
    const f = emptyKeyFeatures()
    f.dob = 19800101
    const out: number[] = []
    ruleKeys({ name: 'dob_zip', parts: ['dob', 'zip'] }, f, out)
    assert.deepEqual(out, [])
    f.zip = 62704
    ruleKeys({ name: 'dob_zip', parts: ['dob', 'zip'] }, f, out)
    assert.equal(out.length, 1)
  })
  it('gives one key per value of a multi-valued part, and the same key for the same values', () => {
    const a = emptyKeyFeatures()
    a.dob = 19800101
    a.anyInitial.push(74, 83)
    const b = emptyKeyFeatures()
    b.dob = 19800101
    b.anyInitial.push(83, 65)
    const ka: number[] = []
    const kb: number[] = []
    const rule = { name: 'dob_any_initial', parts: ['dob', 'any_initial'] } as const
    ruleKeys(rule, a, ka)
    ruleKeys(rule, b, kb)
    assert.equal(ka.length, 2)
    assert.equal(ka.filter((k) => kb.includes(k)).length, 1, 'the shared initial S gives one shared key')
  })
})
