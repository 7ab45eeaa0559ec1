/**
 * Attack (issue 22): the holder keeps two ledgers under one key after a checkpoint the overseer
 * holds, and shows the overseer the one without some entries (the disclosures it would rather
 * hide) while it answers recipients from the other. Each ledger alone verifies; each published
 * checkpoint carries the log's valid signature. `verigate monitor`, which keeps what it accepted,
 * raises an alarm naming both tree heads as soon as it is shown the second: two roots for one
 * size, or a tree it cannot prove extends the one it accepted. A witness's co-signature kept by
 * the holder cannot be taken back either (append-only).
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadOrCreateLedgerKeys, noteVerifierKey, noteVerifierOf, ledgerOrigin } from '../../src/ledger/index.js'
import { openStore, rawDatabaseForTamperTests } from '../../src/store/index.js'
import { ATTACK_BACKENDS } from './support.js'
import type { AttackPlace } from './support.js'
import { appendPolicies, verigate } from './clock-scene.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`the holder forks its log for the overseer (${backend.name})`, { skip: backend.skip }, () => {
    it('the monitor raises an alarm naming both checkpoints; a kept co-signature cannot be deleted', async () => {
      const places: AttackPlace[] = [await backend.fresh(), await backend.fresh()]
      try {
        const [shown, hidden] = places as [AttackPlace, AttackPlace]
        const keyPath = join(shown.dir, 'ledger.key')
        const keys = loadOrCreateLedgerKeys(keyPath).keys
        const origin = ledgerOrigin({ prefix: 'records.example.gov', firstKeyId: keys.keyId, mode: 'simulation' })
        const vkey = noteVerifierKey(noteVerifierOf(origin, keys.publicKey))
        const state = join(shown.dir, 'overseer.json')
        const publish = (place: AttackPlace) => verigate(['ledger', 'publish', '--db', place.location, '--key', keyPath, '--origin-prefix', 'records.example.gov', '--out', join(place.dir, 'published')], place.dir)
        const monitor = (place: AttackPlace) => verigate(['monitor', '--source', join(place.dir, 'published'), '--verifier-key', vkey, '--state', state], shown.dir)

        // The common history, and the checkpoint the overseer accepts.
        for (const place of places) await appendPolicies(place.location, ['v1', 'v2', 'v3'], 1)
        for (const place of places) assert.equal(publish(place).status, 0)
        assert.equal(readFileSync(join(shown.dir, 'published/checkpoint'), 'utf8'), readFileSync(join(hidden.dir, 'published/checkpoint'), 'utf8'), 'one log so far')
        assert.equal(monitor(shown).status, 0)

        // The fork: different entries after the common checkpoint, each ledger published.
        await appendPolicies(shown.location, ['v4-shown'], 10)
        await appendPolicies(hidden.location, ['v4-hidden'], 10)
        for (const place of places) assert.equal(publish(place).status, 0)
        const grew = monitor(shown)
        assert.equal(grew.status, 0, grew.stderr)
        const alarm = monitor(hidden)
        assert.equal(alarm.status, 1, alarm.stdout)
        assert.match(alarm.stderr, /ALARM: the log forked: two checkpoints of 4 entries with different roots/)
        const roots = [...alarm.stderr.matchAll(/size 4, root ([0-9a-f]{64}), origin (\S+)/g)].map((m) => [m[1], m[2]])
        assert.equal(roots.length, 2, alarm.stderr)
        assert.notEqual(roots[0]?.[0], roots[1]?.[0])
        assert.deepEqual(roots.map((r) => r[1]), [origin, origin])

        // The holder grows the hidden ledger further: no consistency proof from the head accepted.
        await appendPolicies(hidden.location, ['v5-hidden'], 11)
        assert.equal(publish(hidden).status, 0)
        const later = monitor(hidden)
        assert.equal(later.status, 1)
        assert.match(later.stderr, /ALARM: .*(no consistency proof|does not show)/)

        // A witness co-signature, kept by the holder, is not taken back.
        const witnessKey = join(shown.dir, 'witness.key')
        assert.equal(verigate(['monitor', 'witness-key', '--name', 'overseer.example.gov/w1', '--out', witnessKey], shown.dir).status, 0)
        const cosigned = join(shown.dir, 'cosigned.note')
        assert.equal(verigate(['monitor', 'cosign', '--state', join(shown.dir, 'clean.json'), '--witness-key', witnessKey], shown.dir).status, 66, 'no state, nothing to co-sign')
        const clean = verigate(['monitor', '--source', join(shown.dir, 'published'), '--verifier-key', vkey, '--state', join(shown.dir, 'clean.json')], shown.dir)
        assert.equal(clean.status, 0, clean.stderr)
        assert.equal(verigate(['monitor', 'cosign', '--state', join(shown.dir, 'clean.json'), '--witness-key', witnessKey, '--out', cosigned], shown.dir).status, 0)
        const added = verigate(['ledger', 'cosign-add', cosigned, '--db', shown.location, '--key', keyPath, '--witness', readFileSync(`${witnessKey}.vkey`, 'utf8').trim()], shown.dir)
        assert.equal(added.status, 0, added.stderr)
        const store = await openStore(shown.location)
        try {
          assert.equal((await store.cosignatures.list()).length, 1)
          await assert.rejects(rawDatabaseForTamperTests(store).deleteFrom('checkpoint_cosignatures').execute(), /append-only|restrict/)
          assert.equal((await store.cosignatures.list()).length, 1)
        } finally {
          await store.close()
        }
      } finally {
        for (const place of places) await place.dispose()
      }
    })
  })
}
