/**
 * `npm run bench -- generate [small] [--workers N]`: how fast `verigate generate` writes a master
 * and its requests, streaming to a temporary folder (deleted afterwards). Rows are master rows plus
 * request rows; bytes are all four files. The target: 10,000,000 master people plus 1,280,000
 * requests in at most 2 minutes on a 2-core machine.
 *
 * Runs the small scale (1,000,000 people, 128,000 requests) on one thread as the baseline and on
 * the worker pool, then the incident scale on the worker pool (skipped with `small`). CPU seconds
 * count every thread of the process: on a shared machine they say what the wall time would be on
 * an idle one (about CPU seconds divided by the cores).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generate } from '../src/synth/index.js'
import type { GenerateSummary } from '../src/synth/index.js'
import { peakRssMiB, printTable } from './support/report.js'

const args = process.argv.slice(2)
const smallOnly = args.includes('small')
const workersAt = args.indexOf('--workers')
const workers = workersAt >= 0 ? Number(args[workersAt + 1]) : undefined

interface Run {
  readonly label: string
  readonly people: number
  readonly requests: number
  readonly workers?: number
}

async function measure(run: Run): Promise<(string | number)[]> {
  const dir = mkdtempSync(join(tmpdir(), 'verigate-bench-'))
  try {
    const started = performance.now()
    const cpuBefore = process.cpuUsage()
    const summary: GenerateSummary = await generate({ scenario: 'incident', people: run.people, requests: run.requests }, dir, run.workers === undefined ? {} : { workers: run.workers })
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    const rows = summary.files.master.rows + summary.files.requests.rows
    const bytes = summary.files.master.bytes + summary.files.requests.bytes + summary.files.truth.bytes + summary.files.config.bytes
    const t = summary.timings
    return [
      run.label,
      summary.workers === 0 ? 'main thread' : `${summary.workers} workers`,
      summary.files.master.rows,
      summary.files.requests.rows,
      Math.round(rows / seconds),
      seconds,
      cpuSeconds,
      `${(t.index / 1000).toFixed(1)} / ${(t.requests / 1000).toFixed(1)} / ${(t.master / 1000).toFixed(1)} / ${(t.truth / 1000).toFixed(1)}`,
      Math.round(bytes / 2 ** 20),
      Math.round(peakRssMiB()),
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const runs: Run[] = [
  { label: '1M + 128k', people: 1_000_000, requests: 128_000, workers: 0 },
  { label: '1M + 128k', people: 1_000_000, requests: 128_000, ...(workers === undefined ? {} : { workers }) },
]
if (!smallOnly) runs.push({ label: 'incident: 10M + 1.28M', people: 10_000_000, requests: 1_280_000, ...(workers === undefined ? {} : { workers }) })

const rows: (string | number)[][] = []
for (const run of runs) {
  rows.push(await measure(run))
  console.error(`done: ${run.label} (${rows.at(-1)?.[1]})`)
}
const baseline = rows[0]?.[5] as number
printTable(
  'generate: synthetic master and requests (peak RSS is the process high-water mark so far, workers included)',
  ['scale', 'threads', 'master rows', 'requests', 'rows/s', 'wall s', 'CPU s (all threads)', 'passes s (index/requests/master/truth)', 'output MiB', 'peak RSS MiB'],
  rows.map((r, i) => (i === 1 ? [...r.slice(0, 5), `${(r[5] as number).toFixed(1)} (${(baseline / (r[5] as number)).toFixed(2)}× one thread)`, ...r.slice(6)] : r)),
  1,
)
