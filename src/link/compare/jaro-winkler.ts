/**
 * Jaro–Winkler similarity (Jaro 1989; Winkler 1990), written with bit masks for strings of up to
 * 32 characters (measured the fastest and exact on the reference pairs: docs/design.md, *Choices
 * measured before they were made*)
 * and with flag arrays beyond. Conventions, the ones of the standard definition and of Splink's
 * DuckDB backend: matching window floor(max(|a|,|b|) / 2) - 1, transpositions halved as a real
 * number, prefix scale 0.1 over at most 4 characters, prefix boost only when Jaro exceeds 0.7.
 *
 * The byte form compares slices of byte arrays, so the master index compares dictionary entries
 * without making strings.
 */

const encoder = new TextEncoder()
const longFlagsA = new Uint8Array(256)
const longFlagsB = new Uint8Array(256)

/** Encodes text as bytes: one byte per character for ASCII (the standardized match keys), else UTF-8. */
export function textBytes(text: string): Uint8Array {
  let ascii = true
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 127) {
      ascii = false
      break
    }
  }
  if (!ascii) return encoder.encode(text)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

/**
 * Jaro similarity of two byte slices, in [0, 1]; 0 when either is empty.
 */
export function jaroBytes(a: Uint8Array, aStart: number, aLength: number, b: Uint8Array, bStart: number, bLength: number): number {
  if (aLength === 0 || bLength === 0) return 0
  if (aLength > 32 || bLength > 32) return jaroLong(a, aStart, aLength, b, bStart, bLength)
  const window = Math.max(0, (Math.max(aLength, bLength) >> 1) - 1)
  let aFlags = 0
  let bFlags = 0
  let matches = 0
  for (let i = 0; i < aLength; i++) {
    const c = a[aStart + i]
    const lo = i > window ? i - window : 0
    const hi = Math.min(bLength - 1, i + window)
    for (let j = lo; j <= hi; j++) {
      if ((bFlags & (1 << j)) === 0 && b[bStart + j] === c) {
        bFlags |= 1 << j
        aFlags |= 1 << i
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let transposed = 0
  let j = 0
  for (let i = 0; i < aLength; i++) {
    if ((aFlags & (1 << i)) === 0) continue
    while ((bFlags & (1 << j)) === 0) j++
    if (a[aStart + i] !== b[bStart + j]) transposed++
    j++
  }
  const t = transposed / 2
  return (matches / aLength + matches / bLength + (matches - t) / matches) / 3
}

function jaroLong(a: Uint8Array, aStart: number, aLength: number, b: Uint8Array, bStart: number, bLength: number): number {
  const aFlags = aLength <= 256 ? longFlagsA : new Uint8Array(aLength)
  const bFlags = bLength <= 256 ? longFlagsB : new Uint8Array(bLength)
  aFlags.fill(0, 0, aLength)
  bFlags.fill(0, 0, bLength)
  const window = Math.max(0, (Math.max(aLength, bLength) >> 1) - 1)
  let matches = 0
  for (let i = 0; i < aLength; i++) {
    const c = a[aStart + i]
    const lo = i > window ? i - window : 0
    const hi = Math.min(bLength - 1, i + window)
    for (let j = lo; j <= hi; j++) {
      if (bFlags[j] === 0 && b[bStart + j] === c) {
        bFlags[j] = 1
        aFlags[i] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let transposed = 0
  let j = 0
  for (let i = 0; i < aLength; i++) {
    if (aFlags[i] === 0) continue
    while (bFlags[j] === 0) j++
    if (a[aStart + i] !== b[bStart + j]) transposed++
    j++
  }
  const t = transposed / 2
  return (matches / aLength + matches / bLength + (matches - t) / matches) / 3
}

/** Jaro–Winkler similarity of two byte slices, in [0, 1]. */
export function jaroWinklerBytes(a: Uint8Array, aStart: number, aLength: number, b: Uint8Array, bStart: number, bLength: number): number {
  const jaro = jaroBytes(a, aStart, aLength, b, bStart, bLength)
  if (jaro <= 0.7) return jaro
  const limit = Math.min(4, aLength, bLength)
  let prefix = 0
  while (prefix < limit && a[aStart + prefix] === b[bStart + prefix]) prefix++
  return jaro + prefix * 0.1 * (1 - jaro)
}

/**
 * Jaro–Winkler similarity of two strings (case-sensitive), in [0, 1].
 *
 * @example
 * jaroWinkler('MARTHA', 'MARHTA') // 0.9611…
 */
export function jaroWinkler(a: string, b: string): number {
  const x = textBytes(a)
  const y = textBytes(b)
  return jaroWinklerBytes(x, 0, x.length, y, 0, y.length)
}
