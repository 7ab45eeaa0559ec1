/**
 * `npm run bench -- shards [--scale PEOPLE:REQUESTS] [--shards K]… [--link-requests N]`
 *
 * The sharded master index of issue 20 against the whole one, on generated incident data (default
 * 1,000,000 people against 20,000 requests, K = 4), measured for the plan of docs/scale.md: the
 * whole index's build (wall and CPU) and its one-thread link of the requests; then for each K the
 * time to cut and write the shards with their manifest, and per shard, **in a process of its own**
 * (so its memory is the shard's alone, as on a worker): its bytes (and how many of them are the
 * whole master's dictionary, statistics and large-block sizes, which every shard carries), RSS
 * with the shard loaded and peak RSS after its link, load with the manifest's checks, one-thread
 * link (`shardCandidates` for every request), candidates and the size of its answers as JSON;
 * then the merge's cost (parsing the answers apart from merging them, as a coordinator receives
 * them) and how many merged results equal the whole index's (all, or the merge is wrong).
 *
 * `--link-requests N` links the first N requests of the file only (the whole file by default): at
 * ten million every request's answers from K shards would not fit beside the whole index in a
 * bench's memory; the per-request figures are what the plan scales. The whole index is dropped
 * before the shards are measured. Default model, default blocking rules. Data are generated into
 * the system temp folder and kept for the next run.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { MasterIndex } from '../src/link/index.js'
import { createLinker, evidenceLine, indexMasterFile, loadShard, mergeCandidates, readRequestFile, readShardManifest, saveMasterIndex, saveShardedIndex, toLinkRequests, DEFAULT_LINK_SETTINGS, DEFAULT_MODEL, modelDigest } from '../src/link/index.js'
import type { ShardCandidates } from '../src/link/index.js'
import { nicknameGroups } from '../src/standardize/index.js'
import { generate } from '../src/synth/index.js'
import { peakRssMiB, printTable } from './support/report.js'

/** Requests a file of answers holds: the merge reads, parses and merges one slice at a time. */
const SLICE = 10_000

const seconds = (ms: number) => Math.round(ms) / 1000
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since)
  return Math.round((c.user + c.system) / 1000) / 1000
}
const mib = (bytes: number) => Math.round(bytes / 2 ** 20)
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ')

/** Bytes a shard carries of the whole master: the dictionary, its facts, the full-name table, the large blocks. */
function globalBytes(shard: MasterIndex): number {
  const a = shard.arrays
  const arrays = [a.dictBytes, a.dictOffsets, a.dictTable, a.givenCount, a.surnameCount, a.phonetic, a.partOffsets, a.parts, a.nickOffsets, a.nicks, a.fullNameSurname, a.fullNameGiven, a.fullNameCount]
  return arrays.reduce((n, x) => n + x.byteLength, 0) + shard.globalBlocks.reduce((n, g) => n + g.keys.byteLength + g.sizes.byteLength, 0)
}

/** What one shard's process measured. */
interface ShardFigures {
  readonly records: number
  readonly bytes: number
  readonly globalBytes: number
  readonly loadS: number
  /** RSS before the shard is loaded (Node and the sample's requests): the shard's own is the difference. */
  readonly rssBeforeMiB: number
  readonly rssLoadedMiB: number
  readonly linkS: number
  readonly linkCpuS: number
  readonly candidates: number
  readonly answerBytes: number
  readonly peakRssMiB: number
}

/**
 * A shard's own process (`--shard-process MANIFEST I SAMPLE OUT`): loads shard I alone, links the
 * sample's requests, writes the answers as JSON a slice to a file, and prints its figures.
 */
async function shardProcess([manifestPath, number, samplePath, out]: string[]): Promise<void> {
  const { records } = await readRequestFile(samplePath as string)
  const requests = toLinkRequests(records)
  const i = Number(number)
  const manifest = readShardManifest(manifestPath as string)
  const rssBeforeMiB = mib(process.memoryUsage().rss)
  let t = performance.now()
  const shard = loadShard(manifestPath as string, manifest, i)
  const loadS = seconds(performance.now() - t)
  const rssLoadedMiB = mib(process.memoryUsage().rss)
  const linker = createLinker({ index: shard, nicknameGroups })
  t = performance.now()
  const cpu = process.cpuUsage()
  const answers = requests.map((request) => linker.shardCandidates(request))
  const linkS = seconds(performance.now() - t)
  const linkCpuS = cpuSeconds(cpu)
  const candidates = answers.reduce((n, a) => n + a.candidates.length, 0)
  // The answers as a job sends them (JSON), measured and written outside the timed link.
  let answerBytes = 0
  for (let s = 0; s * SLICE < answers.length; s++) {
    const json = answers.slice(s * SLICE, (s + 1) * SLICE).map((a) => JSON.stringify(a))
    answerBytes += json.reduce((n, j) => n + Buffer.byteLength(j), 0)
    writeFileSync(join(out as string, `answers-${i}-${s}.jsonl`), `${json.join('\n')}\n`)
  }
  const figures: ShardFigures = { records: shard.count, bytes: shard.byteLength, globalBytes: globalBytes(shard), loadS, rssBeforeMiB, rssLoadedMiB, linkS, linkCpuS, candidates, answerBytes, peakRssMiB: Math.round(peakRssMiB()) }
  process.stdout.write(JSON.stringify(figures))
}

