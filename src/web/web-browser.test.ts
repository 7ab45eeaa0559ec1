/**
 * The pages in a real browser (issue 10): `verigate serve` started as a process on 127.0.0.1 port
 * 0 over a store prepared by a real small batch, driven by headless Chromium through
 * playwright-core. Sign in, open a review case, approve it as one reviewer and then as a second,
 * see the batch page update, verify the ledger on the oversight page; a full-page screenshot of
 * each page is kept under test-artifacts/web/. The review queue is then loaded with 10,000 more
 * cases and its load time printed (measured, not asserted).
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium, skipUnlessChromium } from '../../test/support/chromium.js'
import { closeIncident, reportIncident } from '../workflow/index.js'
import { casePath } from './review-pages.js'
import { disclosedSubject, makeWebFixture } from '../../test/support/web-test-support.js'
import type { Person, WebFixture } from '../../test/support/web-test-support.js'

/** Debian's Chromium (never a downloaded browser). */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'web')
const skip = skipUnlessChromium('the browser test of the web pages')

/** Starts `verigate serve` on a free port; resolves with its base URL. */
function serve(db: string, key: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/verigate.js'), 'serve', '--db', db, '--key', key, '--host', '127.0.0.1', '--port', '0', '--log-level', 'silent'], { stdio: ['ignore', 'ignore', 'pipe'] })
  return new Promise((resolve, reject) => {
    let err = ''
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString()
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err)
      if (m) resolve({ child, base: m[1]! })
    })
    child.once('exit', (code) => reject(new Error(`verigate serve exited with ${code}: ${err}`)))
  })
}

/** Adds `n` review cases in a batch of their own, cloned from a real one (for the timing). */
async function addManyCases(fx: WebFixture, n: number): Promise<void> {
  const stored = (await fx.store.decisions.get(fx.batchId, fx.cases[fx.cases.length - 1]!.requestId))!
  const batchId = 'b-0000000000000000large'
  const batch = (await fx.store.batches.get(fx.batchId))!
  await fx.store.batches.create({ id: batchId, agreementId: batch.agreementId, agreementVersion: batch.agreementVersion, agreementDigest: batch.agreementDigest, requesterPartyId: batch.requesterPartyId, requestFileDigest: batch.requestFileDigest, status: 'complete', createdAt: batch.createdAt })
  const decisions = Array.from({ length: n }, (_, i) => ({ ...stored.decision, requestId: `L${String(i).padStart(7, '0')}` }))
  for (let i = 0; i < n; i += 2000) await fx.store.decisions.insertMany(batchId, decisions.slice(i, i + 2000))
}

