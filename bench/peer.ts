/**
 * `npm run bench -- peer [--scaled-febrl K]… [--skip-febrl | --febrl-only] [--splink-rules linear|tutorial]`
 *
 * Verigate beside its peer, Splink 4.0.16 on DuckDB (issues 18 and 19), in one run, back to back
 * on the same files:
 *
 * 1. FEBRL 4, 5,000 × 5,000 (5,000 true pairs): Splink's FEBRL tutorial model
 *    (../shared/peers/splink/run_febrl4.py, its "detailed model", DuckDB backend) and
 *    `verigate link --train`, each as a child process on FEBRL's own two files.
 * 2. Scaled FEBRL, K replicas (default K = 20: 100,000 × 100,000), built by
 *    bench/support/scaled-febrl.ts and written once in FEBRL's own layout
 *    (bench/support/febrl-layout.ts says why), then the same two commands on that one pair of
 *    files. Splink runs with the peer harness's `linear` rules here (its tutorial rules without
 *    the two whose pairs grow with the square of K, as the peer's RESULTS.md measures at this
 *    size); `--splink-rules tutorial` runs the tutorial's rules unchanged (about 7.6 GB at K = 20).
 *
 * For each: process wall (Splink's includes Python's start and Splink's import, Verigate's Node's
 * start; both read the CSVs, train and link), peak resident memory from `/usr/bin/time -v` where
 * GNU time is installed, and precision, recall and F1 of the pairs each scores at p ≥ 0.5 against
 * FEBRL's truth (`rec-N-…` is one person on both sides). Splink scores every candidate pair it
 * keeps; Verigate writes one row per request (its best candidate), so a request's pair counts when
 * that row's probability is ≥ 0.5. Splink's figures are its harness's own (its JSON), Verigate's
 * are read here from MATCHES.csv. The load average is printed with each table: the figures are
 * only comparable within one run.
 *
 * The peer must be set up as ../shared/peers/splink/README.md says, with PEER_SRC naming the
 * folder of its unpacked sources; without it, or without FEBRL in ../shared/data, this benchmark
 * says what it would measure and stops.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { sharedDataFile } from '../test/support/shared-data.js'
import { writeFebrlLayout } from './support/febrl-layout.js'
import { GNU_TIME, type Peer, findPeer, peakRssFromTime } from './support/peer.js'
import { printTable } from './support/report.js'
import { FEBRL_ENTITIES, buildScaledFebrl } from './support/scaled-febrl.js'

const args = process.argv.slice(2)
const scaledKs = args.flatMap((a, i) => (a === '--scaled-febrl' ? [Number(args[i + 1])] : []))
if (scaledKs.length === 0) scaledKs.push(20)
const splinkRules = args.includes('--splink-rules') ? args[args.indexOf('--splink-rules') + 1] : 'linear'
if (splinkRules !== 'linear' && splinkRules !== 'tutorial') throw new Error(`--splink-rules must be linear or tutorial, not ${String(splinkRules)}`)

const WHAT =
  'It would run Splink 4.0.16 (DuckDB, its FEBRL tutorial model) and `verigate link --train` back to back as child processes on FEBRL 4 (5,000 × 5,000) and on scaled FEBRL (K × 5,000 each side, default K = 20): process wall, peak RSS, and precision, recall and F1 at p ≥ 0.5 against the truth.'

/** Precision, recall and F1 of the predicted pairs against `truePairs` true ones. */
interface Scores {
  readonly tp: number
  readonly fp: number
  readonly precision: number
  readonly recall: number
  readonly f1: number
}

/** One tool's run of one job. */
interface Run {
  /** Wall-clock seconds of the child process, from spawn to exit. */
  readonly wall: number
  /** Peak resident memory of the child in MiB (GNU time), undefined without it. */
  readonly rssMiB: number | undefined
  /** Pairs at p ≥ 0.5 against the truth. */
  readonly scores: Scores
  /** The tool's own breakdown, in words, for the detail table. */
  readonly detail: string
  /** Candidate pairs the tool's blocking generated. */
  readonly candidatePairs: number | string
}

const seconds = (ms: number) => Math.round(ms / 100) / 10
const scores = (tp: number, fp: number, truePairs: number): Scores => {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0
  const recall = tp / truePairs
  return { tp, fp, precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 }
}
const load = () => loadavg().map((l) => l.toFixed(2)).join(', ')

/** The command line, under GNU time's `-v` where it is installed. */
function timed(command: string, commandArgs: readonly string[]): [string, string[]] {
  return GNU_TIME ? [GNU_TIME, ['-v', command, ...commandArgs]] : [command, [...commandArgs]]
}

