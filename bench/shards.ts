/**
 * `npm run bench -- shards [--scale PEOPLE:REQUESTS] [--shards K]…`
 *
 * The sharded master index of issue 20 against the whole one, on generated incident data (default
 * 1,000,000 people against 20,000 requests, K = 4): the whole index's build and its one-thread link
 * of the requests; then for each K the time to cut and write the shards with their manifest, and
 * per shard its bytes (and how many of them are the whole master's dictionary, statistics and
 * large-block sizes, which every shard carries), load with the manifest's checks, one-thread link
 * (`shardCandidates` for every request), candidates and the size of its answers as JSON; then
 * the merge's cost and how many merged results equal the whole index's (all, or the merge is
 * wrong). Default model, default blocking rules. Data are generated into the system temp folder
 * and kept for the next run.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MasterIndex } from '../src/link/index.js'
import { createLinker, evidenceLine, indexMasterFile, loadShard, mergeCandidates, readRequestFile, readShardManifest, saveMasterIndex, saveShardedIndex, toLinkRequests, DEFAULT_MODEL, modelDigest } from '../src/link/index.js'
import type { LinkSettings, ShardCandidates } from '../src/link/index.js'
import { nicknameGroups } from '../src/standardize/index.js'
import { generate } from '../src/synth/index.js'
import { peakRssMiB, printTable } from './support/report.js'

const args = process.argv.slice(2)
const scaleArg = args.includes('--scale') ? (args[args.indexOf('--scale') + 1] ?? '') : '1000000:20000'
const [people, requestCount] = scaleArg.split(':').map(Number) as [number, number]
const shardCounts = args.flatMap((a, i) => (a === '--shards' ? [Number(args[i + 1])] : []))
if (shardCounts.length === 0) shardCounts.push(4)

const seconds = (ms: number) => Math.round(ms) / 1000
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since)
  return Math.round((c.user + c.system) / 1000) / 1000
}

/** Bytes a shard carries of the whole master: the dictionary, its facts, the full-name table, the large blocks. */
function globalBytes(shard: MasterIndex): number {
  const a = shard.arrays
  const arrays = [a.dictBytes, a.dictOffsets, a.dictTable, a.givenCount, a.surnameCount, a.phonetic, a.partOffsets, a.parts, a.nickOffsets, a.nicks, a.fullNameSurname, a.fullNameGiven, a.fullNameCount]
  return arrays.reduce((n, x) => n + x.byteLength, 0) + shard.globalBlocks.reduce((n, g) => n + g.keys.byteLength + g.sizes.byteLength, 0)
}

const data = join(tmpdir(), 'verigate-bench', `incident-p${people}-r${requestCount}-s1`)
if (!existsSync(join(data, 'requests.csv'))) await generate({ scenario: 'incident', people, requests: requestCount, seed: 1 }, data)
const { records } = await readRequestFile(join(data, 'requests.csv'))
const requests = toLinkRequests(records)

let t = performance.now()
const { index: whole } = await indexMasterFile(join(data, 'master.csv'))
const buildS = seconds(performance.now() - t)
const out = mkdtempSync(join(tmpdir(), 'verigate-shards-bench-'))
saveMasterIndex(whole, join(out, 'whole.vgx'))
// Warm the linker's code on a slice first, so the timed whole link is compared warm with shards.
createLinker({ index: whole, nicknameGroups }).link(requests.slice(0, 2000))
const wholeLinker = createLinker({ index: whole, nicknameGroups })
t = performance.now()
let cpu = process.cpuUsage()
const expected = wholeLinker.link(requests).map(evidenceLine)
const wholeRow = ['whole', whole.count, whole.byteLength, 0, buildS, '', seconds(performance.now() - t), cpuSeconds(cpu), Math.round((wholeLinker.blocking.counters().distinct / requests.length) * 100) / 100, '']

for (const k of shardCounts) {
  const manifestPath = join(out, `k${k}.shards.json`)
  t = performance.now()
  saveShardedIndex(whole, manifestPath, { shards: k, model: DEFAULT_MODEL, modelDigest: modelDigest(DEFAULT_MODEL) })
  const cutS = seconds(performance.now() - t)
  const manifest = readShardManifest(manifestPath)
  const answers: ShardCandidates[][] = requests.map(() => [])
  const rows: (string | number)[][] = [wholeRow]
  let settings: LinkSettings | undefined
  for (let i = 0; i < k; i++) {
    t = performance.now()
    const shard = loadShard(manifestPath, manifest, i)
    const loadS = seconds(performance.now() - t)
    const linker = createLinker({ index: shard, nicknameGroups })
    settings = linker.settings
    t = performance.now()
    cpu = process.cpuUsage()
    let candidates = 0
    requests.forEach((request, r) => {
      const answer = linker.shardCandidates(request)
      candidates += answer.candidates.length
      answers[r]?.push(answer)
    })
    const linkS = seconds(performance.now() - t)
    const linkCpu = cpuSeconds(cpu)
    // The answers as a job would send them (JSON), measured outside the timed link.
    const json = answers.reduce((n, parts) => n + Buffer.byteLength(JSON.stringify(parts[i])), 0)
    rows.push([`shard ${i} of ${k}`, shard.count, shard.byteLength, globalBytes(shard), i === 0 ? cutS : '', loadS, linkS, linkCpu, Math.round((candidates / requests.length) * 100) / 100, Math.round(json / requests.length)])
  }
  t = performance.now()
  cpu = process.cpuUsage()
  const merged = answers.map((parts) => mergeCandidates(parts, settings as LinkSettings))
  const mergeS = seconds(performance.now() - t)
  const mergeCpu = cpuSeconds(cpu)
  const same = merged.filter((r, i) => evidenceLine(r) === expected[i]).length
  printTable(
    `shards — ${whole.count.toLocaleString('en-US')} master records, ${requests.length.toLocaleString('en-US')} requests, K = ${k} (one thread; build: the whole index; cut: all K shards and the manifest written and hashed)`,
    ['index', 'records', 'bytes', 'of which whole-master', 'build / cut s', 'load + checks s', 'link s (wall)', 'link s (CPU)', 'candidates a request', 'answer bytes a request'],
    rows,
  )
  printTable(`merge — K = ${k}`, ['requests', 'merge s (wall)', 'merge s (CPU)', 'µs a request (wall)', 'merged results equal to the whole index’s'], [[requests.length, mergeS, mergeCpu, Math.round((mergeS * 1e6) / requests.length), `${same} of ${requests.length}`]])
  if (same !== requests.length) process.exitCode = 1
}
console.log(`peak memory ${Math.round(peakRssMiB())} MiB`)
