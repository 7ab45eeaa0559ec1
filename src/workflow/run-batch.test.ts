import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { DISCLOSURE_GROUPS } from '../core/index.js'
import type { VerigateError } from '../core/index.js'
import { DEFAULT_MODEL, type LinkModel, modelDigest, saveModel } from '../link/index.js'
import { openStore } from '../store/index.js'
import type { Store } from '../store/index.js'
import { lockBatch } from './batch-lock.js'
import { summarizeBatch, summarizeFromRows } from './batch-summary.js'
import { runBatch } from './batch/index.js'
import type { BatchRunResult, RunBatchOptions } from './batch/index.js'
import { AS_OF, CORRECTED_AGREEMENT, ORDERS_DIR, RELEASE_AT, makeFixture } from '../../test/support/workflow-test-support.js'
import type { Fixture } from '../../test/support/workflow-test-support.js'

describe('runBatch on generated data (demo rates, 6,000 people, 800 requests)', () => {
  let fx: Fixture
  let store: Store
  let options: RunBatchOptions
  let first: BatchRunResult

  before(async () => {
    fx = await makeFixture(6000, 800)
    store = await openStore(join(fx.dir, 'db.sqlite'), { mode: 'simulation' })
    options = {
      agreementPath: CORRECTED_AGREEMENT,
      ordersDir: ORDERS_DIR,
      masterPath: fx.master,
      requestsPath: fx.requests,
      asOf: AS_OF,
      releaseAt: RELEASE_AT,
      outDir: join(fx.dir, 'out'),
      keys: fx.keys,
      chunkSize: 300,
      threads: 1,
    }
    first = await runBatch(store, options)
  })
  after(async () => {
    await store.close()
    rmSync(fx.dir, { recursive: true, force: true })
  })

  it('accounts for every request: the counts partition the request file', () => {
    const s = first.summary
    assert.equal(s.requested, 800)
    assert.equal(s.matched + s.possible + s.ambiguous + s.none, s.requested - s.intake_refused)
    assert.equal(s.disclosed + s.withheld + s.review, s.requested - s.intake_refused)
    assert.ok(s.disclosed > 100, `only ${s.disclosed} disclosed`)
    assert.ok(s.intake_refused > 0)
    assert.equal(Object.values(s.answers).reduce((a, b) => a + b, 0), 800)
  })

  it('discloses only fields the agreement permits, in the store and in the response file', async () => {
    const permitted = new Set<string>(DISCLOSURE_GROUPS.address)
    const disclosures = await store.disclosures.byBatch(first.batchId)
    assert.equal(disclosures.length, first.summary.disclosed)
    for (const d of disclosures) for (const f of d.fields) assert.ok(permitted.has(f), `${f} disclosed for ${d.requestId}`)
    const rows = parse(readFileSync(first.responsePath), { columns: true }) as Record<string, string>[]
    assert.equal(rows.length, 800)
    const header = Object.keys(rows[0]!)
    assert.deepEqual(header, ['request_id', 'answer', ...DISCLOSURE_GROUPS.address, 'dispose_by', 'use_limited_to'])
    const byRequest = new Map(disclosures.map((d) => [d.requestId, d]))
    for (const row of rows) {
      const d = byRequest.get(row.request_id!)
      for (const f of DISCLOSURE_GROUPS.address) {
        if (row[f] !== '') assert.ok(d?.fields.includes(f), `${row.request_id} has ${f} in the response without a disclosure of it`)
      }
      if (!d) assert.notEqual(row.answer, 'DISCLOSED')
      assert.ok(['DISCLOSED', 'NOT_VERIFIED', 'REQUEST_INCOMPLETE', 'NOT_PERMITTED', 'UNDER_REVIEW'].includes(row.answer!), row.answer)
    }
  })

  it('never discloses an address for a locality-only request', async () => {
    const disclosed = new Set((await store.disclosures.byBatch(first.batchId)).filter((d) => d.fields.some((f) => f === 'street_name' || f === 'zip')).map((d) => d.requestId))
    let locality = 0
    for (const t of fx.truth.values()) {
      if (t.address_kind !== 'locality_only') continue
      locality++
      assert.ok(!disclosed.has(t.request_id), `${t.request_id} is locality-only and got an address`)
    }
    assert.ok(locality > 0, 'the fixture has no locality-only request')
  })

  it('discloses the right person: precision at least 0.999 against the generator’s truth', async () => {
    let right = 0
    let total = 0
    for (const d of await store.disclosures.byBatch(first.batchId)) {
      const decision = (await store.decisions.get(first.batchId, d.requestId))!.decision
      const t = fx.truth.get(d.requestId)!
      total++
      if (decision.masterId === t.master_id || (t.other_master_id !== '' && decision.masterId === t.other_master_id)) right++
    }
    assert.ok(total > 0)
    assert.ok(right / total >= 0.999, `precision ${right}/${total}`)
  })

  it('writes one ledger entry per disclosure, pseudonymized, and a ledger that verifies', async () => {
    const entries = await store.ledger.list({ limit: 100_000 })
    const disclosures = entries.filter((e) => e.kind === 'disclosure')
    assert.equal(disclosures.length, first.summary.disclosed)
    for (const e of disclosures) assert.match(e.subject ?? '', /^pn:[0-9a-f]{64}$/)
    const verification = await store.ledger.verify(fx.keys.publicKey)
    assert.ok(verification.ok, JSON.stringify(verification.problems))
    assert.equal(first.checkpoint.treeSize, entries.length)
  })

  it('writes a self-contained HTML report', () => {
    const html = readFileSync(first.reportPath, 'utf8')
    assert.match(html, /^<!DOCTYPE html>/i)
    assert.ok(html.includes(first.batchId))
    assert.ok(!/<script|https?:\/\/(?!www\.w3\.org)/i.test(html.replace(/xmlns(:\w+)?="[^"]*"/g, '')), 'the report loads nothing from the network')
  })

  it('is idempotent: running it again finds the same batch and adds nothing', async () => {
    const size = await store.ledger.size()
    const again = await runBatch(store, { ...options, asOf: '2026-01-01T00:00:00Z' })
    assert.equal(again.batchId, first.batchId)
    assert.equal(again.resumed, true)
    assert.deepEqual({ ...again.summary }, { ...first.summary })
    assert.equal(await store.ledger.size(), size)
    assert.equal((await store.batches.list()).length, 1)
  })

  it('counts the same figures while matching as a pass over every stored row', async () => {
    const context = { masterDigest: 'sha256:0', thresholds: { match: 10, possible: 0 } }
    const counted = await summarizeBatch(store, first.batchId, context)
    const read = await summarizeFromRows(store, first.batchId, context)
    assert.deepEqual(counted, read)
    assert.ok(counted.report.weights.total > 0)
  })

  it('refuses to run a batch another live run holds, and runs it once that one ends', async () => {
    // The parent process (the test runner) is alive on this host: its lock is not stale.
    const held = await lockBatch(store, first.batchId, { pid: process.ppid })
    try {
      await assert.rejects(runBatch(store, options), (e: VerigateError) => e.code === 'conflict' && new RegExp(`being run by process ${process.ppid}`).test(e.message))
    } finally {
      await held.release()
    }
    assert.equal((await runBatch(store, options)).batchId, first.batchId)
  })

  it('names the file, line and code of every unreadable row in the summary and the report', async () => {
    const text = readFileSync(fx.requests, 'utf8')
    const lines = text.trimEnd().split('\n').length
    const broken = join(fx.dir, 'requests-broken.csv')
    writeFileSync(broken, `${text.trimEnd()}\nR-broken,too,few\n`)
    const result = await runBatch(store, { ...options, requestsPath: broken, outDir: join(fx.dir, 'out-broken') })
    assert.deepEqual(
      result.summary.unreadable_rows.map((r) => [r.line, r.code]),
      [[lines + 1, 'wrong_column_count']],
    )
    assert.equal(result.summary.unreadable_rows[0]?.file, broken)
    assert.equal(result.summary.answers.UNREADABLE, 1)
    const html = readFileSync(result.reportPath, 'utf8')
    assert.ok(html.includes('Unreadable rows of the request file') && html.includes('wrong_column_count'))
  })

  it('links with a trained model when given one: another batch, its evidence under that model', async () => {
    const model: LinkModel = { ...DEFAULT_MODEL, priorMatchRate: 0.2 }
    const modelPath = join(fx.dir, 'model.json')
    saveModel(model, modelPath)
    const trained = await runBatch(store, { ...options, modelPath, outDir: join(fx.dir, 'out-model') })
    assert.notEqual(trained.batchId, first.batchId)
    assert.equal(trained.resumed, false)
    const decisions = await store.batchQueries.decisionPage(trained.batchId, '', 50)
    let linked = 0
    for (const d of decisions) {
      const evidence = await store.evidence.get(trained.batchId, d.decision.requestId)
      // Requests refused at intake were never linked and name no model.
      if (evidence && evidence.result.modelDigest !== '') {
        assert.equal(evidence.result.modelDigest, modelDigest(model))
        linked++
      }
    }
    assert.ok(linked > 0)
    // Run again with the same model: the same batch, resumed.
    const again = await runBatch(store, { ...options, modelPath, outDir: join(fx.dir, 'out-model') })
    assert.equal(again.batchId, trained.batchId)
    assert.equal(again.resumed, true)
    // Another model in the same file: another batch.
    saveModel({ ...model, priorMatchRate: 0.3 }, modelPath)
    const other = await runBatch(store, { ...options, modelPath, outDir: join(fx.dir, 'out-model-2') })
    assert.notEqual(other.batchId, trained.batchId)
  })

  it('refuses to resume a batch under other court orders', async () => {
    const empty = mkdtempSync(join(fx.dir, 'orders-'))
    await assert.rejects(runBatch(store, { ...options, ordersDir: empty }), (e: VerigateError) => e.code === 'conflict' && /other court orders/.test(e.message))
  })
})

/** Every decision and evidence digest of a batch, by request id, and its response file. */
async function outcomeOf(store: Store, result: BatchRunResult) {
  const decisions: string[] = []
  for (let after = ''; ; ) {
    const page = await store.batchQueries.decisionPage(result.batchId, after, 1000)
    if (page.length === 0) break
    for (const d of page) decisions.push(`${d.decision.requestId} ${d.digest} ${d.decision.evidenceDigest} ${d.decision.outcome}`)
    after = page[page.length - 1]!.decision.requestId
  }
  return { decisions, response: readFileSync(result.responsePath, 'utf8'), summary: { ...result.summary } }
}

describe('runBatch on a pool of link workers, and the volume caps', () => {
  let a: Fixture
  let b: Fixture
  let dir: string
  const open = (name: string) => openStore(join(dir, `${name}.sqlite`), { mode: 'simulation' })
  const optionsFor = (fx: Fixture, name: string, more: Partial<RunBatchOptions> = {}): RunBatchOptions => ({
    agreementPath: CORRECTED_AGREEMENT,
    ordersDir: ORDERS_DIR,
    masterPath: fx.master,
    requestsPath: fx.requests,
    asOf: AS_OF,
    releaseAt: RELEASE_AT,
    outDir: join(dir, `out-${name}`),
    keys: a.keys,
    chunkSize: 50,
    threads: 1,
    ...more,
  })

  before(async () => {
    a = await makeFixture(3000, 400, 11)
    b = await makeFixture(3000, 400, 12)
    dir = mkdtempSync(join(a.dir, 'runs-'))
  })
  after(() => {
    rmSync(a.dir, { recursive: true, force: true })
    rmSync(b.dir, { recursive: true, force: true })
  })

  it('decides the same, byte for byte, on two worker threads in small chunks as in process', async () => {
    const one = await open('one')
    const two = await open('two')
    try {
      const inProcess = await outcomeOf(one, await runBatch(one, optionsFor(a, 'one', { chunkSize: 300 })))
      const pooled = await outcomeOf(two, await runBatch(two, optionsFor(a, 'two', { chunkSize: 37, threads: 2 })))
      assert.equal(pooled.decisions.length, 400)
      assert.deepEqual(pooled.decisions, inProcess.decisions)
      assert.equal(pooled.response, inProcess.response)
      assert.deepEqual(pooled.summary, inProcess.summary)
    } finally {
      await one.close()
      await two.close()
    }
  })

  it('counts the earlier batches of the same requester in the period against a cap, and decides the same on any threads', async () => {
    // What each batch discloses with no cap in reach.
    const free = await open('free')
    let disclosedA: number
    let disclosedB: number
    try {
      disclosedA = (await runBatch(free, optionsFor(a, 'free-a'))).summary.disclosed
      disclosedB = (await runBatch(free, optionsFor(b, 'free-b'))).summary.disclosed
    } finally {
      await free.close()
    }
    assert.ok(disclosedA > 0 && disclosedB > 8, `${disclosedA} and ${disclosedB} disclosed`)
    // The same agreement with a daily cap of what A discloses and 5 more.
    const capped = join(dir, 'capped.yaml')
    const text = readFileSync(CORRECTED_AGREEMENT, 'utf8')
    writeFileSync(capped, text.replace(/maxDisclosures: \d+/, `maxDisclosures: ${disclosedA + 5}`).replace(/^version: .*$/m, 'version: 2025-04-07-capped-test'))
    const results = []
    for (const threads of [1, 2]) {
      const store = await open(`capped-${threads}`)
      try {
        const first = await runBatch(store, optionsFor(a, `capped-a-${threads}`, { agreementPath: capped, threads, chunkSize: 23 }))
        assert.equal(first.summary.disclosed, disclosedA)
        const second = await runBatch(store, optionsFor(b, `capped-b-${threads}`, { agreementPath: capped, threads, chunkSize: 23 }))
        assert.equal(second.summary.disclosed, 5, 'the second batch of the day stops at the cap the first one counts towards')
        assert.ok((second.summary.by_reason.VOLUME_CAP_REACHED ?? 0) > 0)
        results.push(await outcomeOf(store, second))
      } finally {
        await store.close()
      }
    }
    assert.deepEqual(results[1], results[0])
  })
})
