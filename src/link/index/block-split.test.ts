import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { person } from '../../../test/support/person-fixture.js'
import { type BlockingRule, DEFAULT_BLOCKING_RULES, SPLIT_FROM_RECORDS } from '../block/index.js'
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

/** Twenty given names and twenty surnames, each of its own initial and sound. */
const GIVEN = ['ADAM', 'BRIAN', 'CARL', 'DAVID', 'EDWARD', 'FRANK', 'GEORGE', 'HENRY', 'IVAN', 'JOHN', 'KEVIN', 'LARRY', 'MARK', 'NEIL', 'OSCAR', 'PETER', 'RALPH', 'SAMUEL', 'THOMAS', 'VICTOR']
const SURNAMES = ['ALLEN', 'BAKER', 'CLARK', 'DAVIS', 'EVANS', 'FISHER', 'GREEN', 'HILL', 'IRWIN', 'JONES', 'KING', 'LEWIS', 'MOORE', 'NELSON', 'OWENS', 'PARKER', 'REED', 'SCOTT', 'TURNER', 'WALKER']

/**
 * `n` people (up to 400) born the same day, every one a different pair of the names above, each
 * in a city, ZIP and street of their own: what a national master holds more of as it grows at
 * fixed geography. Under the unsplit rules the date of birth with a name's sound or a surname's
 * first letters gives a block of all who share that name, growing with `n`.
 */
function birthdayCrowd(n: number, dobOf: (i: number) => string = () => '1970-03-04') {
  return Array.from({ length: n }, (_, i) =>
    person({ id: `C${i}`, given: GIVEN[i % 20], surname: SURNAMES[Math.floor(i / 20) % 20], dob: dobOf(i), number: String(100 + i), street: lettered('OAK', i), city: lettered('CITY', i), zip: String(10000 + i) }),
  )
}

/** The national rules as a master of `SPLIT_FROM_RECORDS` records or more applies them (the size condition left out). */
const AS_IN_A_LARGE_MASTER: readonly BlockingRule[] = DEFAULT_BLOCKING_RULES.map((r) => (r.split ? { ...r, split: { above: r.split.above, parts: r.split.parts } } : r))

describe('the national rules split the blocks that grow with the master', () => {
  it("keeps a request's candidates bounded as a crowd born the same day grows, and still finds the true record", () => {
    const unsplit = DEFAULT_BLOCKING_RULES.map((r) => ({ name: r.name, parts: r.parts }))
    // C24 (EDWARD BAKER) asked for with the given name mistyped (EDWRAD), in another city and ZIP.
    const request = person({ id: 'R', given: 'EDWRAD', surname: 'BAKER', dob: '1970-03-04', number: '1', street: 'ELM', city: 'ELSEWHERE', zip: '99999' })
    const sizes = [40, 100, 400]
    const split = sizes.map((n) => found(buildMasterIndex(birthdayCrowd(n), { rules: AS_IN_A_LARGE_MASTER }), request))
    const whole = sizes.map((n) => found(buildMasterIndex(birthdayCrowd(n), { rules: unsplit }), request))
    sizes.forEach((n, i) => {
      assert.ok(split[i]?.includes('C24'), `the true record among ${n}`)
      assert.ok(whole[i]?.includes('C24'))
      assert.ok((split[i]?.length ?? 0) <= 2, `${split[i]?.join(' ')} candidates among ${n}; unsplit ${whole[i]?.length}`)
    })
    // Unsplit, the same request meets every BAKER born that day (by the surname's sound and by
    // its first letters): candidates grow with the crowd.
    assert.ok((whole[2]?.length ?? 0) >= 20, `${whole[2]?.length} unsplit candidates among 400`)
    assert.ok((whole[2]?.length ?? 0) >= 5 * (split[2]?.length ?? 0))
  })
  it('splits nothing of a master whose blocks stay under the sizes, as FEBRL 4: the postings of the unsplit rules', () => {
    // The crowd born on 400 different days: every block of one record.
    const spread = birthdayCrowd(400, (i) => `19${20 + (i % 80)}-0${1 + (i % 9)}-1${i % 10}`)
    const index = buildMasterIndex(spread, { rules: AS_IN_A_LARGE_MASTER })
    const whole = buildMasterIndex(spread, { rules: DEFAULT_BLOCKING_RULES.map((r) => ({ name: r.name, parts: r.parts })) })
    assert.deepEqual(index.postings.map((p) => p.split.length), DEFAULT_BLOCKING_RULES.map(() => 0))
    index.postings.forEach((p, r) => {
      assert.deepEqual(Array.from(p.keys), Array.from(whole.postings[r]?.keys ?? []))
      assert.deepEqual(Array.from(p.rows), Array.from(whole.postings[r]?.rows ?? []))
    })
  })
  it(`splits nothing of a master under ${SPLIT_FROM_RECORDS.toLocaleString('en-US')} records, however large its blocks (a file of several records a person loses no pair)`, () => {
    const crowd = birthdayCrowd(400)
    const index = buildMasterIndex(crowd, { rules: DEFAULT_BLOCKING_RULES })
    const whole = buildMasterIndex(crowd, { rules: DEFAULT_BLOCKING_RULES.map((r) => ({ name: r.name, parts: r.parts })) })
    assert.ok(crowd.length < SPLIT_FROM_RECORDS)
    assert.deepEqual(index.postings.map((p) => p.split.length), DEFAULT_BLOCKING_RULES.map(() => 0))
    index.postings.forEach((p, r) => {
      assert.deepEqual(Array.from(p.keys), Array.from(whole.postings[r]?.keys ?? []))
      assert.deepEqual(Array.from(p.rows), Array.from(whole.postings[r]?.rows ?? []))
    })
    // The same rules applied as in a large master split the crowd's blocks.
    assert.ok(buildMasterIndex(crowd, { rules: AS_IN_A_LARGE_MASTER }).postings.some((p) => p.split.length > 0))
  })
})
