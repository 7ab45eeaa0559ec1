/**
 * An intruder with the database deletes a reviewer's approval (triggers dropped first), so the
 * case's history shows one approver fewer than released it. The ledger still holds the review
 * entry: `ledger verify` names the reviews row's entry.
 */
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { asIntruder, ledgerVerify, recordHistory } from './derived-tables-history.js'
import { ATTACK_BACKENDS } from './support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`an intruder deletes a reviewer's approval (${backend.name})`, { skip: backend.skip }, () => {
    it('is detected: ledger verify names the review entry that has no row', async () => {
      const place = await backend.fresh()
      try {
        const history = await recordHistory(place)
        assert.equal(history.reviews, 3)
        assert.equal(ledgerVerify(place, history).status, 0)
        const [review] = await asIntruder(place, [{ sql: "select batch_id, request_id, reviewer, ledger_seq from reviews where reviewer = 'rev-ben'" }])
        await asIntruder(place, [{ sql: "delete from reviews where reviewer = 'rev-ben'" }])

        const run = ledgerVerify(place, history)
        assert.equal(run.status, 70, run.stdout)
        const seq = Number(review!['ledger_seq'])
        assert.match(run.stderr, new RegExp(`first difference: table reviews, row of ${String(review!['batch_id'])}/${String(review!['request_id'])} by rev-ben, entry ${seq}\\)`))
        assert.match(run.stderr, /has no row in reviews: the row was deleted/)
      } finally {
        await place.dispose()
      }
    })
  })
}
