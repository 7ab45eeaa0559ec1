/**
 * The demo's reports looked at in a real browser (issue 7: "the demo and the report looked at in a
 * real browser"): `runDemo` runs in a fresh folder, and the batch report, the incident's as-run
 * batch report and the oversight report it wrote are opened in headless Chromium through
 * playwright-core (one launch for all three). The test checks that every chart drew its marks,
 * that nothing was logged as an error, and that the page asked for nothing beyond its own file;
 * it keeps a full-page screenshot of each under test-artifacts/workflow/ to look at.
 */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'playwright-core'
import { launchChromium, skipUnlessChromium, visitOffline } from '../../test/support/chromium.js'
import { loadOrCreateLedgerKeys } from '../ledger/index.js'
import { openStore } from '../store/index.js'
import { runDemo } from './run-demo.js'
import type { DemoResult } from './run-demo.js'
import { REPO_ROOT } from '../../test/support/workflow-test-support.js'

/** Debian's Chromium (never a downloaded browser). */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'workflow')
const skip = skipUnlessChromium("the browser check of the demo's reports")

/** One chart as the browser laid it out. */
interface ChartSeen {
  readonly title: string
  /** Vega's marks other than axes, legends and titles: bars, points, rules, text. */
  readonly marks: number
  readonly width: number
  readonly height: number
  /** The tick labels of each axis of the chart, in drawing order. */
  readonly axes: readonly (readonly string[])[]
}

/** What a page did when opened. */
interface Visit {
  readonly errors: readonly string[]
  readonly foreign: readonly string[]
  readonly charts: readonly ChartSeen[]
  readonly title: string
  readonly overflow: number
  /** Tables, charts and fact lists reaching past the text column (by caption or chart title). */
  readonly outside: readonly string[]
}

/** What the page is asked in the browser (a string: this project compiles without the DOM types). */
const INSPECT = `(() => {
  const charts = [...document.querySelectorAll('figure svg[role="img"]')].map((svg) => {
    const box = svg.getBoundingClientRect()
    const marks = svg.querySelectorAll('g[class*="mark-"]:not([class*="role-axis"]):not([class*="role-legend"]):not([class*="role-title"]):not(.mark-group) > *').length
    const axes = [...svg.querySelectorAll('g.role-axis-label')].map((g) => [...g.querySelectorAll('text')].map((t) => t.textContent ?? ''))
    return { title: svg.querySelector('title')?.textContent ?? '', marks, width: box.width, height: box.height, axes }
  })
  const main = document.querySelector('main')
  const right = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight)
  const outside = [...main.querySelectorAll('table, figure, dl')]
    .filter((el) => el.getBoundingClientRect().right > right + 0.5)
    .map((el) => el.querySelector('caption, title')?.textContent ?? el.tagName)
  return { charts, title: document.title, overflow: document.documentElement.scrollWidth - window.innerWidth, outside }
})()`

/** Opens a report file, blocks and records any other request, and keeps a full-page screenshot. */
async function visit(browser: Browser, file: string, screenshot: string): Promise<Visit> {
  const { errors, foreign, value } = await visitOffline(browser, file, async (page) => {
    const found = await page.evaluate<Omit<Visit, 'errors' | 'foreign'>>(INSPECT)
    mkdirSync(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: join(ARTIFACTS, screenshot), fullPage: true })
    return found
  })
  return { errors: [...errors], foreign: [...foreign], ...value }
}

// The demo (some five seconds) and one browser launch for its three reports.
describe("the demo's reports in headless Chromium", { skip }, () => {
  let dir: string
  let browser: Browser
  let result: DemoResult

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    const keys = loadOrCreateLedgerKeys(join(dir, 'demo.ledger-key')).keys
    const store = await openStore(join(dir, 'demo.sqlite'), { mode: 'simulation' })
    try {
      result = await runDemo(store, { outDir: join(dir, 'out'), keys })
    } finally {
      await store.close()
    }
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const reports = [
    { name: 'batch report', screenshot: 'demo-batch-report.png', charts: 5, path: () => result.afterReview.reportPath },
    // The incident's batch ran with the generator's truth: both its reports add the two charts of errors by surname group.
    { name: 'as-run batch report of the incident', screenshot: 'demo-incident-batch-report.png', charts: 7, path: () => result.incident.batch.reportPath },
    { name: 'oversight report', screenshot: 'demo-oversight-report.png', charts: 6, path: () => result.incident.oversightReportPath },
  ]
  for (const report of reports) {
    it(`draws every chart of the demo's ${report.name}, with no console error and no request beyond the file`, async () => {
      const seen = await visit(browser, report.path(), report.screenshot)
      assert.deepEqual(seen.errors, [])
      assert.deepEqual(seen.foreign, [])
      assert.ok(seen.title.length > 0)
      assert.equal(seen.charts.length, report.charts)
      for (const chart of seen.charts) {
        assert.ok(chart.title.length > 0, 'every chart has a title')
        assert.ok(chart.marks > 0, `the chart “${chart.title}” has no marks`)
        assert.ok(chart.width > 100 && chart.height > 20, `the chart “${chart.title}” is ${chart.width}×${chart.height}`)
        // A count axis over a small range must not repeat a label ("1 1 2 2 3 3").
        for (const labels of chart.axes) assert.equal(new Set(labels).size, labels.length, `the chart “${chart.title}” repeats an axis label: ${labels.join(' ')}`)
      }
      assert.ok(seen.overflow <= 0, `the page is ${seen.overflow}px wider than the window`)
      assert.deepEqual(seen.outside, [], 'these reach past the text column')
      assert.ok(statSync(join(ARTIFACTS, report.screenshot)).size > 10_000, `the screenshot ${report.screenshot} is empty`)
    })
  }
})
