import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nicknameGroups } from '../standardize/index.js'
import { generate } from '../synth/index.js'
import { indexMasterFile, linkRecords, readRequestFile } from './batch.js'
import { createLinker } from './pipeline.js'

describe('batch linking on worker threads', () => {
  it('builds the same index (same digest) and writes the same rows with two threads as with none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    await generate({ scenario: 'demo', people: 800, requests: 5200, seed: 5 }, dir)
    const inProcess = await indexMasterFile(join(dir, 'master.csv'), { threads: 0 })
    const parallel = await indexMasterFile(join(dir, 'master.csv'), { threads: 2 })
    assert.equal(parallel.index.digest, inProcess.index.digest)
    assert.equal(parallel.index.count, inProcess.index.count)
    const { records } = await readRequestFile(join(dir, 'requests.csv'))
    const linker = createLinker({ index: parallel.index, nicknameGroups })
    const collect = async (threads: number) => {
      const rows: string[] = []
      const evidence: string[] = []
      const report = await linkRecords(linker, records, { write: (r, e) => void (rows.push(...r), evidence.push(...e)) }, { threads, explain: true })
      return { rows, evidence, report }
    }
    const one = await collect(1)
    const two = await collect(2)
    assert.equal(two.report.threads, 2)
    assert.equal(one.rows.length, records.length)
    assert.deepEqual(two.rows, one.rows)
    assert.deepEqual(two.evidence, one.evidence)
    assert.deepEqual(two.report.statuses, one.report.statuses)
    assert.equal(two.report.counters.distinct, one.report.counters.distinct)
  })
})
