/**
 * Dates of birth (and other dates) from the forms request and master files use: ISO 8601
 * (`1985-03-07`), US month-first (`03/07/1985`, `3/7/85`), compact `YYYYMMDD` (FEBRL), month
 * names (`March 7, 1985`, `7 Mar 1985`), and partial dates (`1985`, `1985-03`, `03/1985`).
 *
 * Rules, chosen so that nothing is guessed:
 * - Slash and dash dates with the year last are read month first (US usage). `13/07/1985` is
 *   therefore month 13 and flagged `date_impossible`; it is not silently read as 13 July.
 * - A two-digit year takes the century that gives the latest date not after today: on
 *   2026-11-26, `85` is 1985, `25` is 2025 and `27` is 1927. A date of birth is never in the
 *   future, and ages above 99 written with two digits cannot be told apart, so this is the only
 *   reading that is right for every living person under 100.
 * - A date that does not exist (30 February, month 13, day 32) is `date_impossible` and left
 *   unknown; a date after today is `date_in_future` and left unknown (unless `allowFuture`).
 * - Years before 1800 are `date_impossible` for the same reason (no living person, and typically
 *   a data-entry slip such as `0985`).
 */
import type { StandardizedDate } from '../../core/index.js'
import type { StandardizeIssueCode } from '../issues.js'

/** Options for reading a date. */
export interface DateOptions {
  /** Accept dates after today (for order dates and the like); default false (a date of birth). */
  readonly allowFuture?: boolean
  /** Today as `YYYY-MM-DD`, for reproducible runs; default the current UTC date. */
  readonly today?: string
}

/** A standardized date with what was wrong with it. */
export interface DateResult {
  readonly date: StandardizedDate
  readonly issues: readonly StandardizeIssueCode[]
}

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['JAN', 1], ['JANUARY', 1], ['FEB', 2], ['FEBRUARY', 2], ['MAR', 3], ['MARCH', 3], ['APR', 4], ['APRIL', 4],
  ['MAY', 5], ['JUN', 6], ['JUNE', 6], ['JUL', 7], ['JULY', 7], ['AUG', 8], ['AUGUST', 8], ['SEP', 9], ['SEPT', 9],
  ['SEPTEMBER', 9], ['OCT', 10], ['OCTOBER', 10], ['NOV', 11], ['NOVEMBER', 11], ['DEC', 12], ['DECEMBER', 12],
])

let cachedDay = -1
let cachedToday = { y: 0, m: 0, d: 0 }
let callsSinceClock = 0

/** Today in UTC. The clock is read every 256 calls (well under a millisecond apart in bulk work), the calendar only when the day changes. */
function currentDay(): { y: number; m: number; d: number } {
  if (cachedDay >= 0 && ++callsSinceClock < 256) return cachedToday
  callsSinceClock = 0
  const now = Date.now()
  const day = Math.floor(now / 86_400_000)
  if (day !== cachedDay) {
    const t = new Date(now)
    cachedToday = { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }
    cachedDay = day
  }
  return cachedToday
}

function parseToday(text: string): { y: number; m: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!m) throw new RangeError(`today must be YYYY-MM-DD, found ${JSON.stringify(text)}`)
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** The number written by the ASCII digits text[from..to), or -1 when any of them is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    value = value * 10 + c
  }
  return to > from ? value : -1
}

function unknown(original: string, code: StandardizeIssueCode): DateResult {
  return { date: { original, value: '', precision: 'none' }, issues: [code] }
}

/** Builds the result from parts; day and month 0 mean unknown. Checks existence and the future. */
function build(original: string, y: number, m: number, d: number, today: { y: number; m: number; d: number }, allowFuture: boolean): DateResult {
  if (y < 1800 || y > 9999 || m < 0 || m > 12 || d < 0 || (d > 0 && m === 0)) return unknown(original, 'date_impossible')
  if (d > 0 && d > daysInMonth(y, m)) return unknown(original, 'date_impossible')
  if (!allowFuture) {
    const future = y > today.y || (y === today.y && m > 0 && (m > today.m || (m === today.m && d > today.d)))
    if (future) return unknown(original, 'date_in_future')
  }
  if (d > 0) return { date: { original, value: `${y}-${pad2(m)}-${pad2(d)}`, year: y, month: m, day: d, precision: 'day' }, issues: [] }
  if (m > 0) return { date: { original, value: `${y}-${pad2(m)}`, year: y, month: m, precision: 'month' }, issues: ['date_partial'] }
  return { date: { original, value: String(y), year: y, precision: 'year' }, issues: ['date_partial'] }
}

/** The four-digit year for a two-digit one: the latest century not after today (see the module notes). */
function expandYear(yy: number, m: number, d: number, today: { y: number; m: number; d: number }): number {
  const century = Math.floor(today.y / 100) * 100
  const y = century + yy
  const future = y > today.y || (y === today.y && (m > today.m || (m === today.m && d > today.d)))
  return future ? y - 100 : y
}

/** Splits into runs of digits and runs of letters; any other character separates. */
function tokens(text: string): { parts: string[]; seps: string } {
  const parts: string[] = []
  let seps = ''
  let cur = ''
  let kind = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const k = c >= 48 && c <= 57 ? 1 : (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 2 : 0
    if (k !== 0 && k === kind) cur += text[i]
    else {
      if (cur) parts.push(cur)
      cur = k === 0 ? '' : (text[i] ?? '')
      if (k === 0) seps += text[i]
      kind = k
    }
  }
  if (cur) parts.push(cur)
  return { parts, seps }
}

const isDigits = (s: string): boolean => /^\d+$/.test(s)

