import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openRecords } from '../../intake/index.js'
import { nicknameGroups, standardizeRecord } from '../../standardize/index.js'
import { generate } from '../../synth/index.js'
import { packBatch, packStandardized } from './encoded-batch.js'
import { MasterIndexBuilder, encodeMasterRecord } from './master-index.js'

describe('packBatch, addBatch and finishOnThreads', () => {
  it('build the same index, to the digest, as adding the rows one by one, whatever the batch size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    await generate({ scenario: 'demo', people: 1500, requests: 10, seed: 5 }, dir)
    const source = await openRecords(join(dir, 'master.csv'))
    const rows = []
    const canonical = []
    for await (const batch of source.batches()) for (const row of batch) canonical.push(row.record)
    for (const record of canonical) rows.push(encodeMasterRecord(standardizeRecord(record), nicknameGroups))
    const oneByOne = new MasterIndexBuilder({ nicknameGroups })
    for (const row of rows) oneByOne.addEncoded(row)
    const expected = oneByOne.finish()
    for (const size of [1, 7, 500, rows.length]) {
      const builder = new MasterIndexBuilder({ nicknameGroups })
      for (let at = 0; at < rows.length; at += size) builder.addBatch(packBatch(rows.slice(at, at + size)))
      const index = builder.finish()
      assert.equal(index.digest, expected.digest, `batches of ${size}`)
      assert.equal(index.count, rows.length)
    }
    for (const size of [1, 500, rows.length]) {
      for (let at = 0; at < rows.length; at += size) {
        assert.deepEqual(packStandardized(canonical.slice(at, at + size), standardizeRecord, nicknameGroups), packBatch(rows.slice(at, at + size)), `packStandardized, batches of ${size}`)
      }
    }
    const onThreads = new MasterIndexBuilder({ nicknameGroups })
    onThreads.addBatch(packBatch(rows))
    assert.equal((await onThreads.finishOnThreads(2)).digest, expected.digest, 'postings built on two worker threads')
  })
})
