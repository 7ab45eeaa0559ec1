/**
 * Issue 21: the retention purge on a recorded history (two batches run by the batch runner,
 * released 7 August 2025 and 2 March 2026, audited under the court's reading, which opens an
 * incident), on SQLite and, when VERIGATE_TEST_PG_URL is set, on PostgreSQL. It shows what holds
 * a batch, that a due batch loses its raw request values and files and nothing else, that the
 * ledger still verifies both ways, that an audit after the purge re-decides every disclosure
 * exactly as the audit before it, and that the accounting still finds every disclosure.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { rawDatabaseForTamperTests, verifyStore } from '../store/index.js'
import { accountingFor, parseSubject } from './audit/accounting.js'
import type { AuditResult } from './audit/audit-types.js'
import { closeIncident, reportIncident } from './audit/incident-lifecycle.js'
import { runAudit } from './audit/run-audit.js'
import { purgeExpired } from './retention.js'
import type { RetentionRun } from './retention.js'
import { agreement, recordHistory } from '../../test/support/audit-test-support.js'
import type { History } from '../../test/support/audit-test-support.js'

const PG_URL = process.env.VERIGATE_TEST_PG_URL

const AUDIT_DAY = new Date('2026-03-10T09:00:00.000Z')
/** After the first batch's 365 days, before the second's. */
const PURGE_DAY = new Date('2027-01-15T09:00:00.000Z')

const at = (date: Date) => () => date

/** What an audit says, without its own id, time and ledger place. */
function decided(a: AuditResult) {
  return { requestsExamined: a.requestsExamined, disclosuresMade: a.disclosuresMade, improper: a.improper, improperByReason: a.improperByReason, improperByField: a.improperByField, findings: a.findings }
}

