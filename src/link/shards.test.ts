/**
 * A sharded master index answers exactly as the whole: on generated incident data, linking each
 * request against K = 1, 2 and 4 shards and merging the shards' candidates gives the results of
 * one linker over the whole index, field for field (MATCHES.csv rows and the evidence lines), and
 * the same blocking counters; a manifest refuses a damaged, missing or foreign shard, naming it.
 */
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MatchResult } from '../core/index.js'
import { nicknameGroups } from '../standardize/index.js'
import { generate } from '../synth/index.js'
import { type LinkModel, type LinkRequest, type MasterIndex, createLinker, evidenceLine, indexMasterFile, matchRow, modelDigest, readRequestFile, seededRandom, toLinkRequests } from './index.js'
import { cutShard, loadShard, readShardManifest, saveShardedIndex, shardFileName } from './index/index.js'
import { type BlockingCounters, type ShardCandidates, addCounters, emptyCounters, mergeCandidates } from './score/index.js'
import type { LinkSettings } from './pipeline.js'

let dir: string
let index: MasterIndex
let requests: LinkRequest[]
let model: LinkModel

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'verigate-shards-'))
  await generate({ scenario: 'incident', people: 20_000, requests: 3_000, seed: 20 }, dir)
  // The generator writes a household's records together, so contiguous shards would rarely split
  // a request's candidates; shuffled (seeded), most requests with rivals have them in several.
  const [header, ...rows] = readFileSync(join(dir, 'master.csv'), 'utf8').trimEnd().split('\n')
  const random = seededRandom(20)
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[rows[i], rows[j]] = [rows[j] as string, rows[i] as string]
  }
  writeFileSync(join(dir, 'master.csv'), `${header}\n${rows.join('\n')}\n`)
  index = (await indexMasterFile(join(dir, 'master.csv'), { threads: 0 })).index
  requests = toLinkRequests((await readRequestFile(join(dir, 'requests.csv'))).records)
  // A trained model, as a batch would use: the shards are scored with the build's model.
  const trainer = createLinker({ index, nicknameGroups })
  trainer.train.u()
  trainer.train.em(requests)
  model = trainer.model
})

/** The whole index's results and counters under `settings`. */
function linkWhole(settings: Partial<LinkSettings> = {}): { results: MatchResult[]; counters: BlockingCounters } {
  const linker = createLinker({ index, model, nicknameGroups, settings })
  return { results: linker.link(requests), counters: linker.blocking.counters() }
}

/** Links every request against each shard in turn, then merges: what a sharded run does. */
function linkShards(shards: readonly MasterIndex[], settings: Partial<LinkSettings> = {}): { results: MatchResult[]; counters: BlockingCounters; crossShard: number } {
  const answers: ShardCandidates[][] = requests.map(() => [])
  const counters = emptyCounters(index.meta.rules)
  let merged: LinkSettings | undefined
  for (const shard of shards) {
    const linker = createLinker({ index: shard, model, nicknameGroups, settings })
    merged = linker.settings
    requests.forEach((r, i) => answers[i]?.push(linker.shardCandidates(r)))
    addCounters(counters, linker.blocking.counters())
  }
  const shardOf = (row: number) => shards.findIndex((s) => row >= s.globalRow(0) && row < s.globalRow(s.count))
  // Requests whose candidates came from more than one shard: the merge had work to do.
  const crossShard = answers.filter((parts) => new Set(parts.flatMap((p) => p.candidates.map((c) => shardOf(c.row)))).size > 1).length
  return { results: answers.map((parts) => mergeCandidates(parts, merged as LinkSettings)), counters, crossShard }
}

function assertSameResults(actual: readonly MatchResult[], expected: readonly MatchResult[], label: string): void {
  assert.equal(actual.length, expected.length)
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as MatchResult
    const a = actual[i] as MatchResult
    assert.equal(matchRow(a), matchRow(e), `${label}: MATCHES row of ${e.requestId}`)
    assert.equal(evidenceLine(a), evidenceLine(e), `${label}: evidence of ${e.requestId}`)
  }
}

function assertSameCounters(actual: BlockingCounters, expected: BlockingCounters): void {
  assert.deepEqual([...actual.pairs], [...expected.pairs], 'candidate pairs per rule')
  assert.deepEqual([...actual.capped], [...expected.capped], 'capped blocks per rule')
  assert.equal(actual.distinct, expected.distinct, 'distinct pairs')
}

