/**
 * An intruder with the database deletes a row of `disclosures` (triggers dropped first), so the
 * person's accounting no longer lists that disclosure. The ledger still holds its entry:
 * `ledger verify` fails, naming the table, the row and the entry.
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import { openStore } from '../../src/store/index.js'
import { accountingFor } from '../../src/workflow/index.js'
import { asIntruder, ledgerVerify, recordHistory } from './derived-tables-history.js'
import { ATTACK_BACKENDS } from './support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`an intruder deletes a disclosure row to thin a person's accounting (${backend.name})`, { skip: backend.skip }, () => {
    it('is detected: ledger verify fails naming the disclosures row and its entry', async () => {
      const place = await backend.fresh()
      try {
        const history = await recordHistory(place)
        const clean = ledgerVerify(place, history)
        assert.equal(clean.status, 0, clean.stderr)
        assert.match(clean.stdout, /derived tables verified/)

        const [victim] = await asIntruder(place, [{ sql: 'select d.id, d.ledger_seq, d.batch_id, d.request_id from disclosures d order by d.ledger_seq limit 1 offset 3' }])
        const id = String(victim!['id'])
        const seq = Number(victim!['ledger_seq'])
        // The person, as the holder names them for an accounting: by the TIN on file, or the record id.
        // The decision is read through the store: it is stored packed (src/store/packed-json.ts).
        const reader = await openStore(place.location)
        const masterId = await reader.decisions
          .get(String(victim!['batch_id']), String(victim!['request_id']))
          .then((d) => d!.decision.masterId!)
          .finally(() => reader.close())
        const master = parse(readFileSync(join(place.dir, 'data/master.csv')), { columns: true }) as { id: string; tin: string }[]
        const tin = master.find((m) => m.id === masterId)?.tin.replace(/\D/g, '') ?? ''
        const accounting = async (): Promise<number> => {
          const store = await openStore(place.location)
          try {
            return (await accountingFor(store, history.keys.holderSecret, tin.length === 9 ? { tin } : { masterId })).entries.length
          } finally {
            await store.close()
          }
        }
        const before = await accounting()
        assert.ok(before >= 1, 'the accounting lists the disclosure before the attack')
        await asIntruder(place, [{ sql: 'delete from disclosures where id = ?', params: [id] }])
        assert.equal(await accounting(), before - 1, 'the person’s accounting lost the disclosure')

        const tampered = ledgerVerify(place, history)
        assert.equal(tampered.status, 70, tampered.stdout)
        assert.match(tampered.stderr, new RegExp(`first difference: table disclosures, row ${id}, entry ${seq}\\)`))
        assert.match(tampered.stderr, /has no row in disclosures: the row was deleted, and the accounting of the person it is about lacks it/)

        const json = ledgerVerify(place, history, '--json')
        assert.equal(json.status, 70)
        const result = JSON.parse(json.stdout) as { ok: boolean; problems: unknown[]; tables: { ok: boolean; problems: { code: string; table: string; row: string; seq: number }[] } }
        assert.equal(result.ok, false)
        assert.deepEqual(result.problems, [], 'the ledger itself is intact')
        assert.deepEqual(result.tables.problems.map((p) => [p.code, p.table, p.row, p.seq]), [['row_missing', 'disclosures', id, seq]])
      } finally {
        await place.dispose()
      }
    })
  })
}
