/**
 * A generational suffix stated in a field of its own (`Jr.`, `JUNIOR`, `3rd`, `III`), read to the
 * standard form a suffix written inside the name gets (`JR`, `SR`, `II`, `III`, `IV`, `V`), so a
 * file that keeps the suffix apart and one that writes `JOHN SMITH JR` compare the same.
 */
import type { StandardizeIssueCode } from '../issues.js'
import { BoundedMemo } from '../memo.js'
import { foldName } from '../text/index.js'
import { CREDENTIALS, FIELD_ONLY_SUFFIXES, SUFFIXES } from './name-lexicon.js'

/** What a suffix field holds. */
export interface SuffixReading {
  /** The standard suffix; empty when the field is blank or holds no generational suffix. */
  readonly suffix: string
  /**
   * `suffix_unrecognized` when the field holds words that are not one generational suffix (a
   * street type, two generations at once, a typo): nothing is taken from it.
   */
  readonly issue?: StandardizeIssueCode
}

const BLANK: SuffixReading = Object.freeze({ suffix: '' })
const UNRECOGNIZED: SuffixReading = Object.freeze({ suffix: '', issue: 'suffix_unrecognized' })

function readSuffixField(text: string): SuffixReading {
  const folded = foldName(text)
  if (folded === '') return BLANK
  let suffix = ''
  for (const word of folded.split(' ')) {
    const s = SUFFIXES.get(word) ?? FIELD_ONLY_SUFFIXES.get(word)
    if (s !== undefined) {
      // `JR JUNIOR` says one thing twice; `JR III` says two things, and neither is taken.
      if (suffix !== '' && suffix !== s) return UNRECOGNIZED
      suffix = s
    } else if (!CREDENTIALS.has(word)) return UNRECOGNIZED
  }
  // Only credentials (`MD`, `ESQ`): no generation is stated.
  return suffix === '' ? BLANK : Object.freeze({ suffix })
}

const memo = new BoundedMemo<SuffixReading>(1_000)

/**
 * Reads a suffix field. Credentials beside the suffix (`JR MD`) are dropped, as they are from a
 * name; anything else that is not a generational suffix is reported and not taken.
 *
 * @example
 * standardizeSuffix('Jr.').suffix   // 'JR'
 * standardizeSuffix('3rd').suffix   // 'III'
 * standardizeSuffix('V').suffix     // 'V' (never read from inside a name)
 * standardizeSuffix('AVE').issue    // 'suffix_unrecognized'
 */
export function standardizeSuffix(text: string | undefined): SuffixReading {
  if (text === undefined) return BLANK
  return memo.get(text, readSuffixField)
}
