/**
 * A batch on the cluster (issue 20) gives the answers of one process: on generated incident data,
 * against real PostgreSQL with `verigate worker` processes (real child processes) answering the
 * shard jobs through pg-boss, the response file, every decision and every piece of evidence equal
 * those of the single-process batch, byte for byte, for K = 1, 2 and 4 shards with 1 and 2
 * workers; with workers killed (SIGKILL) ten times at seeded random points while jobs run, and
 * with the coordinator killed mid-run and run again, the batch completes with the same results,
 * no duplicate disclosure or ledger entry, and the ledger verifies. Skipped without
 * VERIGATE_TEST_PG_URL. pg-boss polls every 0.5 s and a job's lease is 3 s here (options, not sleeps).
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { DEFAULT_MODEL, seededRandom } from '../../link/index.js'
import { openStore, verifyStore } from '../../store/index.js'
import type { Store } from '../../store/index.js'
import { runBatch } from './index.js'
import { AS_OF, CORRECTED_AGREEMENT, ORDERS_DIR, RELEASE_AT, REPO_ROOT, VERIGATE_BIN, makeFixture } from '../../../test/support/workflow-test-support.js'
import type { Fixture } from '../../../test/support/workflow-test-support.js'
import { type CoordinatorArgs, coordinate } from '../../../test/support/distributed-coordinator.js'

const PG_URL = process.env.VERIGATE_TEST_PG_URL
const run = promisify(execFile)
const COORDINATOR = new URL('../../../test/support/distributed-coordinator.js', import.meta.url).pathname
const CHUNK = 150

/** What a batch produced that must not depend on where it was linked. */
interface Outcome {
  readonly response: string
  readonly decisions: string[]
  readonly evidence: string[]
  readonly disclosed: string[]
  readonly ledgerEntries: number
}

async function outcomeOf(store: Store, batchId: string, responsePath: string): Promise<Outcome> {
  const decisions: string[] = []
  for (let after = ''; ; ) {
    const page = await store.batchQueries.decisionPage(batchId, after, 1000)
    if (page.length === 0) break
    for (const d of page) decisions.push(`${d.digest} ${JSON.stringify(d.decision)}`)
    after = page[page.length - 1]!.decision.requestId
  }
  const evidence: string[] = []
  for (let after = ''; ; ) {
    const page = await store.batchQueries.evidencePage(batchId, after, 1000)
    if (page.length === 0) break
    for (const e of page) evidence.push(`${e.digest} ${JSON.stringify(e.result)}`)
    after = page[page.length - 1]!.result.requestId
  }
  const disclosed = (await store.disclosures.byBatch(batchId)).map((d) => d.requestId).sort()
  return { response: readFileSync(responsePath, 'utf8'), decisions, evidence, disclosed, ledgerEntries: await store.ledger.size() }
}

