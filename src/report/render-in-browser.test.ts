/**
 * The reports looked at in a real browser (issue 7: "looked at in a real browser"): each sample
 * report is written to a file and opened in headless Chromium through playwright-core. The test
 * checks that every chart drew its marks, that nothing was logged as an error, and that the page
 * asked for nothing beyond its own file; it keeps a full-page screenshot and a print (PDF) under
 * test-artifacts/report/ to look at.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { launchChromium, skipUnlessChromium, visitOffline } from '../../test/support/chromium.js'
import { renderBatchReport } from './render-batch-report.js'
import { renderOversightReport } from './render-oversight-report.js'
import { sampleBatchReport, sampleEquityReport, sampleOversightReport } from '../../test/support/report-fixtures.js'

/** Debian's Chromium (never a downloaded browser); `.ci/run` installs it when it is missing. */
/** The repository root: dist/src/report/ is three folders below it. */
const ARTIFACTS = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test-artifacts', 'report')
const skip = skipUnlessChromium('the browser check of the reports')

/** What a page did when opened: its errors, the requests it made beyond its own file, its charts. */
interface Visit {
  readonly errors: string[]
  readonly foreign: string[]
  readonly charts: { readonly title: string; readonly marks: number; readonly width: number; readonly height: number }[]
  readonly title: string
  readonly landmarks: Record<string, number>
  readonly numericAlign: string[]
  readonly overflow: number
}

/**
 * What the page is asked in the browser (a string: this project compiles without the DOM types).
 * Marks are Vega's mark groups other than axes, legends and titles: bars, points, rules, text.
 */
const INSPECT = `(() => {
  const charts = [...document.querySelectorAll('figure svg[role="img"]')].map((svg) => {
    const box = svg.getBoundingClientRect()
    const marks = svg.querySelectorAll('g[class*="mark-"]:not([class*="role-axis"]):not([class*="role-legend"]):not([class*="role-title"]):not(.mark-group) > *').length
    return { title: svg.querySelector('title')?.textContent ?? '', marks, width: box.width, height: box.height }
  })
  const landmarks = {}
  for (const sel of ['header[role="banner"]', 'main', 'nav[aria-label]', 'footer[role="contentinfo"]', 'h1', 'h2']) landmarks[sel] = document.querySelectorAll(sel).length
  const numericAlign = [...new Set([...document.querySelectorAll('td.num')].map((td) => getComputedStyle(td).textAlign))]
  return { charts, title: document.title, landmarks, numericAlign, overflow: document.documentElement.scrollWidth - window.innerWidth }
})()`

async function visit(browser: Browser, html: string, name: string, keep: boolean): Promise<Visit> {
  const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
  const file = join(dir, `${name}.html`)
  writeFileSync(file, html)
  const { errors, foreign, value } = await visitOffline(browser, file, async (page) => {
    const found = await page.evaluate<Omit<Visit, 'errors' | 'foreign'>>(INSPECT)
    if (keep) {
      mkdirSync(ARTIFACTS, { recursive: true })
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
      await page.emulateMedia({ media: 'print' })
      await page.pdf({ path: join(ARTIFACTS, `${name}.pdf`), format: 'A4', printBackground: true, preferCSSPageSize: true })
    }
    return found
  })
  return { errors: [...errors], foreign: [...foreign], ...value }
}

