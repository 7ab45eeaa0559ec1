/**
 * Attack (issue 15, item 1): a clock that goes backwards. A server whose clock was set back (or
 * code that backdates an entry) appends an entry dated before the ledger's last one, or one dated
 * ahead of the server's clock to block every later entry: the real ledger refuses both, writing
 * nothing. An intruder who writes a backdated entry straight into the database, hash chain and
 * all, is found by `ledger verify`, which names the entry that goes back.
 */
import { strict as assert } from 'node:assert'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { encodeAndHashEntry, loadOrCreateLedgerKeys } from '../../src/ledger/index.js'
import { openStore } from '../../src/store/index.js'
import { ATTACK_BACKENDS } from './support.js'
import { intruderSql, placeholders, policyEntry, verigate } from './clock-scene.js'

const HOUR = 3_600_000

for (const backend of ATTACK_BACKENDS) {
  describe(`a clock that goes backwards (${backend.name})`, { skip: backend.skip }, () => {
    it('an entry dated before the last one is refused, alone or after a good one, and nothing is written', async () => {
      const place = await backend.fresh()
      try {
        const store = await openStore(place.location)
        try {
          const now = Date.now()
          await store.ledger.append([policyEntry(new Date(now).toISOString(), 'v1')])
          await assert.rejects(store.ledger.append([policyEntry(new Date(now - HOUR).toISOString(), 'v0')]), /its last entry is dated .* a real ledger's times never go back/)
          await assert.rejects(store.ledger.append([policyEntry(new Date(now).toISOString(), 'v2'), policyEntry(new Date(now - 1).toISOString(), 'v3')]), /never go back/)
          await assert.rejects(store.ledger.append([policyEntry('1970-01-01T00:00:00.000Z', 'v-epoch')]), /never go back/)
          assert.equal(await store.ledger.size(), 1)
        } finally {
          await store.close()
        }
        // Another process (a fresh facade, no cached tip) is held to the same.
        const again = await openStore(place.location)
        try {
          await assert.rejects(again.ledger.append([policyEntry(new Date(Date.now() - HOUR).toISOString(), 'v0')]), /never go back/)
          assert.equal(await again.ledger.size(), 1)
        } finally {
          await again.close()
        }
      } finally {
        await place.dispose()
      }
    })

    it("an entry dated ahead of the server's clock (to block every later one) is refused", async () => {
      const place = await backend.fresh()
      try {
        const store = await openStore(place.location)
        try {
          await assert.rejects(store.ledger.append([policyEntry(new Date(Date.now() + 24 * HOUR).toISOString(), 'v-future')]), /ahead of the server's clock/)
          assert.equal(await store.ledger.size(), 0)
        } finally {
          await store.close()
        }
      } finally {
        await place.dispose()
      }
    })

    it('an intruder writes a backdated entry into the database, chained and hashed: ledger verify fails naming it', async () => {
      const place = await backend.fresh()
      try {
        const keyPath = join(place.dir, 'ledger.key')
        loadOrCreateLedgerKeys(keyPath)
        const store = await openStore(place.location)
        let prev: Buffer
        try {
          const now = Date.now()
          const recorded = await store.ledger.append([policyEntry(new Date(now - 2000).toISOString(), 'v1'), policyEntry(new Date(now - 1000).toISOString(), 'v2')])
          prev = Buffer.from(recorded[1]!.hash, 'hex')
        } finally {
          await store.close()
        }
        const forged = policyEntry('2025-08-09T12:00:00.000Z', 'v-backdated')
        const { encoded, hash, at } = encodeAndHashEntry(forged, 2, prev)
        await intruderSql(place.location, `insert into ledger_entries (seq, kind, at, subject, encoded, hash) values (${placeholders(place.location, 6)})`, [2, forged.kind, at, null, encoded, hash])
        const run = verigate(['ledger', 'verify', '--db', place.location, '--key', keyPath], place.dir)
        assert.notEqual(run.status, 0, run.stdout)
        assert.match(run.stderr, /first bad entry: 2\)/)
        assert.match(run.stderr, /entry 2 is dated 2025-08-09T12:00:00\.000Z, before entry 1/)
      } finally {
        await place.dispose()
      }
    })
  })
}
