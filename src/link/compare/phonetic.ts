/**
 * Phonetic keys for blocking: the primary Double Metaphone code (Philips 2000) from the
 * `double-metaphone` package. That package codes "-CIA" as S in both codes (GARCIA → KRS/KRS)
 * where Philips' original gives KRS/KRX (docs/design.md). We keep it: the key only groups
 * candidates, the same function codes both sides, and KRS keeps GARCIA beside its common
 * misspelling GARSIA. Keys never decide a match; comparisons do.
 */
import { doubleMetaphone } from 'double-metaphone'

/**
 * The primary Double Metaphone key of an upper- or lower-case name; empty for empty input.
 *
 * @example
 * phoneticKey('SMITH') // 'SM0'
 * phoneticKey('SMYTHE') // 'SM0'
 */
export function phoneticKey(name: string): string {
  if (name.length === 0) return ''
  let key = cache.get(name)
  if (key === undefined) {
    // Names repeat (a few thousand cover most people): remember recent keys, within a bound.
    if (cache.size >= CACHE_LIMIT) cache.clear()
    key = doubleMetaphone(name)[0]
    cache.set(name, key)
  }
  return key
}

const CACHE_LIMIT = 200_000
const cache = new Map<string, string>()