describe('a batch on the cluster answers as one process (PostgreSQL, pg-boss, worker processes)', { skip: PG_URL ? false : 'VERIGATE_TEST_PG_URL is not set' }, () => {
  let fx: Fixture
  let expected: Outcome
  const tag = randomBytes(4).toString('hex')
  const schemas: string[] = []
  const workers = new Set<ChildProcess>()
  const schema = (what: string) => {
    const name = `vg_dist_${tag}_${what}`
    schemas.push(name)
    return name
  }
  const manifest = (k: number) => join(fx.dir, `master-${k}.shards.json`)

  /**
   * Starts a `verigate worker` serving every shard of the K-shard build (or those of `serve`),
   * quiet, or with `--progress lines` and its stderr kept in `log` when `log` is given.
   */
  const startWorker = (k: number, jobsSchema: string, options: { serve?: string; manifest?: string; retries?: number; log?: (text: string) => void } = {}): ChildProcess => {
    const child = spawn(
      process.execPath,
      [
        VERIGATE_BIN, 'worker', '--db', PG_URL!, '--shards', options.manifest ?? manifest(k), '--jobs-schema', jobsSchema, '--poll-interval', '0.5', '--maintenance-interval', '1', '--job-expiry', '3', '--retries', String(options.retries ?? 30),
        ...(options.serve ? ['--serve', options.serve] : []),
        ...(options.log ? ['--progress', 'lines'] : ['--quiet']),
      ],
      { stdio: ['ignore', 'ignore', options.log ? 'pipe' : 'inherit'] },
    )
    if (options.log) child.stderr?.on('data', (chunk: Buffer) => options.log?.(chunk.toString('utf8')))
    workers.add(child)
    child.once('exit', () => workers.delete(child))
    return child
  }
  const stop = async (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill(signal)
    await exited
  }
  const coordinatorArgs = (k: number, name: string): CoordinatorArgs => ({
    url: PG_URL!,
    schema: schema(`${name}_store`),
    jobsSchema: schema(`${name}_jobs`),
    agreement: CORRECTED_AGREEMENT,
    orders: ORDERS_DIR,
    master: manifest(k),
    masterData: fx.master,
    requests: fx.requests,
    out: join(fx.dir, `out-${name}`),
    keyPath: fx.keyPath,
    chunkSize: CHUNK,
  })
  /** The outcome of the batch a coordinator ran (its store opened again to read it). */
  const outcomeIn = async (args: CoordinatorArgs, batchId: string): Promise<Outcome & { verified: boolean }> => {
    const store = await openStore(args.url, { mode: 'simulation', schema: args.schema })
    try {
      const verified = (await verifyStore(store, fx.keys.publicKey)).ok
      return { ...(await outcomeOf(store, batchId, join(args.out, `response-${batchId}.csv`))), verified }
    } finally {
      await store.close()
    }
  }
  const assertSame = (actual: Outcome, label: string) => {
    assert.equal(actual.response, expected.response, `${label}: the response file`)
    assert.deepEqual(actual.evidence, expected.evidence, `${label}: the evidence`)
    assert.deepEqual(actual.decisions, expected.decisions, `${label}: the decisions`)
    assert.deepEqual(actual.disclosed, expected.disclosed, `${label}: the disclosures`)
    assert.equal(actual.ledgerEntries, expected.ledgerEntries, `${label}: the ledger's entries`)
  }

  before(async () => {
    fx = await makeFixture(6000, 900, 20)
    // The generator writes a household's records together, so shards by row range would rarely
    // split a request's candidates; shuffled (seeded), many requests have them in several shards.
    const [header, ...rows] = readFileSync(fx.master, 'utf8').trimEnd().split('\n')
    const random = seededRandom(20)
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[rows[i], rows[j]] = [rows[j] as string, rows[i] as string]
    }
    writeFileSync(fx.master, `${header}\n${rows.join('\n')}\n`)
    for (const k of [1, 2, 4]) await run(process.execPath, [VERIGATE_BIN, 'index', '--master', fx.master, '--shards', String(k), '--out', manifest(k)])
    const store = await openStore(PG_URL!, { mode: 'simulation', schema: schema('single') })
    try {
      const result = await runBatch(store, { agreementPath: CORRECTED_AGREEMENT, ordersDir: ORDERS_DIR, masterPath: fx.master, requestsPath: fx.requests, asOf: AS_OF, releaseAt: RELEASE_AT, outDir: join(fx.dir, 'out-single'), keys: fx.keys, chunkSize: CHUNK, threads: 1 })
      expected = await outcomeOf(store, result.batchId, result.responsePath)
    } finally {
      await store.close()
    }
    assert.ok(expected.disclosed.length > 50, `only ${expected.disclosed.length} disclosed: too few to compare`)
  })

  after(async () => {
    await Promise.all([...workers].map((w) => stop(w, 'SIGKILL')))
    if (fx) rmSync(fx.dir, { recursive: true, force: true })
    const client = new pg.Client({ connectionString: PG_URL })
    await client.connect()
    try {
      for (const s of schemas) await client.query(`drop schema if exists ${s} cascade`)
    } finally {
      await client.end()
    }
  })

  for (const k of [1, 2, 4]) {
    for (const count of [1, 2]) {
      it(`K = ${k} shards, ${count} worker process${count === 1 ? '' : 'es'}: the response, decisions, evidence and disclosures of one process`, async () => {
        const args = coordinatorArgs(k, `k${k}w${count}`)
        const started = Array.from({ length: count }, () => startWorker(k, args.jobsSchema))
        try {
          const batchId = await coordinate(args)
          const outcome = await outcomeIn(args, batchId)
          assertSame(outcome, `K = ${k}, ${count} workers`)
          assert.ok(outcome.verified, 'ledger verify')
        } finally {
          await Promise.all(started.map((w) => stop(w)))
        }
      })
    }
  }

  it('shows progress across workers (--progress lines): the coordinator names each worker with its shard, jobs and rate, and each worker prints its own', async () => {
    const args = coordinatorArgs(2, 'progress')
    const logs = ['', '']
    // One worker a shard, so that both must answer.
    const started = [0, 1].map((shard) => startWorker(2, args.jobsSchema, { serve: String(shard), log: (text) => (logs[shard] += text) }))
    let text = ''
    try {
      // The coordinator in a process of its own, its stderr as `--progress lines` writes it.
      const child = spawn(process.execPath, [COORDINATOR, JSON.stringify({ ...args, progress: 'lines' })], { stdio: ['ignore', 'pipe', 'pipe'] })
      let batchId = ''
      child.stdout.on('data', (chunk: Buffer) => (batchId += chunk.toString('utf8')))
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)))
      assert.equal(code, 0, text)
      assertSame(await outcomeIn(args, batchId.trim()), 'with progress')
    } finally {
      await Promise.all(started.map((w) => stop(w)))
    }
    assert.match(text, /^Linked on the cluster {2}([\d,]+)\/\1 {2}100\.0%/m, text)
    assert.match(text, /^Written \(linked on the cluster, decided\) {2}([\d,]+)\/\1 {2}100\.0%/m, text)
    assert.match(text, /^ {2}2 workers answered; jobs \d+ done, 0 active, 0 queued; 0 stalled$/m, text)
    assert.match(text, /^ {2}jobs: shard 0 \d+ done, 0 active, 0 queued; shard 1 \d+ done, 0 active, 0 queued$/m, text)
    started.forEach((w, shard) => {
      const id = `${hostname()}:${w.pid}`
      assert.ok(new RegExp(`${id} \\(shard ${shard}\\) [\\d,]+ jobs?, [\\d,]+ requests, [\\d,]+ requests/s`).test(text), `worker ${id} of shard ${shard} not named in:\n${text}`)
      assert.match(logs[shard] ?? '', new RegExp(`worker ${id} serving shard ${shard} of 2`))
      assert.match(logs[shard] ?? '', new RegExp(`^worker ${id} answered {2}[\\d,]+ {2}[\\d,.k]+ requests/s {2}in \\d+s\\n {2}jobs: shard ${shard} \\d+$`, 'm'), logs[shard])
    })
  })

  it('a job its worker refuses past its retries (a worker given the manifest of another model): the coordinator stops with exit 75 naming the job, shard and requests, nothing written; the cause removed, the same command ends with the single-process results', async () => {
    const args = coordinatorArgs(2, 'refused')
    // The same shards cut with another model: the queue names the build, so its worker takes the jobs.
    const other = join(fx.dir, 'other-model')
    mkdirSync(other)
    const model = join(other, 'model.json')
    writeFileSync(model, JSON.stringify({ ...DEFAULT_MODEL, description: 'another model', priorMatchRate: 0.5 }))
    await run(process.execPath, [VERIGATE_BIN, 'index', '--master', fx.master, '--shards', '2', '--model', model, '--out', join(other, 'master-2.shards.json')])
    let log = ''
    // It makes the queues first, with one retry, so that the job fails for good soon.
    const wrong = startWorker(2, args.jobsSchema, { manifest: join(other, 'master-2.shards.json'), retries: 1, log: (text) => (log += text) })
    try {
      while (!log.includes('serving shards')) {
        assert.equal(wrong.exitCode, null, log)
        await new Promise((r) => setTimeout(r, 50))
      }
      const coordinator = spawn(process.execPath, [COORDINATOR, JSON.stringify(args)], { stdio: ['ignore', 'ignore', 'pipe'] })
      let stderr = ''
      coordinator.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
      const code = await new Promise<number | null>((resolve) => coordinator.once('exit', (c) => resolve(c)))
      assert.equal(code, 75, stderr)
      assert.match(stderr, /^verigate: shard job [0-9a-f-]{36} \(shard [01], queue verigate-link-[0-9a-f]{16}-2-[01]; \d+ requests, \S+ to \S+\) failed for good after 1 retries: worker \S+ scores shard [01] with the model sha256:[0-9a-f]+ \(its manifest [^)]+\), but the batch asks for sha256:[0-9a-f]+/m, stderr)
      assert.match(stderr, /run the same command again to resume/)
      // Nothing of the refused chunk written: no request, evidence, decision or disclosure.
      const client = new pg.Client({ connectionString: PG_URL })
      await client.connect()
      try {
        for (const table of ['decisions', 'disclosures']) {
          const { rows } = await client.query(`select count(*)::int as n from ${args.schema}.${table}`)
          assert.equal((rows[0] as { n: number }).n, 0, `${table} written by a batch whose jobs failed`)
        }
      } finally {
        await client.end()
      }
    } finally {
      await stop(wrong)
    }
    const right = [startWorker(2, args.jobsSchema), startWorker(2, args.jobsSchema)]
    try {
      const batchId = await coordinate(args)
      const outcome = await outcomeIn(args, batchId)
      assertSame(outcome, 'rerun after a job failed for good')
      assert.ok(outcome.verified, 'ledger verify')
    } finally {
      await Promise.all(right.map((w) => stop(w)))
    }
  })

  it('workers killed with SIGKILL ten times while jobs run (seeded points): the batch completes, the same results, nothing twice, the ledger verifies', async () => {
    const args = coordinatorArgs(2, 'killed')
    const random = seededRandom(2020)
    let live = [startWorker(2, args.jobsSchema), startWorker(2, args.jobsSchema)]
    let kills = 0
    let done = false
    const client = new pg.Client({ connectionString: PG_URL })
    await client.connect()
    const killer = (async () => {
      while (kills < 10 && !done) {
        // A job in hand (pg-boss's active state), then a seeded pause into it, then the kill.
        const { rows } = await client.query(`select count(*)::int as n from ${args.jobsSchema}.job where state = 'active'`).catch(() => ({ rows: [{ n: 0 }] }))
        if ((rows[0] as { n: number }).n === 0) {
          await new Promise((r) => setTimeout(r, 20))
          continue
        }
        await new Promise((r) => setTimeout(r, Math.floor(random() * 150)))
        const victim = live[Math.floor(random() * live.length)]!
        await stop(victim, 'SIGKILL')
        kills++
        live = [...live.filter((w) => w !== victim), startWorker(2, args.jobsSchema)]
      }
    })()
    try {
      const batchId = await coordinate(args)
      done = true
      await killer
      const outcome = await outcomeIn(args, batchId)
      assertSame(outcome, 'workers killed')
      assert.ok(outcome.verified, 'ledger verify')
      assert.equal(new Set(outcome.disclosed).size, outcome.disclosed.length, 'a request disclosed twice')
      assert.ok(kills >= 1, 'no worker was killed while a job ran')
      if (kills < 10) process.stderr.write(`distributed.test: the batch finished after ${kills} kills\n`)
    } finally {
      done = true
      await killer
      await client.end()
      await Promise.all(live.map((w) => stop(w)))
    }
  })

  it('the coordinator killed with SIGKILL mid-run and run again: the same results, nothing twice, the ledger verifies', async () => {
    const args = coordinatorArgs(2, 'coord')
    const started = [startWorker(2, args.jobsSchema), startWorker(2, args.jobsSchema)]
    try {
      const child = spawn(process.execPath, [COORDINATOR, JSON.stringify(args)], { stdio: ['ignore', 'ignore', 'inherit'] })
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
      // Killed once some chunks are written (decisions in its store), before it can finish.
      const client = new pg.Client({ connectionString: PG_URL })
      await client.connect()
      try {
        for (;;) {
          const { rows } = await client.query(`select count(*)::int as n from ${args.schema}.decisions`).catch(() => ({ rows: [{ n: 0 }] }))
          if ((rows[0] as { n: number }).n >= CHUNK || child.exitCode !== null) break
          await new Promise((r) => setTimeout(r, 20))
        }
      } finally {
        await client.end()
      }
      child.kill('SIGKILL')
      await exited
      const batchId = await coordinate(args)
      const outcome = await outcomeIn(args, batchId)
      assertSame(outcome, 'coordinator killed and rerun')
      assert.ok(outcome.verified, 'ledger verify')
    } finally {
      await Promise.all(started.map((w) => stop(w)))
    }
  })
})

