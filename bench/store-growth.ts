/**
 * `npm run bench -- store-growth [--batches N] [--scale PEOPLE:REQUESTS] [--backends sqlite,postgres]`
 *
 * A store at production shape (issue 19): N batches, one after another, into ONE store that keeps
 * every earlier batch, on SQLite and on PostgreSQL. The request file of a generated data set
 * (default 100,000 master people against 128,000 requests) is cut into N request files of equal
 * size, each run as its own batch with `runBatch` against a prepared `.vgx` master. Prints each
 * batch's wall time on each back end, the ratio of the last batch to the first (goal: within
 * 1.2, i.e. a store never gets slower per batch as it fills), and PostgreSQL over SQLite (goal:
 * within 1.5).
 *
 * PostgreSQL runs when VERIGATE_BENCH_PG_URL (or else VERIGATE_TEST_PG_URL) is set, in a schema of
 * its own that is dropped afterwards. Data are generated into bench/out/ (ignored by git) and kept.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { loadOrCreateLedgerKeys } from '../src/ledger/index.js'
import { openStore } from '../src/store/index.js'
import type { Store } from '../src/store/index.js'
import { runBatch } from '../src/workflow/index.js'
import { generatedIncidentSet } from './support/incident-set.js'
import { printTable } from './support/report.js'

const args = process.argv.slice(2)
const valueOf = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
const batches = Number(valueOf('--batches') ?? 10)
const [people, requests] = (valueOf('--scale') ?? '100000:128000').split(':').map(Number) as [number, number]
const pgUrl = process.env.VERIGATE_BENCH_PG_URL ?? process.env.VERIGATE_TEST_PG_URL
const backends = (valueOf('--backends') ?? (pgUrl ? 'sqlite,postgres' : 'sqlite')).split(',')
if (!Number.isInteger(batches) || batches < 2) throw new Error(`--batches must be an integer of at least 2, not ${valueOf('--batches')}`)
if (backends.includes('postgres') && !pgUrl) throw new Error('PostgreSQL needs VERIGATE_BENCH_PG_URL (or VERIGATE_TEST_PG_URL)')

const root = fileURLToPath(new URL('../../', import.meta.url))
const seconds = (ms: number) => Math.round(ms) / 1000

/** The generated data set and its request file cut into `batches` files (each with the header). */
async function dataSet(): Promise<{ master: string; snapshot: string; requestFiles: string[] }> {
  const data = join(root, 'bench/out', `store-growth-${people}-${requests}`)
  const { master, snapshot } = await generatedIncidentSet(data, people, requests)
  // Generated request lines hold no line breaks inside quotes, so a line is a record.
  const lines = readFileSync(join(data, 'requests.csv'), 'utf8').split('\n').filter((l) => l.length > 0)
  const [header, ...body] = lines
  const per = Math.ceil(body.length / batches)
  const requestFiles: string[] = []
  for (let i = 0; i < batches; i++) {
    const file = join(data, `requests-${batches}-${i + 1}.csv`)
    if (!existsSync(file)) writeFileSync(file, `${[header, ...body.slice(i * per, (i + 1) * per)].join('\n')}\n`)
    requestFiles.push(file)
  }
  return { master, snapshot, requestFiles }
}

/** One batch's figures. */
interface BatchFigures {
  readonly wallMs: number
  /** CPU time of this process, all threads (the machine is shared: steadier than wall time; PostgreSQL's own is not in it). */
  readonly cpuMs: number
  readonly timings: Record<string, number>
  readonly disclosed: number
}

