import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { VerigateError } from '../core/index.js'
import { openStore } from '../store/index.js'
import type { Store } from '../store/index.js'
import { lockBatch, processExists } from './batch-lock.js'

describe('the batch lock', () => {
  let dir: string
  let store: Store
  const batchId = 'b-lock-test'

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    store = await openStore(join(dir, 'db.sqlite'))
    await store.batches.create({
      id: batchId,
      agreementId: 'a',
      agreementVersion: '1',
      agreementDigest: `sha256:${'0'.repeat(64)}`,
      requesterPartyId: 'r',
      requestFileDigest: `sha256:${'1'.repeat(64)}`,
      status: 'running',
      createdAt: '2026-01-01T00:00:00.000Z',
    })
  })
  after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses a second run while the first one’s process lives, naming it, and lets it in once released', async () => {
    const first = await lockBatch(store, batchId, { host: 'h1', pid: 101, isAlive: () => true })
    await assert.rejects(lockBatch(store, batchId, { host: 'h1', pid: 202, isAlive: () => true }), (e: VerigateError) => e.code === 'conflict' && /process 101 on h1/.test(e.message))
    await first.release()
    const second = await lockBatch(store, batchId, { host: 'h1', pid: 202, isAlive: () => true })
    await second.release()
  })

  it('takes over the lock of a process of this host that is gone (killed), and the old holder can no longer renew it', async () => {
    const killed = await lockBatch(store, batchId, { host: 'h1', pid: 303 })
    const rerun = await lockBatch(store, batchId, { host: 'h1', pid: 404, isAlive: (pid) => pid !== 303 })
    assert.notEqual(rerun.token, killed.token)
    assert.equal(await store.batchSteps.heartbeat(batchId, killed.token, '2026-01-01T00:00:01.000Z'), false)
    assert.equal(await store.batchSteps.heartbeat(batchId, rerun.token, '2026-01-01T00:00:01.000Z'), true)
    await killed.release()
    await assert.rejects(lockBatch(store, batchId, { host: 'h1', pid: 505, isAlive: () => true }), /process 404/)
    await rerun.release()
  })

  it('takes over another host’s lock only once it has not been renewed for the stale time', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z')
    const clock = () => new Date(now)
    const remote = await lockBatch(store, batchId, { host: 'other', pid: 1, now: clock })
    now += 5 * 60_000
    await assert.rejects(lockBatch(store, batchId, { host: 'h1', pid: 2, now: clock, staleAfterMs: 10 * 60_000 }), /process 1 on other/)
    now += 6 * 60_000
    const local = await lockBatch(store, batchId, { host: 'h1', pid: 2, now: clock, staleAfterMs: 10 * 60_000 })
    await remote.release()
    await assert.rejects(lockBatch(store, batchId, { host: 'other', pid: 3, now: clock, staleAfterMs: 10 * 60_000, isAlive: () => true }), /process 2 on h1/)
    await local.release()
  })

  it('knows this process exists and a finished one does not', () => {
    assert.equal(processExists(process.pid), true)
    assert.equal(processExists(2 ** 22 + 12345), false)
  })
})
