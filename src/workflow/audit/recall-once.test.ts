/**
 * Issue 16: no disclosure is recalled twice, and a certificate must match its notice. Real
 * audits of a real recorded history (the batch runner's), on SQLite and, when
 * VERIGATE_TEST_PG_URL is set, on PostgreSQL.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'

import type { AuditResult } from './audit-types.js'
import { certifyDisposal } from './certify-disposal.js'
import { createRecalls } from './recall.js'
import type { RecallNotice } from './recall.js'
import { runAudit } from './run-audit.js'
import { agreement, recordHistory } from '../../../test/support/audit-test-support.js'
import type { History } from '../../../test/support/audit-test-support.js'

/** The PostgreSQL server the tests also run against, when set (as in CI). */
const PG_URL = process.env.VERIGATE_TEST_PG_URL

const DAY_1 = new Date('2026-03-10T09:00:00.000Z')
const DAY_2 = new Date('2026-03-17T09:00:00.000Z')
const DAY_3 = new Date('2026-03-24T09:00:00.000Z')

/** A certificate answering `n` exactly, with `change` applied. */
function certificate(n: RecallNotice, change: Record<string, unknown> = {}): string {
  return JSON.stringify({ noticeId: n.noticeId, recipient: n.recipient, disclosureIds: n.disclosureIds, disposedAt: '2026-03-20T10:00:00Z', method: n.disposal, methodDetail: 'NIST SP 800-88 purge of the case-system records and backups', certifiedBy: 'ICE Privacy Officer', ...change })
}

