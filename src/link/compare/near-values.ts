/**
 * Near agreements that a general metric rates badly: a short name one keying error off, and a
 * year of birth one digit off. Both are cheap, allocation-free checks for the comparison loop.
 */

/** The longest name (in letters) that `shortOneEdit` accepts. */
export const SHORT_NAME_LENGTH = 4

/**
 * True when two byte strings, both of 2 to `SHORT_NAME_LENGTH` letters, are one edit apart: one
 * letter substituted (JON/JAN), added or dropped (ANA/ANNA), or two adjacent letters swapped
 * (JNO/JON). Jaro–Winkler rates such pairs about 0.8, among the unrelated short names (ANA and
 * AVA, LEE and LEO are also one edit apart: the level's own m and u weigh that).
 *
 * @example
 * shortOneEdit(textBytes('JON'), 0, 3, textBytes('JAN'), 0, 3) // true
 * shortOneEdit(textBytes('JON'), 0, 3, textBytes('JOHN'), 0, 4) // true (one letter dropped)
 * shortOneEdit(textBytes('JON'), 0, 3, textBytes('JONAS'), 0, 5) // false (too long)
 */
export function shortOneEdit(a: Uint8Array, aStart: number, aLength: number, b: Uint8Array, bStart: number, bLength: number): boolean {
  if (aLength < 2 || bLength < 2 || aLength > SHORT_NAME_LENGTH || bLength > SHORT_NAME_LENGTH) return false
  if (aLength === bLength) {
    let first = -1
    let count = 0
    for (let i = 0; i < aLength; i++) {
      if (a[aStart + i] !== b[bStart + i]) {
        if (count === 0) first = i
        count++
        if (count > 2) return false
      }
    }
    if (count === 1) return true
    // Two differences: only two adjacent letters swapped.
    return count === 2 && first + 1 < aLength && a[aStart + first] === b[bStart + first + 1] && a[aStart + first + 1] === b[bStart + first]
  }
  if (Math.abs(aLength - bLength) !== 1) return false
  // One letter added: the shorter is the longer less one letter.
  const [s, sStart, sLength, l, lStart] = aLength < bLength ? [a, aStart, aLength, b, bStart] : [b, bStart, bLength, a, aStart]
  let i = 0
  while (i < sLength && s[sStart + i] === l[lStart + i]) i++
  for (let j = i; j < sLength; j++) if (s[sStart + j] !== l[lStart + j + 1]) return false
  return true
}

/**
 * True when two four-digit years differ by one keying error (one digit, or two adjacent digits
 * swapped) and by at most `maxApart` years: 1987/1989, 1978/1987. A larger gap (1957/1987, one
 * digit too) is as likely a parent as a typo, so it is left out.
 *
 * @example
 * yearOneDigit(1987, 1989) // true
 * yearOneDigit(1978, 1987) // true (the last two digits swapped)
 * yearOneDigit(1957, 1987) // false (thirty years apart)
 */
export function yearOneDigit(a: number, b: number, maxApart = 10): boolean {
  if (a === b || Math.abs(a - b) > maxApart || a < 1000 || b < 1000 || a > 9999 || b > 9999) return false
  let differing = 0
  let first = -1
  for (let i = 0, x = a, y = b; i < 4; i++, x = Math.floor(x / 10), y = Math.floor(y / 10)) {
    if (x % 10 !== y % 10) {
      if (differing === 0) first = i
      differing++
    }
  }
  if (differing === 1) return true
  if (differing !== 2) return false
  // Two adjacent positions swapped (positions counted from the right).
  const digit = (n: number, i: number) => Math.floor(n / 10 ** i) % 10
  return digit(a, first) === digit(b, first + 1) && digit(a, first + 1) === digit(b, first)
}
