import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { person } from '../../../test/support/person-fixture.js'
import { DEFAULT_BLOCKING_RULES, SMALL_FILE_BLOCKING_RULES, SMALL_FILE_MAX_RECORDS, WIDE_BLOCKING_RULES, blockingSetName, rulesForSize } from '../block/index.js'
import { createLinker } from '../pipeline.js'
import { buildMasterIndex } from './master-index.js'
import { loadMasterIndex, saveMasterIndex } from './snapshot.js'

/** A name of letters for a number (its digits as letters: 7 → MARH, 12 → MARBC). */
const lettered = (stem: string, n: number) => stem + [...String(n)].map((d) => 'ABCDEFGHIJ'[Number(d)]).join('')

/** `n` people of different names, dates of birth and cities. */
function people(n: number) {
  return Array.from({ length: n }, (_, i) =>
    person({ id: `P${i}`, given: lettered('JO', i % 97), surname: lettered('MAR', i), dob: `19${String(20 + (i % 80)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`, city: lettered('CITY', i % 31) }),
  )
}

describe('blocking chosen by the size of the master', () => {
  it('gives the small-file rules up to SMALL_FILE_MAX_RECORDS and the national rules above', () => {
    assert.equal(rulesForSize(1), SMALL_FILE_BLOCKING_RULES)
    assert.equal(rulesForSize(SMALL_FILE_MAX_RECORDS), SMALL_FILE_BLOCKING_RULES)
    assert.equal(rulesForSize(SMALL_FILE_MAX_RECORDS + 1), DEFAULT_BLOCKING_RULES)
    assert.equal(rulesForSize(10_000_000), DEFAULT_BLOCKING_RULES)
  })
  it('names each rule set by its rules, and any other list custom', () => {
    assert.equal(blockingSetName(DEFAULT_BLOCKING_RULES), 'national')
    assert.equal(blockingSetName(SMALL_FILE_BLOCKING_RULES), 'small-file')
    assert.equal(blockingSetName(WIDE_BLOCKING_RULES), 'wide')
    assert.equal(blockingSetName(DEFAULT_BLOCKING_RULES.slice(1)), 'custom')
    assert.equal(blockingSetName(DEFAULT_BLOCKING_RULES.map((r) => (r.name === 'dob_zip' ? { ...r, parts: ['dob'] as const } : r))), 'custom')
  })
  it('builds a master at the threshold with the small-file rules and one record over it with the national rules', () => {
    const small = buildMasterIndex(people(SMALL_FILE_MAX_RECORDS), { rules: 'by-size' })
    assert.equal(small.blockingSet, 'small-file')
    assert.deepEqual(small.meta.rules, SMALL_FILE_BLOCKING_RULES)
    assert.match(small.blockingSummary, /^small-file rules \(2,500 records, at most 2,500/)
    const large = buildMasterIndex(people(SMALL_FILE_MAX_RECORDS + 1), { rules: 'by-size' })
    assert.equal(large.blockingSet, 'national')
    assert.match(large.blockingSummary, /^national rules \(2,501 records, over 2,500\)/)
    // Without a choice the national rules, whatever the size: what every caller had before.
    assert.equal(buildMasterIndex(people(10)).blockingSet, 'national')
  })
  it('keeps the rules a snapshot was built with when it is loaded, and finds with them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-blocking-'))
    try {
      const index = buildMasterIndex(people(40), { rules: 'by-size' })
      const path = join(dir, 'small.vgx')
      saveMasterIndex(index, path)
      const loaded = loadMasterIndex(path)
      assert.equal(loaded.blockingSet, 'small-file')
      assert.equal(loaded.digest, index.digest)
      // A national-rules index of the same records is another index (the rules are in its digest).
      assert.notEqual(buildMasterIndex(people(40)).digest, index.digest)
      // The surname's sound alone finds a record whose given name, date of birth and city all
      // differ: a pair only the small-file rules reach.
      const request = person({ id: 'R', given: 'OTHER', surname: lettered('MAR', 7), dob: '1950-12-28', city: 'ELSEWHERE' })
      const found = (i: typeof index) => Array.from(createLinker({ index: i }).blocking.candidates({ standardized: request }), (row) => i.id(row))
      assert.ok(found(loaded).includes('P7'))
      assert.ok(!found(buildMasterIndex(people(40))).includes('P7'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
