/**
 * Attack surface of a key rotation (issue 15, item 2): the ledger's key is replaced by an
 * explicit, ledgered rotation (`verigate ledger rotate-key`), then more batches run. The ledger
 * verifies across it under the old public key (an overseer's copy) and under the new one; the
 * same person keeps one pseudonym; the old key can no longer write.
 */
import { strict as assert } from 'node:assert'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadLedgerKeys } from '../../src/ledger/index.js'
import { openStore } from '../../src/store/index.js'
import { ATTACK_BACKENDS } from './support.js'
import { batchInputs, batchRun, keyFileOf, ledgerState, verigate } from './ledger-key-support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`a supervisor rotates the ledger key and more batches run (${backend.name})`, { skip: backend.skip }, () => {
    it('verifies across the rotation under the old and the new public key, every person keeps one pseudonym, and the old key can no longer write', async () => {
      const place = await backend.fresh()
      try {
        const inputs = await batchInputs(place)
        const oldKey = keyFileOf(place)
        const first = batchRun(place, inputs, inputs.requests, ['--key', oldKey])
        assert.equal(first.status, 0, first.stderr)
        const newKey = join(place.dir, 'ledger-2.key')
        const rotate = verigate(['ledger', 'rotate-key', '--db', place.location, '--key', oldKey, '--new-key', newKey, '--actor', 'supervisor-sam', '--json'])
        assert.equal(rotate.status, 0, rotate.stderr)
        const rotation = JSON.parse(rotate.stdout) as { seq: number; old_key_id: string; new_key_id: string }
        assert.deepEqual([rotation.old_key_id, rotation.new_key_id], [loadLedgerKeys(oldKey).keyId, loadLedgerKeys(newKey).keyId])

        const second = batchRun(place, inputs, inputs.requestsAgain, ['--key', newKey])
        assert.equal(second.status, 0, second.stderr)
        for (const trusted of [['--public-key', `${oldKey}.pub.pem`], ['--public-key', `${newKey}.pub.pem`], ['--key', newKey]]) {
          const verify = verigate(['ledger', 'verify', '--db', place.location, '--json', ...trusted])
          assert.equal(verify.status, 0, verify.stdout + verify.stderr)
          const result = JSON.parse(verify.stdout) as { ok: boolean; signaturesChecked: boolean; keyIds: string[]; checkpointsChecked: number }
          assert.deepEqual([result.ok, result.signaturesChecked, result.keyIds], [true, true, [rotation.old_key_id, rotation.new_key_id]])
          assert.ok(result.checkpointsChecked >= 3, 'checkpoints before, at and after the rotation')
        }

        // One pseudonym per person: each master record disclosed in both batches has one subject.
        const store = await openStore(place.location)
        try {
          const [b1, b2] = (await store.batches.list()).map((b) => b.id)
          const subjects = new Map<string, Set<string>>()
          let both = 0
          for (const batchId of [b1!, b2!]) {
            for (const d of await store.disclosures.byBatch(batchId)) {
              const masterId = (await store.decisions.get(d.batchId, d.requestId))!.decision.masterId!
              const subject = (await store.ledger.get(d.ledgerSeq))!.subject!
              if (batchId === b2 && subjects.has(masterId)) both += 1
              subjects.set(masterId, (subjects.get(masterId) ?? new Set()).add(subject))
            }
          }
          assert.ok(both > 0, 'some people were disclosed in both batches')
          for (const [masterId, set] of subjects) assert.equal(set.size, 1, `${masterId} has ${set.size} pseudonyms`)
        } finally {
          await store.close()
        }

        const before = await ledgerState(place.location)
        const stale = verigate(['ledger', 'checkpoint', '--db', place.location, '--key', oldKey])
        assert.notEqual(stale.status, 0)
        assert.ok(stale.stderr.includes(rotation.new_key_id), stale.stderr)
        assert.deepEqual(await ledgerState(place.location), before)
      } finally {
        await place.dispose()
      }
    })
  })
}
