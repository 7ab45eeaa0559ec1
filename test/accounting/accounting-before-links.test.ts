/**
 * A store migrated from before the links were kept (migration 0015): its disclosures name the
 * person only by their entry's subject (the TIN's pseudonym when the record had one). The
 * accounting by master record id still finds such a disclosure, without the master file, through
 * the master record its stored decision names, and says so; `ledger verify` accepts the old entry
 * (no `masterSubject`, a null `master_subject`).
 */
import { strict as assert } from 'node:assert'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import type { DisclosurePayload, LedgerEntry } from '../../src/core/index.js'
import { pseudonymize } from '../../src/ledger/index.js'
import { openStore } from '../../src/store/index.js'
import { accountingFor, disclosureIdOf } from '../../src/workflow/index.js'
import { ledgerVerify, recordHistory } from '../attacks/derived-tables-history.js'
import { ATTACK_BACKENDS, REPO_ROOT } from '../attacks/support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`the accounting of a disclosure recorded before links were kept (${backend.name})`, { skip: backend.skip }, () => {
    it('finds it by master record id through its stored decision, says so, and ledger verify accepts it', async () => {
      const place = await backend.fresh()
      try {
        const history = await recordHistory(place)
        const master = parse(readFileSync(join(place.dir, 'data/master.csv')), { columns: true }) as { id: string; tin: string }[]
        const store = await openStore(place.location)
        let masterId: string
        let oldId: string
        try {
          // The rejected review case: a decision with a master record and no disclosure yet. A
          // disclosure of it is written as the release wrote one before migration 0015.
          const withheld = (await store.withholdings.byBatch(history.batchId)).find((w) => w.decision.masterId !== null && (master.find((m) => m.id === w.decision.masterId)?.tin ?? '').replace(/\D/g, '').length === 9)
          assert.ok(withheld, 'the history withheld a case about a record with a TIN')
          masterId = withheld.decision.masterId!
          const tin = master.find((m) => m.id === masterId)!.tin
          const stored = (await store.decisions.get(history.batchId, withheld.requestId))!
          oldId = disclosureIdOf(history.batchId, withheld.requestId)
          const subject = pseudonymize(history.keys.holderSecret, { scheme: 'tin', value: tin })
          const d = stored.decision
          const payload: DisclosurePayload = {
            batchId: history.batchId,
            requestId: d.requestId,
            recipient: d.recipient,
            fields: ['zip'],
            agreementId: d.agreement.id,
            agreementDigest: d.agreement.digest,
            orderDigests: [],
            evidenceDigest: d.evidenceDigest,
            decisionDigest: stored.digest,
            masterDigest: `sha256:${'5e'.repeat(32)}`,
            disclosureId: oldId,
          }
          const entry: LedgerEntry = { kind: 'disclosure', at: new Date().toISOString(), actor: d.discloser, subject, payload }
          await store.transaction(async (tx) => {
            const [recorded] = await tx.ledger.append([entry], history.keys)
            await tx.disclosures.insertMany([{ id: oldId, batchId: history.batchId, requestId: d.requestId, recipientPartyId: d.recipient, subject, fields: ['zip'], decisionDigest: stored.digest, disclosedAt: recorded!.at, ledgerSeq: recorded!.seq, masterSubject: null }])
          })
          assert.equal(await store.disclosures.countUnlinked(), 1)

          const accounting = await accountingFor(store, history.keys.holderSecret, { masterId })
          const old = accounting.entries.find((e) => e.disclosureId === oldId)
          assert.ok(old, `master record ${masterId} finds the disclosure recorded under its TIN before links were kept`)
          assert.equal(old.foundBy, 'given')
          assert.equal(accounting.foundThroughDecisions, 1)
          // By TIN it is found as it always was: under the entry's subject.
          assert.ok((await accountingFor(store, history.keys.holderSecret, { tin })).entries.some((e) => e.disclosureId === oldId))
        } finally {
          await store.close()
        }
        const human = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/verigate.js'), 'accounting', '--subject', `master:${masterId}`, '--db', place.location, '--key', history.keyFile], { encoding: 'utf8' })
        assert.equal(human.status, 0, human.stderr)
        assert.match(human.stdout, /1 of them were recorded before links were kept \(migration 0015\) and were found through the master record their decision names/)
        const verified = ledgerVerify(place, history)
        assert.equal(verified.status, 0, verified.stderr)
        assert.match(verified.stdout, /derived tables verified/)
      } finally {
        await place.dispose()
      }
    })
  })
}