function stateOf(run: RetentionRun, batchId: string) {
  const b = run.batches.find((x) => x.batchId === batchId)
  assert.ok(b, `the run reports batch ${batchId}`)
  return b
}

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`the retention purge, and an audit after it (${backend})`, { skip: backend === 'postgres' && !PG_URL ? 'VERIGATE_TEST_PG_URL is not set: the purge would be replayed on PostgreSQL' : false }, () => {
    let h: History
    let before_: AuditResult
    const schema = `vg_retention_${randomBytes(4).toString('hex')}`

    before(async () => {
      h = await recordHistory(1500, 300, 11, backend === 'postgres' ? { pgUrl: PG_URL!, pgSchema: schema } : {})
    })
    after(() => h.dispose())

    it('holds a batch never audited, then one whose audit opened an incident not yet closed, and changes nothing', async () => {
      const [first] = h.batchIds
      const unaudited = await purgeExpired(h.store, { actor: 'records-officer', now: at(PURGE_DAY) })
      assert.equal(stateOf(unaudited, first).state, 'held')
      assert.match(stateOf(unaudited, first).holds.join('; '), /no audit covers the batch since its last disclosure/)

      before_ = await runAudit(h.store, { agreement: agreement('court-reading'), now: at(AUDIT_DAY) })
      assert.ok(before_.improper > 0 && before_.incidentId, 'the court reading finds improper disclosures and opens an incident')
      const size = await h.store.ledger.size()
      const held = await purgeExpired(h.store, { actor: 'records-officer', now: at(PURGE_DAY) })
      for (const batchId of h.batchIds) assert.match(stateOf(held, batchId).holds.join('; '), new RegExp(`incident ${before_.incidentId} .* is not closed`))
      assert.equal(await h.store.ledger.size(), size, 'a held batch writes nothing')
      assert.equal((await h.store.requests.get(first, (await h.store.requests.page(first, 0, 1))[0]!.requestId))!.record.surname !== undefined, true, 'the request values are still there')
    })

    it('refuses a period shorter than the agreement’s', async () => {
      await assert.rejects(purgeExpired(h.store, { actor: 'records-officer', now: at(PURGE_DAY), olderThanDays: 30 }), /--older-than 30 is shorter than the 365 days of agreement/)
    })

    it('purges the batch past its period: request values and response file gone, rows, decisions, evidence and disclosures kept, one entry', async () => {
      await reportIncident(h.store, { incidentId: before_.incidentId!, to: ['TIGTA'], actor: 'officer', at: '2026-03-10T12:00:00.000Z' })
      await closeIncident(h.store, { incidentId: before_.incidentId!, reason: 'reported; recalls handled outside this test', actor: 'officer', at: '2026-03-11T12:00:00.000Z' })
      const [first, second] = h.batchIds
      const response = join(h.dir, 'out', `response-${first}.csv`)
      assert.ok(existsSync(response))
      const disclosuresBefore = await h.store.disclosures.byBatch(first)
      const requestsBefore = await h.store.requests.count(first)

      const dry = await purgeExpired(h.store, { actor: 'records-officer', now: at(PURGE_DAY), dryRun: true })
      assert.equal(stateOf(dry, first).state, 'due', JSON.stringify(stateOf(dry, first)))
      assert.equal(stateOf(dry, second).state, 'not_due', `the second batch is due ${stateOf(dry, second).dueAt}`)
      assert.ok(existsSync(response), 'a dry run deletes nothing')

      const size = await h.store.ledger.size()
      const run = await purgeExpired(h.store, { actor: 'records-officer', now: at(PURGE_DAY) })
      const purged = stateOf(run, first)
      assert.equal(purged.state, 'purged')
      assert.equal(purged.requests, requestsBefore)
      assert.deepEqual(
        purged.files.map((f) => [f.role, f.file]),
        [['response', `response-${first}.csv`]],
      )
      assert.match(purged.files[0]!.digest, /^sha256:[0-9a-f]{64}$/)
      assert.match(purged.rule, /agreement irs-ice-2025 .*: 365 days after the batch's last activity/)
      assert.ok(purged.keptFiles.some((k) => /given on the command line/.test(k.why)), 'the operator’s own request file is named as kept')
      assert.equal(stateOf(run, second).state, 'not_due')
      assert.ok(!existsSync(response), 'the response file is deleted')
      assert.ok(existsSync(join(h.dir, 'out', `response-${second}.csv`)), 'the other batch’s file stays')

      // One entry, its row, and every request row reduced to its id.
      assert.equal(await h.store.ledger.size(), size + 1)
      const entry = await h.store.ledger.get(size)
      assert.equal(entry!.kind, 'retention_purge')
      assert.equal(entry!.actor, 'records-officer')
      assert.equal(entry!.at, PURGE_DAY.toISOString())
      const rows = await rawDatabaseForTamperTests(h.store).selectFrom('request_records').select(['request_id', 'record', 'intake_status']).where('batch_id', '=', first).execute()
      assert.equal(rows.length, requestsBefore, 'every request row is kept (the figures and the audit count them)')
      // The reduced record is JSON text (SQLite) or its UTF-8 bytes (PostgreSQL, migration 0025), no longer packed.
      for (const r of rows) assert.deepEqual(JSON.parse(typeof r.record === 'string' ? r.record : Buffer.from(r.record).toString('utf8')), { id: r.request_id })
      for (const r of await h.store.requests.page(first, 0, 1_000_000)) assert.deepEqual(r.record, { id: r.requestId })
      const untouched = (await h.store.requests.page(second, 0, 1))[0]!
      assert.ok(Object.keys(untouched.record).length > 1, 'the batch not yet due keeps its values')
      assert.deepEqual(await h.store.disclosures.byBatch(first), disclosuresBefore)
      assert.equal((await h.store.retentionPurges.list()).length, 1)

      const verified = await verifyStore(h.store, h.keys.publicKey)
      assert.ok(verified.ok, JSON.stringify(verified.tables.problems))
      assert.ok(verified.tables.tables.some((c) => c.table === 'retention_purges' && c.rows === 1))
    })

    it('re-decides every disclosure after the purge exactly as before it', async () => {
      const after_ = await runAudit(h.store, { agreement: agreement('court-reading'), now: at(new Date('2027-01-16T09:00:00.000Z')) })
      assert.notEqual(after_.auditId, before_.auditId)
      assert.deepEqual(decided(after_), decided(before_))
      const asRun = await runAudit(h.store, { agreement: agreement('as-run'), now: at(new Date('2027-01-16T10:00:00.000Z')) })
      assert.equal(asRun.improper, 0, 'under the agreement they were made under, every disclosure is re-decided as made')
      assert.equal(asRun.disclosuresMade, before_.disclosuresMade)
    })

    it('still finds every disclosure of the purged batch in the accounting, by request and by TIN', async () => {
      const [first] = h.batchIds
      for (const d of (await h.store.disclosures.byBatch(first)).slice(0, 20)) {
        const byRequest = await accountingFor(h.store, h.keys.holderSecret, parseSubject(`request:${first}/${d.requestId}`))
        assert.ok(byRequest.entries.some((e) => e.disclosureId === d.id), `request ${d.requestId} finds disclosure ${d.id}`)
        const masterId = (await h.store.decisions.get(first, d.requestId))!.decision.masterId!
        const tin = h.masterTin.get(masterId)!
        if (tin.replace(/\D/g, '').length !== 9) continue
        const byTin = await accountingFor(h.store, h.keys.holderSecret, parseSubject(`tin:${tin}`))
        assert.ok(byTin.entries.some((e) => e.disclosureId === d.id), `the TIN of master ${masterId} finds disclosure ${d.id}`)
      }
    })

    it('purges a batch once: a second run reports it purged and writes nothing', async () => {
      const size = await h.store.ledger.size()
      const again = await purgeExpired(h.store, { actor: 'records-officer', now: at(new Date('2027-01-17T09:00:00.000Z')) })
      const b = stateOf(again, h.batchIds[0])
      assert.equal(b.state, 'already_purged')
      assert.equal(b.purgedAt, PURGE_DAY.toISOString())
      assert.equal(await h.store.ledger.size(), size)
    })

    it('keeps the record of a purge append-only: the database refuses to change or delete it', async () => {
      const raw = rawDatabaseForTamperTests(h.store)
      await assert.rejects(raw.updateTable('retention_purges').set({ purged_by: 'someone-else' }).execute(), /append-only|restrict/)
      await assert.rejects(raw.deleteFrom('retention_purges').execute(), /append-only|restrict/)
      assert.equal((await h.store.retentionPurges.list())[0]!.purgedBy, 'records-officer')
    })
  })
}
