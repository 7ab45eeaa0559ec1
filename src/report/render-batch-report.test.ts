import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidInputError } from '../core/index.js'
import { renderBatchReport } from './render-batch-report.js'
import { sampleBatchReport } from '../../test/support/report-fixtures.js'
import type { BatchReport } from './report-types.js'
import { weightHistogram } from './weight-histogram.js'

/** Asserts that the text matches, without printing a whole page when it does not. */
function has(text: string, pattern: RegExp): void {
  assert.ok(pattern.test(text), `no match for ${pattern.source}`)
}

const HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'

/** The text of the table with the given caption. */
function tableText(page: string, caption: string): string {
  const start = page.indexOf(`<caption>${caption}</caption>`)
  assert.ok(start >= 0, `no table “${caption}”`)
  return page.slice(start, page.indexOf('</table>', start))
}

describe('renderBatchReport', () => {
  it('renders a self-contained page with every section, chart and table', async () => {
    const warnings: string[] = []
    const page = await renderBatchReport(sampleBatchReport(), { warnings })
    assert.deepEqual(warnings, [])
    has(page, /<title>Batch report b-7f3a9c21e4d0<\/title>/)
    for (const id of ['summary', 'intake', 'matching', 'outcomes', 'fields', 'withholding', 'ledger']) assert.ok(page.includes(`<section id="${id}" aria-labelledby="${id}-h"`), id)
    // Five charts, each an inline SVG with a title and a description.
    assert.equal((page.match(/<svg role="img" aria-labelledby=/g) ?? []).length, 5)
    assert.equal((page.match(/<title id="batch-[a-z]+-title">/g) ?? []).length, 5)
    // Nothing is loaded from anywhere: no scripts, stylesheets, images, fonts or frames.
    assert.ok(!/<script|<link|<img|<iframe|@import|url\(|\bsrc=|href="(?!#)/i.test(page))
  })

  it('shows the counts of the run with separators and shares', async () => {
    const page = await renderBatchReport(sampleBatchReport())
    has(page, /<span class="figure-label">Disclosed<\/span><span class="figure-value">47,289<\/span><span class="figure-note">3\.7% of requests<\/span>/)
    const status = tableText(page, 'Accepted requests by link status')
    has(status, /<th scope="row">Ambiguous<\/th>.*<td class="num">3,215<\/td><td class="num">0\.30%<\/td>/)
    const refusals = tableText(page, 'Intake refusals by reason')
    has(refusals, /address_<wbr>locality_<wbr>only.*<td class="num">121,904<\/td><td class="num">9\.5%<\/td>/)
    has(tableText(page, 'Agreement rates by field'), /<th scope="row" class="nowrap"><span class="code">address<\/span><\/th><td class="num">10\.9%<\/td><td class="num">12\.4%<\/td><td class="num">76\.7%<\/td>/)
    has(page, /9d5ee4b1c0f3a2e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4/)
    has(page, /\(2 min 42 s\)/)
  })

  it('escapes a hostile reason, party and batch id everywhere, charts included', async () => {
    const report = sampleBatchReport()
    const hostile: BatchReport = {
      ...report,
      batchId: HOSTILE,
      recipient: HOSTILE,
      intakeRefusals: [{ code: HOSTILE, message: HOSTILE, count: 10 }],
      outcomes: [{ outcome: 'withhold', code: HOSTILE, message: HOSTILE, count: 5 }],
      withholdingReasons: [{ code: HOSTILE, message: HOSTILE, count: 5 }],
      agreement: { ...report.agreement, id: HOSTILE },
    }
    const page = await renderBatchReport(hostile)
    assert.ok(!/<script|<img/i.test(page))
    assert.ok(page.includes('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;'))
  })

  it('says so plainly when a section has nothing to show', async () => {
    const empty: BatchReport = {
      ...sampleBatchReport(),
      counts: { requested: 0, intake_refused: 0, matched: 0, possible: 0, ambiguous: 0, none: 0, review: 0, disclosed: 0, withheld: 0 },
      intakeRefusals: [],
      weights: weightHistogram([], 1),
      outcomes: [],
      fieldAgreement: { given_name: {}, surname: {}, dob: {}, address: {}, tin: {}, suffix: {} },
      withholdingReasons: [],
      checkpoint: null,
    }
    const page = await renderBatchReport(empty)
    for (const text of ['No request was refused at intake.', 'No accepted request had a candidate.', 'No decision was made.', 'No comparison was recorded.', 'Nothing was withheld.', 'No ledger checkpoint was taken']) {
      assert.ok(page.includes(text), text)
    }
    assert.ok(!page.includes('<svg'))
  })

  it('refuses a report whose counts do not add up', async () => {
    const report = sampleBatchReport()
    await assert.rejects(renderBatchReport({ ...report, counts: { ...report.counts, matched: 1 } }), (error: unknown) => {
      assert.ok(error instanceof InvalidInputError)
      assert.equal(error.issues[0]?.code, 'counts_do_not_add_up')
      return true
    })
  })
})