describe('the web pages in headless Chromium', { skip }, () => {
  let fx: WebFixture
  let incidentId: string
  let server: { child: ChildProcess; base: string }
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const consoleErrors: string[] = []
  const foreign: string[] = []

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    fx = await makeWebFixture()
    // The history's incident carried to its end before the server starts: reported after its
    // 24-hour deadline, closed with the recall notices still open (for a recorded reason).
    incidentId = (await fx.store.incidents.byAudit(fx.history.auditId))[0]!.id
    await reportIncident(fx.store, { incidentId, to: ['TIGTA', 'IRS Office of Safeguards'], actor: 'Dora Disclosure', at: '2026-03-11T12:00:00.000Z' })
    await closeIncident(fx.store, { incidentId, reason: 'referred to counsel', closeAnyway: 'the recipient disputes the recall', actor: 'Dora Disclosure', at: '2026-03-12T09:00:00.000Z' })
    server = await serve(join(fx.data.dir, 'db.sqlite'), fx.data.keyPath)
    browser = await launchChromium()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    page = await context.newPage()
    page.on('console', (m) => {
      // The refused sign-in answers 401 on purpose; anything else logged as an error is a fault.
      if (m.type() === 'error' && !/status of 401/.test(m.text())) consoleErrors.push(m.text())
    })
    page.on('request', (r) => {
      if (!r.url().startsWith(server.base) && !r.url().startsWith('data:')) foreign.push(r.url())
    })
  })
  after(async () => {
    await browser?.close()
    server?.child.kill('SIGTERM')
    await fx?.close()
  })

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
  async function signIn(person: Person): Promise<void> {
    await page.goto(`${server.base}/ui/sign-in`)
    await page.getByLabel('User id').fill(person)
    await page.getByLabel('Personal key').fill(fx.keys[person])
    await Promise.all([page.waitForURL(/\/ui\/(review|oversight)/), page.getByRole('button', { name: 'Sign in' }).click()])
  }
  async function signOut(): Promise<void> {
    await Promise.all([page.waitForURL(/\/ui\/sign-in/), page.getByRole('button', { name: 'Sign out' }).click()])
  }
  async function approvedCount(): Promise<string> {
    await page.goto(`${server.base}/ui/batches/${fx.batchId}`)
    return (await page.locator('#rc-h + table tbody td').nth(1).textContent()) ?? ''
  }

  it('refuses a wrong key on the sign-in page', async () => {
    await page.goto(`${server.base}/ui/review`)
    assert.match(page.url(), /\/ui\/sign-in\?next=/)
    await shot('sign-in')
    await page.getByLabel('User id').fill('rev-alice')
    await page.getByLabel('Personal key').fill(fx.keys['rev-bob'])
    await page.getByRole('button', { name: 'Sign in' }).click()
    assert.match((await page.locator('#sign-in-error').textContent()) ?? '', /not right/)
  })

  it('signs a reviewer in, opens a case from the queue with the keyboard, and approves it', async () => {
    await signIn('rev-alice')
    assert.equal(await approvedCount(), '0')
    await page.goto(`${server.base}/ui/review?batch=${fx.batchId}`)
    await shot('review-queue')
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    const second = fx.cases[1]!
    assert.equal(await page.evaluate('document.activeElement.textContent'), second.requestId)
    await Promise.all([page.waitForURL(/\/ui\/review\/b-/), page.keyboard.press('Enter')])
    assert.ok(page.url().endsWith(casePath(fx.batchId, second.requestId)))
    assert.equal(await page.locator('figure svg[role="img"]').count(), 1, 'the waterfall')
    assert.ok((await page.locator('#cmp-h ~ div tbody tr').count()) >= 4, 'the fields side by side')
    await shot('review-case')
    await page.keyboard.press('a')
    assert.equal(await page.evaluate('document.activeElement.id'), 'approve-reason')
    await page.keyboard.type('Same DOB and TIN; the address differs only in the unit.')
    await Promise.all([page.waitForURL(/done=approve/), page.getByRole('button', { name: 'Approve', exact: true }).click()])
    assert.match((await page.locator('.notice.ok').textContent()) ?? '', /approval is recorded/)
    assert.match(await page.content(), /1 of 2/)
    await signOut()
  })

  it('takes a second reviewer’s approval, and the batch page shows the case approved', async () => {
    await signIn('rev-bob')
    await page.goto(`${server.base}${casePath(fx.batchId, fx.cases[1]!.requestId)}`)
    await page.getByLabel('Reason for approving (required)').fill('Agree: the rival is a different generation.')
    await Promise.all([page.waitForURL(/done=approve/), page.getByRole('button', { name: 'Approve', exact: true }).click()])
    assert.equal(await page.locator('h1 .badge').textContent(), 'approved')
    await shot('review-case-approved')
    assert.equal(await approvedCount(), '1')
    assert.equal(await page.locator('figure svg[role="img"]').count() >= 2, true, 'outcome and weight charts')
    await shot('batch')
    await page.setViewportSize({ width: 768, height: 1024 })
    await shot('batch-tablet')
    assert.ok((await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number <= 0, 'no sideways scrolling at tablet width')
    await page.setViewportSize({ width: 1280, height: 900 })
    await signOut()
  })

  it('lets an overseer verify the ledger from the oversight page', async () => {
    await signIn('ovr-dana')
    assert.match(page.url(), /\/ui\/oversight$/)
    await Promise.all([page.waitForURL(/\/ui\/oversight\/verify$/), page.getByRole('button', { name: 'Verify the ledger now' }).click()])
    assert.match((await page.locator('#verify-result').textContent()) ?? '', /Ledger verified/)
    assert.match((await page.locator('#au-h + div').textContent()) ?? '', new RegExp(fx.history.auditId))
    const ask = async (subject: string): Promise<string> => {
      await page.getByLabel('Taxpayer number, master record id or request').fill(subject)
      await Promise.all([page.waitForURL(/\/ui\/oversight\/accounting$/), page.getByRole('button', { name: 'Show disclosures' }).click()])
      const caption = (await page.locator('#accounting-result caption').textContent()) ?? ''
      assert.match(caption, /^[1-9]\d* disclosures? about this person/)
      return caption.replace(/ about this person.*$/, '')
    }
    const byTin = await ask(await disclosedSubject(fx))
    // The same person by master record id and by request id, without the master file: the same disclosures.
    const disclosure = (await fx.store.disclosures.byBatch(fx.history.batchId))[0]!
    const masterId = (await fx.store.decisions.get(fx.history.batchId, disclosure.requestId))!.decision.masterId!
    assert.equal(await ask(`master:${masterId}`), byTin)
    assert.equal(await ask(`request:${fx.history.batchId}/${disclosure.requestId}`), byTin)
    await shot('oversight')
    await signOut()
  })

  it('shows the incident reported late and closed, with its overdue recalls, on the oversight page', async () => {
    await signIn('ovr-dana')
    const row = page.locator(`#incident-${incidentId}`)
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())
    assert.equal(cells[0], incidentId)
    assert.equal(cells[1], 'closed')
    assert.match(cells[3]!, /^late 2026-03-11 12:00 UTC to TIGTA and IRS Office of Safeguards by Dora Disclosure$/)
    assert.match(cells[4]!, /^2026-03-12 09:00 UTC by Dora Disclosure: referred to counsel closed with [1-9]\d* open the recipient disputes the recall$/)
    assert.match(cells[5]!, new RegExp(`^Overdue recalls:( rn-\\w+ due \\d{4}-\\d{2}-\\d{2}){${fx.history.notices}}$`))
    assert.ok(await row.locator('.badge.b-bad', { hasText: 'late' }).isVisible())
    await page.locator('#inc-h').scrollIntoViewIfNeeded()
    await shot('oversight-incident')
    await signOut()
  })

  it('loads the review queue with 10,000 more cases (the time is printed, not asserted)', async () => {
    await addManyCases(fx, 10_000)
    await signIn('rev-alice')
    const url = `${server.base}/ui/review?state=pending`
    const times: number[] = []
    for (let i = 0; i < 3; i++) {
      const started = performance.now()
      await page.goto(url, { waitUntil: 'load' })
      times.push(performance.now() - started)
    }
    const total = (await page.locator('#q-h').textContent()) ?? ''
    assert.match(total, /10,0\d\d pending cases/)
    await shot('review-queue-10000')
    process.stdout.write(`# review queue with ${total.split(' ')[0]} cases: page load ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')} (2 shared cores)\n`)
  })

  it('asked for nothing beyond its own server and logged no errors', () => {
    assert.deepEqual(foreign, [])
    assert.deepEqual(consoleErrors, [])
  })
})
