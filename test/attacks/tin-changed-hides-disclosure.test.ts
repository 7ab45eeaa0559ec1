/**
 * The master file changes a person's TIN after their record was disclosed under the old one (a
 * correction, or someone who wants the disclosure out of sight). Before the links were kept, an
 * accounting asked by master record id with the master file searched the record's id and its
 * new TIN, neither of which the disclosure was recorded under, and answered "no disclosure about
 * this person is recorded". Each disclosure now keeps the pseudonym of its master record id on
 * its ledger entry (migration 0015), so every identifier the person is known by, then or now,
 * still finds it, with the changed master file or without any.
 */
import { strict as assert } from 'node:assert'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { openStore } from '../../src/store/index.js'
import type { Accounting } from '../../src/workflow/index.js'
import { recordHistory } from './derived-tables-history.js'
import { ATTACK_BACKENDS, REPO_ROOT } from './support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`the master file changes a disclosed person's TIN to hide the disclosure from their accounting (${backend.name})`, { skip: backend.skip }, () => {
    it('is defeated: the master record id, the old TIN and the new TIN each still find the disclosure', async () => {
      const place = await backend.fresh()
      try {
        const history = await recordHistory(place)
        const rows = parse(readFileSync(join(place.dir, 'data/master.csv')), { columns: true }) as Record<string, string>[]
        const tins = new Set(rows.map((r) => (r['tin'] ?? '').replace(/\D/g, '')))
        // A disclosure made under a nine-digit TIN.
        const store = await openStore(place.location)
        let victim: { id: string; masterId: string; oldTin: string }
        try {
          const found = await (async () => {
            for (const d of await store.disclosures.byBatch(history.batchId)) {
              const masterId = (await store.decisions.get(d.batchId, d.requestId))!.decision.masterId!
              const oldTin = (rows.find((r) => r['id'] === masterId)?.['tin'] ?? '').replace(/\D/g, '')
              if (oldTin.length === 9) return { id: d.id, masterId, oldTin }
            }
            throw new Error('the history disclosed nothing under a TIN')
          })()
          victim = found
        } finally {
          await store.close()
        }
        // The master file, changed: the record now has a TIN no record had.
        let newTin = 900000001
        while (tins.has(String(newTin))) newTin++
        const changed = join(place.dir, 'master-changed.csv')
        writeFileSync(changed, stringify(rows.map((r) => (r['id'] === victim.masterId ? { ...r, tin: String(newTin) } : r)), { header: true }))

        const accounting = (subject: string, ...extra: string[]): Accounting => {
          const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/verigate.js'), 'accounting', '--subject', subject, ...extra, '--db', place.location, '--key', history.keyFile, '--json'], { encoding: 'utf8' })
          assert.equal(r.status, 0, r.stderr)
          return JSON.parse(r.stdout) as Accounting
        }
        for (const [subject, extra] of [
          [`master:${victim.masterId}`, ['--master', changed]],
          [`master:${victim.masterId}`, []],
          [`tin:${newTin}`, ['--master', changed]],
          [`tin:${victim.oldTin}`, []],
        ] as const) {
          const result = accounting(subject, ...extra)
          assert.ok(
            result.entries.some((e) => e.disclosureId === victim.id),
            `${subject}${extra.length ? ' with the changed master file' : ''} finds the disclosure made under the old TIN (searched: ${result.searched.join('; ')})`,
          )
        }
        // Without the master file, the new TIN names nobody yet: the answer says what it searched.
        const bare = accounting(`tin:${newTin}`)
        assert.deepEqual(bare.entries, [])
        assert.match(bare.searched.join('; '), /the TIN given \(ending \d{4}\); no other identifier was linked to them at disclosure time/)
      } finally {
        await place.dispose()
      }
    })
  })
}
