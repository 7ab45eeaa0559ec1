/**
 * `npm run bench -- batch [--scale PEOPLE:REQUESTS]… [--data DIR] [--threads N] [--no-rerun]`
 *
 * The batch workflow end to end on SQLite (issue 7): generated data at the incident's rates
 * (default 100,000 master people against 12,800 requests, and 400,000 against 51,200: 1/100 and
 * 1/25 of the incident), the master prepared as a `.vgx` index beforehand (as the target
 * assumes), then `runBatch`: intake, link + decide, release, reading the disclosed values from the
 * master file, and the finish (response file, checkpoint, summary, HTML report). Prints the time
 * of each stage, the total, requests per second, peak memory, and the time of an idempotent
 * second run. The incident is 10,000,000 people against 1,280,000 requests.
 *
 * Data are made by the generator into bench/out/ (ignored by git) and kept for the next run;
 * `--data DIR` runs on a folder made by the generator elsewhere (master.csv, requests.csv, and
 * master.vgx, rebuilt into bench/out when missing or of an older format). A cached snapshot of an
 * older format is rebuilt.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadOrCreateLedgerKeys } from '../src/ledger/index.js'
import { indexMasterFile, loadMasterIndex, saveMasterIndex } from '../src/link/index.js'
import { openStore } from '../src/store/index.js'
import { generate } from '../src/synth/index.js'
import { runBatch } from '../src/workflow/index.js'
import { peakRssMiB, printTable } from './support/report.js'

const args = process.argv.slice(2)
const valueOf = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
const scales = args.flatMap((a, i) => (a === '--scale' ? [args[i + 1] ?? ''] : [])).map((s) => s.split(':').map(Number) as [number, number])
const threadsArg = valueOf('--threads') === undefined ? undefined : Number(valueOf('--threads'))
const dataArg = valueOf('--data')
const rerun = !args.includes('--no-rerun')
if (scales.length === 0 && dataArg === undefined) scales.push([100_000, 12_800], [400_000, 51_200])

const root = fileURLToPath(new URL('../../', import.meta.url))
const seconds = (ms: number) => Math.round(ms) / 1000
const STAGES = ['prepare', 'intake+link+decide', 'master values', 'release', 'response', 'checkpoint', 'summary', 'report'] as const

/** True when the snapshot at `path` is there and of the format this version reads. */
function usableSnapshot(path: string): boolean {
  if (!existsSync(path)) return false
  try {
    loadMasterIndex(path)
    return true
  } catch {
    return false
  } finally {
    globalThis.gc?.()
  }
}

/** The data of one run: generated into bench/out at a scale, or an existing folder (`--data`). */
interface DataSet {
  readonly label: string
  readonly master: string
  readonly requests: string
  /** Where the snapshot is, or is built when missing or of an older format. */
  readonly snapshots: readonly string[]
}

const sets: DataSet[] = []
for (const [people, requests] of scales) {
  const data = join(root, 'bench/out', `batch-${people}-${requests}`)
  if (!existsSync(join(data, 'requests.csv'))) {
    mkdirSync(data, { recursive: true })
    await generate({ scenario: 'incident', people, requests }, data)
  }
  sets.push({ label: `${people.toLocaleString('en-US')} : ${requests.toLocaleString('en-US')}`, master: join(data, 'master.csv'), requests: join(data, 'requests.csv'), snapshots: [join(data, 'master.vgx')] })
}
if (dataArg !== undefined) {
  const data = resolve(dataArg)
  sets.push({
    label: basename(data),
    master: join(data, 'master.csv'),
    requests: join(data, 'requests.csv'),
    // The folder's own snapshot when this version reads it; else one built into bench/out.
    snapshots: [join(data, 'master.vgx'), join(root, 'bench/out', `batch-data-${basename(data)}`, 'master.vgx')],
  })
}

const rows: (string | number)[][] = []
const perRequest: (string | number)[][] = []
for (const set of sets) {
  let snapshot = set.snapshots.find(usableSnapshot)
  let indexMs = 0
  if (snapshot === undefined) {
    snapshot = set.snapshots[set.snapshots.length - 1]!
    mkdirSync(join(snapshot, '..'), { recursive: true })
    const t = performance.now()
    const { index } = await indexMasterFile(set.master)
    saveMasterIndex(index, snapshot)
    indexMs = performance.now() - t
    globalThis.gc?.()
  }
  const work = mkdtempSync(join(root, 'bench/out', 'batch-run-'))
  const store = await openStore(join(work, 'bench.sqlite'), { mode: 'simulation' })
  const { keys } = loadOrCreateLedgerKeys(join(work, 'ledger.key'))
  const options = {
    agreementPath: join(root, 'policies/agreements/irs-ice-2025-corrected.yaml'),
    ordersDir: join(root, 'policies/orders'),
    masterPath: snapshot,
    masterDataPath: set.master,
    requestsPath: set.requests,
    asOf: '2025-08-07T12:00:00Z',
    releaseAt: '2025-08-07T16:00:00Z',
    outDir: join(work, 'out'),
    keys,
    ...(threadsArg ? { threads: threadsArg } : {}),
  }
  const cpu = process.cpuUsage()
  const t = performance.now()
  const result = await runBatch(store, options)
  const total = performance.now() - t
  const cpuUsed = process.cpuUsage(cpu)
  let again = 0
  if (rerun) {
    const t2 = performance.now()
    await runBatch(store, options)
    again = performance.now() - t2
  }
  await store.close()
  rmSync(work, { recursive: true, force: true })
  const s = result.summary
  const requests = s.requested
  rows.push([
    set.label,
    ...STAGES.map((stage) => seconds(result.timings[stage] ?? 0)),
    seconds(total),
    seconds((cpuUsed.user + cpuUsed.system) / 1000),
    Math.round(requests / (total / 1000)),
    Math.round(peakRssMiB()),
    rerun ? seconds(again) : 'not run',
    indexMs > 0 ? seconds(indexMs) : 'cached',
  ])
  perRequest.push([set.label, requests, s.intake_refused, s.matched, s.disclosed, s.withheld, s.review, ...STAGES.map((stage) => Math.round(((result.timings[stage] ?? 0) * 1000) / requests))])
}

printTable(
  'batch: end to end on SQLite, seconds per stage (master prepared as .vgx; 2 shared cores)',
  ['people : requests', ...STAGES, 'total s', 'CPU s (all threads)', 'requests/s', 'peak RSS MiB', 'rerun s', 'index build s'],
  rows,
  3,
)
printTable('batch: outcomes and microseconds per request by stage', ['people : requests', 'requests', 'refused', 'matched', 'disclosed', 'withheld', 'review', ...STAGES.map((s) => `${s} µs`)], perRequest)