/**
 * Standardizes a date, reporting why it is partial or unknown.
 *
 * @example
 * standardizeDateDetailed('3/7/85').date.value     // '1985-03-07'
 * standardizeDateDetailed('1985-02-30').issues     // ['date_impossible']
 * standardizeDateDetailed('03/1985').date.value    // '1985-03' (precision 'month')
 */
export function standardizeDateDetailed(text: string | undefined, options: DateOptions = {}): DateResult {
  const original = text ?? ''
  const t = original.trim()
  if (t === '') return unknown(original, 'date_missing')
  const today = options.today ? parseToday(options.today) : currentDay()
  const allowFuture = options.allowFuture === true
  const c0 = t.charCodeAt(0)
  // Fast paths for the two commonest machine forms: YYYY-MM-DD and YYYYMMDD.
  if (t.length === 10 && t.charCodeAt(4) === 45 && t.charCodeAt(7) === 45 && c0 >= 48 && c0 <= 57) {
    const y = digitsAt(t, 0, 4)
    const m = digitsAt(t, 5, 7)
    const d = digitsAt(t, 8, 10)
    if (y >= 0 && m > 0 && d > 0) return build(original, y, m, d, today, allowFuture)
  }
  if (t.length === 8) {
    const y = digitsAt(t, 0, 4)
    const m = digitsAt(t, 4, 6)
    const d = digitsAt(t, 6, 8)
    if (y >= 1800 && m > 0 && d > 0) return build(original, y, m, d, today, allowFuture)
  }
  // US month/day/four-digit year: M/D/YYYY to MM/DD/YYYY.
  const n = t.length
  if (n >= 8 && n <= 10 && t.charCodeAt(n - 5) === 47) {
    const s1 = t.indexOf('/')
    if (s1 === 1 || s1 === 2) {
      const s2 = t.indexOf('/', s1 + 1)
      if (s2 === n - 5 && (s2 - s1 === 2 || s2 - s1 === 3)) {
        const m = digitsAt(t, 0, s1)
        const d = digitsAt(t, s1 + 1, s2)
        const y = digitsAt(t, s2 + 1, n)
        if (y >= 0 && m > 0 && d > 0) return build(original, y, m, d, today, allowFuture)
      }
    }
  }
  // ISO 8601 date-time: keep the calendar date.
  const iso = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}/.exec(t)
  if (iso) {
    const inner = standardizeDateDetailed(iso[1], options)
    return { date: { ...inner.date, original }, issues: inner.issues }
  }
  const { parts, seps } = tokens(t)
  const sepOk = /^[-/. ,]*$/.test(seps)
  if (!sepOk || parts.length === 0 || parts.length > 3) return unknown(original, 'date_unparseable')
  const allDigits = parts.every(isDigits)
  if (allDigits) {
    const [a = '', b = '', c = ''] = parts
    if (parts.length === 1) {
      if (a.length === 8) {
        const y = Number(a.slice(0, 4))
        if (y >= 1800) return build(original, y, Number(a.slice(4, 6)), Number(a.slice(6, 8)) || -1, today, allowFuture)
        // MMDDYYYY, the US order without separators.
        return build(original, Number(a.slice(4, 8)), Number(a.slice(0, 2)) || -1, Number(a.slice(2, 4)) || -1, today, allowFuture)
      }
      if (a.length === 6 && Number(a.slice(0, 4)) >= 1800) return build(original, Number(a.slice(0, 4)), Number(a.slice(4, 6)) || -1, 0, today, allowFuture)
      if (a.length === 4) return build(original, Number(a), 0, 0, today, allowFuture)
      return unknown(original, 'date_unparseable')
    }
    if (parts.length === 2) {
      // YYYY-MM or MM/YYYY.
      if (a.length === 4 && b.length <= 2) return build(original, Number(a), Number(b) || -1, 0, today, allowFuture)
      if (b.length === 4 && a.length <= 2) return build(original, Number(b), Number(a) || -1, 0, today, allowFuture)
      return unknown(original, 'date_unparseable')
    }
    if (a.length === 4 && b.length <= 2 && c.length <= 2) return build(original, Number(a), Number(b) || -1, Number(c) || -1, today, allowFuture)
    if (a.length <= 2 && b.length <= 2 && (c.length === 4 || c.length === 2)) {
      const m = Number(a) || -1
      const d = Number(b) || -1
      const y = c.length === 4 ? Number(c) : expandYear(Number(c), m, d, today)
      return build(original, y, m, d, today, allowFuture)
    }
    return unknown(original, 'date_unparseable')
  }
  // Month names: "March 7, 1985", "7 Mar 1985", "Mar 1985", "1985 Mar 7".
  let month = 0
  const numbers: string[] = []
  for (const p of parts) {
    if (isDigits(p)) numbers.push(p)
    else {
      const m = MONTHS.get(p.toUpperCase())
      if (m === undefined || month !== 0) return unknown(original, 'date_unparseable')
      month = m
    }
  }
  const year = numbers.find((n) => n.length === 4)
  if (year === undefined) return unknown(original, 'date_unparseable')
  const rest = numbers.filter((n) => n !== year)
  if (rest.length > 1 || (rest[0] !== undefined && rest[0].length > 2)) return unknown(original, 'date_unparseable')
  return build(original, Number(year), month, rest[0] === undefined ? 0 : Number(rest[0]) || -1, today, allowFuture)
}

/**
 * Standardizes a date to `YYYY-MM-DD`, `YYYY-MM` or `YYYY` with its precision; an impossible,
 * future or unreadable date has precision `none` and an empty value.
 *
 * @example
 * standardizeDate('19850307') // { original: '19850307', value: '1985-03-07', year: 1985, month: 3, day: 7, precision: 'day' }
 */
export function standardizeDate(text: string | undefined, options: DateOptions = {}): StandardizedDate {
  return standardizeDateDetailed(text, options).date
}