/** Runs every batch into one store of the back end; returns each batch's figures. */
async function runInto(backend: string, set: Awaited<ReturnType<typeof dataSet>>): Promise<BatchFigures[]> {
  const work = mkdtempSync(join(root, 'bench/out', 'store-growth-run-'))
  const schema = `bench_growth_${randomBytes(4).toString('hex')}`
  const store: Store = backend === 'postgres' ? await openStore(pgUrl!, { mode: 'simulation', schema }) : await openStore(join(work, 'bench.sqlite'), { mode: 'simulation' })
  const { keys } = loadOrCreateLedgerKeys(join(work, 'ledger.key'))
  const figures: BatchFigures[] = []
  try {
    for (const [i, requestsPath] of set.requestFiles.entries()) {
      // One batch a day, as an agency sends them.
      const day = new Date(Date.UTC(2025, 7, 7 + i))
      const t = performance.now()
      const cpu = process.cpuUsage()
      const result = await runBatch(store, {
        agreementPath: join(root, 'policies/agreements/irs-ice-2025-corrected.yaml'),
        ordersDir: join(root, 'policies/orders'),
        masterPath: set.snapshot,
        masterDataPath: set.master,
        requestsPath,
        asOf: new Date(day.getTime() + 12 * 3600_000).toISOString(),
        releaseAt: new Date(day.getTime() + 16 * 3600_000).toISOString(),
        outDir: join(work, 'out'),
        keys,
      })
      const used = process.cpuUsage(cpu)
      figures.push({ wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000, timings: { ...result.timings }, disclosed: result.summary.disclosed })
      console.error(`${backend} batch ${i + 1}/${set.requestFiles.length}: ${seconds(figures[i]!.wallMs)} s`)
    }
  } finally {
    await store.close()
    rmSync(work, { recursive: true, force: true })
    if (backend === 'postgres') {
      const client = new pg.Client({ connectionString: pgUrl })
      await client.connect()
      try {
        await client.query(`drop schema if exists ${schema} cascade`)
      } finally {
        await client.end()
      }
    }
  }
  return figures
}

const set = await dataSet()
const results = new Map<string, BatchFigures[]>()
for (const backend of backends) results.set(backend, await runInto(backend, set))

const STAGES = ['intake+link+decide', 'analyze', 'release', 'response', 'summary'] as const
const rows: (string | number)[][] = []
for (let i = 0; i < batches; i++) {
  const row: (string | number)[] = [i + 1]
  for (const backend of backends) {
    const f = results.get(backend)![i]!
    row.push(seconds(f.wallMs), seconds(f.cpuMs), ...STAGES.map((s) => seconds(f.timings[s] ?? 0)))
  }
  if (results.has('sqlite') && results.has('postgres')) row.push(`${(results.get('postgres')![i]!.wallMs / results.get('sqlite')![i]!.wallMs).toFixed(2)}×`)
  rows.push(row)
}
const ratioRow: (string | number)[] = ['last / first']
for (const backend of backends) {
  const f = results.get(backend)!
  ratioRow.push(`${(f[batches - 1]!.wallMs / f[0]!.wallMs).toFixed(2)}×`, `${(f[batches - 1]!.cpuMs / f[0]!.cpuMs).toFixed(2)}×`, ...STAGES.map((s) => `${((f[batches - 1]!.timings[s] ?? 0) / Math.max(1, f[0]!.timings[s] ?? 0)).toFixed(2)}×`))
}
if (results.has('sqlite') && results.has('postgres')) {
  const total = (b: string) => results.get(b)!.reduce((sum, f) => sum + f.wallMs, 0)
  ratioRow.push(`${(total('postgres') / total('sqlite')).toFixed(2)}× (all)`)
}
rows.push(ratioRow)
printTable(
  `store-growth: ${batches} batches of ${Math.ceil(requests / batches).toLocaleString('en-US')} requests against ${people.toLocaleString('en-US')} people into one store, wall s per batch`,
  ['batch', ...backends.flatMap((b) => [`${b} s`, `${b} CPU s`, ...STAGES.map((s) => `${b} ${s}`)]), ...(results.has('sqlite') && results.has('postgres') ? ['postgres / sqlite'] : [])],
  rows,
  3,
)
