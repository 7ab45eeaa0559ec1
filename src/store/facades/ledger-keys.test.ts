import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LedgerEntry } from '../../core/index.js'
import { IntegrityError } from '../../core/index.js'
import { createLedgerKeys, signCheckpoint } from '../../ledger/index.js'
import { openStore } from '../open-store.js'
import { rawDatabaseForTamperTests } from '../raw-database.js'

const dir = mkdtempSync(join(tmpdir(), 'verigate-keys-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function entry(i: number): LedgerEntry {
  return {
    kind: 'withholding',
    at: new Date(Date.UTC(2026, 10, 26, 12) + i).toISOString(),
    actor: 'system',
    payload: { batchId: 'b', requestId: `r${i}`, recipient: 'p', reasons: ['X'], decisionDigest: `sha256:${'1'.repeat(64)}` },
  }
}

// Simulation stores: the entries carry fixed times, which a real store would refuse as given.
describe('the store’s ledger key', () => {
  it('records the first key, refuses another, and follows a rotation in verify', async () => {
    const store = await openStore(join(dir, 'rotation.sqlite'), { mode: 'simulation' })
    try {
      const one = createLedgerKeys(join(dir, 'one.key'))
      const two = createLedgerKeys(join(dir, 'two.key'), { holderSecret: one.holderSecret })
      await store.ledger.append([entry(0), entry(1)], one)
      assert.deepEqual((await store.ledger.signingKeys()).map((k) => [k.keyId, k.fromSize]), [[one.keyId, 0]])
      await assert.rejects(store.ledger.append([entry(2)], two), IntegrityError)
      await store.ledger.checkpoint(one, new Date(Date.UTC(2026, 10, 26, 13)))
      const rotation = await store.ledger.rotateKey(one, two, { actor: 'admin', at: new Date(Date.UTC(2026, 10, 26, 14)) })
      assert.equal(rotation.entry.seq, 2)
      assert.deepEqual([rotation.checkpoint.treeSize, rotation.checkpoint.keyId], [3, one.keyId])
      await assert.rejects(store.ledger.checkpoint(one, new Date()), IntegrityError)
      await store.ledger.append([entry(3)], two)
      await store.ledger.checkpoint(two, new Date(Date.UTC(2026, 10, 26, 15)))
      for (const key of [one.publicKey, two.publicKey]) {
        const result = await store.ledger.verify(key)
        assert.deepEqual(result.problems, [])
        assert.deepEqual(result.keyIds, [one.keyId, two.keyId])
        assert.equal(result.checkpointsChecked, 3)
      }
      const stranger = createLedgerKeys(join(dir, 'stranger.key'))
      assert.equal((await store.ledger.verify(stranger.publicKey)).problems[0]?.code, 'key_unknown')
      const unsigned = await store.ledger.verify(undefined)
      assert.deepEqual([unsigned.ok, unsigned.signaturesChecked], [true, false])
    } finally {
      await store.close()
    }
  })

  it('rejects, in verify, a checkpoint of the tree before a rotation signed by the new key', async () => {
    const store = await openStore(join(dir, 'early.sqlite'), { mode: 'simulation' })
    try {
      const one = createLedgerKeys(join(dir, 'early-one.key'))
      const two = createLedgerKeys(join(dir, 'early-two.key'), { holderSecret: one.holderSecret })
      await store.ledger.append([entry(0), entry(1)], one)
      await store.ledger.rotateKey(one, two, { actor: 'admin', at: new Date(Date.UTC(2026, 10, 26, 14)) })
      // Forged by whoever holds only the new key: a head of the history from before it.
      const forged = signCheckpoint(two, 2, await store.ledger.root(2), new Date(Date.UTC(2026, 10, 26, 16)))
      await rawDatabaseForTamperTests(store)
        .insertInto('ledger_checkpoints')
        .values({ tree_size: 2, time: forged.time, root_hash: Buffer.from(forged.rootHash, 'hex'), key_id: forged.keyId, signature: Buffer.from(forged.signature, 'base64') })
        .execute()
      const result = await store.ledger.verify(one.publicKey)
      assert.equal(result.problems[0]?.code, 'checkpoint_signature')
      assert.match(result.problems[0]?.message ?? '', /does not sign this ledger at 2 entries/)
    } finally {
      await store.close()
    }
  })
})
