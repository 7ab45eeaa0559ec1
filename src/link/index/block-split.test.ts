import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { person } from '../../../test/support/person-fixture.js'
import type { BlockingRule } from '../block/index.js'
import { createLinker } from '../pipeline.js'
import { buildMasterIndex } from './master-index.js'
import { cutShard } from './shards.js'
import { loadMasterIndex, saveMasterIndex } from './snapshot.js'

/** A name of letters for a number (its digits as letters: 7 → MARH). */
const lettered = (stem: string, n: number) => stem + [...String(n)].map((d) => 'ABCDEFGHIJ'[Number(d)]).join('')

/** The date of birth alone, its blocks over 5 records split by the surname's sound. */
const DOB_SPLIT: BlockingRule = { name: 'dob', parts: ['dob'], split: { above: 5, parts: ['surname_phonetic'] } }

/** 40 people born the same day (one block of 40 under `dob`), of different surnames, and 3 born on other days. */
function crowd() {
  const same = Array.from({ length: 40 }, (_, i) => person({ id: `S${i}`, given: 'JOHN', surname: lettered('MAR', i), dob: '1970-03-04', city: lettered('CITY', i) }))
  const others = Array.from({ length: 3 }, (_, i) => person({ id: `O${i}`, given: 'ANNA', surname: lettered('KOV', i), dob: `1980-01-0${i + 1}`, city: 'TOWN' }))
  return [...same, ...others]
}

const found = (index: ReturnType<typeof buildMasterIndex>, request: ReturnType<typeof person>) =>
  Array.from(createLinker({ index }).blocking.candidates({ standardized: request }), (row) => index.id(row)).sort()

describe('blocks split by a finer key', () => {
  it('splits a block that would pass the size by the finer key, and still finds the true pair', () => {
    const index = buildMasterIndex(crowd(), { rules: [DOB_SPLIT] })
    const postings = index.postings[0]
    assert.ok(postings)
    assert.equal(postings.split.length, 1, 'the one block of 40 is split; the blocks of one record are not')
    // The request of S7 with another given name and city: the date of birth and the surname's
    // sound find it and the few born that day whose surnames sound the same (MARA, MARE, MARH),
    // not the whole block of 40.
    const request = person({ id: 'R', given: 'JON', surname: lettered('MAR', 7), dob: '1970-03-04', city: 'ELSEWHERE' })
    const split = found(index, request)
    assert.ok(split.includes('S7'))
    assert.ok(split.length <= 5, `the split block holds ${split.length}`)
    // Without the split the same rule gives the whole block.
    assert.equal(found(buildMasterIndex(crowd(), { rules: [{ name: 'dob', parts: ['dob'] }] }), request).length, 40)
    // A small block is looked up by the rule's own key, whatever the surname.
    assert.deepEqual(found(index, person({ id: 'R2', given: 'ANNA', surname: 'OTHER', dob: '1980-01-02', city: 'TOWN' })), ['O1'])
  })
  it('keeps the split rule and the split blocks in the snapshot and its digest, and a shard splits where the whole did', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-block-split-'))
    try {
      const index = buildMasterIndex(crowd(), { rules: [DOB_SPLIT] })
      const path = join(dir, 'split.vgx')
      saveMasterIndex(index, path)
      const loaded = loadMasterIndex(path)
      assert.deepEqual(loaded.meta.rules, [DOB_SPLIT])
      assert.equal(loaded.digest, index.digest)
      assert.deepEqual(Array.from(loaded.postings[0]?.split ?? []), Array.from(index.postings[0]?.split ?? []))
      // The split is part of the content: the same records without it are another index.
      assert.notEqual(buildMasterIndex(crowd(), { rules: [{ name: 'dob', parts: ['dob'] }] }).digest, index.digest)
      // Each of 4 shards holds 10 or 11 of the crowd, under the size, yet splits as the whole did.
      const request = person({ id: 'R', given: 'JON', surname: lettered('MAR', 7), dob: '1970-03-04', city: 'ELSEWHERE' })
      const fromShards = [0, 1, 2, 3].flatMap((k) => found(cutShard(index, k, 4), request))
      assert.deepEqual(fromShards.sort(), found(index, request))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
