/**
 * Edit distances: Levenshtein (insertions, deletions, substitutions) and the optimal-string-
 * alignment form of Damerau–Levenshtein, which also counts a swap of two adjacent characters as
 * one edit (Damerau 1964: most single typing errors are one of these four).
 */

/**
 * Levenshtein distance between two strings.
 *
 * @example
 * levenshtein('KITTEN', 'SITTING') // 3
 */
export function levenshtein(a: string, b: string): number {
  return damerauOrLevenshtein(a, b, false)
}

/**
 * Damerau–Levenshtein distance (optimal string alignment: a substring is edited at most once).
 *
 * @example
 * damerauLevenshtein('19651013', '19651031') // 1
 */
export function damerauLevenshtein(a: string, b: string): number {
  return damerauOrLevenshtein(a, b, true)
}

function damerauOrLevenshtein(a: string, b: string, transpositions: boolean): number {
  const n = a.length
  const m = b.length
  if (n === 0) return m
  if (m === 0) return n
  let before = new Int32Array(m + 1)
  let previous = new Int32Array(m + 1)
  let current = new Int32Array(m + 1)
  for (let j = 0; j <= m; j++) previous[j] = j
  for (let i = 1; i <= n; i++) {
    current[0] = i
    const ca = a.charCodeAt(i - 1)
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1)
      const cost = ca === cb ? 0 : 1
      let best = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost)
      if (transpositions && i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        best = Math.min(best, (before[j - 2] as number) + 1)
      }
      current[j] = best
    }
    const spare = before
    before = previous
    previous = current
    current = spare
  }
  return previous[m] as number
}

/**
 * How two equal-length digit strings (or numbers written with the same number of digits) differ:
 * `one_digit` when exactly one position differs, `transposition` when two adjacent positions are
 * swapped, otherwise `other`. Used for dates of birth and taxpayer numbers, where these are the
 * commonest keying errors.
 *
 * @example
 * digitDifference(123456789, 123456780, 9) // 'one_digit'
 * digitDifference(123456789, 123456798, 9) // 'transposition'
 */
export function digitDifference(a: number, b: number, digits: number): 'same' | 'one_digit' | 'transposition' | 'other' {
  if (a === b) return 'same'
  let differing = 0
  // Digits of the first two differing positions (from the right), and where the first was.
  let first = -1
  let a0 = 0
  let b0 = 0
  let a1 = 0
  let b1 = 0
  let x = a
  let y = b
  for (let i = 0; i < digits; i++) {
    const p = x % 10
    const q = y % 10
    if (p !== q) {
      differing++
      if (differing === 1) {
        first = i
        a0 = p
        b0 = q
      } else if (differing === 2) {
        if (i !== first + 1) return 'other'
        a1 = p
        b1 = q
      } else return 'other'
    }
    x = (x - p) / 10
    y = (y - q) / 10
  }
  if (x !== y) return 'other'
  if (differing === 1) return 'one_digit'
  return a0 === b1 && a1 === b0 ? 'transposition' : 'other'
}
