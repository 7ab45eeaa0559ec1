/**
 * The kill test (issue 7): a batch killed with SIGKILL at random points, then run again, ends
 * identical to an uninterrupted run: the same decisions, the same disclosures, the same ledger
 * entries byte for byte (the decision and release times are fixed), a ledger that verifies, no
 * duplicates. 20 kills, as the issue asks (about 15 s on this machine); VERIGATE_KILL_SEED
 * replays a failing sequence.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { seededRandom } from '../link/index.js'
import { openStore } from '../store/index.js'
import { AS_OF, CORRECTED_AGREEMENT, ORDERS_DIR, RELEASE_AT, VERIGATE_BIN, makeFixture } from '../../test/support/workflow-test-support.js'
import type { Fixture } from '../../test/support/workflow-test-support.js'

const KILLS = 20
const SEED = Number(process.env.VERIGATE_KILL_SEED ?? Date.now() % 1_000_000)

function args(fx: Fixture, name: string): string[] {
  return [
    VERIGATE_BIN,
    'batch',
    'run',
    '--agreement',
    CORRECTED_AGREEMENT,
    '--orders',
    ORDERS_DIR,
    '--master',
    fx.master,
    '--requests',
    fx.requests,
    '--as-of',
    AS_OF,
    '--release-at',
    RELEASE_AT,
    '--out',
    join(fx.dir, `out-${name}`),
    '--db',
    join(fx.dir, `${name}.sqlite`),
    '--key',
    fx.keyPath,
    '--chunk-size',
    '20',
    '--threads',
    '1',
    '--json',
    '--no-progress',
  ]
}

/** Everything that must be the same after a clean run and after a killed-and-resumed one. */
async function snapshot(fx: Fixture, name: string) {
  const store = await openStore(join(fx.dir, `${name}.sqlite`), { mustExist: true })
  try {
    const [batch, ...others] = await store.batches.list()
    assert.ok(batch)
    assert.equal(others.length, 0)
    const decisions: string[] = []
    for (let after = ''; ; ) {
      const page = await store.batchQueries.decisionPage(batch.id, after, 1000)
      if (page.length === 0) break
      for (const d of page) decisions.push(`${d.decision.requestId} ${d.digest}`)
      after = page[page.length - 1]!.decision.requestId
    }
    const disclosures = (await store.disclosures.byBatch(batch.id)).map((d) => JSON.stringify(d))
    const withholdings = (await store.withholdings.byBatch(batch.id)).map((w) => `${w.requestId} ${w.ledgerSeq}`)
    const ledger = (await store.ledger.list({ limit: 1_000_000 })).map((e) => `${e.seq} ${e.hash}`)
    const verification = await store.ledger.verify(fx.keys.publicKey)
    const out = join(fx.dir, `out-${name}`)
    const response = readFileSync(join(out, `response-${batch.id}.csv`), 'utf8')
    return { batch: batch.id, status: batch.status, decisions, disclosures, withholdings, ledger, ok: verification.ok, response, files: readdirSync(out).filter((f) => !f.endsWith('.tmp')).sort() }
  } finally {
    await store.close()
  }
}

describe(`a batch killed with SIGKILL ${KILLS} times (seed ${SEED}), then run again`, () => {
  let fx: Fixture
  let cleanMs = 0

  before(async () => {
    fx = await makeFixture(1500, 200, 3)
    // Simulation stores: the runs replay 7 August 2025 (issue 15, "One clock").
    for (const name of ['clean', 'killed']) await (await openStore(join(fx.dir, `${name}.sqlite`), { mode: 'simulation' })).close()
    const t = performance.now()
    const clean = spawnSync(process.execPath, args(fx, 'clean'), { encoding: 'utf8' })
    cleanMs = performance.now() - t
    assert.equal(clean.status, 0, clean.stderr)
  })
  after(() => rmSync(fx.dir, { recursive: true, force: true }))

  it('ends identical to an uninterrupted run', async (t) => {
    const next = seededRandom(SEED)
    const points: number[] = []
    let finishedEarly = 0
    for (let k = 0; k < KILLS; k++) {
      const delay = Math.round(200 + next() * cleanMs)
      points.push(delay)
      const child = spawn(process.execPath, args(fx, 'killed'), { stdio: 'ignore' })
      const timer = setTimeout(() => child.kill('SIGKILL'), delay)
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])))
      clearTimeout(timer)
      if (signal === null) {
        assert.equal(code, 0, `run ${k} failed on its own (kill points so far: ${points.join(', ')} ms)`)
        finishedEarly++
      }
    }
    const last = spawnSync(process.execPath, args(fx, 'killed'), { encoding: 'utf8' })
    assert.equal(last.status, 0, last.stderr)
    const clean = await snapshot(fx, 'clean')
    const killed = await snapshot(fx, 'killed')
    const context = `kill points ${points.join(', ')} ms of a ${Math.round(cleanMs)} ms run (${finishedEarly} finished before their kill); seed ${SEED}`
    t.diagnostic(context)
    assert.ok(clean.ok && killed.ok, `a ledger does not verify; ${context}`)
    assert.equal(killed.batch, clean.batch)
    assert.deepEqual(killed.decisions, clean.decisions, context)
    assert.deepEqual(killed.disclosures, clean.disclosures, context)
    assert.deepEqual(killed.withholdings, clean.withholdings, context)
    assert.deepEqual(killed.ledger, clean.ledger, context)
    assert.equal(new Set(killed.ledger).size, killed.ledger.length)
    assert.equal(killed.response, clean.response, context)
    assert.deepEqual(killed.files, clean.files, context)
    assert.equal(killed.status, clean.status)
  })
})