/** Splink's FEBRL tutorial model on the two files in `dataDir` (dataset4a.csv, dataset4b.csv). */
function runSplink(peer: Peer, dataDir: string, rules: 'tutorial' | 'linear', scratch: string): Run {
  const out = join(scratch, `splink-${rules}.json`)
  // env.sh is the peer's own way to set PYTHONPATH, DUCKDB_LIBRARY and PYTHON from PEER_SRC;
  // `exec` leaves GNU time (or Python) as the process measured. No bytecode caches: the
  // harness folder belongs to ../shared, which this benchmark only reads.
  const [cmd, cmdArgs] = timed('"$PYTHON"', ['run_febrl4.py', '--backend', 'duckdb', '--rules', rules, '--data-dir', '"$1"', '--out', '"$2"'])
  const script = `source ./env.sh && exec ${[cmd, ...cmdArgs].join(' ')}`
  const t0 = performance.now()
  const child = spawnSync('bash', ['-c', script, 'splink', dataDir, out], { cwd: peer.dir, env: { ...process.env, PEER_SRC: peer.src, PYTHONDONTWRITEBYTECODE: '1' }, encoding: 'utf8', maxBuffer: 1 << 26 })
  const wall = performance.now() - t0
  if (child.status !== 0 || !existsSync(out)) throw new Error(`Splink's run_febrl4.py failed (exit ${String(child.status)}): ${child.stderr.slice(-3000)}`)
  const json = JSON.parse(readFileSync(out, 'utf8')) as {
    n_true_pairs: number
    n_candidate_pairs_from_blocking: number | string
    metrics_by_threshold: Record<string, { tp: number; fp: number }>
    timings_s: Record<string, number>
  }
  const at = json.metrics_by_threshold['0.5']
  if (!at) throw new Error("Splink's result has no figures at p ≥ 0.5")
  const t = json.timings_s
  return {
    wall: seconds(wall),
    rssMiB: peakRssFromTime(child.stderr),
    scores: scores(at.tp, at.fp, json.n_true_pairs),
    candidatePairs: json.n_candidate_pairs_from_blocking,
    detail: `import ${t.import_splink ?? '?'} s, load + init ${((t.load_data ?? 0) + (t.linker_init ?? 0)).toFixed(1)} s, train ${t.train_total ?? '?'} s (u ${t.train_u_random_sampling ?? '?'}, EM ${((t.train_em_dob ?? 0) + (t.train_em_postcode ?? 0)).toFixed(1)}), count pairs ${t.count_comparisons ?? '?'} s, predict ${t.predict ?? '?'} s (${rules} rules)`,
  }
}

/** `verigate link --train` on the two files, as a user runs it; scored from its MATCHES.csv. */
function runVerigate(a: string, b: string, truePairs: number, scratch: string): Run & { readonly matchOnly: Scores } {
  const mapFile = fileURLToPath(new URL('../../examples/maps/febrl.json', import.meta.url))
  const bin = fileURLToPath(new URL('../../bin/verigate.js', import.meta.url))
  const out = join(scratch, 'matches.csv')
  const [cmd, cmdArgs] = timed(bin, ['link', '--master', a, '--master-map', mapFile, '--requests', b, '--requests-map', mapFile, '--train', '--out', out, '--json'])
  const t0 = performance.now()
  const child = spawnSync(cmd, cmdArgs, { encoding: 'utf8', maxBuffer: 1 << 26 })
  const wall = performance.now() - t0
  if (child.status !== 0) throw new Error(`verigate link failed (exit ${String(child.status)}): ${child.stderr.slice(-3000)}`)
  const job = JSON.parse(child.stdout) as { seconds: { master: number; link: number; total: number }; distinctPairs: number; training?: { pairs: number; iterations: number; rejected: boolean; refit?: string } }
  const rows = parse(readFileSync(out), { columns: true }) as { request_id: string; master_id: string; status: string; probability: string }[]
  const entity = (id: string) => id.split('-')[1]
  let tp = 0
  let fp = 0
  let matchTp = 0
  let matchFp = 0
  for (const r of rows) {
    if (!r.master_id) continue
    const right = entity(r.master_id) === entity(r.request_id)
    if (Number(r.probability) >= 0.5) {
      if (right) tp++
      else fp++
    }
    if (r.status === 'match') {
      if (right) matchTp++
      else matchFp++
    }
  }
  const training = job.training ? `EM on ${job.training.pairs.toLocaleString('en-US')} pairs, ${job.training.iterations} iterations${job.training.rejected ? ', free fit degenerate: m kept' : ''}${job.training.refit ? `, m refit (${job.training.refit})` : ''}` : 'untrained'
  return {
    wall: seconds(wall),
    rssMiB: peakRssFromTime(child.stderr),
    scores: scores(tp, fp, truePairs),
    matchOnly: scores(matchTp, matchFp, truePairs),
    candidatePairs: job.distinctPairs,
    detail: `job ${job.seconds.total} s (master read + index ${job.seconds.master} s, link ${job.seconds.link} s); ${training}`,
  }
}

