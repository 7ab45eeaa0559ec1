import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { VerigateError } from '../core/index.js'
import { openStore } from '../store/index.js'
import type { Store } from '../store/index.js'
import { lockBatch } from './batch-lock.js'
import { listReviewCases, releaseReviewed, reviewCase, showReviewCase } from './review.js'
import { runBatch } from './batch/index.js'
import { AS_OF, CORRECTED_AGREEMENT, RELEASE_AT, makeFixture, writeReviewOrder } from '../../test/support/workflow-test-support.js'
import type { Fixture } from '../../test/support/workflow-test-support.js'

const conflict = (pattern: RegExp) => (e: VerigateError) => e.code === 'conflict' && pattern.test(e.message)

describe('review under an order that sends every disclosure to two reviewers', () => {
  let fx: Fixture
  let store: Store
  let batchId: string
  let cases: Awaited<ReturnType<typeof listReviewCases>>

  before(async () => {
    fx = await makeFixture(3000, 300, 7)
    store = await openStore(join(fx.dir, 'db.sqlite'), { mode: 'simulation' })
    const result = await runBatch(store, {
      agreementPath: CORRECTED_AGREEMENT,
      ordersDir: writeReviewOrder(fx.dir),
      masterPath: fx.master,
      requestsPath: fx.requests,
      asOf: AS_OF,
      releaseAt: RELEASE_AT,
      outDir: join(fx.dir, 'out'),
      keys: fx.keys,
      threads: 1,
    })
    batchId = result.batchId
    assert.equal(result.summary.disclosed, 0)
    cases = await listReviewCases(store, { batchId, state: 'pending' })
  })
  after(async () => {
    await store.close()
    rmSync(fx.dir, { recursive: true, force: true })
  })

  it('holds the would-be disclosures as review cases needing two approvals', async () => {
    assert.ok(cases.length >= 3, `${cases.length} cases`)
    for (const c of cases) {
      assert.equal(c.approvalsNeeded, 2)
      assert.ok(c.reasons.includes('ORDER_REQUIRES_REVIEW'))
    }
    assert.equal((await store.disclosures.byBatch(batchId)).length, 0)
  })

  it('requires a reviewer and a reason', async () => {
    const c = cases[0]!
    await assert.rejects(reviewCase(store, { batchId, requestId: c.requestId, reviewer: ' ', action: 'approve', reason: 'ok' }), /reviewer/)
    await assert.rejects(reviewCase(store, { batchId, requestId: c.requestId, reviewer: 'ana', action: 'approve', reason: '' }), /reason/)
    assert.equal((await showReviewCase(store, batchId, c.requestId)).actions.length, 0)
  })

  it('needs two distinct approvals, and refuses the same reviewer twice without writing anything', async () => {
    const c = cases[0]!
    const size = await store.ledger.size()
    const one = await reviewCase(store, { batchId, requestId: c.requestId, reviewer: 'ana', action: 'approve', reason: 'DOB and TIN agree' })
    assert.equal(one.state, 'pending')
    await assert.rejects(reviewCase(store, { batchId, requestId: c.requestId, reviewer: 'ana', action: 'approve', reason: 'again' }), conflict(/already reviewed/))
    await assert.rejects(reviewCase(store, { batchId, requestId: c.requestId, reviewer: 'ana', action: 'reject', reason: 'changed my mind' }), conflict(/already reviewed/))
    assert.equal(await store.ledger.size(), size + 1)
    const two = await reviewCase(store, { batchId, requestId: c.requestId, reviewer: 'ben', action: 'approve', reason: 'agree' })
    assert.equal(two.state, 'approved')
    assert.deepEqual(two.approvedBy, ['ana', 'ben'])
    await assert.rejects(reviewCase(store, { batchId, requestId: c.requestId, reviewer: 'cy', action: 'approve', reason: 'me too' }), conflict(/already has the 2 approvals/))
    const reviews = (await store.ledger.list({ from: size, kind: 'review' })).map((e) => e.payload)
    assert.deepEqual(
      reviews.map((p) => ('reviewer' in p ? p.reviewer : '')),
      ['ana', 'ben'],
    )
  })

  it('withholds a rejected case, and a case with one approval stays pending', async () => {
    await reviewCase(store, { batchId, requestId: cases[1]!.requestId, reviewer: 'ana', action: 'approve', reason: 'looks right' })
    const rejected = await reviewCase(store, { batchId, requestId: cases[1]!.requestId, reviewer: 'ben', action: 'reject', reason: 'the rival is as likely' })
    assert.equal(rejected.state, 'rejected')
    await reviewCase(store, { batchId, requestId: cases[2]!.requestId, reviewer: 'ana', action: 'approve', reason: 'one approval only' })
  })

  it('releases the approved case once, with one ledger entry, and withholds the rejected one; the rewritten response file is recorded once', async () => {
    const size = await store.ledger.size()
    const released = await releaseReviewed(store, batchId, { keys: fx.keys, releaseAt: '2025-08-08T09:00:00Z' })
    assert.equal(released.released, 1)
    assert.equal(released.withheld, 1)
    const entries = await store.ledger.list({ from: size })
    // The release rewrites the response file: a new file, recorded with its digest (issue 16).
    assert.deepEqual(entries.map((e) => e.kind).sort(), ['disclosure', 'response_file', 'withholding'])
    const file = entries.find((e) => e.kind === 'response_file')
    assert.ok(file?.kind === 'response_file')
    assert.equal(file.payload.digest, `sha256:${createHash('sha256').update(readFileSync(released.responsePath)).digest('hex')}`)
    assert.deepEqual(file.payload.disclosureIds, (await store.disclosures.byBatch(batchId)).map((d) => d.id))
    const disclosure = entries.find((e) => e.kind === 'disclosure')!
    assert.equal((disclosure.payload as { requestId: string }).requestId, cases[0]!.requestId)
    const withholding = entries.find((e) => e.kind === 'withholding')
    assert.ok(withholding?.kind === 'withholding' && withholding.payload.reasons.includes('REVIEW_REJECTED'))
    const [d] = await store.disclosures.byBatch(batchId)
    assert.equal(d?.requestId, cases[0]!.requestId)
    assert.ok(d!.fields.includes('street_name'))
    const rows = parse(readFileSync(released.responsePath), { columns: true }) as Record<string, string>[]
    const answer = (id: string) => rows.find((r) => r.request_id === id)?.answer
    assert.equal(answer(cases[0]!.requestId), 'DISCLOSED')
    assert.equal(answer(cases[1]!.requestId), 'NOT_VERIFIED')
    assert.equal(answer(cases[2]!.requestId), 'UNDER_REVIEW')

    const again = await releaseReviewed(store, batchId, { keys: fx.keys, releaseAt: '2025-08-08T10:00:00Z' })
    assert.equal(again.released + again.withheld, 0)
    // Nothing new, the same bytes: no second response_file entry.
    assert.equal(await store.ledger.size(), size + 3)
    assert.equal((await store.ledger.verify(fx.keys.publicKey)).ok, true)
    await assert.rejects(reviewCase(store, { batchId, requestId: cases[0]!.requestId, reviewer: 'cy', action: 'reject', reason: 'too late' }), conflict(/already released/))
  })

  it('refuses to release while another run holds the batch, naming it, and releases once it ends', async () => {
    // The parent process (the test runner) is alive on this host: its lock is not stale.
    const held = await lockBatch(store, batchId, { pid: process.ppid })
    try {
      await assert.rejects(releaseReviewed(store, batchId, { keys: fx.keys, releaseAt: '2025-08-08T11:00:00Z' }), conflict(new RegExp(`being run by process ${process.ppid}`)))
    } finally {
      await held.release()
    }
    const after = await releaseReviewed(store, batchId, { keys: fx.keys, releaseAt: '2025-08-08T11:00:00Z' })
    assert.equal(after.released + after.withheld, 0)
    await assert.rejects(releaseReviewed(store, 'b-no-such-batch', { keys: fx.keys }), (e: Error) => /no batch b-no-such-batch/.test(e.message))
  })

  it('withholds an approved case when an order in force at release time forbids what it would release', async () => {
    const c = cases[2]!
    await reviewCase(store, { batchId, requestId: c.requestId, reviewer: 'ben', action: 'approve', reason: 'second approval' })
    const size = await store.ledger.size()
    // 6 February 2026: the D. Mass. order forbids residential addresses from the day before.
    const late = await releaseReviewed(store, batchId, { keys: fx.keys, releaseAt: '2026-02-06T09:00:00Z' })
    assert.equal(late.released, 0)
    assert.equal(late.withheld, 1)
    const [entry] = await store.ledger.list({ from: size })
    assert.ok(entry?.kind === 'withholding' && entry.payload.reasons.includes('ORDER_BLOCKS_RELEASE'), JSON.stringify(entry?.payload))
    assert.equal((await store.disclosures.byBatch(batchId)).length, 1)
  })

  it('counts people, not spellings: "ANA" after "ana" is refused, nothing written; a reviewer named as the requester is refused', async (t) => {
    const c = cases[3]
    if (!c) return t.skip(`only ${cases.length} cases`)
    await reviewCase(store, { batchId, requestId: c.requestId, reviewer: 'ana', action: 'approve', reason: 'DOB and TIN agree' })
    const size = await store.ledger.size()
    await assert.rejects(reviewCase(store, { batchId, requestId: c.requestId, reviewer: ' ANA ', action: 'approve', reason: 'again, shouting' }), conflict(/ANA has already reviewed .* \(as ana: names compare case-insensitively\)/))
    const forbidden = (e: VerigateError) => e.code === 'forbidden' && /dhs-ice is the requesting party of batch/i.test(e.message)
    await assert.rejects(reviewCase(store, { batchId, requestId: c.requestId, reviewer: 'DHS-ICE', action: 'approve', reason: 'our own case' }), forbidden)
    await assert.rejects(releaseReviewed(store, batchId, { keys: fx.keys, releasedBy: 'dhs-ice' }), forbidden)
    assert.equal(await store.ledger.size(), size)
    assert.deepEqual((await showReviewCase(store, batchId, c.requestId)).case.approvedBy, ['ana'])
  })
})
