/**
 * `npm run bench -- api [--people N] [--seconds S] [--connections C] [--upload PEOPLE:REQUESTS]`
 *
 * 1. Online verification over HTTP: `verigate serve` in a child process with a master index
 *    snapshot (default 1,000,000 people, the data of `bench/link` at that scale, generated into
 *    the system temp folder and kept), driven on loopback by a load generator in this process
 *    (C keep-alive connections, S seconds after a warm-up): verifications per second, p50 and p99
 *    latency, the answers. Baseline: the same records decided in this process with no HTTP
 *    (`createOnlineVerifier`), one at a time.
 * 2. With --upload: a request file (e.g. 10000000:1280000, the incident's 1.28 million requests)
 *    streamed to `POST /v1/batches`: seconds, MB/s, and the server's resident memory before and
 *    after (the upload is streamed to disk, so memory must not grow with the file).
 *
 * The agreement is the corrected one with its term extended, so that decisions made today are
 * decided on the evidence rather than refused as out of term.
 */
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { createOnlineVerifier } from '../src/api/index.js'
import type { RequestRecord } from '../src/core/index.js'
import { indexMasterFile, saveMasterIndex } from '../src/link/index.js'
import { generate } from '../src/synth/index.js'
import { printTable } from './support/report.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: string) => (args.includes(name) ? (args[args.indexOf(name) + 1] ?? fallback) : fallback)
const people = Number(option('--people', '1000000'))
const seconds = Number(option('--seconds', '10'))
const connections = Number(option('--connections', '16'))
const upload = args.includes('--upload') ? option('--upload', '10000000:1280000').split(':').map(Number) : undefined

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(ROOT, 'bin/verigate.js')

/** The data of `bench/link` at a scale: generated once, kept in the temp folder, with its snapshot. */
async function dataAt(p: number, r: number, withSnapshot: boolean): Promise<string> {
  const dir = join(tmpdir(), 'verigate-bench', `incident-p${p}-r${r}-s1`)
  if (!existsSync(join(dir, 'requests.csv'))) {
    console.error(`generating ${p.toLocaleString('en-US')} people and ${r.toLocaleString('en-US')} requests into ${dir} …`)
    await generate({ scenario: 'incident', people: p, requests: r, seed: 1 }, dir)
  }
  if (withSnapshot && !existsSync(join(dir, 'master.vgx'))) {
    console.error('indexing the master …')
    saveMasterIndex((await indexMasterFile(join(dir, 'master.csv'))).index, join(dir, 'master.vgx'))
  }
  return dir
}

function verigate(...a: string[]): string {
  const run = spawnSync(process.execPath, [BIN, ...a], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`verigate ${a.join(' ')}: ${run.stderr}`)
  return run.stdout
}

/** Starts `verigate serve` and resolves with its address once it listens. */
async function startServer(work: string, data: string, agreement: string): Promise<{ child: ChildProcess; address: string; key: string }> {
  const db = join(work, 'bench.sqlite')
  verigate('party', 'add', 'dhs-ice', '--name', 'ICE', '--db', db)
  const { key } = JSON.parse(verigate('party', 'key', 'create', 'dhs-ice', '--role', 'requester', '--json', '--db', db)) as { key: string }
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--db', db, '--master', join(data, 'master.vgx'), '--master-data', join(data, 'master.csv'), '--agreement', agreement, '--data-dir', join(work, 'served'), '--port', '0', '--log-level', 'warn', '--rate-limit', '1000000000', '--max-upload', String(2 ** 34), '--threads', '1'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  const address = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(stderr)
      if (m) resolve(m[1]!)
    })
    child.on('exit', () => reject(new Error(`the server exited: ${stderr}`)))
  })
  return { child, address, key }
}

/** Resident memory of a process now and at its peak (MiB), from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

/** Drives POST /v1/verify with `connections` loops for `ms` milliseconds; returns latencies and answers. */
async function load(address: string, key: string, bodies: readonly string[], ms: number): Promise<{ latencies: number[]; answers: Map<string, number>; errors: number; elapsed: number }> {
  const url = new URL('/v1/verify', address)
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const latencies: number[] = []
  const answers = new Map<string, number>()
  let errors = 0
  let next = 0
  const start = performance.now()
  const end = start + ms
  const one = (body: string) =>
    new Promise<void>((resolve) => {
      const t = performance.now()
      const req = request(url, { method: 'POST', agent, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => {
          latencies.push(performance.now() - t)
          if (res.statusCode !== 200) errors++
          else {
            const code = (JSON.parse(text) as { answer: { code: string } }).answer.code
            answers.set(code, (answers.get(code) ?? 0) + 1)
          }
          resolve()
        })
      })
      req.on('error', () => {
        errors++
        resolve()
      })
      req.end(body)
    })
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) await one(bodies[next++ % bodies.length]!)
    }),
  )
  agent.destroy()
  return { latencies, answers, errors, elapsed: performance.now() - start }
}

