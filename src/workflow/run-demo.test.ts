import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IncidentRecord } from '../report/index.js'
import { loadOrCreateLedgerKeys, publicKeyPem } from '../ledger/index.js'
import type { LedgerKeys } from '../ledger/index.js'
import { openStore } from '../store/index.js'
import type { Store } from '../store/index.js'
import { checkRecallNotice, verifyRecallNotice } from './audit/index.js'
import type { SignedRecallNotice } from './audit/index.js'
import { INCIDENT_TIMES, runDemo, scoreFindings } from './run-demo.js'
import type { DemoResult } from './run-demo.js'

/** Every src and href of a page points inside it (an anchor or a data: URL), and nothing is imported. */
function assertSelfContained(path: string): string {
  const html = readFileSync(path, 'utf8')
  assert.match(html, /^<!DOCTYPE html>/i, `${path} is not an HTML page`)
  assert.match(html, /<svg/, `${path} has no chart`)
  const outside = [...html.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => m[1] ?? '').filter((url) => !url.startsWith('#') && !url.startsWith('data:'))
  assert.deepEqual(outside, [], `${path} links outside itself`)
  assert.doesNotMatch(html, /@import|url\(\s*["']?(?:https?:)?\/\//i, `${path} imports a style sheet or font`)
  return html
}

describe('scoreFindings', () => {
  it('scores precision and recall, and counts an empty set as perfect', () => {
    assert.deepEqual(scoreFindings(new Set(['d1', 'd2']), new Set(['d2', 'd3', 'd4', 'd5'])), { precision: 0.5, recall: 0.25 })
    assert.deepEqual(scoreFindings(new Set(), new Set()), { precision: 1, recall: 1 })
    assert.deepEqual(scoreFindings(new Set(), new Set(['d1'])), { precision: 1, recall: 0 })
  })
})

// The whole demo, in process: some five seconds on this machine.
describe('runDemo: the batch, then the incident replayed, in a fresh folder', () => {
  let dir: string
  let store: Store
  let keys: LedgerKeys
  let result: DemoResult

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    keys = loadOrCreateLedgerKeys(join(dir, 'demo.ledger-key')).keys
    store = await openStore(join(dir, 'demo.sqlite'), { mode: 'simulation' })
    result = await runDemo(store, { outDir: join(dir, 'out'), keys })
  })
  after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('runs the corrected batch with its review as before', () => {
    const s = result.afterReview.summary
    assert.equal(s.requested, 2000)
    assert.ok(s.disclosed > 300)
    assert.equal(result.afterReview.released, 1)
    assert.equal(result.afterReview.withheld, 1)
  })

  it('holds a handful of borderline matches for review, and releases the approved one', () => {
    // The corrected agreement's review.matchesBelowWeight: a few low-weight matches go to people.
    const held = result.batch.summary.review
    assert.ok(held >= 2 && held <= 40, `${held} held for review`)
    assert.ok(result.steps.some((s) => s.what === 'approved'))
    assert.ok(result.steps.some((s) => s.what === 'rejected'))
    assert.ok(result.steps.some((s) => s.what === 'refused'))
    assert.equal(result.afterReview.summary.disclosed, result.batch.summary.disclosed + 1)
  })

  it('finds under the corrected agreement exactly the disclosures made on incomplete request addresses', () => {
    const c = result.incident.scores.corrected
    assert.deepEqual([c.precision, c.recall], [1, 1], JSON.stringify(c))
    assert.ok(c.truth >= 30, `only ${c.truth} disclosures on incomplete addresses`)
    assert.ok(c.improper >= c.found)
    assert.equal(result.incident.audits.corrected.disclosuresMade, result.incident.disclosuresMade)
  })

  it('counts one history two ways, each exact against the truth, the court’s count higher than the agency’s', () => {
    const { agency, court } = result.incident.scores
    assert.deepEqual([agency.precision, agency.recall], [1, 1], JSON.stringify(agency))
    assert.deepEqual([court.precision, court.recall], [1, 1], JSON.stringify(court))
    assert.equal(agency.found, agency.improper)
    assert.equal(court.found, court.improper)
    assert.ok(court.improper > agency.improper, `court ${court.improper}, agency ${agency.improper}`)
    const { audits } = result.incident
    assert.deepEqual(audits.agency.batches, [result.incident.batch.batchId])
    assert.deepEqual(audits.court.batches, audits.agency.batches)
  })

  it('opens the incident with its 24-hour deadline, written without personal data', () => {
    const incident = JSON.parse(readFileSync(result.incident.incidentPath, 'utf8')) as IncidentRecord
    assert.equal(incident.records, result.incident.audits.court.improper)
    assert.equal(incident.discoveredAt, INCIDENT_TIMES.courtAudit)
    assert.equal(Date.parse(incident.reportDeadline) - Date.parse(incident.discoveredAt), 24 * 3_600_000)
    const text = JSON.stringify(incident)
    assert.ok(!text.includes('pn:'), 'the incident record names a pseudonym')
    for (const f of result.incident.audits.court.findings) assert.ok(!text.includes(f.disclosureId) && !text.includes(f.requestId))
  })

  it('recalls, refuses a bad certificate, records a good one on time, and shows the notice certified', () => {
    const r = result.incident
    assert.equal(r.notices.length, 1)
    assert.equal(r.notices[0]!.disclosureIds.length, r.audits.court.improper)
    const signed = JSON.parse(readFileSync(r.signedNoticePath, 'utf8')) as SignedRecallNotice
    assert.ok(verifyRecallNotice(signed, publicKeyPem(keys)))
    // Its CSV attachment beside it, which the signature covers (issue 16).
    const csv = readFileSync(r.signedNoticePath.replace(/\.json$/, '.csv'))
    assert.equal(checkRecallNotice(signed, csv, publicKeyPem(keys)).ok, true)
    assert.equal(signed.records.length, r.audits.court.improper)
    assert.deepEqual(r.refusedCertificate, ['disclosures_not_recalled'])
    assert.equal(r.certification.late, false)
    assert.deepEqual(r.recallStatus.map((s) => s.status), ['certified'])
  })

  it('reports the incident on time and closes it once the certificate is in: ledger entries of the supervisor, shown in the oversight report', async () => {
    const steps = new Map(result.steps.map((s) => [s.what, s.detail]))
    assert.match(steps.get('incident reported') ?? '', /to TIGTA and IRS Office of Safeguards at 2026-02-27T08:00:00.000Z by .*: on time/)
    assert.match(steps.get('incident closed') ?? '', /at 2026-03-18T12:00:00.000Z by .*: every recall notice of the audit has its certification of disposal/)
    const [report, closure] = [await store.incidents.reportOf(result.incident.incident.incidentId), await store.incidents.closureOf(result.incident.incident.incidentId)]
    assert.deepEqual([report?.late, closure?.openNotices], [false, []])
    assert.equal((await store.ledger.get(report!.ledgerSeq))?.kind, 'incident_report')
    assert.equal((await store.ledger.get(closure!.ledgerSeq))?.kind, 'incident_closure')
    const html = readFileSync(result.incident.oversightReportPath, 'utf8')
    assert.doesNotMatch(html, /Not yet/)
    assert.match(html, /<dt>Reported<\/dt><dd>2026-02-27 08:00:00 UTC to TIGTA and IRS Office of Safeguards/)
  })

  it('accounts for the disclosures about one person, the recalled one among them', () => {
    const { entries } = result.incident.accounting
    assert.ok(entries.length >= 1)
    assert.ok(entries.some((e) => e.recalls.some((x) => x.status === 'certified')))
    assert.match(result.incident.accountingSubject, /^\*\*\*-\*\*-\d{4}$/)
  })

  it('verifies the ledger at the end, covering every entry', async () => {
    assert.equal(result.verification.ok, true, JSON.stringify(result.verification.problems))
    assert.equal(result.verification.size, await store.ledger.size())
    assert.equal(result.steps.at(-1)?.what, 'ledger verified')
  })

  it('writes self-contained HTML reports, the oversight report with the readings side by side', () => {
    for (const path of [result.afterReview.reportPath, result.incident.batch.reportPath]) assertSelfContained(path)
    const html = assertSelfContained(result.incident.oversightReportPath)
    const { agency, court } = result.incident.audits
    for (const text of ['2025-04-07-agency-reading', '2025-04-07-court-reading', agency.auditId, court.auditId, result.incident.notices[0]!.noticeId]) assert.ok(html.includes(text), `the oversight report lacks ${text}`)
    assert.ok(!html.includes('pn:'), 'the oversight report names a pseudonym')
    for (const path of [result.afterReview.responsePath, result.incident.batch.responsePath]) assert.ok(existsSync(path))
  })
})
