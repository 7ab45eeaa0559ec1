/**
 * The errors real request files carry, as small pure functions over upper-case text and a random
 * stream. Each returns the changed text, or `undefined` when it does not apply to this text (so
 * the caller records a noise code only for a change that was really made).
 *
 * Keyboard slips follow Damerau's four single-error kinds (substitution by an adjacent QWERTY key,
 * deletion, insertion, transposition: F. J. Damerau, CACM 7(3), 1964); OCR confusions are the
 * classic glyph pairs; phonetic misspellings are the sound-alike spellings that Soundex and Double
 * Metaphone were designed to absorb.
 */
import type { Rng } from './prng.js'

const KEYBOARD_ROWS = ['QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM']

/** Letters adjacent to each letter on a QWERTY keyboard (same row and the rows above and below). */
const ADJACENT: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>()
  KEYBOARD_ROWS.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      let near = (row[c - 1] ?? '') + (row[c + 1] ?? '')
      for (const other of [KEYBOARD_ROWS[r - 1], KEYBOARD_ROWS[r + 1]]) {
        if (other) near += (other[c - 1] ?? '') + (other[c] ?? '') + (other[c + 1] ?? '')
      }
      map.set(row[c] as string, near)
    }
  })
  return map
})()

function letterPositions(text: string): number[] {
  const positions: number[] = []
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 65 && code <= 90) positions.push(i)
  }
  return positions
}

/**
 * One keyboard slip: an adjacent key for a letter, a dropped letter, an inserted adjacent key, or
 * two neighbouring letters swapped.
 *
 * @example
 * keyboardTypo('GARCIA', rng) // e.g. 'GATCIA', 'GACIA', 'GARCXIA' or 'GRACIA'
 */
export function keyboardTypo(text: string, rng: Rng): string | undefined {
  const positions = letterPositions(text)
  if (positions.length < 2) return undefined
  const at = positions[rng.int(positions.length)] as number
  const letter = text[at] as string
  const near = ADJACENT.get(letter) ?? letter
  const kind = rng.float()
  if (kind < 0.5) return text.slice(0, at) + near[rng.int(near.length)] + text.slice(at + 1)
  if (kind < 0.7 && positions.length > 3) return text.slice(0, at) + text.slice(at + 1)
  if (kind < 0.85) return text.slice(0, at + 1) + near[rng.int(near.length)] + text.slice(at + 1)
  const next = text[at + 1]
  if (next !== undefined && next !== letter && next >= 'A' && next <= 'Z') return text.slice(0, at) + next + letter + text.slice(at + 2)
  return text.slice(0, at) + near[rng.int(near.length)] + text.slice(at + 1)
}

/** Glyphs that optical character recognition confuses, both ways. */
const OCR_PAIRS: readonly (readonly [string, string])[] = [
  ['O', '0'], ['I', '1'], ['L', '1'], ['S', '5'], ['B', '8'], ['G', '6'], ['Z', '2'], ['RN', 'M'], ['CL', 'D'],
  ['VV', 'W'], ['E', 'F'], ['H', 'LI'], ['U', 'V'], ['Q', 'O'], ['D', 'O'],
]

/** Replaces one occurrence of `from` in `text` (chosen at random) with `to`. */
function replaceOne(text: string, from: string, to: string, rng: Rng): string | undefined {
  const hits: number[] = []
  for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + 1)) hits.push(i)
  if (hits.length === 0) return undefined
  const at = hits[rng.int(hits.length)] as number
  return text.slice(0, at) + to + text.slice(at + from.length)
}

function applyOneRule(text: string, rules: readonly (readonly [string, string])[], rng: Rng, bothWays: boolean): string | undefined {
  const candidates: [string, string][] = []
  for (const [a, b] of rules) {
    if (text.includes(a)) candidates.push([a, b])
    if (bothWays && text.includes(b)) candidates.push([b, a])
  }
  if (candidates.length === 0) return undefined
  const [from, to] = candidates[rng.int(candidates.length)] as [string, string]
  return replaceOne(text, from, to, rng)
}

/**
 * One OCR confusion (O→0, RN→M, CL→D, …).
 *
 * @example
 * ocrTypo('BROWN', rng) // e.g. '8ROWN' or 'BR0WN'
 */
export function ocrTypo(text: string, rng: Rng): string | undefined {
  return applyOneRule(text, OCR_PAIRS, rng, true)
}

/** Sound-alike spellings (English and Spanish). */
const PHONETIC_RULES: readonly (readonly [string, string])[] = [
  ['PH', 'F'], ['CK', 'K'], ['Z', 'S'], ['Y', 'I'], ['EI', 'IE'], ['V', 'B'], ['LL', 'Y'], ['J', 'H'], ['QU', 'K'],
  ['X', 'KS'], ['TH', 'T'], ['GH', 'G'], ['EE', 'I'], ['OO', 'U'], ['OU', 'U'], ['AE', 'E'], ['MAC', 'MC'], ['C', 'K'],
  ['SS', 'S'], ['TT', 'T'], ['NN', 'N'], ['RR', 'R'], ['LL', 'L'], ['MM', 'M'], ['KH', 'K'], ['W', 'V'], ['IE', 'Y'],
  ['ES', 'EZ'], ['EZ', 'ES'], ['GE', 'JE'], ['CE', 'SE'], ['CI', 'SI'], ['HU', 'GU'],
]

