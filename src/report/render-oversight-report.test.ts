import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidInputError } from '../core/index.js'
import { renderOversightReport } from './render-oversight-report.js'
import { sampleOversightReport } from '../../test/support/report-fixtures.js'
import type { OversightReport } from './report-types.js'

/** Asserts that the text matches, without printing a whole page when it does not. */
function has(text: string, pattern: RegExp): void {
  assert.ok(pattern.test(text), `no match for ${pattern.source}`)
}

const HOSTILE = '<script>alert("pwned")</script>'

describe('renderOversightReport', () => {
  it('renders the timeline, the audit, both readings, the recalls, the incident and the checkpoint', async () => {
    const warnings: string[] = []
    const page = await renderOversightReport(sampleOversightReport(), { warnings })
    assert.deepEqual(warnings, [])
    for (const id of ['summary', 'timeline', 'audit', 'readings', 'recall', 'incident', 'ledger']) assert.ok(page.includes(`<section id="${id}" aria-labelledby="${id}-h"`), id)
    // Timeline, reasons, fields and readings.
    assert.equal((page.match(/<svg role="img"/g) ?? []).length, 4)
    assert.ok(!/<script|<link|<img|@import|url\(|\bsrc=|href="(?!#)/i.test(page))
  })

  it('puts the two readings side by side with their exact counts and shares', async () => {
    const page = await renderOversightReport(sampleOversightReport())
    has(page, /<th scope="row">Agency&#39;s reading<\/th>.*?<td class="num">2,350<\/td><td class="num">5\.0%<\/td>/)
    has(page, /<th scope="row">Court&#39;s reading<\/th>.*?<td class="num">42,695<\/td><td class="num">90\.3%<\/td>/)
    has(page, /the same history gives 2,350 \(agency&#39;s reading\) and 42,695 \(court&#39;s reading\)/)
  })

  it('shows recall statuses and the Publication 1075 fields', async () => {
    const page = await renderOversightReport(sampleOversightReport())
    has(page, /<span class="status good">Certified<\/span>/)
    has(page, /<span class="status alert">Overdue<\/span>/)
    for (const label of ['Agency', 'Contact', 'When it happened', 'When it was found', 'What data', 'How many records', 'Where', 'Which systems']) {
      assert.ok(page.includes(`<dt>${label}</dt>`), label)
    }
    has(page, /reported to TIGTA and IRS Office of Safeguards 2026-01-12 15:05:00 UTC, within the 24-hour deadline; open\./)
    has(page, /<dt>Reported<\/dt><dd>2026-01-12 15:05:00 UTC to TIGTA and IRS Office of Safeguards, by disclosure officer \(reference TIGTA 2026-0114\): on time, within the 24-hour deadline/)
    has(page, /<dt>Closed<\/dt><dd>Not yet: open<\/dd>/)
    has(page, /Overdue recall notices \(no certification of disposal after the deadline\):<\/p><ul><li><code>rn-0002<\/code> to Immigration and Customs Enforcement: 40,345 disclosures, due 2026-03-13<\/li><\/ul>/)
    has(page, /No certificate of disposal came late\./)
  })

  it('shows a report made after the deadline as late, and the closure with what it left open and why', async () => {
    const report = sampleOversightReport()
    const life = report.incidentLifecycle!
    const page = await renderOversightReport({
      ...report,
      incident: { ...report.incident!, reportedAt: '2026-01-14T09:00:00.000Z', status: 'closed' },
      incidentLifecycle: {
        ...life,
        stage: 'closed',
        reporting: 'late',
        report: { ...life.report!, reportedAt: '2026-01-14T09:00:00.000Z', late: true },
        closure: { closedAt: '2026-03-19T10:00:00.000Z', closedBy: 'disclosure officer', reason: 'referred to counsel', openNotices: ['rn-0002'], closedAnywayReason: 'the recipient disputes the recall', ledgerSeq: 52_320 },
      },
    })
    has(page, /<div class="callout" role="note">.*reported to TIGTA and IRS Office of Safeguards 2026-01-14 09:00:00 UTC, LATE: after the 24-hour deadline; closed 2026-03-19 10:00:00 UTC with 1 recall notice\(s\) still open\./)
    has(page, /: LATE, after the 24-hour deadline \(ledger entry 52,319\)/)
    has(page, /<dt>Closed<\/dt><dd>2026-03-19 10:00:00 UTC by disclosure officer: referred to counsel\. Closed with 1 recall notice\(s\) still open \(rn-0002\), because: the recipient disputes the recall \(ledger entry 52,320\)<\/dd>/)
  })

  it('flags an incident not reported by its deadline', async () => {
    const report = sampleOversightReport()
    const page = await renderOversightReport({ ...report, incident: { ...report.incident!, reportedAt: null, status: 'open' }, incidentLifecycle: { ...report.incidentLifecycle!, report: null, reporting: 'overdue', stage: 'open' } })
    has(page, /<div class="callout" role="note">.*not reported, and the 24-hour deadline of 2026-01-13 10:30:00 UTC has passed; open\./)
    has(page, /<dt>Reported<\/dt><dd>Not yet: OVERDUE since 2026-01-13 10:30:00 UTC<\/dd>/)
  })

  it('escapes hostile labels and reasons', async () => {
    const report = sampleOversightReport()
    const hostile: OversightReport = {
      ...report,
      title: HOSTILE,
      timeline: [{ at: '2026-01-01T00:00:00.000Z', kind: 'audit', label: HOSTILE, ref: HOSTILE }],
      readings: [{ ...report.readings[0]!, label: HOSTILE, description: HOSTILE }],
      audit: { ...report.audit, improperByReason: [{ code: HOSTILE, message: HOSTILE, count: 1 }], improperByField: [{ field: HOSTILE, count: 1 }] },
      recalls: [{ ...report.recalls[0]!, reason: HOSTILE, recipient: HOSTILE }],
    }
    const page = await renderOversightReport(hostile)
    assert.ok(!page.includes('<script'))
    assert.ok(page.includes('&lt;script&gt;'))
  })

  it('renders an audit that found nothing, with one event and no recall, incident or checkpoint', async () => {
    const report = sampleOversightReport()
    const warnings: string[] = []
    const page = await renderOversightReport(
      {
        ...report,
        timeline: [{ at: '2026-01-12T10:30:00.000Z', kind: 'audit', label: 'Audit: nothing improper' }],
        audit: { ...report.audit, improper: 0, peopleConcerned: 0, improperByReason: [], improperByField: [], ledgerSeq: null },
        readings: [],
        recalls: [],
        incident: null,
        checkpoint: null,
      },
      { warnings },
    )
    assert.deepEqual(warnings, [])
    for (const text of ['No disclosure is improper under this policy.', 'The history was read under one policy only.', 'No recall notice has been issued.', 'No incident is open.', 'No ledger checkpoint was taken']) {
      assert.ok(page.includes(text), text)
    }
    assert.equal((page.match(/<svg role="img"/g) ?? []).length, 1)
  })

  it('refuses a report with more improper disclosures than were made', async () => {
    const report = sampleOversightReport()
    await assert.rejects(renderOversightReport({ ...report, audit: { ...report.audit, improper: 50_000 } }), InvalidInputError)
  })
})
