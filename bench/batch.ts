/**
 * `npm run bench -- batch [--scale PEOPLE:REQUESTS]… [--threads N]`
 *
 * The batch workflow end to end on SQLite (issue 7): generated data at the incident's rates
 * (default 100,000 master people against 12,800 requests, and 400,000 against 51,200: 1/100 and
 * 1/25 of the incident), the master prepared as a `.vgx` index beforehand (as the target
 * assumes), then `runBatch`: intake, link + decide, release, reading the disclosed values from the
 * master file, and the finish (response file, checkpoint, summary, HTML report). Prints the time
 * of each stage, the total, requests per second, peak memory, and the time of an idempotent
 * second run. The incident is 10,000,000 people against 1,280,000 requests.
 *
 * Data are made by the generator into bench/out/ (ignored by git) and kept for the next run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadOrCreateLedgerKeys } from '../src/ledger/index.js'
import { indexMasterFile, saveMasterIndex } from '../src/link/index.js'
import { openStore } from '../src/store/index.js'
import { generate } from '../src/synth/index.js'
import { runBatch } from '../src/workflow/index.js'
import { peakRssMiB, printTable } from './support/report.js'

const args = process.argv.slice(2)
const scales = args.flatMap((a, i) => (a === '--scale' ? [args[i + 1] ?? ''] : [])).map((s) => s.split(':').map(Number) as [number, number])
const threadsArg = args.includes('--threads') ? Number(args[args.indexOf('--threads') + 1]) : undefined
if (scales.length === 0) scales.push([100_000, 12_800], [400_000, 51_200])

const root = fileURLToPath(new URL('../../', import.meta.url))
const seconds = (ms: number) => Math.round(ms) / 1000
const STAGES = ['prepare', 'intake', 'link+decide', 'master values', 'release', 'response', 'checkpoint', 'summary', 'report'] as const

const rows: (string | number)[][] = []
const perRequest: (string | number)[][] = []
for (const [people, requests] of scales) {
  const data = join(root, 'bench/out', `batch-${people}-${requests}`)
  if (!existsSync(join(data, 'requests.csv'))) {
    mkdirSync(data, { recursive: true })
    await generate({ scenario: 'incident', people, requests }, data)
  }
  const snapshot = join(data, 'master.vgx')
  let indexMs = 0
  if (!existsSync(snapshot)) {
    const t = performance.now()
    const { index } = await indexMasterFile(join(data, 'master.csv'))
    saveMasterIndex(index, snapshot)
    indexMs = performance.now() - t
  }
  const work = mkdtempSync(join(root, 'bench/out', 'batch-run-'))
  const store = await openStore(join(work, 'bench.sqlite'))
  const { keys } = loadOrCreateLedgerKeys(join(work, 'ledger.key'))
  const options = {
    agreementPath: join(root, 'policies/agreements/irs-ice-2025-corrected.yaml'),
    ordersDir: join(root, 'policies/orders'),
    masterPath: snapshot,
    masterDataPath: join(data, 'master.csv'),
    requestsPath: join(data, 'requests.csv'),
    asOf: '2025-08-07T12:00:00Z',
    releaseAt: '2025-08-07T16:00:00Z',
    outDir: join(work, 'out'),
    keys,
    ...(threadsArg ? { threads: threadsArg } : {}),
  }
  const t = performance.now()
  const result = await runBatch(store, options)
  const total = performance.now() - t
  const t2 = performance.now()
  await runBatch(store, options)
  const again = performance.now() - t2
  await store.close()
  rmSync(work, { recursive: true, force: true })
  const s = result.summary
  rows.push([
    `${people.toLocaleString('en-US')} : ${requests.toLocaleString('en-US')}`,
    ...STAGES.map((stage) => seconds(result.timings[stage] ?? 0)),
    seconds(total),
    Math.round(requests / (total / 1000)),
    Math.round(peakRssMiB()),
    seconds(again),
    indexMs > 0 ? seconds(indexMs) : 'cached',
  ])
  perRequest.push([`${people.toLocaleString('en-US')} : ${requests.toLocaleString('en-US')}`, s.intake_refused, s.matched, s.disclosed, s.withheld, s.review, ...STAGES.map((stage) => Math.round(((result.timings[stage] ?? 0) * 1000) / requests))])
}

printTable(
  'batch: end to end on SQLite, seconds per stage (master prepared as .vgx; 2 shared cores)',
  ['people : requests', ...STAGES, 'total s', 'requests/s', 'peak RSS MiB', 'rerun s', 'index build s'],
  rows,
  3,
)
printTable('batch: outcomes and microseconds per request by stage', ['people : requests', 'refused', 'matched', 'disclosed', 'withheld', 'review', ...STAGES.map((s) => `${s} µs`)], perRequest)