describe('a sharded master index', () => {
  it('gives, merged over K = 1, 2 and 4 shards, the whole index’s results field for field', () => {
    const whole = linkWhole()
    const statuses = new Set(whole.results.map((r) => r.status))
    assert.deepEqual([...statuses].sort(), ['ambiguous', 'match', 'none', 'possible'], 'the data exercise every status')
    assert.ok(whole.results.some((r) => r.rivals.length > 0 && (r.holds?.length ?? 0) > 0), 'and rivals and holds')
    for (const k of [1, 2, 4]) {
      const shards = Array.from({ length: k }, (_, i) => cutShard(index, i, k))
      assert.equal(shards.reduce((n, s) => n + s.count, 0), index.count)
      // Shards answer in any order (workers finish when they finish): the merge must not care.
      const sharded = linkShards(k === 4 ? [...shards].reverse() : shards)
      assertSameResults(sharded.results, whole.results, `K = ${k}`)
      assertSameCounters(sharded.counters, whole.counters)
      if (k > 1) assert.ok(sharded.crossShard > 100, `K = ${k}: ${sharded.crossShard} requests had candidates in several shards`)
    }
  })

  it('skips a block the whole index caps, in every shard, whatever the shard’s part of it', () => {
    // At 20,000 records the largest blocks hold a handful of records, far under the default cap
    // of 1,000: shards cut with a floor of 2 are linked with a cap of 3, which skips some.
    const settings = { maxBlockSize: 3 }
    const whole = linkWhole(settings)
    assert.ok(whole.counters.capped.some((n) => n > 0), 'some blocks are over the cap')
    const shards = [0, 1, 2, 3].map((i) => cutShard(index, i, 4, 2))
    const sharded = linkShards(shards, settings)
    assertSameResults(sharded.results, whole.results, 'capped at 3')
    assertSameCounters(sharded.counters, whole.counters)
    assert.throws(() => createLinker({ index: shards[0] as MasterIndex, settings: { maxBlockSize: 1 } }), /capped at 2 or more/)
  })

  it('writes shards and a manifest that load back to the same answers', () => {
    const manifestPath = join(mkdtempSync(join(tmpdir(), 'verigate-shards-')), 'master.shards.json')
    const manifest = saveShardedIndex(index, manifestPath, { shards: 2, model, modelDigest: modelDigest(model) })
    const read = readShardManifest(manifestPath)
    assert.deepEqual(read, JSON.parse(JSON.stringify(manifest)))
    assert.equal(read.masterDigest, index.digest)
    assert.deepEqual(read.files.map((f) => f.records), [10_000, 10_000].map((_, i) => cutShard(index, i, 2).count))
    assert.deepEqual(read.model, JSON.parse(JSON.stringify(model)))
    const shards = [0, 1].map((i) => loadShard(manifestPath, read, i))
    assertSameResults(linkShards(shards).results, linkWhole().results, 'loaded from files')
  })

  it('refuses a shard whose bytes differ from the manifest’s digest, a missing shard and a shard of another build, naming the file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'verigate-shards-'))
    const manifestPath = join(folder, 'master.shards.json')
    saveShardedIndex(index, manifestPath, { shards: 2, model, modelDigest: modelDigest(model) })
    const manifest = readShardManifest(manifestPath)
    const second = join(folder, shardFileName(manifestPath, 1, 2))

    // The manifest's digest of shard 1 changed (or the file under it replaced by other bytes).
    const altered = { ...manifest, files: manifest.files.map((f, i) => (i === 1 ? { ...f, sha256: `sha256:${'0'.repeat(64)}` } : f)) }
    writeFileSync(manifestPath, JSON.stringify(altered))
    assert.doesNotThrow(() => loadShard(manifestPath, readShardManifest(manifestPath), 0))
    assert.throws(() => loadShard(manifestPath, readShardManifest(manifestPath), 1), (e: Error) => e.message.includes(second) && /SHA-256/.test(e.message))
    writeFileSync(manifestPath, JSON.stringify(manifest))

    // A flipped byte in the shard's arrays: its own content digest no longer holds.
    const bytes = readFileSync(second)
    const saved = Buffer.from(bytes)
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff
    writeFileSync(second, bytes)
    assert.throws(() => loadShard(manifestPath, manifest, 1), (e: Error) => e.message.includes(second) && /digest/.test(e.message))
    writeFileSync(second, saved)

    // Missing.
    rmSync(second)
    assert.throws(() => loadShard(manifestPath, manifest, 1), (e: Error) => e.message.includes(second) && /missing/.test(e.message))

    // Another build: the shards of a master one record shorter, copied in under the same name.
    const otherFolder = mkdtempSync(join(tmpdir(), 'verigate-shards-'))
    const otherManifest = join(otherFolder, 'master.shards.json')
    const lines = readFileSync(join(dir, 'master.csv'), 'utf8').trimEnd().split('\n')
    writeFileSync(join(otherFolder, 'master.csv'), `${lines.slice(0, -1).join('\n')}\n`)
    const { index: other } = await indexMasterFile(join(otherFolder, 'master.csv'), { threads: 0 })
    assert.notEqual(other.digest, index.digest)
    saveShardedIndex(other, otherManifest, { shards: 2, model, modelDigest: modelDigest(model) })
    copyFileSync(join(otherFolder, shardFileName(otherManifest, 1, 2)), second)
    assert.throws(() => loadShard(manifestPath, manifest, 1), (e: Error) => e.message.includes(second) && /another build|of the build/.test(e.message))
  })
})
