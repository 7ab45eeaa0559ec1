import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { publicKeyPem } from '../../ledger/index.js'
import { renderOversightReport } from '../../report/index.js'
import type { IncidentRecord } from '../../report/index.js'
import type { StoredDisclosure } from '../../store/index.js'
import { accountingFor, parseSubject } from './accounting.js'
import type { AuditResult } from './audit-types.js'
import { buildOversightReport } from './build-oversight-report.js'
import { certifyDisposal } from './certify-disposal.js'
import { createRecalls, exportRecallNotice, recallStatus, verifyRecallNotice } from './recall.js'
import type { RecallNotice } from './recall.js'
import { loadAudit, runAudit } from './run-audit.js'
import { ORDER_FROM, agreement, recordHistory, residentialOrder } from '../../../test/support/audit-test-support.js'
import type { History } from '../../../test/support/audit-test-support.js'

/** Precision and recall of `found` against `truth`, with the first few misses for the message. */
function score(found: ReadonlySet<string>, truth: ReadonlySet<string>) {
  const wrong = [...found].filter((x) => !truth.has(x))
  const missed = [...truth].filter((x) => !found.has(x))
  return { precision: found.size === 0 ? 1 : (found.size - wrong.length) / found.size, recall: truth.size === 0 ? 1 : (truth.size - missed.length) / truth.size, wrong: wrong.slice(0, 5), missed: missed.slice(0, 5) }
}

const AUDIT_DAY = new Date('2026-03-10T09:00:00.000Z')

