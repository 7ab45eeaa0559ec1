/**
 * Unicode and case folding to an upper-case ASCII match key. Accents are folded by canonical
 * decomposition (NFKD, Unicode Standard Annex #15) and removal of the combining marks; what is
 * still not ASCII (other scripts, ligatures such as Æ, ß) is transliterated by `any-ascii`.
 */
import anyAscii from 'any-ascii'

const COMBINING_MARKS = /\p{M}+/gu

/** Folds non-ASCII text to ASCII: NFKD without combining marks, then transliteration. */
export function toAscii(text: string): string {
  let plain = true
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 127) {
      plain = false
      break
    }
  }
  if (plain) return text
  const stripped = text.normalize('NFKD').replace(COMBINING_MARKS, '')
  for (let i = 0; i < stripped.length; i++) {
    if (stripped.charCodeAt(i) > 127) return anyAscii(stripped)
  }
  return stripped
}

/** True for the characters that are deleted rather than turned into a space: `'` `.` and the typographic apostrophes. */
function isDeleted(code: number): boolean {
  return code === 39 || code === 46 || code === 96
}

/**
 * Folds a name (or any short text) to its match key: upper-case ASCII letters and digits,
 * accents folded, apostrophes and periods deleted (`O'Brien` → `OBRIEN`, `St.` → `ST`), any
 * other punctuation a space, runs of spaces collapsed.
 *
 * @example
 * foldName('  José-María  Ñúñez ') // 'JOSE MARIA NUNEZ'
 * foldName("O'Brien")             // 'OBRIEN'
 */
export function foldName(text: string): string {
  // Fast path: a single word of ASCII letters and digits only needs upper-casing.
  let plain = text.length > 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57))) {
      plain = false
      break
    }
  }
  if (plain) return text.toUpperCase()
  const ascii = toAscii(text)
  let out = ''
  let pendingSpace = false
  for (let i = 0; i < ascii.length; i++) {
    let c = ascii.charCodeAt(i)
    if (c >= 97 && c <= 122) c -= 32
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) {
      if (pendingSpace && out.length > 0) out += ' '
      pendingSpace = false
      out += String.fromCharCode(c)
    } else if (!isDeleted(c)) {
      pendingSpace = true
    }
  }
  return out
}