describe('verigate batch run --distributed and verigate worker refuse what cannot run (no PostgreSQL needed)', () => {
  it('refuses a sharded master without --distributed, before any batch is created (exit 65)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-dist-'))
    try {
      const failed = await run(process.execPath, [VERIGATE_BIN, 'batch', 'run', '--db', join(dir, 'db.sqlite'), '--agreement', CORRECTED_AGREEMENT, '--master', join(dir, 'm.shards.json'), '--master-data', 'm.csv', '--requests', CORRECTED_AGREEMENT], { cwd: dir }).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      )
      assert.ok(failed, 'the command succeeded')
      assert.equal(failed.code, 65, failed.stderr)
      assert.match(failed.stderr, /is a sharded index: its batch runs on the workers \(--distributed/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses --distributed on a SQLite store, naming --db (exit 65)', async () => {
    const failed = await run(process.execPath, [VERIGATE_BIN, 'batch', 'run', '--db', 'nowhere.sqlite', '--distributed', '--agreement', CORRECTED_AGREEMENT, '--master', 'm.shards.json', '--requests', 'r.csv'], { cwd: REPO_ROOT }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    )
    assert.ok(failed, 'the command succeeded')
    assert.equal(failed.code, 65)
    assert.match(failed.stderr, /--distributed runs on the job engine in PostgreSQL: --db must be a postgres:\/\/ URL/)
  })

  it('refuses a worker on a SQLite store, naming --db (exit 65)', async () => {
    const failed = await run(process.execPath, [VERIGATE_BIN, 'worker', '--db', 'nowhere.sqlite', '--shards', 'm.shards.json'], { cwd: REPO_ROOT }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    )
    assert.ok(failed, 'the command succeeded')
    assert.equal(failed.code, 65)
    assert.match(failed.stderr, /verigate worker takes its jobs from PostgreSQL/)
  })
})
