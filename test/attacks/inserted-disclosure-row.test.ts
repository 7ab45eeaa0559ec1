/**
 * An intruder with the database inserts a disclosure row that no ledger entry records (triggers
 * dropped first, the unique index on `ledger_seq` too): a disclosure made up after the fact, or
 * one pointed at another disclosure's entry. `ledger verify` names the row.
 */
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { asIntruder, ledgerVerify, recordHistory } from './derived-tables-history.js'
import { ATTACK_BACKENDS } from './support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`an intruder inserts a disclosure row with no ledger entry (${backend.name})`, { skip: backend.skip }, () => {
    it('is detected: ledger verify names the row, whether it points at an entry of another kind, one already taken, one past the ledger’s end, or none', async () => {
      const place = await backend.fresh()
      try {
        const history = await recordHistory(place)
        assert.equal(ledgerVerify(place, history).status, 0)
        const [model] = await asIntruder(place, [{ sql: 'select * from disclosures order by ledger_seq limit 1' }])
        const [size] = await asIntruder(place, [{ sql: 'select max(seq) + 1 as n from ledger_entries' }])
        const [review] = await asIntruder(place, [{ sql: 'select ledger_seq from reviews order by ledger_seq limit 1' }])
        const insert = (id: string, requestId: string, ledgerSeq: number | null) => ({
          sql: 'insert into disclosures (id, batch_id, request_id, recipient_party_id, subject, fields, decision_digest, disclosed_at, ledger_seq) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          params: [id, model!['batch_id'], requestId, model!['recipient_party_id'], model!['subject'], model!['fields'], model!['decision_digest'], model!['disclosed_at'], ledgerSeq],
        })
        const remove = (id: string) => ({ sql: 'delete from disclosures where id = ?', params: [id] })
        const verify = () => {
          const run = ledgerVerify(place, history, '--json')
          assert.equal(run.status, 70, run.stdout)
          return (JSON.parse(run.stdout) as { tables: { problems: { code: string; table: string; row: string; seq?: number }[] } }).tables.problems.map((p) => [p.code, p.table, p.row, p.seq])
        }

        // Pointing at the review entry: an entry, but not a disclosure.
        await asIntruder(place, [{ sql: 'drop index disclosures_by_ledger_seq' }, { sql: 'drop index disclosures_one_per_request' }, insert('d-forged-1', 'FORGED-1', Number(review!['ledger_seq']))])
        assert.deepEqual(verify(), [['row_without_entry', 'disclosures', 'd-forged-1', Number(review!['ledger_seq'])]])

        // Pointing at an entry another row already records.
        await asIntruder(place, [remove('d-forged-1'), insert('d-forged-2', 'FORGED-2', Number(model!['ledger_seq']))])
        const [twice] = verify()
        assert.ok(twice && ['row_duplicated', 'row_differs'].includes(String(twice[0])) && twice[1] === 'disclosures' && twice[3] === Number(model!['ledger_seq']), String(twice))

        // Pointing past the ledger's end.
        const beyond = Number(size!['n']) + 1_000
        await asIntruder(place, [remove('d-forged-2'), insert('d-forged-3', 'FORGED-3', beyond)])
        assert.deepEqual(verify(), [['row_without_entry', 'disclosures', 'd-forged-3', beyond]])

        // Naming no entry at all (PostgreSQL lets the intruder drop the NOT NULL; SQLite's column keeps it).
        if (backend.name === 'postgres') {
          await asIntruder(place, [remove('d-forged-3'), { sql: 'alter table disclosures alter column ledger_seq drop not null' }, insert('d-forged-4', 'FORGED-4', null)])
          assert.deepEqual(verify(), [['row_without_entry', 'disclosures', 'd-forged-4', undefined]])
        }
      } finally {
        await place.dispose()
      }
    })
  })
}
