/**
 * Attack (issue 15, item 1): an intruder with the database changes a store's recorded mode. A
 * simulation store's entries (written at any time, in any order) would pass as real if its mode
 * said real; a real store flipped to simulation would take backdated times. The mode is bound to
 * the ledger (every entry of a simulation chains back to the simulation anchor), so `ledger
 * verify` fails naming the mismatch, and the store refuses to write until it is resolved.
 */
import { strict as assert } from 'node:assert'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadOrCreateLedgerKeys } from '../../src/ledger/index.js'
import { openStore } from '../../src/store/index.js'
import { ATTACK_BACKENDS } from './support.js'
import { dropModeTriggers, intruderSql, policyEntry, verigate } from './clock-scene.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`an intruder flips a store's mode in the database (${backend.name})`, { skip: backend.skip }, () => {
    it('a simulation store flipped to real: ledger verify fails naming the mode, and the store refuses to write', async () => {
      const place = await backend.fresh()
      try {
        const keyPath = join(place.dir, 'ledger.key')
        loadOrCreateLedgerKeys(keyPath)
        const created = verigate(['store', 'create', '--db', place.location, '--simulation'], place.dir)
        assert.equal(created.status, 0, created.stderr)
        assert.match(created.stdout, /created a SIMULATION store/)
        const store = await openStore(place.location)
        try {
          assert.equal(store.mode, 'simulation')
          // A simulation replays history in any order: 2025, then earlier in 2025.
          const recorded = await store.ledger.append([policyEntry('2025-08-09T12:00:00.000Z', 'v1'), policyEntry('2025-08-07T12:00:00.000Z', 'v0')])
          // Each policy change with the version row it records, as the workflow writes them, so the
          // honest ledger verifies with its derived tables (ledger verify checks them both ways).
          for (const e of recorded) {
            const p = e.payload as { agreementId: string; version: string; digest: `sha256:${string}`; effectiveFrom: string }
            await store.agreements.put({ id: p.agreementId, version: p.version, digest: p.digest, document: 'agreement', effectiveFrom: p.effectiveFrom, effectiveUntil: null, recordedAt: e.at, ledgerSeq: e.seq })
          }
        } finally {
          await store.close()
        }
        const honest = verigate(['ledger', 'verify', '--db', place.location, '--key', keyPath], place.dir)
        assert.equal(honest.status, 0, honest.stderr)
        assert.match(honest.stdout, /mode SIMULATION/)

        // The update is refused while the append-only triggers stand.
        await assert.rejects(intruderSql(place.location, "update store_mode set mode = 'real'"), /append-only/)
        for (const statement of dropModeTriggers(place.location)) await intruderSql(place.location, statement)
        await intruderSql(place.location, "update store_mode set mode = 'real'")

        const run = verigate(['ledger', 'verify', '--db', place.location, '--key', keyPath], place.dir)
        assert.notEqual(run.status, 0, run.stdout)
        assert.match(run.stderr, /first bad entry: 0\)/)
        assert.match(run.stderr, /the store records that it is a real store, but its ledger is a simulation one/)
        const json = verigate(['ledger', 'verify', '--db', place.location, '--key', keyPath, '--json'], place.dir)
        const result = JSON.parse(json.stdout) as { ok: boolean; mode: string; storedMode: string; problems: { code: string }[] }
        assert.deepEqual([result.ok, result.mode, result.storedMode, result.problems[0]?.code], [false, 'simulation', 'real', 'mode_mismatch'])

        const checkpoint = verigate(['ledger', 'checkpoint', '--db', place.location, '--key', keyPath], place.dir)
        assert.notEqual(checkpoint.status, 0, checkpoint.stdout)
        assert.match(checkpoint.stderr, /refuses to sign a checkpoint: the store records that it is a real store, but its ledger is a simulation one/)
        const store2 = await openStore(place.location)
        try {
          await assert.rejects(store2.ledger.append([policyEntry(new Date().toISOString(), 'v2')]), /refuses to append/)
          assert.equal(await store2.ledger.size(), 2)
        } finally {
          await store2.close()
        }
      } finally {
        await place.dispose()
      }
    })

    it('a real store flipped to simulation: backdated times are still refused, and ledger verify names the mode', async () => {
      const place = await backend.fresh()
      try {
        const keyPath = join(place.dir, 'ledger.key')
        loadOrCreateLedgerKeys(keyPath)
        const store = await openStore(place.location)
        try {
          await store.ledger.append([policyEntry(new Date().toISOString(), 'v1')])
        } finally {
          await store.close()
        }
        for (const statement of dropModeTriggers(place.location)) await intruderSql(place.location, statement)
        await intruderSql(place.location, "update store_mode set mode = 'simulation'")

        const flipped = await openStore(place.location)
        try {
          assert.equal(flipped.mode, 'real', 'a store whose record and ledger disagree acts as real')
          await assert.rejects(flipped.ledger.append([policyEntry('2025-08-09T00:00:00.000Z', 'v0')]), /refuses to append/)
        } finally {
          await flipped.close()
        }
        const backdated = verigate(['recall', 'create', '--db', place.location, '--key', keyPath, '--audit', 'au-none', '--at', '2025-08-09'], place.dir)
        assert.notEqual(backdated.status, 0)
        assert.match(backdated.stderr, /--at 2025-08-09T00:00:00\.000Z is refused: this is a real store/)
        const run = verigate(['ledger', 'verify', '--db', place.location, '--key', keyPath], place.dir)
        assert.notEqual(run.status, 0, run.stdout)
        assert.match(run.stderr, /the store records that it is a simulation store, but its ledger is a real one/)
      } finally {
        await place.dispose()
      }
    })

    it('opening a store never changes its mode: asking for a simulation of a real store is refused', async () => {
      const place = await backend.fresh()
      try {
        const real = await openStore(place.location)
        await real.close()
        await assert.rejects(openStore(place.location, { mode: 'simulation' }), /was created as a real store .* a store's mode never changes/)
        const again = verigate(['store', 'create', '--db', place.location, '--simulation'], place.dir)
        assert.notEqual(again.status, 0)
        assert.match(again.stderr, /(already|a store is created once)/)
        const store = await openStore(place.location)
        try {
          assert.equal(store.mode, 'real')
        } finally {
          await store.close()
        }
      } finally {
        await place.dispose()
      }
    })
  })
}
