/**
 * The address tokenizer. Written here rather than taken from `@sroussey/parse-address`:
 * measured, that parser failed 5 of 30 tricky cases (rural routes, fractions, a missing city;
 * docs/design.md), it keeps input case and unit words, so its output needs a second full pass
 * through the Publication 28 tables anyway, and it is a large stack of regular expressions,
 * while the bulk target (200,000 full records per second per core) leaves about a microsecond
 * for an address. One pass over the characters gives upper-case ASCII words and where the
 * commas were; the grammar in parse-delivery.ts works on those words.
 */
import { toAscii } from '../text/index.js'

/** The words of an address line and, for each word, the comma-separated segment it is in. */
export interface AddressTokens {
  readonly words: string[]
  readonly segments: number[]
}

const DELETED = /[.'`]/g
const isDigit = (c: number): boolean => c >= 48 && c <= 57
const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)

/**
 * Splits an address into upper-case words. Periods and apostrophes are deleted (`P.O.` → `PO`,
 * `Don't` → `DONT`); `,` `;` and line breaks end a segment; `#` is a word of its own; `/` is kept
 * between digits (`1/2`) and `-` between letters or digits (`112-10`, `2-C`); any other
 * character separates words.
 *
 * @example
 * tokenizeAddress('123 1/2 Main St., Apt #4').words // ['123', '1/2', 'MAIN', 'ST', 'APT', '#', '4']
 */
export function tokenizeAddress(text: string): AddressTokens {
  // One upper-casing of the whole line, then words are slices of it: far fewer allocations
  // than building each word a character at a time.
  const s = toAscii(text).toUpperCase()
  const words: string[] = []
  const segments: number[] = []
  let segment = 0
  let start = -1
  let dirty = false
  const n = s.length
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 44
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) {
      if (start < 0) start = i
      continue
    }
    if (c === 46 || c === 39 || c === 96) {
      // . ' ` are deleted: the word goes on across them (P.O. → PO, DON'T → DONT).
      if (start >= 0) dirty = true
      continue
    }
    if (start >= 0 && ((c === 47 && isDigit(s.charCodeAt(i - 1)) && isDigit(s.charCodeAt(i + 1))) || (c === 45 && isAlnum(s.charCodeAt(i + 1)) && isAlnum(s.charCodeAt(i - 1))))) continue
    if (start >= 0) {
      const word = s.slice(start, i)
      words.push(dirty ? word.replace(DELETED, '') : word)
      segments.push(segment)
      start = -1
      dirty = false
    }
    if (c === 35) {
      words.push('#')
      segments.push(segment)
    } else if (c === 44 || c === 59 || c === 10 || c === 13) segment++
  }
  return { words, segments }
}
