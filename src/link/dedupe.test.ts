import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { person } from '../../test/support/person-fixture.js'
import { type DedupePair, clusterPairs, dedupePairs, dedupePriorWeight, dedupeProbability, estimateDedupePrior } from './dedupe.js'
import { buildMasterIndex } from './index/index.js'
import { priorWeight } from './model/index.js'
import { createLinker } from './pipeline.js'

describe('clusterPairs', () => {
  it('joins records through a third record of the same person, and names a cluster by its smallest id', () => {
    // A–B and B–C were linked, A–C not (A and C differ too much): one person, three pairs.
    const clusters = clusterPairs([
      ['B', 'C'],
      ['A', 'B'],
      ['X', 'Y'],
    ])
    assert.deepEqual(Object.fromEntries(clusters), { A: 'A', B: 'A', C: 'A', X: 'X', Y: 'X' })
  })
  it('gives the same clusters whatever the order of the pairs and of their records', () => {
    const pairs: [string, string][] = [
      ['7', '3'],
      ['3', '9'],
      ['1', '2'],
      ['9', '10'],
      ['2', '5'],
    ]
    const expected = clusterPairs(pairs)
    const reversed = clusterPairs(pairs.map(([a, b]) => [b, a] as const).reverse())
    assert.deepEqual(Object.fromEntries(reversed), Object.fromEntries(expected))
    // String order: '10' < '3' < '7' < '9'.
    assert.equal(expected.get('9'), '10')
    assert.equal(expected.get('5'), '1')
  })
  it('leaves out records in no pair', () => {
    assert.equal(clusterPairs([]).size, 0)
  })
})

describe('estimateDedupePrior', () => {
  it('finds the share of pairs that are one person when the evidence separates them', () => {
    // 100 records, 4,950 pairs; 50 candidate pairs with strong evidence (one person), 450 with
    // strong evidence against: λ converges to 50 / 4,950.
    const pairs: DedupePair[] = [
      ...Array.from({ length: 50 }, (_, i) => ({ a: `a${i}`, b: `b${i}`, evidence: 40 })),
      ...Array.from({ length: 450 }, (_, i) => ({ a: `c${i}`, b: `d${i}`, evidence: -30 })),
    ]
    const lambda = estimateDedupePrior(pairs, 100)
    assert.ok(Math.abs(lambda - 50 / 4950) < 1e-6, `λ ${lambda}`)
    // Under that prior a pair of strong evidence is a match, one against is not.
    assert.ok(dedupeProbability({ a: 'a', b: 'b', evidence: 40 }, lambda) > 0.999)
    assert.ok(dedupeProbability({ a: 'a', b: 'b', evidence: -30 }, lambda) < 1e-6)
    assert.equal(dedupePriorWeight(0.5), 0)
  })
  it('is 0 for a file with no pairs', () => {
    assert.equal(estimateDedupePrior([], 10), 0)
    assert.equal(estimateDedupePrior([{ a: 'a', b: 'b', evidence: 3 }], 1), 0)
  })
})

describe('dedupePairs', () => {
  const records = [
    person({ id: 'A', given: 'THEODORE', surname: 'MORRIS', dob: '1978-08-19', city: 'BIRMINGHAM' }),
    person({ id: 'B', given: 'THEODORE', surname: 'MORRIS', dob: '1978-08-19', city: 'BIRMINGHAM' }),
    person({ id: 'C', given: 'GRACE', surname: 'OKAFOR', dob: '1990-02-03', city: 'LEEDS' }),
  ]
  it('scores each pair of two different records once, never a record with itself', () => {
    const index = buildMasterIndex(records, { rules: 'by-size' })
    const linker = createLinker({ index })
    const pairs = dedupePairs(
      linker,
      records.map((standardized) => ({ standardized })),
    )
    assert.deepEqual(
      pairs.map((p) => [p.a, p.b]),
      [['A', 'B']],
    )
    // Evidence is the pair's weight without the linker's prior (that of a bulk request).
    const [best] = linker.scoreCandidates({ standardized: records[0] as (typeof records)[number] }).filter((c) => c.masterId === 'B')
    assert.ok(best)
    assert.ok(Math.abs((pairs[0] as DedupePair).evidence - (best.weight - priorWeight(linker.model, index.count))) < 1e-9)
  })
})
