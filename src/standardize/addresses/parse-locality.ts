/** The last line of an address: city, state (names → Publication 28 Appendix B codes) and ZIP / ZIP+4. */
import type { StandardizeIssueCode } from '../issues.js'
import { stateCode, statesOfZip } from '../reference/index.js'
import { foldName } from '../text/index.js'
import { CITY_WORDS, PLACEHOLDER_ZIPS, isJunkWords } from './address-lexicon.js'

/** A ZIP as read: the five digits and the +4 (both empty when unusable), and what was wrong. */
export interface ZipReading {
  readonly zip: string
  readonly zip4: string
  /** True for a usable US ZIP. */
  readonly us: boolean
  /** True when the value is a placeholder such as 00000. */
  readonly placeholder: boolean
  readonly issue?: StandardizeIssueCode
}

const NO_ZIP: ZipReading = { zip: '', zip4: '', us: false, placeholder: false }

/** Reads a ZIP from a 5-digit, 9-digit or `NNNNN-NNNN` word; a 5-digit ZIP+4 pair is joined by the caller. */
export function readZip(five: string, four = ''): ZipReading {
  if (PLACEHOLDER_ZIPS.has(five + four) || PLACEHOLDER_ZIPS.has(five) || five.startsWith('000')) {
    return { zip: '', zip4: '', us: false, placeholder: true, issue: 'zip_invalid' }
  }
  return { zip: five, zip4: four === '0000' ? '' : four, us: true, placeholder: false, issue: statesOfZip(five) === undefined ? 'zip_prefix_unknown' : undefined }
}

/** Splits a word that is a whole US ZIP (`12345`, `123456789`, `12345-6789`) into its parts, or undefined. */
export function zipWord(word: string): readonly [string, string] | undefined {
  const n = word.length
  if (n === 5 && /^\d{5}$/.test(word)) return [word, '']
  if (n === 9 && /^\d{9}$/.test(word)) return [word.slice(0, 5), word.slice(5)]
  if (n === 10 && /^\d{5}-\d{4}$/.test(word)) return [word.slice(0, 5), word.slice(6)]
  return undefined
}

/**
 * Reads a ZIP field. Anything that is not a US ZIP is kept (upper case, trimmed) and flagged
 * `zip_not_us` when it looks like a postal code (letters and digits, such as the 4-digit
 * Australian postcodes of FEBRL, six-digit ones such as India's), or dropped as `zip_invalid`
 * (another number of digits, junk).
 *
 * @example
 * readZipField('80202-1234') // { zip: '80202', zip4: '1234', us: true, … }
 * readZipField('2615')       // { zip: '2615', zip4: '', us: false, issue: 'zip_not_us', … }
 * readZipField('110001')     // { zip: '110001', zip4: '', us: false, issue: 'zip_not_us', … }
 */
export function readZipField(text: string): ZipReading {
  const t = text.trim()
  if (t === '') return NO_ZIP
  const compact = t.replace(/\s*-\s*|\s+/g, (m) => (m.includes('-') ? '-' : ' '))
  const whole = zipWord(compact.replace(' ', '-')) ?? zipWord(compact)
  if (whole !== undefined) return readZip(whole[0], whole[1])
  const folded = foldName(t)
  if (folded === '' || isJunkWords(folded.split(' '))) return { ...NO_ZIP, issue: 'zip_invalid' }
  if (/^\d+$/.test(folded.replace(/ /g, ''))) {
    // Four digits (Australia, most of Europe) or six (India, China, Russia, Singapore) are
    // postcodes of other countries; other lengths of digits are a mistyped ZIP.
    const digits = folded.replace(/ /g, '')
    return digits.length === 4 || digits.length === 6 ? { zip: digits, zip4: '', us: false, placeholder: false, issue: 'zip_not_us' } : { ...NO_ZIP, issue: 'zip_invalid' }
  }
  if (/^[A-Z0-9 ]{3,10}$/.test(folded) && /\d/.test(folded)) return { zip: folded, zip4: '', us: false, placeholder: false, issue: 'zip_not_us' }
  return { ...NO_ZIP, issue: 'zip_invalid' }
}

/** A state as read: the USPS code, or the text kept as given with `state_unknown`. */
export interface StateReading {
  readonly state: string
  readonly us: boolean
  readonly issue?: StandardizeIssueCode
}

/**
 * Reads a state field: a name or code → its two-letter code; anything else is kept (folded)
 * with `state_unknown`, so non-US regions (FEBRL's `nsw`, `vic`) still compare.
 *
 * @example
 * readStateField('Massachusetts') // { state: 'MA', us: true }
 * readStateField('nsw')           // { state: 'NSW', us: false, issue: 'state_unknown' }
 */
export function readStateField(text: string): StateReading {
  const folded = foldName(text)
  if (folded === '') return { state: '', us: false }
  const code = stateCode(folded)
  if (code !== undefined) return { state: code, us: true }
  if (isJunkWords(folded.split(' '))) return { state: '', us: false }
  return { state: folded, us: false, issue: 'state_unknown' }
}

/** Standard city words: `ST LOUIS` → `SAINT LOUIS`, `FT WORTH` → `FORT WORTH`, `N LAS VEGAS` → `NORTH LAS VEGAS`; junk → ''. */
export function standardCity(words: readonly string[]): string {
  if (words.length === 0 || isJunkWords(words)) return ''
  let out = ''
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? ''
    const expanded = w.length <= 4 && (i === 0 || w.length > 1) && i < words.length - 1 ? (CITY_WORDS.get(w) ?? w) : w
    out += i === 0 ? expanded : ` ${expanded}`
  }
  return out
}

/** Reads a city field. */
export function readCityField(text: string): string {
  const folded = foldName(text)
  return folded === '' ? '' : standardCity(folded.split(' '))
}

/** True when a ZIP's prefix does not belong to the state (both must be known). */
export function zipStateMismatch(zip: string, state: string): boolean {
  const states = statesOfZip(zip)
  return states !== undefined && !states.includes(state)
}