const prf = (s: Scores) => `${s.precision.toFixed(4)} / ${s.recall.toFixed(4)} / ${s.f1.toFixed(4)}`
const mib = (v: number | undefined) => (v === undefined ? 'n/a' : Math.round(v))

const peer = findPeer()
const febrlA = sharedDataFile('febrl/dataset4a.csv')
const febrlB = sharedDataFile('febrl/dataset4b.csv')
if ('missing' in peer || !febrlA || !febrlB) {
  console.log(`peer benchmark skipped: ${'missing' in peer ? peer.missing : 'FEBRL 4 (../shared/data/febrl/dataset4a.csv, dataset4b.csv) is not present beside the repository'}. ${WHAT}`)
  process.exit(0)
}

/** One job: the two files both tools link, its name, and Splink's rules on it. */
interface Job {
  readonly name: string
  readonly dataDir: string
  readonly truePairs: number
  readonly rules: 'tutorial' | 'linear'
}
const jobs: Job[] = []
if (!args.includes('--skip-febrl')) {
  const dir = join(febrlA, '..')
  if (join(febrlB, '..') !== dir) throw new Error('FEBRL 4a and 4b are not in one folder')
  jobs.push({ name: 'FEBRL 4, 5k × 5k', dataDir: dir, truePairs: FEBRL_ENTITIES, rules: 'tutorial' })
}
if (!args.includes('--febrl-only')) {
  for (const k of scaledKs) {
    // Built once per K and kept in the system temp folder for the next run.
    const dir = join(tmpdir(), 'verigate-bench', `scaled-febrl-k${k}-s42-febrl-layout`)
    if (!existsSync(join(dir, 'dataset4a.csv')) || !existsSync(join(dir, 'dataset4b.csv'))) {
      const t = performance.now()
      const built = buildScaledFebrl(febrlA, febrlB, k)
      mkdirSync(dir, { recursive: true })
      writeFebrlLayout(join(dir, 'dataset4a.csv'), built.a)
      writeFebrlLayout(join(dir, 'dataset4b.csv'), built.b)
      console.log(`built scaled FEBRL (K = ${k}) in ${seconds(performance.now() - t)} s into ${dir}`)
    }
    const n = (k * FEBRL_ENTITIES).toLocaleString('en-US')
    jobs.push({ name: `scaled FEBRL K = ${k}, ${n} × ${n}`, dataDir: dir, truePairs: k * FEBRL_ENTITIES, rules: splinkRules })
  }
}

const table: (string | number)[][] = []
const details: (string | number)[][] = []
const loads: string[] = [`start ${load()}`]
for (const job of jobs) {
  const scratch = mkdtempSync(join(tmpdir(), 'verigate-peer-'))
  try {
    console.log(`${job.name}: Splink (${job.rules} rules)… load average ${load()}`)
    const splink = runSplink(peer, job.dataDir, job.rules, scratch)
    console.log(`${job.name}: verigate link --train… load average ${load()}`)
    const verigate = runVerigate(join(job.dataDir, 'dataset4a.csv'), join(job.dataDir, 'dataset4b.csv'), job.truePairs, scratch)
    loads.push(`after ${job.name}: ${load()}`)
    table.push([job.name, splink.wall, verigate.wall, `${(splink.wall / verigate.wall).toFixed(1)}×`, prf(splink.scores), prf(verigate.scores), mib(splink.rssMiB), mib(verigate.rssMiB)])
    details.push([job.name, 'Splink 4.0.16 / DuckDB', splink.candidatePairs, `${splink.scores.tp} / ${splink.scores.fp}`, splink.detail])
    details.push([job.name, 'verigate link --train', verigate.candidatePairs, `${verigate.scores.tp} / ${verigate.scores.fp}`, `${verigate.detail}; \`match\` alone: P/R ${verigate.matchOnly.precision.toFixed(4)} / ${verigate.matchOnly.recall.toFixed(4)}`])
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

printTable(
  `Splink 4.0.16 (DuckDB) beside verigate link --train, child processes back to back on the same files; P / R / F1 of pairs at p ≥ 0.5 against FEBRL's truth; peak RSS from GNU time. Load average (1, 5, 15 min): ${loads.join('; ')}`,
  ['job', 'Splink wall s', 'Verigate wall s', 'Splink ÷ Verigate', 'Splink P / R / F1', 'Verigate P / R / F1', 'Splink peak RSS MiB', 'Verigate peak RSS MiB'],
  table,
  1,
)
printTable('where the time went, and the pairs at p ≥ 0.5 (right / wrong)', ['job', 'tool', 'candidate pairs', 'right / wrong at p ≥ 0.5', 'breakdown'], details, 0)
