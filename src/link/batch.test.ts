import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nicknameGroups } from '../standardize/index.js'
import { generate } from '../synth/index.js'
import { indexMasterFile, linkRecords, openLinkPool, readRequestFile, trainRecords } from './batch.js'
import type { LinkedChunk } from './chunk-work.js'
import { matchRow } from './match-output.js'
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

  it('trains on worker threads the model the calling thread trains, to the last bit, and links the same rows with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    await generate({ scenario: 'demo', people: 800, requests: 5200, seed: 11 }, dir)
    const { index } = await indexMasterFile(join(dir, 'master.csv'), { threads: 0 })
    const { records } = await readRequestFile(join(dir, 'requests.csv'))
    const here = createLinker({ index, nicknameGroups })
    const alone = here.train.records(records, { pairs: 5000 })
    const pooled = createLinker({ index, nicknameGroups })
    // Small chunks, so the sample's patterns are counted in many parts and merged.
    const report = await trainRecords(pooled, records, { pairs: 5000, threads: 2, batchSize: 300 })
    assert.equal(report.requests, 5200)
    assert.equal(report.pairs, alone.pairs)
    assert.equal(report.patterns, alone.patterns)
    assert.equal(report.iterations, alone.iterations)
    assert.equal(report.lambda, alone.lambda)
    assert.equal(pooled.modelDigest, here.modelDigest)
    assert.deepEqual(pooled.model, here.model)
    const rows = async (linker: typeof here) => {
      const out: string[] = []
      await linkRecords(linker, records, { write: (r) => void out.push(...r) }, { threads: 2 })
      return out
    }
    const expected = await rows(here)
    assert.deepEqual(await rows(pooled), expected)
    // As `link --train` does: trained on the pool that then links, whose workers take the model.
    const fresh = createLinker({ index, nicknameGroups })
    const out: string[] = []
    let told: string | undefined
    const batch = await linkRecords(fresh, records, { write: (r) => void out.push(...r) }, { threads: 2, train: { pairs: 5000, batchSize: 300, onTrained: () => void (told = fresh.modelDigest) } })
    assert.equal(told, here.modelDigest)
    assert.equal(batch.training?.pairs, alone.pairs)
    assert.equal(batch.training?.lambda, alone.lambda)
    assert.deepEqual(out, expected)
  })

  it('writes without evidence the rows it writes with it, to the byte, for every status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    await generate({ scenario: 'demo', people: 800, requests: 1500, seed: 13 }, dir)
    const { index } = await indexMasterFile(join(dir, 'master.csv'), { threads: 0 })
    const { records } = await readRequestFile(join(dir, 'requests.csv'))
    // A wide ambiguity margin, so that some requests are ambiguous (their rows name the top candidate).
    const linker = createLinker({ index, nicknameGroups, settings: { ambiguityMargin: 20 } })
    linker.train.records(records, { pairs: 5000 })
    const rows = async (explain: boolean) => {
      const out: string[] = []
      await linkRecords(linker, records, { write: (r) => void out.push(...r) }, { threads: 1, explain })
      return out
    }
    const withEvidence = await rows(true)
    assert.deepEqual(await rows(false), withEvidence)
    // Every status, and one request at a time as the chunk work calls it.
    const statuses = new Set<string>()
    for (const record of records) {
      const { row, status } = linker.linkRecordRow(record)
      const result = linker.linkRecord(record)
      assert.equal(row, matchRow(result))
      assert.equal(status, result.status)
      statuses.add(status)
    }
    assert.deepEqual([...statuses].sort(), ['ambiguous', 'match', 'none', 'possible'])
  })

  it('links chunk after chunk on a pool started once, as one call of linkRecords does, whatever the threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    await generate({ scenario: 'demo', people: 600, requests: 900, seed: 7 }, dir)
    const { index } = await indexMasterFile(join(dir, 'master.csv'), { threads: 0 })
    const { records } = await readRequestFile(join(dir, 'requests.csv'))
    const linker = createLinker({ index, nicknameGroups })
    const whole: string[] = []
    await linkRecords(linker, records, { write: (_r, e) => void whole.push(...e) }, { threads: 1, explain: true })
    for (const threads of [1, 2]) {
      const pool = await openLinkPool<LinkedChunk>(linker, { threads, explain: true })
      try {
        assert.equal(pool.threads, threads === 1 ? 0 : 2)
        // Overlapping calls of uneven sizes: each resolves with its own chunk.
        const cuts = [0, 1, 250, 251, 700, records.length]
        const chunks = await Promise.all(cuts.slice(1).map((end, i) => pool.link(records.slice(cuts[i], end))))
        assert.deepEqual(chunks.map((c) => c.rows.length), [1, 249, 1, 449, records.length - 700])
        assert.deepEqual(chunks.flatMap((c) => c.evidence), whole, `${threads} thread(s)`)
      } finally {
        await pool.close()
      }
      await assert.rejects(pool.link(records.slice(0, 1)), /closed/)
    }
  })
})