const work = mkdtempSync(join(tmpdir(), 'verigate-bench-api-'))
const data = await dataAt(people, 100_000, true)
const agreement = join(work, 'agreement.yaml')
writeFileSync(agreement, readFileSync(join(ROOT, 'policies/agreements/irs-ice-2025-corrected.yaml'), 'utf8').replace(/until: 2026-10-06/, 'until: 2099-12-31'))
const records = (parse(readFileSync(join(data, 'requests.csv'), 'utf8').split('\n').slice(0, 2001).join('\n'), { columns: true }) as Record<string, string>[]).map(
  (row) => Object.fromEntries(Object.entries(row).filter(([k, v]) => v !== '' && k !== 'request_kind').map(([k, v]) => [k === 'request_id' ? 'id' : k, v])) as unknown as RequestRecord,
)
const bodies = records.map((r) => JSON.stringify(r))

const server = await startServer(work, data, agreement)
try {
  const loaded = memoryOf(server.child.pid!)
  await load(server.address, server.key, bodies, 2000)
  const run = await load(server.address, server.key, bodies, seconds * 1000)
  const sorted = [...run.latencies].sort((a, b) => a - b)
  const rate = run.latencies.length / (run.elapsed / 1000)

  // The baseline: the same path in this process, no HTTP, one record at a time.
  const verifier = await createOnlineVerifier({ masterPath: join(data, 'master.vgx'), masterDataPath: join(data, 'master.csv'), agreementPath: agreement })
  const asOf = new Date().toISOString()
  for (const r of records.slice(0, 200)) verifier.decide(r, 'dhs-ice', {}, asOf)
  const direct: number[] = []
  const t0 = performance.now()
  for (let i = 0; performance.now() - t0 < 3000; i++) {
    const t = performance.now()
    verifier.decide(records[i % records.length]!, 'dhs-ice', {}, asOf)
    direct.push(performance.now() - t)
  }
  const directElapsed = performance.now() - t0
  const directSorted = [...direct].sort((a, b) => a - b)
  const directRate = direct.length / (directElapsed / 1000)
  printTable(
    `Online verification against ${people.toLocaleString('en-US')} master people (2 shared cores: server, load generator and other work on one machine)`,
    ['path', 'connections', 'verifications', 'per second', 'p50 ms', 'p99 ms', 'errors', 'vs in-process'],
    [
      ['HTTP (verigate serve, loopback)', connections, run.latencies.length, Math.round(rate), percentile(sorted, 50), percentile(sorted, 99), run.errors, `${(rate / directRate).toFixed(2)}×`],
      ['in process, no HTTP (baseline)', 1, direct.length, Math.round(directRate), percentile(directSorted, 50), percentile(directSorted, 99), 0, '1.00×'],
    ],
  )
  printTable('Answers over HTTP', ['answer', 'count'], [...run.answers.entries()].sort((a, b) => b[1] - a[1]))
  printTable('Server memory', ['when', 'RSS MiB', 'peak MiB'], [['master loaded', Math.round(loaded.rss), Math.round(loaded.peak)], ['after the load', Math.round(memoryOf(server.child.pid!).rss), Math.round(memoryOf(server.child.pid!).peak)]])

  if (upload) {
    const [p, r] = upload as [number, number]
    const file = join(await dataAt(p, r, false), 'requests.csv')
    const bytes = statSync(file).size
    const before = memoryOf(server.child.pid!)
    const t = performance.now()
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(new URL('/v1/batches', server.address), { method: 'POST', headers: { authorization: `Bearer ${server.key}`, 'content-type': 'text/csv', 'content-length': bytes } }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      })
      req.on('error', reject)
      createReadStream(file).pipe(req)
    })
    const elapsed = (performance.now() - t) / 1000
    const after = memoryOf(server.child.pid!)
    printTable(
      `Batch upload over HTTP (${r.toLocaleString('en-US')} requests)`,
      ['status', 'MB', 'seconds', 'MB/s', 'RSS before MiB', 'RSS after MiB', 'peak after MiB'],
      [[status, Math.round(bytes / 1e6), elapsed, Math.round(bytes / 1e6 / elapsed), Math.round(before.rss), Math.round(after.rss), Math.round(after.peak)]],
    )
  }
} finally {
  server.child.kill('SIGKILL')
  rmSync(work, { recursive: true, force: true })
}
