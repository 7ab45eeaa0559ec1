import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import type { FastifyInstance } from 'fastify'
import { loadOrCreateLedgerKeys } from '../ledger/index.js'
import { generate } from '../synth/index.js'
import { buildApp } from './app.js'
import { createBatchService } from './batch-service.js'
import type { BatchService } from './batch-service.js'
import { createOnlineVerifier } from '../workflow/index.js'
import { PARTY_A, bearer, makeStoreFixture } from '../../test/support/api-test-support.js'
import type { StoreFixture } from '../../test/support/api-test-support.js'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const AGREEMENT = join(REPO_ROOT, 'policies/agreements/irs-ice-2025-corrected.yaml')
/** A decision day inside the agreement's term, before any order of policies/orders. */
const NOW = () => new Date('2025-08-07T12:00:00.000Z')

/** An order sending every would-be disclosure to two reviewers, so the review routes have cases. */
function writeReviewOrder(dir: string): string {
  const orders = join(dir, 'orders')
  mkdirSync(orders, { recursive: true })
  writeFileSync(
    join(orders, 'review.yaml'),
    ['kind: order', 'id: test-review-everything', 'court: Test court', 'case: Test v. Test', 'title: Every disclosure reviewed by two people', 'issued: 2025-01-01', 'effective:', '  from: 2025-01-01', 'binds:', '  agreements: [irs-ice-2025]', 'actions:', '  - kind: require_review', '    approvers: 2', ''].join('\n'),
  )
  return orders
}

