/**
 * An intruder with the database rewrites a disclosure row (triggers dropped first): widens the
 * fields it says went out, or names another recipient, so the accounting tells the person
 * something other than what happened. `ledger verify` names the row, its entry and the column.
 */
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { asIntruder, ledgerVerify, recordHistory } from './derived-tables-history.js'
import { ATTACK_BACKENDS } from './support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`an intruder rewrites a disclosure row's fields, then its recipient (${backend.name})`, { skip: backend.skip }, () => {
    it('is detected each time: ledger verify names the row, its entry and the field that differs', async () => {
      const place = await backend.fresh()
      try {
        const history = await recordHistory(place)
        assert.equal(ledgerVerify(place, history).status, 0)
        const [row] = await asIntruder(place, [{ sql: 'select id, ledger_seq, fields, recipient_party_id from disclosures order by ledger_seq limit 1 offset 5' }])
        const id = String(row!['id'])
        const seq = Number(row!['ledger_seq'])

        await asIntruder(place, [{ sql: 'update disclosures set fields = ? where id = ?', params: ['["address"]', id] }])
        const fields = ledgerVerify(place, history)
        assert.equal(fields.status, 70, fields.stdout)
        assert.match(fields.stderr, new RegExp(`first difference: table disclosures, row ${id}, entry ${seq}, field fields\\)`))
        assert.match(fields.stderr, /stored "\[\\"address\\"\]", the entry says/)

        // Put the fields back; name another recipient instead.
        await asIntruder(place, [{ sql: 'update disclosures set fields = ?, recipient_party_id = ? where id = ?', params: [row!['fields'], 'dhs-cbp', id] }])
        const recipient = ledgerVerify(place, history, '--json')
        assert.equal(recipient.status, 70)
        const result = JSON.parse(recipient.stdout) as { ok: boolean; tables: { problems: { code: string; table: string; row: string; seq: number; field: string }[] } }
        assert.deepEqual(
          result.tables.problems.map((p) => [p.code, p.table, p.row, p.seq, p.field]),
          [['row_differs', 'disclosures', id, seq, 'recipient_party_id']],
        )
      } finally {
        await place.dispose()
      }
    })
  })
}
