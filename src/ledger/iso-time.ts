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

/** The second last formatted by `isIsoTimeAt`, and its ISO 8601 bytes up to the milliseconds. */
let bytesSecond = Number.NaN
let bytesSecondPrefix: Buffer = Buffer.alloc(0)

/**
 * Whether the 24 bytes of `text` at `offset` are exactly `new Date(ms).toISOString()`: what
 * `isIsoTimeOf` checks, on bytes (verification reads the stored times of a block of entries as
 * one buffer). False for a time outside years 0–9999, which only `isIsoTimeOf` handles.
 *
 * @example
 * isIsoTimeAt(Buffer.from('x,2026-11-26T12:00:00.000Z'), 2, 1795435200000) // true
 */
export function isIsoTimeAt(text: Uint8Array, offset: number, ms: number): boolean {
  const second = Math.floor(ms / 1000)
  if (second !== bytesSecond) {
    bytesSecond = second
    bytesSecondPrefix = Buffer.from(new Date(second * 1000).toISOString().slice(0, -4), 'latin1')
  }
  const prefix = bytesSecondPrefix
  if (prefix.length !== 20 || offset < 0 || offset + 24 > text.length) return false
  for (let i = 0; i < 20; i++) if (text[offset + i] !== prefix[i]) return false
  const milli = ms - second * 1000
  return (
    text[offset + 20] === 0x30 + Math.floor(milli / 100) &&
    text[offset + 21] === 0x30 + (Math.floor(milli / 10) % 10) &&
    text[offset + 22] === 0x30 + (milli % 10) &&
    text[offset + 23] === 0x5a
  )
}
