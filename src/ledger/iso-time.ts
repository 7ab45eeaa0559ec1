/**
 * ISO 8601 times as the ledger keeps them (what `Date.prototype.toISOString` writes), checked
 * without formatting a date per entry: appends and verification meet one per entry.
 */

/** The second last formatted by `isIsoTimeOf`, and its ISO 8601 text up to the milliseconds. */
let isoSecond = Number.NaN
let isoSecondPrefix = ''

/**
 * Whether `at` is exactly `new Date(ms).toISOString()`, without formatting a date per entry:
 * entries come in time order, many within one second, so the text up to the second is formatted
 * once per second and only the milliseconds are compared digit by digit.
 *
 * @example
 * isIsoTimeOf('2026-11-26T12:00:00.000Z', 1795435200000) // true
 */
export function isIsoTimeOf(at: string, ms: number): boolean {
  const second = Math.floor(ms / 1000)
  if (second !== isoSecond) {
    isoSecond = second
    // `YYYY-MM-DDTHH:MM:SS.` for years 0–9999; other years take the general path below.
    isoSecondPrefix = new Date(second * 1000).toISOString().slice(0, -4)
  }
  if (isoSecondPrefix.length !== 20) return at === new Date(ms).toISOString()
  const milli = ms - second * 1000
  return (
    at.length === 24 &&
    at.charCodeAt(23) === 0x5a &&
    at.charCodeAt(20) === 0x30 + Math.floor(milli / 100) &&
    at.charCodeAt(21) === 0x30 + (Math.floor(milli / 10) % 10) &&
    at.charCodeAt(22) === 0x30 + (milli % 10) &&
    at.startsWith(isoSecondPrefix)
  )
}
