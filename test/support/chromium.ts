/**
 * Debian's Chromium for the browser tests, launched through playwright-core (never a browser
 * download). The flags keep it off the network: without the background-networking ones Chromium
 * tries Google's hosts at every start, which this machine's closed network refuses.
 */
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'

/** Where Debian's `chromium` package puts the browser (`.ci/run` installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium'

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Launches headless Chromium with the flags above. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS })
}

/** The reason to give `describe(..., { skip })` when Chromium is absent, naming what is skipped. */
export function skipUnlessChromium(what: string): string | false {
  return existsSync(CHROMIUM_PATH) ? false : `${CHROMIUM_PATH} is not installed (apt-get install chromium): ${what} is skipped`
}

/** What a page did while it was visited offline, beside what `work` found on it. */
export interface OfflineVisit<T> {
  /** Console errors and uncaught page errors. */
  readonly errors: readonly string[]
  /** Every URL other than the file itself that the page asked for (each one was blocked). */
  readonly foreign: readonly string[]
  readonly value: T
}

/**
 * Opens a local file in a new page with every other request blocked and recorded, runs `work`
 * on the loaded page, and closes it: the check that a self-contained page needs no network.
 */
export async function visitOffline<T>(browser: Browser, file: string, work: (page: Page) => Promise<T>): Promise<OfflineVisit<T>> {
  const url = pathToFileURL(file).href
  const page = await browser.newPage({ viewport: { width: 1024, height: 1200 } })
  const errors: string[] = []
  const foreign: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('request', (r) => {
    if (r.url() !== url) foreign.push(r.url())
  })
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()))
  try {
    await page.goto(url, { waitUntil: 'load' })
    return { errors, foreign, value: await work(page) }
  } finally {
    await page.close()
  }
}