describe('a batch over HTTP: submit, follow, review, release, download, verify online', () => {
  let fx: StoreFixture
  let app: FastifyInstance
  let batches: BatchService
  let master: string
  let requestsCsv: string
  let requestRows: Record<string, string>[]
  let batchId: string
  let ordersDir: string
  const keysPath = () => join(fx.dir, 'ledger.key')

  before(async () => {
    fx = await makeStoreFixture()
    const data = join(fx.dir, 'data')
    await generate({ scenario: 'demo', people: 2000, requests: 150, seed: 7 }, data, { workers: 0 })
    master = join(data, 'master.csv')
    requestsCsv = readFileSync(join(data, 'requests.csv'), 'utf8')
    // As records: request_id is the canonical id; empty cells are absent.
    requestRows = (parse(requestsCsv, { columns: true }) as Record<string, string>[]).map((row) =>
      Object.fromEntries(Object.entries(row).filter(([, v]) => v !== '').map(([k, v]) => [k === 'request_id' ? 'id' : k, v])),
    )
    ordersDir = writeReviewOrder(fx.dir)
    const { keys } = loadOrCreateLedgerKeys(keysPath())
    batches = await createBatchService({ store: fx.store, agreementPath: AGREEMENT, ordersDir, masterPath: master, dataDir: join(fx.dir, 'served'), keys, threads: 1, now: NOW })
    const verifier = await createOnlineVerifier({ masterPath: master, agreementPath: AGREEMENT, ordersDir })
    app = await buildApp({ store: fx.store, batches, verifier, keys, now: NOW, limits: { uploadBytes: 200_000 } })
  })
  after(async () => {
    await batches.idle()
    await app.close()
    await fx.close()
  })

  it('accepts a CSV upload (202), and the same file again as the same batch (200)', async () => {
    const headers = { ...bearer(fx.keys.requester), 'content-type': 'text/csv' }
    const first = await app.inject({ method: 'POST', url: '/v1/batches', headers, payload: requestsCsv })
    assert.equal(first.statusCode, 202, first.body)
    batchId = first.json().batch_id
    assert.match(batchId, /^b-[0-9a-f]{20}$/)
    const again = await app.inject({ method: 'POST', url: '/v1/batches', headers, payload: requestsCsv })
    assert.equal(again.statusCode, 200)
    assert.deepEqual(again.json(), { batch_id: batchId, created: false, status_url: `/v1/batches/${batchId}` })
    const other = await app.inject({ method: 'POST', url: '/v1/batches', headers: { ...bearer(fx.otherRequesterKey), 'content-type': 'text/csv' }, payload: requestsCsv })
    assert.equal(other.statusCode, 409)
  })

  it('reports progress while the batch runs, and its summary once done', async () => {
    const running = await app.inject({ method: 'GET', url: `/v1/batches/${batchId}`, headers: bearer(fx.keys.requester) })
    assert.equal(running.statusCode, 200)
    assert.ok(['queued', 'running', 'finished'].includes(running.json().progress.state))
    const early = await app.inject({ method: 'GET', url: `/v1/batches/${batchId}/response`, headers: bearer(fx.keys.requester) })
    assert.ok(early.statusCode === 409 || early.statusCode === 404 || early.statusCode === 200, early.body)
    await batches.idle()
    const done = (await app.inject({ method: 'GET', url: `/v1/batches/${batchId}`, headers: bearer(fx.keys.requester) })).json()
    assert.equal(done.status, 'awaiting_review', JSON.stringify(done))
    assert.equal(done.party, PARTY_A)
    assert.equal(done.summary.requested, 150)
    assert.equal(done.progress.state, 'finished')
    assert.equal(done.response_url, `/v1/batches/${batchId}/response`)
    const forbidden = await app.inject({ method: 'GET', url: `/v1/batches/${batchId}`, headers: bearer(fx.otherRequesterKey) })
    assert.equal(forbidden.statusCode, 403)
  })

  it('lets two reviewers approve a case, each once, and a supervisor release it', async () => {
    const list = (await app.inject({ method: 'GET', url: `/v1/review/cases?batch=${batchId}&state=pending`, headers: bearer(fx.keys.reviewer) })).json() as { cases: { request_id: string; approvals_needed: number; master_id: string }[] }
    assert.ok(list.cases.length >= 1, 'there are pending cases')
    const c = list.cases[0]!
    assert.equal(c.approvals_needed, 2)
    const shown = (await app.inject({ method: 'GET', url: `/v1/review/cases/${batchId}/${c.request_id}`, headers: bearer(fx.keys.reviewer) })).json()
    assert.ok(Array.isArray(shown.evidence.best.comparisons), 'the evidence is shown field by field')
    const approve = (key: string) => app.inject({ method: 'POST', url: `/v1/review/cases/${batchId}/${c.request_id}/approve`, headers: bearer(key), payload: { reason: 'same date of birth and TIN' } })
    const first = await approve(fx.keys.reviewer)
    assert.equal(first.statusCode, 200, first.body)
    assert.deepEqual(first.json().case.approved_by, ['key-reviewer'])
    const twice = await approve(fx.keys.reviewer)
    assert.equal(twice.statusCode, 409)
    assert.equal(twice.json().error.code, 'conflict')
    const second = await approve(fx.keys.supervisor)
    assert.equal(second.json().case.state, 'approved')
    const released = await app.inject({ method: 'POST', url: `/v1/batches/${batchId}/release`, headers: bearer(fx.keys.supervisor), payload: { release_at: '2025-08-07T16:00:00Z' } })
    assert.equal(released.statusCode, 200, released.body)
    assert.equal(released.json().released, 1)
    const disclosed = (await fx.store.ledger.list({ kind: 'disclosure' })).find((e) => e.kind === 'disclosure' && e.payload.requestId === c.request_id)
    assert.equal(disclosed?.actor, 'key-supervisor', 'the release is recorded under the supervisor’s person')
  })

  it('serves the response file to its requester only, with the released record', async () => {
    const res = await app.inject({ method: 'GET', url: `/v1/batches/${batchId}/response`, headers: bearer(fx.keys.requester) })
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/csv/)
    assert.ok(res.body.split('\n').length > 1)
    assert.match(res.body, /DISCLOSED/)
    assert.equal((await app.inject({ method: 'GET', url: `/v1/batches/${batchId}/response`, headers: bearer(fx.otherRequesterKey) })).statusCode, 403)
  })

  it('gives an overseer the accounting of the disclosure about the person', async () => {
    const cases = (await app.inject({ method: 'GET', url: `/v1/review/cases?batch=${batchId}&state=released`, headers: bearer(fx.keys.reviewer) })).json() as { cases: { master_id: string }[] }
    const masterRows = parse(readFileSync(master), { columns: true }) as { id: string; tin: string }[]
    const tin = masterRows.find((r) => r.id === cases.cases[0]!.master_id)!.tin
    const res = await app.inject({ method: 'POST', url: '/v1/oversight/accounting', headers: bearer(fx.keys.overseer), payload: { subject: `tin:${tin}` } })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().entries.length, 1)
    assert.equal(res.json().entries[0].recipient, 'dhs-ice')
  })

  it('verifies one record online without releasing any field', async () => {
    const incomplete = await app.inject({ method: 'POST', url: '/v1/verify', headers: bearer(fx.keys.requester), payload: { id: 'Q1', city: 'Springfield' } })
    assert.equal(incomplete.statusCode, 200, incomplete.body)
    assert.equal(incomplete.json().verified, false)
    assert.equal(incomplete.json().answer.code, 'REQUEST_INCOMPLETE')
    const answers = new Set<string>()
    for (const record of requestRows.slice(0, 20)) {
      const res = await app.inject({ method: 'POST', url: '/v1/verify', headers: bearer(fx.keys.requester), payload: record })
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json()
      assert.deepEqual(Object.keys(body).sort(), ['answer', 'as_of', 'master_digest', 'notice', 'request_id', 'verified'])
      answers.add(body.answer.code)
    }
    assert.ok([...answers].every((a) => ['VERIFIED', 'NOT_VERIFIED', 'REQUEST_INCOMPLETE', 'NOT_PERMITTED', 'REVIEW_REQUIRED'].includes(a)), [...answers].join(' '))
    assert.ok(answers.has('REVIEW_REQUIRED'), 'under the review order, a match goes to people')
  })

  it('refuses an unreadable file, an empty one and one over the upload limit with 4xx, keeping nothing', async () => {
    const headers = { ...bearer(fx.keys.requester), 'content-type': 'text/csv' }
    const before = (await fx.store.batches.list()).length
    const bad = await app.inject({ method: 'POST', url: '/v1/batches', headers, payload: 'foo,bar\n1,2\n' })
    assert.equal(bad.statusCode, 400)
    assert.equal(bad.json().error.code, 'unreadable_upload')
    assert.doesNotMatch(bad.body, /uploads|\/tmp/)
    assert.equal((await app.inject({ method: 'POST', url: '/v1/batches', headers, payload: '' })).json().error.code, 'empty_upload')
    const huge = await app.inject({ method: 'POST', url: '/v1/batches', headers, payload: `id,surname\n${'R1,SMITH\n'.repeat(30_000)}` })
    assert.equal(huge.statusCode, 413)
    assert.equal(huge.json().error.code, 'upload_too_large')
    const wrongType = await app.inject({ method: 'POST', url: '/v1/batches', headers: { ...bearer(fx.keys.requester), 'content-type': 'application/pdf' }, payload: 'x' })
    assert.equal(wrongType.statusCode, 415)
    assert.deepEqual(readdirSync(join(fx.dir, 'served', 'uploads')), [])
    assert.equal((await fx.store.batches.list()).length, before)
    assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200)
  })

  it('accepts a CSV with broken rows: refuses those with their codes, counts them, answers the good rows, and stays healthy', async () => {
    const lines = requestsCsv.trimEnd().split('\n')
    const width = lines[0]!.split(',').length
    const good = lines.slice(1, 31)
    const blanks = ','.repeat(width - 2)
    // One broken row of each kind, among good ones; the open quote last, as it runs to the end of the file.
    const broken = { wrong_column_count: 'BROKEN-1,SMITH', malformed_quote: `BROKEN-2,SM"ITH${blanks}`, missing_id: `,JONES${blanks}`, unbalanced_quote: `BROKEN-4,"SMITH${blanks}` }
    const text = `${[lines[0]!, ...good.slice(0, 10), broken.wrong_column_count, ...good.slice(10, 20), broken.malformed_quote, broken.missing_id, ...good.slice(20), broken.unbalanced_quote].join('\n')}\n`
    const headers = { ...bearer(fx.keys.requester), 'content-type': 'text/csv' }
    const before = (await fx.store.batches.list()).length
    const res = await app.inject({ method: 'POST', url: '/v1/batches', headers, payload: text })
    assert.equal(res.statusCode, 202, res.body)
    const brokenId = res.json().batch_id as string
    await batches.idle()

    const status = (await app.inject({ method: 'GET', url: `/v1/batches/${brokenId}`, headers: bearer(fx.keys.requester) })).json()
    assert.equal(status.error, null)
    assert.equal(status.status, 'awaiting_review', JSON.stringify(status))
    const summary = status.summary as { requested: number; intake_refused: number; by_reason: Record<string, number>; answers: Record<string, number> }
    assert.equal(summary.requested, good.length + 4)
    for (const code of Object.keys(broken)) assert.equal(summary.by_reason[code], 1, `${code}: ${JSON.stringify(summary.by_reason)}`)
    assert.equal(summary.answers['UNREADABLE'], 4)
    assert.ok(summary.intake_refused >= 4)
    // Every good row is answered, in file order; no broken row is.
    const response = await app.inject({ method: 'GET', url: `/v1/batches/${brokenId}/response`, headers: bearer(fx.keys.requester) })
    assert.equal(response.statusCode, 200, response.body)
    const answered = (parse(response.body, { columns: true }) as { request_id: string; answer: string }[]).map((r) => r.request_id)
    assert.deepEqual(answered, good.map((row) => row.split(',')[0]))
    assert.equal(Object.values(summary.answers).reduce((a, b) => a + b, 0) - summary.answers['UNREADABLE']!, answered.length)

    // Nothing half-written: one new batch, no upload left behind, no temporary response file.
    assert.equal((await fx.store.batches.list()).length, before + 1)
    assert.deepEqual(readdirSync(join(fx.dir, 'served', 'uploads')), [])
    assert.deepEqual(readdirSync(join(fx.dir, 'served', 'out')).filter((f) => f.endsWith('.tmp')), [])
    assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200)
    const oversight = await app.inject({ method: 'GET', url: `/v1/oversight/batches/${brokenId}`, headers: bearer(fx.keys.overseer) })
    assert.deepEqual(oversight.json().by_reason, summary.by_reason)
  })

  it('refuses batches and verifications past the agreement’s volume cap with volume_cap_reached', async () => {
    const capped = join(fx.dir, 'capped.yaml')
    writeFileSync(capped, readFileSync(AGREEMENT, 'utf8').replace('maxDisclosures: 100000', 'maxDisclosures: 1'))
    const { keys } = loadOrCreateLedgerKeys(keysPath())
    const later = () => new Date('2025-08-07T18:00:00.000Z')
    const cappedBatches = await createBatchService({ store: fx.store, agreementPath: capped, ordersDir, masterPath: master, dataDir: join(fx.dir, 'capped'), keys, threads: 1, now: later })
    const verifier = await createOnlineVerifier({ masterPath: master, agreementPath: capped })
    const cappedApp = await buildApp({ store: fx.store, batches: cappedBatches, verifier, keys, now: later })
    try {
      const res = await cappedApp.inject({ method: 'POST', url: '/v1/batches', headers: { ...bearer(fx.keys.requester), 'content-type': 'text/csv' }, payload: requestsCsv })
      assert.equal(res.statusCode, 429, res.body)
      assert.deepEqual(res.json().error, { code: 'volume_cap_reached', message: res.json().error.message, field: 'caps.day' })
      // A complete request reaches the cap check; an incomplete one is refused before it.
      const codes = new Set<string>()
      for (const record of requestRows.slice(0, 20)) {
        const verified = await cappedApp.inject({ method: 'POST', url: '/v1/verify', headers: bearer(fx.keys.requester), payload: record })
        codes.add(verified.statusCode === 429 ? verified.json().error.code : verified.json().answer.code)
      }
      assert.ok(codes.has('volume_cap_reached'), [...codes].join(' '))
      assert.ok(!codes.has('VERIFIED'))
    } finally {
      await cappedApp.close()
    }
  })
})
