import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { createLedgerKeys } from '../ledger/index.js'
import { buildApp } from './app.js'
import { makeWebFixture } from '../../test/support/web-test-support.js'
import type { WebFixture } from '../../test/support/web-test-support.js'

/** The samples of a Prometheus text exposition: `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const cut = line.lastIndexOf(' ')
    out.set(line.slice(0, cut), Number(line.slice(cut + 1)))
  }
  return out
}

// A real batch (and an earlier one, audited and recalled) in a real store, served by the real app.
describe('/metrics and /ready: what an operator scrapes', () => {
  let fx: WebFixture
  let app: FastifyInstance
  const bearer = (person: keyof WebFixture['keys']) => ({ authorization: `Bearer ${fx.keys[person]}` })

  before(async () => {
    fx = await makeWebFixture(1500, 80)
    app = await buildApp({ store: fx.store, keys: fx.data.keys, now: () => new Date('2025-08-07T13:00:00Z') })
    await app.ready()
  })
  after(async () => {
    await app.close()
    await fx.close()
  })

  it('is refused without a key (401) and to requesters and reviewers (403)', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 401)
    assert.equal((await app.inject({ method: 'GET', url: '/metrics', headers: bearer('req-erin') })).statusCode, 403)
    assert.equal((await app.inject({ method: 'GET', url: '/metrics', headers: bearer('rev-alice') })).statusCode, 403)
  })

  it('says in Prometheus’ text format what the store holds: batches, outcomes, reasons, the review queue, disclosures, the ledger', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: bearer('ovr-dana') })
    assert.equal(res.statusCode, 200, res.body)
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/)
    const m = samples(res.body)
    const batches = await fx.store.batches.list()
    const summaries = batches.map((b) => b.summary as { requested: number; disclosed: number; withheld: number; review: number; by_reason: Record<string, number> })
    const total = (pick: (s: (typeof summaries)[number]) => number) => summaries.reduce((n, s) => n + pick(s), 0)
    const byStatus = new Map<string, number>()
    for (const b of batches) byStatus.set(b.status, (byStatus.get(b.status) ?? 0) + 1)
    for (const [status, n] of byStatus) assert.equal(m.get(`verigate_batches{status="${status}"}`), n, status)
    assert.equal(m.get('verigate_batch_requests{stage="requested"}'), total((s) => s.requested))
    assert.equal(m.get('verigate_batch_outcomes{outcome="disclosed"}'), total((s) => s.disclosed))
    assert.equal(m.get('verigate_batch_outcomes{outcome="withheld"}'), total((s) => s.withheld))
    assert.equal(m.get('verigate_disclosures'), total((s) => s.disclosed))
    assert.ok(total((s) => s.disclosed) > 0, 'the fixture disclosed something')
    for (const s of summaries) for (const reason of Object.keys(s.by_reason)) assert.ok(m.has(`verigate_decision_reasons{reason="${reason}"}`), reason)
    assert.equal(m.get('verigate_review_queue_cases{state="pending"}'), fx.cases.length)
    assert.ok(fx.cases.length > 0)
    const lastCheckpoint = Date.parse((await fx.store.ledger.checkpoints()).at(-1)!.time)
    // An hour after the batch with pending cases was made, the queue's oldest is an hour old.
    const waiting = batches.find((b) => (b.summary as { review: number }).review > 0)!
    const anHourOn = await buildApp({ store: fx.store, keys: fx.data.keys, now: () => new Date(Date.parse(waiting.createdAt) + 3_600_000) })
    try {
      const later = samples((await anHourOn.inject({ method: 'GET', url: '/metrics', headers: bearer('ovr-dana') })).body)
      assert.equal(later.get('verigate_review_oldest_pending_age_seconds'), 3600)
      assert.equal(later.get('verigate_ledger_last_checkpoint_age_seconds'), Math.max(0, (Date.parse(waiting.createdAt) + 3_600_000 - lastCheckpoint) / 1000))
    } finally {
      await anHourOn.close()
    }
    assert.equal(m.get('verigate_ledger_entries'), await fx.store.ledger.size())
    // (The fixture's checkpoints carry the time they were made; the app's clock is a fixed one.)
    assert.equal(m.get('verigate_ledger_last_checkpoint_age_seconds'), Math.max(0, (Date.parse('2025-08-07T13:00:00Z') - lastCheckpoint) / 1000))
    assert.ok(m.has('verigate_process_resident_memory_bytes'), 'the process’s own metrics are there')
  })

  it('counts requests and their latency by route id, never by path: no batch, request or person in a label', async () => {
    await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer('sup-carol') })
    await app.inject({ method: 'GET', url: `/v1/review/cases/${fx.batchId}/${fx.cases[0]!.requestId}`, headers: bearer('rev-alice') })
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: bearer('ovr-dana') })
    const m = samples(res.body)
    assert.equal(m.get('verigate_http_requests_total{route="whoami",method="GET",status="200"}'), 1)
    assert.equal(m.get('verigate_http_requests_total{route="review.show",method="GET",status="200"}'), 1)
    assert.ok((m.get('verigate_http_request_duration_seconds_count{route="review.show"}') ?? 0) >= 1)
    assert.ok(!res.body.includes(fx.batchId), 'a batch id in the metrics')
    assert.ok(!res.body.includes(fx.cases[0]!.requestId), 'a request id in the metrics')
    assert.ok(!/rev-alice|sup-carol|dhs-ice/.test(res.body), 'a person or party in the metrics')
  })

  it('/ready answers 200 with its checks, and 503 to a server holding a ledger key that is not the store’s', async () => {
    const ready = await app.inject({ method: 'GET', url: '/ready' })
    assert.equal(ready.statusCode, 200, ready.body)
    assert.deepEqual(ready.json(), { status: 'ready', checks: { database: 'ok', ledger_key: 'held', master: 'not loaded', batches: 'not configured' } })
    const other = await buildApp({ store: fx.store, keys: createLedgerKeys(join(fx.data.dir, 'other.ledger-key')), now: () => new Date('2025-08-07T13:00:00Z') })
    try {
      const refused = await other.inject({ method: 'GET', url: '/ready' })
      assert.equal(refused.statusCode, 503)
      assert.equal(refused.json().error.code, 'ledger_key_mismatch')
    } finally {
      await other.close()
    }
  })
})
