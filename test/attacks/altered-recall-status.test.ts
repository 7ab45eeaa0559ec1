/**
 * An intruder with the database marks an outstanding recall notice certified (triggers dropped
 * first), so the oversight pages and the accounting show the recalled data as disposed of when
 * no certification of disposal was ever received. `ledger verify` names the notice's status.
 * While the triggers stand, the database refuses any other change to a notice (its deadline, its
 * status to anything but certified, a deletion); the one change it allows, issued to certified,
 * is the certification's own, and verify checks it against the certification's entry.
 */
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { openStore, rawDatabaseForTamperTests } from '../../src/store/index.js'
import { asIntruder, ledgerVerify, recordHistory } from './derived-tables-history.js'
import { ATTACK_BACKENDS } from './support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`an intruder marks an outstanding recall notice certified (${backend.name})`, { skip: backend.skip }, () => {
    it('is detected: ledger verify names the notice’s status, which no certification of disposal backs (other changes are refused by the database)', async () => {
      const place = await backend.fresh()
      try {
        const history = await recordHistory(place)
        assert.equal(ledgerVerify(place, history).status, 0)

        const store = await openStore(place.location)
        try {
          await assert.rejects(rawDatabaseForTamperTests(store).updateTable('recalls').set({ status: 'withdrawn' }).where('id', '=', history.noticeId).execute(), /recalls\.status changes only|append-only|restrict/)
          await assert.rejects(rawDatabaseForTamperTests(store).updateTable('recalls').set({ deadline: '2099-12-31' }).where('id', '=', history.noticeId).execute(), /append-only|restrict/)
          await assert.rejects(rawDatabaseForTamperTests(store).deleteFrom('disclosures').execute(), /append-only|restrict/)
          assert.equal((await store.recalls.get(history.noticeId))?.status, 'issued')
        } finally {
          await store.close()
        }

        const [notice] = await asIntruder(place, [{ sql: 'select ledger_seq from recalls where id = ?', params: [history.noticeId] }])
        await asIntruder(place, [{ sql: "update recalls set status = 'certified' where id = ?", params: [history.noticeId] }])
        const run = ledgerVerify(place, history)
        assert.equal(run.status, 70, run.stdout)
        assert.match(run.stderr, new RegExp(`first difference: table recalls, row ${history.noticeId}, entry ${Number(notice!['ledger_seq'])}, field status\\)`))
        assert.match(run.stderr, /stored "certified", the entry says "issued" \(no certification of disposal is recorded\)/)
      } finally {
        await place.dispose()
      }
    })
  })
}
