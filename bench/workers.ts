/**
 * `npm run bench -- workers [--scale PEOPLE:REQUESTS] [--shards K]… [--workers N]…`
 *
 * A batch on the cluster (issue 20) against the same batch in one process: generated incident
 * data (default 200,000 people against 20,000 requests), the master cut into K shards (default
 * K = 2), `verigate worker` processes (default 1 and 2) answering the shard jobs through pg-boss
 * on PostgreSQL, the coordinator here. For each run: the whole batch's wall time and its
 * intake+link+decide stage, and the speed-up of N workers over one; the single-process batch (one
 * link thread, so one core links in both) is the reference. Every run's response file must equal
 * the single-process one (the bench fails otherwise). Needs VERIGATE_TEST_PG_URL (or
 * VERIGATE_BENCH_PG_URL); each run works in schemas of its own, dropped afterwards. The workers
 * are started and have loaded their shards before a run is timed.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { loadOrCreateLedgerKeys } from '../src/ledger/index.js'
import { openStore } from '../src/store/index.js'
import { runBatch } from '../src/workflow/index.js'
import type { BatchRunResult, DistributedBatchOptions } from '../src/workflow/index.js'
import { generate } from '../src/synth/index.js'
import { printTable } from './support/report.js'

const URL_ = process.env.VERIGATE_BENCH_PG_URL ?? process.env.VERIGATE_TEST_PG_URL
if (!URL_) {
  console.error('workers bench: set VERIGATE_TEST_PG_URL (or VERIGATE_BENCH_PG_URL) to a PostgreSQL database the bench may create schemas in')
  process.exit(0)
}
const PG_URL: string = URL_
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(ROOT, 'bin/verigate.js')
const AGREEMENT = join(ROOT, 'policies/agreements/irs-ice-2025-corrected.yaml')
const ORDERS = join(ROOT, 'policies/orders')

const args = process.argv.slice(2)
const scaleArg = args.includes('--scale') ? (args[args.indexOf('--scale') + 1] ?? '') : '200000:20000'
const [people, requestCount] = scaleArg.split(':').map(Number) as [number, number]
const listOf = (flag: string, fallback: number[]) => {
  const values = args.flatMap((a, i) => (a === flag ? [Number(args[i + 1])] : []))
  return values.length > 0 ? values : fallback
}
const shardCounts = listOf('--shards', [2])
const workerCounts = listOf('--workers', [1, 2])

const data = join(tmpdir(), 'verigate-bench', `incident-p${people}-r${requestCount}-s1`)
if (!existsSync(join(data, 'requests.csv'))) await generate({ scenario: 'incident', people, requests: requestCount, seed: 1 }, data)
const out = mkdtempSync(join(tmpdir(), 'verigate-workers-bench-'))
const { keys } = loadOrCreateLedgerKeys(join(out, 'ledger.key'))
const tag = randomBytes(4).toString('hex')
const schemas: string[] = []
const seconds = (ms: number) => Math.round(ms) / 1000

/** Runs the batch in a store of its own schema; the response file's text and the result. */
async function batch(name: string, masterPath: string, distributed?: DistributedBatchOptions): Promise<{ result: BatchRunResult; response: string; wallS: number }> {
  const schema = `vg_bench_${tag}_${name}`
  schemas.push(schema)
  const store = await openStore(PG_URL, { mode: 'simulation', schema })
  try {
    const t = performance.now()
    const result = await runBatch(store, {
      agreementPath: AGREEMENT,
      ordersDir: ORDERS,
      masterPath,
      masterDataPath: join(data, 'master.csv'),
      requestsPath: join(data, 'requests.csv'),
      asOf: '2025-08-07T12:00:00.000Z',
      releaseAt: '2025-08-07T16:00:00.000Z',
      outDir: join(out, name),
      keys,
      threads: 1,
      ...(distributed ? { distributed } : {}),
    })
    return { result, response: readFileSync(result.responsePath, 'utf8'), wallS: seconds(performance.now() - t) }
  } finally {
    await store.close()
  }
}

/** Starts a worker serving every shard; resolves once it has loaded them and serves. */
function startWorker(manifest: string, jobsSchema: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'worker', '--db', PG_URL, '--shards', manifest, '--jobs-schema', jobsSchema, '--poll-interval', '0.5'], { stdio: ['ignore', 'ignore', 'pipe'] })
  return new Promise((resolve, reject) => {
    let text = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      if (text.includes('serving shard')) resolve(child)
    })
    child.once('exit', (code) => reject(new Error(`a worker stopped (${code}) before serving: ${text}`)))
  })
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ')
console.log(`workers bench: ${people} people, ${requestCount} requests; load average before: ${load()}`)
const rows: (string | number)[][] = []
try {
  const single = await batch('single', join(data, 'master.csv'))
  rows.push(['one process (1 link thread)', '', '', single.wallS, seconds(single.result.timings['intake+link+decide'] ?? 0), ''])
  console.log(`one process: batch ${single.wallS} s (load average ${load()})`)
  for (const k of shardCounts) {
    const manifest = join(out, `master-${k}.shards.json`)
    const t = performance.now()
    execFileSync(process.execPath, [BIN, 'index', '--master', join(data, 'master.csv'), '--shards', String(k), '--out', manifest], { stdio: 'ignore' })
    console.log(`K = ${k}: shards built in ${seconds(performance.now() - t)} s`)
    let oneWorker = 0
    for (const n of workerCounts) {
      const jobsSchema = `vg_bench_${tag}_jobs_k${k}w${n}`
      schemas.push(jobsSchema)
      const workers: ChildProcess[] = []
      for (let i = 0; i < n; i++) workers.push(await startWorker(manifest, jobsSchema))
      try {
        const run = await batch(`k${k}w${n}`, manifest, { url: PG_URL, jobsSchema, timing: { pollingIntervalSeconds: 0.5 }, pollMs: 50 })
        if (run.response !== single.response) throw new Error(`K = ${k}, ${n} workers: the response file differs from the single process's`)
        const stage = seconds(run.result.timings['intake+link+decide'] ?? 0)
        if (n === 1) oneWorker = stage
        rows.push([`distributed`, k, n, run.wallS, stage, oneWorker > 0 ? (oneWorker / stage).toFixed(2) : ''])
        console.log(`K = ${k}, ${n} worker${n === 1 ? '' : 's'}: batch ${run.wallS} s, intake+link+decide ${stage} s (load average ${load()})`)
      } finally {
        await Promise.all(
          workers.map(
            (w) =>
              new Promise((resolve) => {
                w.once('exit', resolve)
                w.kill('SIGTERM')
              }),
          ),
        )
      }
    }
  }
} finally {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  for (const s of schemas) await client.query(`drop schema if exists ${s} cascade`)
  await client.end()
}
printTable(`A batch on workers (${people} people, ${requestCount} requests; every response equal to one process's)`, ['run', 'K', 'workers', 'batch (s)', 'intake+link+decide (s)', 'speed-up over 1 worker'], rows)
console.log(`load average after: ${load()} (a machine shared with other work: wall times are pessimistic)`)
