import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { VerigateError } from '../../core/index.js'
import { openStore } from '../open-store.js'
import type { Store } from '../store.js'

describe('the workflow facades on SQLite', () => {
  let store: Store
  before(async () => {
    store = await openStore(':memory:')
    await store.batches.create({
      id: 'b-1',
      agreementId: 'a',
      agreementVersion: '1',
      agreementDigest: `sha256:${'a'.repeat(64)}`,
      requesterPartyId: 'dhs-ice',
      requestFileDigest: `sha256:${'b'.repeat(64)}`,
      status: 'running',
      createdAt: '2025-08-07T12:00:00.000Z',
    })
  })
  after(() => store.close())

  it('records a step once and keeps the first detail', async () => {
    assert.equal(await store.batchSteps.mark('b-1', 'intake', { rows: 1 }, '2025-08-07T12:00:01.000Z'), true)
    assert.equal(await store.batchSteps.mark('b-1', 'intake', { rows: 2 }, '2025-08-07T12:00:02.000Z'), false)
    assert.deepEqual((await store.batchSteps.get('b-1', 'intake'))?.detail, { rows: 1 })
    assert.deepEqual((await store.batchSteps.list('b-1')).map((s) => s.step), ['intake'])
  })

  it('takes one review action per reviewer per case', async () => {
    const action = { id: 'rv-1', batchId: 'b-1', requestId: 'R1', reviewer: 'ana', action: 'approve' as const, note: 'ok', createdAt: '2025-08-07T13:00:00.000Z', ledgerSeq: null }
    await store.reviews.add(action)
    await assert.rejects(store.reviews.add({ ...action, id: 'rv-2', action: 'reject' }), (e: VerigateError) => e.code === 'conflict')
    await store.reviews.add({ ...action, id: 'rv-3', reviewer: 'ben' })
    assert.deepEqual((await store.reviews.forCase('b-1', 'R1')).map((a) => a.reviewer), ['ana', 'ben'])
  })

  it('reads the last request line and the undecided accepted requests', async () => {
    assert.equal(await store.batchQueries.lastRequestLine('b-1'), 0)
    await store.requests.insertMany([
      { batchId: 'b-1', requestId: 'R1', line: 2, record: { id: 'R1' }, intakeStatus: 'accepted', intakeReasons: [] },
      { batchId: 'b-1', requestId: 'R2', line: 3, record: { id: 'R2' }, intakeStatus: 'refused', intakeReasons: ['REQUEST_MISSING_STATUTE'] },
      { batchId: 'b-1', requestId: 'R3', line: 4, record: { id: 'R3' }, intakeStatus: 'accepted', intakeReasons: [] },
    ])
    assert.equal(await store.batchQueries.lastRequestLine('b-1'), 4)
    assert.deepEqual((await store.batchQueries.undecidedRequests('b-1', 0, 10)).map((r) => r.requestId), ['R1', 'R3'])
    assert.deepEqual((await store.batchQueries.undecidedRequests('b-1', 2, 10)).map((r) => r.requestId), ['R3'])
  })

  it('refuses a second disclosure of one request of one batch', async () => {
    const d = { id: 'd-1', batchId: 'b-1', requestId: 'R1', recipientPartyId: 'dhs-ice', subject: `pn:${'0'.repeat(64)}` as const, fields: ['zip'], decisionDigest: `sha256:${'c'.repeat(64)}` as const, disclosedAt: '2025-08-07T16:00:00.000Z', ledgerSeq: 0 }
    await store.disclosures.insertMany([d])
    await assert.rejects(store.disclosures.insertMany([{ ...d, id: 'd-2' }]))
    assert.equal((await store.disclosures.byBatch('b-1')).length, 1)
  })
})