describe('the incident replayed: a batch under the as-run agreement, audited (3,000 people, 600 requests, two batches)', () => {
  let h: History
  let disclosures: StoredDisclosure[]
  let incomplete: Set<string>
  let corrected: AuditResult
  let agency: AuditResult
  let court: AuditResult

  before(async () => {
    h = await recordHistory()
    disclosures = [...(await h.store.disclosures.byBatch(h.batchIds[0])), ...(await h.store.disclosures.byBatch(h.batchIds[1]))]
    incomplete = new Set(disclosures.filter((d) => h.truth.get(d.requestId)!.address_complete !== 'true').map((d) => d.id))
    const now = () => AUDIT_DAY
    corrected = await runAudit(h.store, { agreement: agreement('corrected'), now })
    agency = await runAudit(h.store, { agreement: agreement('agency-reading'), now })
    court = await runAudit(h.store, { agreement: agreement('court-reading'), now })
  })
  after(async () => {
    await h.store.close()
    rmSync(h.dir, { recursive: true, force: true })
  })

  it('replays history exactly: under the agreement it ran under, nothing is improper', async () => {
    const same = await runAudit(h.store, { agreement: agreement('as-run'), now: () => AUDIT_DAY })
    assert.ok(disclosures.length > 150, `only ${disclosures.length} disclosures`)
    assert.equal(same.disclosuresMade, disclosures.length)
    assert.equal(same.improper, 0)
    assert.equal(same.incidentId, null)
    assert.ok(incomplete.size > 30, `only ${incomplete.size} disclosures on incomplete addresses`)
  })

  it('finds under the corrected agreement exactly the disclosures made on incomplete request addresses (precision and recall 1.0)', () => {
    const onAddress = new Set(corrected.findings.filter((f) => f.reasons.some((r) => r.code === 'REQUEST_ADDRESS_INSUFFICIENT')).map((f) => f.disclosureId))
    const s = score(onAddress, incomplete)
    assert.deepEqual([s.precision, s.recall], [1, 1], JSON.stringify(s))
    // The corrected agreement asks more (agreement at house-number-and-street level, every legal
    // element), so it finds these and more, never fewer.
    assert.ok(corrected.improper >= onAddress.size)
    assert.equal(corrected.requestsExamined, 600)
    assert.equal(corrected.disclosuresMade, disclosures.length)
    const byReason = new Map(corrected.improperByReason.map((r) => [r.code, r.count]))
    assert.equal(byReason.get('REQUEST_ADDRESS_INSUFFICIENT'), incomplete.size)
    const byField = new Map(corrected.improperByField.map((f) => [f.field, f.count]))
    assert.equal(byField.get('street_name'), corrected.improper)
    for (const f of corrected.findings) assert.match(f.subject, /^pn:[0-9a-f]{64}$/)
    assert.equal(corrected.peopleConcerned, new Set(corrected.findings.map((f) => f.subject)).size)
  })

  it('gives two readings of one history, each exact against the generator’s truth', () => {
    // The agency's reading: only disclosures on incomplete request addresses were improper.
    const a = score(new Set(agency.findings.map((f) => f.disclosureId)), incomplete)
    assert.deepEqual([a.precision, a.recall], [1, 1], JSON.stringify(a))
    // The court's: every TIN-path disclosure made without confirming the request's address, i.e.
    // a request with a TIN whose address was incomplete or not the one on file (the person moved).
    const courtTruth = new Set(
      disclosures
        .filter((d) => {
          const t = h.truth.get(d.requestId)!
          return h.requestTin.get(d.requestId) !== '' && (t.address_complete !== 'true' || t.noise.split(';').includes('moved'))
        })
        .map((d) => d.id),
    )
    const c = score(new Set(court.findings.map((f) => f.disclosureId)), courtTruth)
    assert.deepEqual([c.precision, c.recall], [1, 1], JSON.stringify(c))
    assert.notEqual(agency.improper, court.improper)
  })

  it('finds a court order added after the fact for the disclosures after its date, and not before', async () => {
    const audit = await runAudit(h.store, { agreement: agreement('as-run'), orders: residentialOrder(), now: () => AUDIT_DAY })
    const after = new Set(disclosures.filter((d) => d.disclosedAt >= ORDER_FROM).map((d) => d.id))
    assert.ok(after.size > 0 && after.size < disclosures.length)
    const s = score(new Set(audit.findings.map((f) => f.disclosureId)), after)
    assert.deepEqual([s.precision, s.recall], [1, 1], JSON.stringify(s))
    assert.ok(audit.findings.every((f) => f.reasons.some((r) => r.code === 'ORDER_FORBIDS_FIELD' && r.order === 'dmass-2026-02-05-residential')))
    const report = await buildOversightReport(h.store, { auditId: audit.auditId, now: () => AUDIT_DAY })
    assert.deepEqual(
      report.timeline.filter((e) => e.kind === 'order').map((e) => [e.ref, e.at]),
      [['dmass-2026-02-05-residential', ORDER_FROM]],
    )
    // Re-decided at one time after the order, every disclosure falls under it.
    const atOnce = await runAudit(h.store, { agreement: agreement('as-run'), orders: residentialOrder(), asOf: '2026-03-10T00:00:00Z', now: () => AUDIT_DAY })
    assert.equal(atOnce.improper, disclosures.length)
  })

  it('refuses to audit a batch it does not have', async () => {
    await assert.rejects(runAudit(h.store, { agreement: agreement('corrected'), batchIds: ['b-missing'] }), /no batch b-missing/)
    await assert.rejects(runAudit(h.store, { agreement: agreement('corrected'), asOf: 'yesterday' }), /not a date-time/)
  })

  it('records the audit in the ledger, with the digest of the result the store keeps', async () => {
    const entry = await h.store.ledger.get(court.ledgerSeq)
    assert.equal(entry?.kind, 'audit')
    const payload = entry!.payload as { auditId: string; improper: number; examined: number; resultDigest: string }
    assert.equal(payload.auditId, court.auditId)
    assert.equal(payload.improper, court.improper)
    assert.equal(payload.examined, disclosures.length)
    assert.equal((await h.store.audits.get(court.auditId))?.resultDigest, payload.resultDigest)
    assert.deepEqual(await loadAudit(h.store, court.auditId), court)
    const size = await h.store.ledger.size()
    assert.deepEqual(await runAudit(h.store, { agreement: agreement('court-reading'), now: () => AUDIT_DAY }), court)
    assert.equal(await h.store.ledger.size(), size, 'running the same audit again recorded something')
    assert.ok((await h.store.ledger.verify(h.keys.publicKey)).ok)
  })

  it('opens an incident with the 24-hour deadline and Publication 1075’s fields, and no personal data', async () => {
    const [stored] = await h.store.incidents.byAudit(court.auditId)
    const incident = stored!.record as IncidentRecord
    assert.equal(incident.incidentId, court.incidentId)
    assert.equal(Date.parse(incident.reportDeadline) - Date.parse(incident.discoveredAt), 24 * 3_600_000)
    assert.equal(incident.discoveredAt, AUDIT_DAY.toISOString())
    assert.equal(incident.agency, 'Internal Revenue Service')
    assert.equal(incident.records, court.improper)
    assert.equal(incident.peopleConcerned, court.peopleConcerned)
    assert.ok(incident.occurredFrom <= incident.occurredTo && incident.occurredTo < incident.discoveredAt)
    assert.match(incident.dataDescription, /street_name/)
    assert.ok(incident.systems.length > 0)
    const text = JSON.stringify(incident)
    for (const f of court.findings) {
      assert.ok(!text.includes(f.subject) && !text.includes(f.requestId) && !text.includes(f.disclosureId), 'the incident names a person, request or disclosure')
      const tin = h.requestTin.get(f.requestId)!.replace(/\D/g, '')
      if (tin !== '') assert.ok(!text.replace(/\D/g, ' ').split(' ').includes(tin), 'the incident holds a TIN')
    }
  })

  describe('recall and disposal', () => {
    let notice: RecallNotice
    let lateNotice: RecallNotice
    const certificate = (n: RecallNotice, change: Record<string, unknown> = {}) =>
      JSON.stringify({ noticeId: n.noticeId, recipient: n.recipient, disclosureIds: n.disclosureIds, disposedAt: '2026-03-20T10:00:00Z', method: 'destroy', methodDetail: 'NIST SP 800-88 purge of the case-system records and backups', certifiedBy: 'ICE Privacy Officer', ...change })

    before(async () => {
      notice = (await createRecalls(h.store, { auditId: court.auditId, days: 30, now: () => new Date('2026-03-11T08:00:00Z') })).notices[0]!
      lateNotice = (await createRecalls(h.store, { auditId: agency.auditId, days: 10, now: () => new Date('2026-03-11T08:00:00Z') })).notices[0]!
    })

    it('writes one notice per recipient with the disclosures, the fields, the reason and the deadline, as ledger entries', async () => {
      assert.equal(notice.recipient, 'dhs-ice')
      assert.deepEqual([...notice.disclosureIds].sort(), court.findings.map((f) => f.disclosureId).sort())
      assert.deepEqual(notice.fields, ['street_number', 'street_name', 'unit', 'city', 'state', 'zip'])
      assert.equal(notice.deadline, '2026-04-10')
      assert.match(notice.reason, /26 U\.S\.C\. 6103\(i\)\(2\)/)
      assert.equal(notice.disposal, 'destroy')
      const entry = await h.store.ledger.get(notice.ledgerSeq!)
      assert.equal(entry?.kind, 'recall')
      const again = await createRecalls(h.store, { auditId: court.auditId })
      assert.equal(again.created, false)
      assert.equal(again.notices[0]!.noticeId, notice.noticeId)
    })

    it('refuses to recall for an audit that found nothing improper', async () => {
      const clean = await runAudit(h.store, { agreement: agreement('as-run'), now: () => new Date('2026-03-12T00:00:00Z') })
      assert.equal(clean.improper, 0)
      await assert.rejects(createRecalls(h.store, { auditId: clean.auditId }), /nothing to recall/)
      await assert.rejects(createRecalls(h.store, { auditId: 'a-missing' }), /no audit a-missing/)
    })

    it('exports a notice signed with the ledger key, which verifies, and fails once changed', async () => {
      const signed = await exportRecallNotice(h.store, notice.noticeId, h.keys)
      assert.ok(verifyRecallNotice(signed, publicKeyPem(h.keys)))
      const changed = { ...signed, notice: { ...signed.notice, deadline: '2027-01-01' } }
      assert.equal(verifyRecallNotice(changed, publicKeyPem(h.keys)), false)
    })

    it('refuses a certificate naming disclosures that were not recalled', async () => {
      const r = await certifyDisposal(h.store, { noticeId: notice.noticeId, text: certificate(notice, { disclosureIds: [...notice.disclosureIds, 'd-not-recalled'] }), receivedAt: '2026-03-21T09:00:00Z' })
      assert.equal(r.ok, false)
      assert.deepEqual(!r.ok && r.issues.map((i) => i.code), ['disclosures_not_recalled'])
      assert.match(!r.ok ? r.issues[0]!.message : '', /d-not-recalled/)
    })

    it('refuses a certificate that does not cover every recalled disclosure, or is not valid', async () => {
      const partial = await certifyDisposal(h.store, { noticeId: notice.noticeId, text: certificate(notice, { disclosureIds: notice.disclosureIds.slice(1) }), receivedAt: '2026-03-21T09:00:00Z' })
      assert.deepEqual(!partial.ok && partial.issues.map((i) => i.code), ['disclosures_not_covered'])
      const invalid = await certifyDisposal(h.store, { noticeId: notice.noticeId, text: certificate(notice, { method: 'shred', certifiedBy: '' }), receivedAt: '2026-03-21T09:00:00Z' })
      assert.deepEqual(!invalid.ok && invalid.issues.map((i) => `${i.code} ${i.path?.field}`).sort(), ['certificate_invalid certifiedBy', 'certificate_invalid method'])
      assert.equal(await h.store.certifications.forRecall(notice.noticeId), undefined)
    })

    it('records a good certificate, and refuses a second one for the same notice without overwriting the first', async () => {
      const good = await certifyDisposal(h.store, { noticeId: notice.noticeId, text: certificate(notice), receivedAt: '2026-03-21T09:00:00Z' })
      assert.ok(good.ok)
      assert.equal(good.ok && good.value.late, false)
      const second = await certifyDisposal(h.store, { noticeId: notice.noticeId, text: certificate(notice, { certifiedBy: 'someone else' }), receivedAt: '2026-03-22T09:00:00Z' })
      assert.deepEqual(!second.ok && second.issues.map((i) => i.code), ['already_certified'])
      const kept = await h.store.certifications.forRecall(notice.noticeId)
      assert.equal(kept?.certifiedBy, 'ICE Privacy Officer')
      assert.equal(kept?.receivedAt, '2026-03-21T09:00:00.000Z')
      assert.equal((await h.store.ledger.get(kept!.ledgerSeq!))?.kind, 'disposal_certification')
    })

    it('shows an overdue notice, then records a late certificate flagged late', async () => {
      const before = await recallStatus(h.store, new Date('2026-03-25T00:00:00Z'))
      // Two notices issued at the same moment: their order is their ids', which follow the data.
      const byId = (a: readonly string[], b: readonly string[]) => (a[0] as string).localeCompare(b[0] as string)
      assert.deepEqual(
        before.map((s) => [s.noticeId, s.status]).sort(byId),
        [
          [notice.noticeId, 'certified'],
          [lateNotice.noticeId, 'overdue'],
        ].sort(byId),
      )
      const late = await certifyDisposal(h.store, { noticeId: lateNotice.noticeId, text: certificate(lateNotice, { disposedAt: '2026-03-24T10:00:00Z' }), receivedAt: '2026-03-25T09:00:00Z' })
      assert.ok(late.ok)
      assert.equal(late.ok && late.value.late, true)
      assert.deepEqual(late.ok && late.value.flags.map((f) => f.code), ['certified_late'])
      const after = await recallStatus(h.store, new Date('2026-03-26T00:00:00Z'), agency.auditId)
      assert.equal(after[0]?.status, 'certified_late')
    })

    it('accounts for every disclosure about one person, found by TIN through its pseudonym', async () => {
      const d = disclosures.find((x) => {
        const masterId = h.truth.get(x.requestId)!.master_id
        return court.findings.some((f) => f.disclosureId === x.id) && (h.masterTin.get(masterId) ?? '').replace(/\D/g, '').length === 9
      })!
      const masterId = h.truth.get(d.requestId)!.master_id
      const accounting = await accountingFor(h.store, h.keys.holderSecret, parseSubject(`tin:${h.masterTin.get(masterId)!}`))
      const entry = accounting.entries.find((e) => e.disclosureId === d.id)
      assert.ok(entry, 'the disclosure is not in the accounting')
      assert.equal(entry.recipient, 'dhs-ice')
      assert.equal(entry.legalBasis, '26 U.S.C. 6103(i)(2)')
      assert.deepEqual(entry.fields, d.fields)
      assert.ok(entry.recalls.some((r) => r.noticeId === notice.noticeId && r.status === 'certified'))
      assert.ok(accounting.entries.every((e) => e.recipient === 'dhs-ice'))
      assert.deepEqual(parseSubject('123-45-6789'), { tin: '123-45-6789' })
      assert.deepEqual(parseSubject('M000000101'), { masterId: 'M000000101' })
    })

    it('builds the oversight report: the timeline, the counts, two readings side by side, the recalls and certifications', async () => {
      const report = await buildOversightReport(h.store, { auditId: court.auditId, compareWith: [agency.auditId], now: () => new Date('2026-03-26T00:00:00Z'), keys: h.keys })
      assert.equal(report.checkpoint?.treeSize, await h.store.ledger.size(), 'the checkpoint does not cover the audit, recall and certification entries')
      assert.deepEqual(
        report.readings.map((r) => [r.label, r.improper]),
        [
          ['2025-04-07-court-reading', court.improper],
          ['2025-04-07-agency-reading', agency.improper],
        ],
      )
      const kinds = report.timeline.map((e) => e.kind)
      for (const k of ['batch', 'audit', 'incident', 'recall', 'certification', 'report']) assert.ok(kinds.includes(k as (typeof kinds)[number]), `no ${k} on the timeline`)
      assert.deepEqual(
        report.timeline.map((e) => e.at),
        [...report.timeline.map((e) => e.at)].sort(),
      )
      assert.equal(report.recalls[0]?.status, 'certified')
      assert.equal(report.incident?.incidentId, court.incidentId)
      const html = await renderOversightReport(report)
      writeFileSync(join(h.dir, 'oversight.html'), html)
      assert.match(html, /^<!DOCTYPE html>/i)
      for (const text of [court.auditId, notice.noticeId, '2025-04-07-agency-reading', court.improper.toLocaleString('en-US'), agency.improper.toLocaleString('en-US')]) assert.ok(html.includes(text), `the report lacks ${text}`)
      assert.ok(!html.includes('pn:'), 'the report names a pseudonym')
    })
  })
})
