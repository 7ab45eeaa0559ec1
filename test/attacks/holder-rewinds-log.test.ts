/**
 * Attack (issue 22): the holder rewinds its log, restoring a backup taken before some
 * disclosures were recorded, and publishes from it. The restored ledger verifies alone and its
 * checkpoint carries the log's valid signature; `verigate monitor`, which kept the larger
 * checkpoint it accepted, raises a shrink alarm naming both tree heads, and keeps the offered
 * checkpoint as evidence.
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ledgerOrigin, loadOrCreateLedgerKeys, noteVerifierKey, noteVerifierOf } from '../../src/ledger/index.js'
import { ATTACK_BACKENDS } from './support.js'
import type { AttackPlace } from './support.js'
import { appendPolicies, verigate } from './clock-scene.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`the holder rewinds its log to a backup (${backend.name})`, { skip: backend.skip }, () => {
    it('the monitor raises a shrink alarm naming the checkpoint it kept and the one offered', async () => {
      const places: AttackPlace[] = [await backend.fresh(), await backend.fresh()]
      try {
        const [live, backup] = places as [AttackPlace, AttackPlace]
        const keyPath = join(live.dir, 'ledger.key')
        const keys = loadOrCreateLedgerKeys(keyPath).keys
        const vkey = noteVerifierKey(noteVerifierOf(ledgerOrigin({ firstKeyId: keys.keyId, mode: 'simulation' }), keys.publicKey))
        const state = join(live.dir, 'overseer.json')
        const publish = (place: AttackPlace) => verigate(['ledger', 'publish', '--db', place.location, '--key', keyPath, '--out', join(place.dir, 'published')], place.dir)
        const monitor = (place: AttackPlace) => verigate(['monitor', '--source', join(place.dir, 'published'), '--verifier-key', vkey, '--state', state], live.dir)

        // The backup holds the first three entries; the live log grows to five, and the overseer accepts it.
        for (const place of places) await appendPolicies(place.location, ['v1', 'v2', 'v3'], 1)
        assert.equal(publish(live).status, 0)
        assert.equal(monitor(live).status, 0)
        await appendPolicies(live.location, ['v4', 'v5'], 10)
        assert.equal(publish(live).status, 0)
        assert.equal(monitor(live).status, 0)

        // Restored from the backup, the log publishes three entries under the same key.
        assert.equal(publish(backup).status, 0)
        const alarm = monitor(backup)
        assert.equal(alarm.status, 1, alarm.stdout)
        assert.match(alarm.stderr, /ALARM: the log shrank: it now has 3 entries, the last checkpoint accepted had 5/)
        assert.match(alarm.stderr, /kept: +size 5, root [0-9a-f]{64}/)
        assert.match(alarm.stderr, /offered: size 3, root [0-9a-f]{64}/)
        const kept = JSON.parse(readFileSync(state, 'utf8')) as { accepted: { tree_size: number }[]; alarms: { kind: string; offered_note: string }[] }
        assert.deepEqual(kept.accepted.map((a) => a.tree_size), [3, 5])
        assert.equal(kept.alarms[0]?.kind, 'shrink')
        assert.equal(kept.alarms[0]?.offered_note, readFileSync(join(backup.dir, 'published/checkpoint'), 'utf8'), 'the offered checkpoint is kept as evidence')
      } finally {
        for (const place of places) await place.dispose()
      }
    })
  })
}