describe('the reports in headless Chromium', { skip }, () => {
  let browser: Browser
  before(async () => {
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
  })

  const reports = [
    { name: 'batch-report', charts: 5, sections: 7, render: () => renderBatchReport(sampleBatchReport()) },
    { name: 'oversight-report', charts: 4, sections: 7, render: () => renderOversightReport(sampleOversightReport()) },
    // With a truth given, each report adds its errors by surname group: two interval charts.
    { name: 'batch-report-equity', charts: 7, sections: 8, render: () => renderBatchReport({ ...sampleBatchReport(), equity: sampleEquityReport() }) },
    { name: 'oversight-report-equity', charts: 6, sections: 8, render: () => renderOversightReport({ ...sampleOversightReport(), equity: sampleEquityReport() }) },
  ]
  for (const report of reports) {
    it(`draws every chart of the ${report.name}, with no console error and no request beyond the file`, async () => {
      const seen = await visit(browser, await report.render(), report.name, true)
      assert.deepEqual(seen.errors, [])
      assert.deepEqual(seen.foreign, [])
      assert.equal(seen.charts.length, report.charts)
      for (const chart of seen.charts) {
        assert.ok(chart.title.length > 0, 'every chart has a title')
        assert.ok(chart.marks > 0, `the chart “${chart.title}” has no marks`)
        assert.ok(chart.width > 100 && chart.height > 20, `the chart “${chart.title}” is ${chart.width}×${chart.height}`)
      }
      assert.ok(seen.title.length > 0)
      for (const [selector, n] of Object.entries(seen.landmarks)) assert.ok(n > 0, `no ${selector}`)
      assert.equal(seen.landmarks.h1, 1)
      assert.deepEqual(seen.numericAlign, ['right'])
      assert.ok(seen.overflow <= 0, `the page is ${seen.overflow}px wider than the window`)
      assert.ok(existsSync(join(ARTIFACTS, `${report.name}.png`)))
      // Printed on A4 (595 × 842 pt) with a page break before each section.
      const pdf = readFileSync(join(ARTIFACTS, `${report.name}.pdf`)).toString('latin1')
      assert.match(pdf, /\/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]/)
      const pages = Math.max(...[...pdf.matchAll(/\/Count (\d+)/g)].map((m) => Number(m[1])))
      assert.ok(pages >= report.sections, `${pages} printed pages for ${report.sections} sections`)
    })
  }

  it('shows the errors by surname group: the finding in plain words, each group as an interval, the table', async () => {
    const html = await renderBatchReport({ ...sampleBatchReport(), equity: sampleEquityReport() })
    const seen = await visit(browser, html, 'equity-section', false)
    assert.deepEqual(seen.errors, [])
    const equityCharts = seen.charts.filter((c) => c.title.includes('by surname group'))
    assert.deepEqual(
      equityCharts.map((c) => c.title),
      ['False-match rate by surname group', 'Missed-match rate by surname group'],
    )
    // A rule and a point per group, and the overall rate's rule.
    for (const chart of equityCharts) assert.ok(chart.marks >= 2 * 3 + 1, `the chart “${chart.title}” has ${chart.marks} marks`)
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    const file = join(dir, 'equity.html')
    writeFileSync(file, html)
    const { value } = await visitOffline(browser, file, async (page) =>
      page.evaluate<{ heading: string; findings: string[]; rows: string[][] }>(`(() => {
        const section = document.querySelector('section#equity')
        return {
          heading: section?.querySelector('h2')?.textContent ?? '',
          findings: [...(section?.querySelectorAll('ul.findings li') ?? [])].map((li) => li.textContent),
          rows: [...(section?.querySelectorAll('table tbody tr') ?? [])].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent)),
        }
      })()`),
    )
    assert.equal(value.heading, 'Errors by surname group')
    assert.ok(
      value.findings.some((f) => f.startsWith('Requests with a surname in the group "On the Census list of Spanish surnames" were wrongly matched MORE often than all requests, beyond chance') && /A match threshold of [\d.]+ bits for this group/.test(f)),
      value.findings.join('\n'),
    )
    assert.ok(value.findings.some((f) => f.includes('"On the Census list of Spanish surnames" were missed MORE often')), value.findings.join('\n'))
    assert.ok(value.findings.every((f) => !f.includes('Common romanized')), 'the group without errors is not flagged')
    assert.deepEqual(value.rows[0]?.slice(0, 4), ['All requests', '2,400', '72', '3.00%'])
  })

  it('notices a page that asks for something beyond its own file', async () => {
    const seen = await visit(browser, '<!DOCTYPE html><title>t</title><img src="http://example.invalid/x.png" alt="">', 'leaky', false)
    assert.deepEqual(seen.foreign, ['http://example.invalid/x.png'])
  })
})