const ids = (a: AuditResult) => new Set(a.findings.map((f) => f.disclosureId))

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`recalls that never recall a disclosure twice, and certificates that must match their notice (${backend})`, { skip: backend === 'postgres' && !PG_URL ? 'VERIGATE_TEST_PG_URL is not set' : false }, () => {
    let h: History
    const schema = `vg_recall_${randomBytes(4).toString('hex')}`
    /** The laxer reading (the agency's), recalled first and then certified. */
    let agency: AuditResult
    let agencyNotice: RecallNotice
    /** The stricter reading (the court's), recalled after it: only what is new. */
    let court: AuditResult
    let courtNotice: RecallNotice

    before(async () => {
      h = await recordHistory(1500, 300, 11, backend === 'postgres' ? { pgUrl: PG_URL!, pgSchema: schema } : {})
      agency = await runAudit(h.store, { agreement: agreement('agency-reading'), now: () => DAY_1 })
      court = await runAudit(h.store, { agreement: agreement('court-reading'), now: () => DAY_1 })
    })
    after(() => h.dispose())

    it('recalls the laxer reading, and recalls nothing again when the same reading is audited again (no new notice, the earlier one named)', async () => {
      const first = await createRecalls(h.store, { auditId: agency.auditId, days: 30, now: () => DAY_1 })
      assert.equal(first.created, true)
      assert.deepEqual(first.alreadyRecalled, [])
      agencyNotice = first.notices[0]!
      assert.equal(first.notices.length, 1)
      assert.deepEqual(agencyNotice.disclosureIds, [...ids(agency)].sort())

      // The same reading, audited again a week later: a new audit, every finding the same.
      const again = await runAudit(h.store, { agreement: agreement('agency-reading'), now: () => DAY_2 })
      assert.notEqual(again.auditId, agency.auditId)
      assert.deepEqual([...ids(again)].sort(), agencyNotice.disclosureIds)
      const size = await h.store.ledger.size()
      const recalled = await createRecalls(h.store, { auditId: again.auditId, now: () => DAY_2 })
      assert.deepEqual(recalled.notices, [])
      assert.equal(recalled.created, false)
      assert.deepEqual(recalled.alreadyRecalled, [{ noticeId: agencyNotice.noticeId, auditId: agency.auditId, status: 'issued', disclosureIds: agencyNotice.disclosureIds }])
      assert.equal(await h.store.ledger.size(), size, 'a recall that had nothing new wrote to the ledger')
      assert.deepEqual(await h.store.recalls.byAudit(again.auditId), [])
    })

    it('refuses a certificate that differs from its notice with every reason at once: method, recipient, a record missing and one extra; records nothing', async () => {
      const size = await h.store.ledger.size()
      const [kept, ...rest] = agencyNotice.disclosureIds
      assert.ok(rest.length > 0 && kept !== undefined)
      const wrong = certificate(agencyNotice, { method: 'return', recipient: 'dhs-cbp', disclosureIds: [...rest, 'd-never-disclosed'] })
      const r = await certifyDisposal(h.store, { noticeId: agencyNotice.noticeId, text: wrong, receivedAt: '2026-03-21T09:00:00Z' })
      assert.equal(r.ok, false)
      const issues = r.ok ? [] : r.issues
      assert.deepEqual(
        issues.map((i) => [i.code, i.path?.field]),
        [
          ['recipient_mismatch', 'recipient'],
          ['method_mismatch', 'method'],
          ['disclosures_not_recalled', 'disclosureIds'],
          ['disclosures_not_covered', 'disclosureIds'],
        ],
      )
      assert.match(issues[1]!.message, /disposed of by return, but notice rn-\w+ asks for its destruction \(method: destroy\)/)
      assert.match(issues[2]!.message, /d-never-disclosed/)
      assert.match(issues[3]!.message, new RegExp(kept))
      assert.equal(await h.store.certifications.forRecall(agencyNotice.noticeId), undefined)
      assert.equal(await h.store.ledger.size(), size)

      // Invalid in one field and mismatched in another: both reasons, not the first alone.
      const both = await certifyDisposal(h.store, { noticeId: agencyNotice.noticeId, text: certificate(agencyNotice, { method: 'return', certifiedBy: '' }), receivedAt: '2026-03-21T09:00:00Z' })
      assert.deepEqual(!both.ok && both.issues.map((i) => `${i.code} ${i.path?.field}`), ['certificate_invalid certifiedBy', 'method_mismatch method'])
    })

    it('records the certificate that matches, then refuses a second with every reason (already certified, and its own mismatch)', async () => {
      const good = await certifyDisposal(h.store, { noticeId: agencyNotice.noticeId, text: certificate(agencyNotice), receivedAt: '2026-03-21T09:00:00Z' })
      assert.ok(good.ok, good.ok ? '' : JSON.stringify(good.issues))
      const second = await certifyDisposal(h.store, { noticeId: agencyNotice.noticeId, text: certificate(agencyNotice, { method: 'return' }), receivedAt: '2026-03-22T09:00:00Z' })
      assert.deepEqual(!second.ok && second.issues.map((i) => i.code), ['already_certified', 'method_mismatch'])
      assert.equal((await h.store.certifications.forRecall(agencyNotice.noticeId))?.method.startsWith('destroy:'), true)
    })

    it('recalls under a stricter reading only the disclosures no notice recalls yet, naming the certified notice for the rest', async () => {
      const laxer = ids(agency)
      const stricter = ids(court)
      const shared = [...stricter].filter((id) => laxer.has(id)).sort()
      const onlyNew = [...stricter].filter((id) => !laxer.has(id)).sort()
      assert.ok(shared.length > 0 && onlyNew.length > 0, `shared ${shared.length}, new ${onlyNew.length}: the history does not tell the cases apart`)
      const r = await createRecalls(h.store, { auditId: court.auditId, days: 30, now: () => DAY_3 })
      assert.equal(r.created, true)
      assert.equal(r.notices.length, 1)
      courtNotice = r.notices[0]!
      assert.deepEqual(courtNotice.disclosureIds, onlyNew)
      assert.deepEqual(r.alreadyRecalled, [{ noticeId: agencyNotice.noticeId, auditId: agency.auditId, status: 'certified', disclosureIds: shared }])
      // Its ledger entry says the same, and the derived tables still prove against the ledger.
      const entry = await h.store.ledger.get(courtNotice.ledgerSeq!)
      assert.equal(entry?.kind, 'recall')
      assert.deepEqual((entry?.payload as unknown as { disclosureIds: string[] }).disclosureIds, onlyNew)
      assert.ok((await h.store.ledger.verify(h.keys.publicKey)).ok)

      // Issued again: the same notice, and the same account of what was left out.
      const again = await createRecalls(h.store, { auditId: court.auditId })
      assert.deepEqual([again.created, again.notices.map((n) => n.noticeId), again.alreadyRecalled], [false, [courtNotice.noticeId], r.alreadyRecalled])
    })

    it('never holds one disclosure in two notices, even when two audits are recalled at once', async () => {
      // Two more audits under the readings already recalled, recalled concurrently: nothing is new.
      const a = await runAudit(h.store, { agreement: agreement('court-reading'), now: () => new Date('2026-03-25T09:00:00Z') })
      const b = await runAudit(h.store, { agreement: agreement('agency-reading'), now: () => new Date('2026-03-25T09:00:00Z') })
      const both = await Promise.all([a, b].map((x) => createRecalls(h.store, { auditId: x.auditId, now: () => DAY_3 })))
      assert.deepEqual(both.map((x) => x.notices.length), [0, 0])
      // The corrected agreement finds more than either reading: recalled by two callers at the same
      // moment, one notice is issued with what is new, and the other answers with it.
      const c = await runAudit(h.store, { agreement: agreement('corrected'), now: () => new Date('2026-03-26T09:00:00Z') })
      const twice = await Promise.all([0, 1].map(() => createRecalls(h.store, { auditId: c.auditId, now: () => DAY_3 })))
      assert.deepEqual(twice.map((x) => x.created).sort(), [false, true])
      const seen = new Map<string, string>()
      for (const n of await h.store.recalls.list()) {
        for (const id of n.disclosureIds) {
          assert.equal(seen.get(id), undefined, `disclosure ${id} is in notices ${seen.get(id)} and ${n.id}`)
          seen.set(id, n.id)
        }
      }
      assert.ok((await h.store.ledger.verify(h.keys.publicKey)).ok)
    })
  })
}