/** The first `n` requests of `path` (header kept) copied to `to`, line by line. */
async function copyFirstRequests(path: string, n: number, to: string): Promise<void> {
  const lines: string[] = []
  let inQuote = false
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    lines.push(line)
    // A quoted field may hold a line break: a record ends where its quotes are balanced.
    for (const ch of line) if (ch === '"') inQuote = !inQuote
    if (!inQuote && lines.length > n) break
  }
  writeFileSync(to, `${lines.join('\n')}\n`)
}

async function main(args: string[]): Promise<void> {
  const scaleArg = args.includes('--scale') ? (args[args.indexOf('--scale') + 1] ?? '') : '1000000:20000'
  const [people, requestCount] = scaleArg.split(':').map(Number) as [number, number]
  const shardCounts = args.flatMap((a, i) => (a === '--shards' ? [Number(args[i + 1])] : []))
  if (shardCounts.length === 0) shardCounts.push(4)
  const linkRequests = args.includes('--link-requests') ? Number(args[args.indexOf('--link-requests') + 1]) : requestCount

  const data = join(tmpdir(), 'verigate-bench', `incident-p${people}-r${requestCount}-s1`)
  if (!existsSync(join(data, 'requests.csv'))) await generate({ scenario: 'incident', people, requests: requestCount, seed: 1 }, data)
  const out = mkdtempSync(join(tmpdir(), 'verigate-shards-bench-'))
  const samplePath = join(out, 'requests-sample.csv')
  await copyFirstRequests(join(data, 'requests.csv'), linkRequests, samplePath)
  const { records } = await readRequestFile(samplePath)
  const requests = toLinkRequests(records)
  console.log(`shards bench: ${scaleArg}, linking the first ${requests.length.toLocaleString('en-US')} requests; load average ${load()} at the start (${new Date().toISOString()})`)

  let t = performance.now()
  let cpu = process.cpuUsage()
  let whole: MasterIndex | undefined = (await indexMasterFile(join(data, 'master.csv'))).index
  const buildS = seconds(performance.now() - t)
  const buildCpuS = cpuSeconds(cpu)
  const rssWholeMiB = mib(process.memoryUsage().rss)
  t = performance.now()
  saveMasterIndex(whole, join(out, 'whole.vgx'))
  const saveS = seconds(performance.now() - t)
  // Warm the linker's code on a slice first, so the timed whole link is compared warm with shards.
  createLinker({ index: whole, nicknameGroups }).link(requests.slice(0, 2000))
  const wholeLinker = createLinker({ index: whole, nicknameGroups })
  t = performance.now()
  cpu = process.cpuUsage()
  // Digests, not the lines: at ten million a request's evidence runs to kilobytes.
  const expected = wholeLinker.link(requests).map((r) => createHash('sha256').update(evidenceLine(r)).digest('hex'))
  const wholeLinkS = seconds(performance.now() - t)
  const wholeLinkCpuS = cpuSeconds(cpu)
  const wholeCandidates = Math.round((wholeLinker.blocking.counters().distinct / requests.length) * 100) / 100
  const wholeCount = whole.count
  const wholeBytes = whole.byteLength
  console.log(`whole index built (${buildS} s wall, ${buildCpuS} s CPU), saved (${saveS} s, ${mib(statSync(join(out, 'whole.vgx')).size)} MiB) and linked; load average ${load()}`)
  rmSync(join(out, 'whole.vgx'))

  const cuts: { k: number; manifestPath: string; cutS: number }[] = []
  for (const k of shardCounts) {
    const manifestPath = join(out, `k${k}.shards.json`)
    t = performance.now()
    saveShardedIndex(whole, manifestPath, { shards: k, model: DEFAULT_MODEL, modelDigest: modelDigest(DEFAULT_MODEL) })
    cuts.push({ k, manifestPath, cutS: seconds(performance.now() - t) })
  }
  // The shards are measured alone: the whole index and its linker are let go first.
  whole = undefined
  ;(globalThis as { gc?: () => void }).gc?.()
  const peakBeforeShardsMiB = Math.round(peakRssMiB())
  console.log(`shards cut (${cuts.map((c) => `K = ${c.k}: ${c.cutS} s`).join(', ')}); this process's peak RSS so far ${peakBeforeShardsMiB} MiB; load average ${load()}`)

  const self = fileURLToPath(import.meta.url)
  for (const { k, manifestPath, cutS } of cuts) {
    const rows: (string | number)[][] = [['whole', wholeCount, wholeBytes, 0, rssWholeMiB, `${buildS} (CPU ${buildCpuS})`, '', wholeLinkS, wholeLinkCpuS, wholeCandidates, '', '']]
    for (let i = 0; i < k; i++) {
      const f = JSON.parse(execFileSync(process.execPath, [...process.execArgv, self, '--shard-process', manifestPath, String(i), samplePath, out], { encoding: 'utf8', maxBuffer: 1 << 20 })) as ShardFigures
      rows.push([`shard ${i} of ${k}`, f.records, f.bytes, f.globalBytes, `${f.rssLoadedMiB} (${f.rssBeforeMiB} before)`, i === 0 ? cutS : '', f.loadS, f.linkS, f.linkCpuS, Math.round((f.candidates / requests.length) * 100) / 100, Math.round(f.answerBytes / requests.length), f.peakRssMiB])
      console.log(`shard ${i} of ${k} measured; load average ${load()}`)
    }
    // The merge as a coordinator does it: each request's K answers parsed from JSON, then merged.
    let parseMs = 0
    let parseCpu = 0
    let mergeMs = 0
    let mergeCpu = 0
    let same = 0
    for (let s = 0; s * SLICE < requests.length; s++) {
      t = performance.now()
      cpu = process.cpuUsage()
      const parts = Array.from({ length: k }, (_, i) => readFileSync(join(out, `answers-${i}-${s}.jsonl`), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as ShardCandidates))
      parseMs += performance.now() - t
      parseCpu += cpuSeconds(cpu)
      t = performance.now()
      cpu = process.cpuUsage()
      const merged = (parts[0] ?? []).map((_, r) => mergeCandidates(parts.map((p) => p[r] as ShardCandidates), DEFAULT_LINK_SETTINGS))
      mergeMs += performance.now() - t
      mergeCpu += cpuSeconds(cpu)
      merged.forEach((result, r) => {
        if (createHash('sha256').update(evidenceLine(result)).digest('hex') === expected[s * SLICE + r]) same++
      })
      for (let i = 0; i < k; i++) rmSync(join(out, `answers-${i}-${s}.jsonl`))
    }
    printTable(
      `shards — ${wholeCount.toLocaleString('en-US')} master records, ${requests.length.toLocaleString('en-US')} requests, K = ${k} (one thread; each shard in a process of its own; build: the whole index; cut: all K shards and the manifest written and hashed)`,
      ['index', 'records', 'bytes', 'of which whole-master', 'RSS loaded MiB (before)', 'build / cut s', 'load + checks s', 'link s (wall)', 'link s (CPU)', 'candidates a request', 'answer bytes a request', 'peak RSS MiB'],
      rows,
    )
    const mergeS = seconds(mergeMs)
    printTable(`merge — K = ${k}`, ['requests', 'read and parse answers s (wall / CPU)', 'merge s (wall)', 'merge s (CPU)', 'µs a request (merge, wall)', 'merged results equal to the whole index’s'], [[requests.length, `${seconds(parseMs)} / ${Math.round(parseCpu * 1000) / 1000}`, mergeS, Math.round(mergeCpu * 1000) / 1000, Math.round((mergeS * 1e6) / requests.length), `${same} of ${requests.length}`]])
    if (same !== requests.length) process.exitCode = 1
  }
  rmSync(out, { recursive: true, force: true })
  console.log(`peak memory of this process ${Math.round(peakRssMiB())} MiB (the whole index built and linked); load average ${load()} at the end (${new Date().toISOString()})`)
}

const argv = process.argv.slice(2)
if (argv[0] === '--shard-process') await shardProcess(argv.slice(1))
else await main(argv)
