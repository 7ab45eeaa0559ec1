import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { DISCLOSURE_GROUPS } from '../core/index.js'
import type { VerigateError } from '../core/index.js'
import { openStore } from '../store/index.js'
import type { Store } from '../store/index.js'
import { runBatch } from './run-batch.js'
import type { BatchRunResult, RunBatchOptions } from './run-batch.js'
import { AS_OF, CORRECTED_AGREEMENT, ORDERS_DIR, RELEASE_AT, makeFixture } from './test-support.js'
import type { Fixture } from './test-support.js'

describe('runBatch on generated data (demo rates, 6,000 people, 800 requests)', () => {
  let fx: Fixture
  let store: Store
  let options: RunBatchOptions
  let first: BatchRunResult

  before(async () => {
    fx = await makeFixture(6000, 800)
    store = await openStore(join(fx.dir, 'db.sqlite'))
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

  it('refuses to resume a batch under other court orders', async () => {
    const empty = mkdtempSync(join(fx.dir, 'orders-'))
    await assert.rejects(runBatch(store, { ...options, ordersDir: empty }), (e: VerigateError) => e.code === 'conflict' && /other court orders/.test(e.message))
  })
})
