/**
 * Debian's Chromium for the browser tests, launched through playwright-core (never a browser
 * download). The flags keep it off the network: without the background-networking ones Chromium
 * tries Google's hosts at every start, which this machine's closed network refuses.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

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