/**
 * One phonetic misspelling (PH→F, Z→S, V→B, LL→Y, a doubled letter made single, …).
 *
 * @example
 * phoneticTypo('VAZQUEZ', rng) // e.g. 'BAZQUEZ' or 'VASQUEZ'
 */
export function phoneticTypo(text: string, rng: Rng): string | undefined {
  const changed = applyOneRule(text, PHONETIC_RULES, rng, true)
  if (changed !== undefined && changed !== text) return changed
  // A silent initial H, as Spanish writes it (HERNANDEZ / ERNANDEZ).
  if (text.startsWith('H') && text.length > 3) return text.slice(1)
  return undefined
}

/** Accented spellings of common Hispanic names (the Census and SSA tables strip accents). */
const ACCENTED: ReadonlyMap<string, string> = new Map([
  ['JOSE', 'JOSÉ'], ['JESUS', 'JESÚS'], ['RAMON', 'RAMÓN'], ['MARTIN', 'MARTÍN'], ['RAUL', 'RAÚL'], ['ANGEL', 'ÁNGEL'],
  ['CESAR', 'CÉSAR'], ['HECTOR', 'HÉCTOR'], ['ANDRES', 'ANDRÉS'], ['JOAQUIN', 'JOAQUÍN'], ['AGUSTIN', 'AGUSTÍN'],
  ['EFRAIN', 'EFRAÍN'], ['ADRIAN', 'ADRIÁN'], ['RUBEN', 'RUBÉN'], ['LUCIA', 'LUCÍA'], ['SOFIA', 'SOFÍA'],
  ['ROCIO', 'ROCÍO'], ['CONCEPCION', 'CONCEPCIÓN'], ['ANGELICA', 'ANGÉLICA'], ['VERONICA', 'VERÓNICA'], ['MONICA', 'MÓNICA'],
  ['MUNOZ', 'MUÑOZ'], ['NUNEZ', 'NÚÑEZ'], ['PENA', 'PEÑA'], ['IBANEZ', 'IBÁÑEZ'], ['GONZALEZ', 'GONZÁLEZ'],
  ['HERNANDEZ', 'HERNÁNDEZ'], ['RODRIGUEZ', 'RODRÍGUEZ'], ['MARTINEZ', 'MARTÍNEZ'], ['LOPEZ', 'LÓPEZ'], ['PEREZ', 'PÉREZ'],
  ['SANCHEZ', 'SÁNCHEZ'], ['RAMIREZ', 'RAMÍREZ'], ['GOMEZ', 'GÓMEZ'], ['DIAZ', 'DÍAZ'], ['JIMENEZ', 'JIMÉNEZ'],
  ['ALVAREZ', 'ÁLVAREZ'], ['VAZQUEZ', 'VÁZQUEZ'], ['FERNANDEZ', 'FERNÁNDEZ'], ['GUTIERREZ', 'GUTIÉRREZ'],
  ['CASTANEDA', 'CASTAÑEDA'], ['ORDONEZ', 'ORDÓÑEZ'], ['BRISENO', 'BRISEÑO'], ['PATINO', 'PATIÑO'], ['MENDEZ', 'MÉNDEZ'],
  ['DOMINGUEZ', 'DOMÍNGUEZ'], ['RIOS', 'RÍOS'], ['NUÑEZ', 'NÚÑEZ'], ['CHAVEZ', 'CHÁVEZ'], ['SUAREZ', 'SUÁREZ'],
  ['MARQUEZ', 'MÁRQUEZ'], ['BENITEZ', 'BENÍTEZ'], ['VELAZQUEZ', 'VELÁZQUEZ'], ['RAMON', 'RAMÓN'], ['GARCIA', 'GARCÍA'],
])

/** Writes the usual accents into every word of `text` that has one; undefined when none does. */
export function accentName(text: string): string | undefined {
  let changed = false
  const words = text.split(/([ -])/).map((word) => {
    const accented = ACCENTED.get(word)
    if (accented) {
      changed = true
      return accented
    }
    return word
  })
  return changed ? words.join('') : undefined
}

/** Title case (Garcia Lopez) of upper-case text. */
export function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[ \-'])([a-zà-ÿ])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase())
}

/** One wrong digit in a string of digits (never the same digit). */
export function digitTypo(digits: string, rng: Rng): string {
  const at = rng.int(digits.length)
  const old = digits.charCodeAt(at) - 48
  const replacement = (old + 1 + rng.int(9)) % 10
  return digits.slice(0, at) + String(replacement) + digits.slice(at + 1)
}

/** Two neighbouring digits swapped (or one wrong digit when they are equal). */
export function digitSwap(digits: string, rng: Rng): string {
  const at = rng.int(digits.length - 1)
  const a = digits[at] as string
  const b = digits[at + 1] as string
  if (a === b) return digitTypo(digits, rng)
  return digits.slice(0, at) + b + a + digits.slice(at + 2)
}
