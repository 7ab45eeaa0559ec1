import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { canonicalJson, digest } from '../../core/index.js'
import { openStore } from '../../store/index.js'
import type { Store } from '../../store/index.js'
import { acknowledgeRecall, recallAcknowledgementOf, recallTracking } from './acknowledge-recall.js'
import { dropPgSchema } from '../../../test/support/pg-schema.js'

const AT = '2026-03-01T00:00:00.000Z'

/** The PostgreSQL server the tests also run against, when set (as in CI). */
const PG_URL = process.env.VERIGATE_TEST_PG_URL

/** A store holding one audit and a notice to each of two recipients (no batch is needed to acknowledge). */
async function storeWithNotices(dir: string, pgSchema?: string): Promise<Store> {
  const store = pgSchema ? await openStore(PG_URL!, { schema: pgSchema, mode: 'simulation' }) : await openStore(join(dir, 'db.sqlite'), { mode: 'simulation' })
  const result = { discloser: 'irs', disposal: 'destroy' }
  await store.audits.insert({ id: 'au-1', createdAt: AT, agreementId: 'irs-ice-2025', agreementDigest: `sha256:${'0'.repeat(64)}`, result, resultDigest: digest(canonicalJson(result)), ledgerSeq: 0 })
  await store.recalls.insertMany(
    ['dhs-ice', 'other-agency'].map((party) => ({ id: `rn-${party}`, auditId: 'au-1', recipientPartyId: party, disclosureIds: ['d-1'], fields: ['street_name'], reason: 'test', deadline: '2026-03-31', status: 'issued', createdAt: AT, ledgerSeq: null })),
  )
  return store
}

describe('acknowledging a recall notice', () => {
  let dir: string
  let store: Store

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    store = await storeWithNotices(dir)
  })
  after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('records the recipient’s acknowledgement in the store and as a recall_acknowledgement ledger entry', async () => {
    const { acknowledgement, created } = await acknowledgeRecall(store, { noticeId: 'rn-dhs-ice', party: 'dhs-ice', at: '2026-03-02T09:30:00Z', actor: 'key-requester' })
    assert.equal(created, true)
    assert.deepEqual(acknowledgement, { noticeId: 'rn-dhs-ice', party: 'dhs-ice', actor: 'key-requester', acknowledgedAt: '2026-03-02T09:30:00.000Z', ledgerSeq: acknowledgement.ledgerSeq })
    const entry = await store.ledger.get(acknowledgement.ledgerSeq)
    assert.equal(entry?.kind, 'recall_acknowledgement')
    assert.equal(entry?.actor, 'key-requester')
    assert.equal(entry?.at, '2026-03-02T09:30:00.000Z')
    assert.deepEqual(entry?.payload, { noticeId: 'rn-dhs-ice', recipient: 'dhs-ice', acknowledgedAt: '2026-03-02T09:30:00.000Z' })
    assert.deepEqual(await recallAcknowledgementOf(store, 'rn-dhs-ice'), acknowledgement)
  })

  it('answers a second acknowledgement with the first, writing nothing', async () => {
    const size = await store.ledger.size()
    const again = await acknowledgeRecall(store, { noticeId: 'rn-dhs-ice', party: 'dhs-ice', at: '2026-03-05T00:00:00Z' })
    assert.equal(again.created, false)
    assert.equal(again.acknowledgement.acknowledgedAt, '2026-03-02T09:30:00.000Z')
    assert.equal(await store.ledger.size(), size)
    assert.equal((await store.acknowledgements.list()).length, 1)
  })

  it('keeps one acknowledgement when two arrive at once', async () => {
    const both = await Promise.all([0, 1].map(() => acknowledgeRecall(store, { noticeId: 'rn-other-agency', party: 'other-agency', at: '2026-03-03T00:00:00Z' })))
    assert.deepEqual(both.map((b) => b.created).sort(), [false, true])
    assert.equal(both[0]!.acknowledgement.ledgerSeq, both[1]!.acknowledgement.ledgerSeq)
    const kinds = []
    for (let seq = 0; seq < (await store.ledger.size()); seq++) kinds.push((await store.ledger.get(seq))?.kind)
    assert.deepEqual(kinds, ['recall_acknowledgement', 'recall_acknowledgement'])
  })

  it('refuses a party the notice is not addressed to, and an unknown notice', async () => {
    await assert.rejects(acknowledgeRecall(store, { noticeId: 'rn-dhs-ice', party: 'other-agency' }), (e: Error & { code?: string }) => e.code === 'forbidden')
    await assert.rejects(acknowledgeRecall(store, { noticeId: 'rn-missing', party: 'dhs-ice' }), (e: Error & { code?: string }) => e.code === 'not_found' && /no recall notice rn-missing/.test(e.message))
    await assert.rejects(acknowledgeRecall(store, { noticeId: 'rn-missing', party: 'dhs-ice', at: 'yesterday' }), (e: Error & { code?: string }) => e.code === 'not_found')
  })

  it('shows each notice’s acknowledgement beside its status', async () => {
    const tracked = await recallTracking(store, new Date('2026-03-10T00:00:00Z'))
    assert.deepEqual(
      tracked.map((n) => [n.noticeId, n.status, n.acknowledgement?.acknowledgedAt ?? null]),
      [
        ['rn-dhs-ice', 'outstanding', '2026-03-02T09:30:00.000Z'],
        ['rn-other-agency', 'outstanding', '2026-03-03T00:00:00.000Z'],
      ],
    )
  })
})

describe('acknowledging with a bad time', () => {
  it('refuses a time that is not one, recording nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    const store = await storeWithNotices(dir)
    try {
      await assert.rejects(acknowledgeRecall(store, { noticeId: 'rn-dhs-ice', party: 'dhs-ice', at: 'yesterday' }), (e: Error & { code?: string }) => e.code === 'invalid_input')
      assert.equal(await recallAcknowledgementOf(store, 'rn-dhs-ice'), null)
      assert.equal(await store.ledger.size(), 0)
      assert.deepEqual((await recallTracking(store, new Date(AT))).map((n) => n.acknowledgement), [null, null])
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('two acknowledgements at once on PostgreSQL', { skip: PG_URL ? false : 'VERIGATE_TEST_PG_URL is not set' }, () => {
  it('keeps the first and one ledger entry; the second answers with it', async () => {
    const schema = `vg_ack_${randomBytes(4).toString('hex')}`
    const store = await storeWithNotices('', schema)
    try {
      const all = await Promise.all([0, 1, 2].map(() => acknowledgeRecall(store, { noticeId: 'rn-dhs-ice', party: 'dhs-ice', at: '2026-03-03T00:00:00Z' })))
      assert.deepEqual(all.map((a) => a.created).sort(), [false, false, true])
      assert.equal(new Set(all.map((a) => a.acknowledgement.ledgerSeq)).size, 1)
      assert.equal(await store.ledger.size(), 1)
      assert.equal((await store.acknowledgements.list()).length, 1)
    } finally {
      await store.close()
      await dropPgSchema(PG_URL as string, schema)
    }
  })
})
