/**
 * Synthetic taxpayer identification numbers that look real and never repeat: a keyed Feistel
 * permutation (cycle-walking into the valid range, after Black & Rogaway, "Ciphers with arbitrary
 * finite domains", CT-RSA 2002) maps each person number to a distinct valid number.
 *
 * SSNs follow the SSA's rules: area 001–899 except 666, group 01–99, serial 0001–9999. ITINs
 * follow the IRS's: nine digits starting with 9, the fourth and fifth digits 50–65, 70–88, 90–92
 * or 94–99.
 */
import { mix32 } from './prng.js'

const SSN_SERIALS = 9999
const SSN_GROUPS = 99
const SSN_AREAS = 898
/** How many valid SSNs there are. */
export const SSN_SPACE = SSN_AREAS * SSN_GROUPS * SSN_SERIALS

const ITIN_GROUPS: readonly number[] = [
  ...range(50, 65),
  ...range(70, 88),
  ...range(90, 92),
  ...range(94, 99),
]
/** How many valid ITINs there are: person numbers beyond it wrap (and so may repeat). */
export const ITIN_SPACE = 100 * ITIN_GROUPS.length * 10_000

function range(low: number, high: number): number[] {
  const out: number[] = []
  for (let i = low; i <= high; i++) out.push(i)
  return out
}

/** A keyed permutation of [0, 2^bits), bits even, by a four-round balanced Feistel network. */
function feistel(value: number, bits: number, key: number): number {
  const half = bits / 2
  const mask = (1 << half) - 1
  let left = Math.floor(value / (1 << half)) & mask
  let right = value & mask
  for (let round = 0; round < 4; round++) {
    const f = mix32(right ^ mix32(key + round)) & mask
    const next = left ^ f
    left = right
    right = next
  }
  return left * (1 << half) + right
}

/** A permutation of [0, size) by cycle-walking the Feistel network over the next power of four. */
function permute(value: number, size: number, bits: number, key: number): number {
  let v = feistel(value % size, bits, key)
  while (v >= size) v = feistel(v, bits, key)
  return v
}

function pad(n: number, width: number): string {
  const text = String(n)
  return text.length >= width ? text : '000000000'.slice(0, width - text.length) + text
}

/**
 * The SSN of a person number (nine digits, no dashes): distinct for distinct numbers below
 * `SSN_SPACE`.
 *
 * @example
 * ssnOf(0, 42) // e.g. '512304417', always the same for (0, 42)
 */
export function ssnOf(personNumber: number, seed: number): string {
  let k = permute(personNumber, SSN_SPACE, 30, seed ^ 0x5eed55)
  const serial = (k % SSN_SERIALS) + 1
  k = Math.floor(k / SSN_SERIALS)
  const group = (k % SSN_GROUPS) + 1
  let area = Math.floor(k / SSN_GROUPS) + 1
  if (area >= 666) area += 1
  return pad(area, 3) + pad(group, 2) + pad(serial, 4)
}

/** The ITIN of a person number: distinct for distinct numbers below `ITIN_SPACE`. */
export function itinOf(personNumber: number, seed: number): string {
  let k = permute(personNumber, ITIN_SPACE, 26, seed ^ 0x171171)
  const serial = k % 10_000
  k = Math.floor(k / 10_000)
  const group = ITIN_GROUPS[k % ITIN_GROUPS.length] as number
  const area = 900 + Math.floor(k / ITIN_GROUPS.length)
  return String(area) + String(group) + pad(serial, 4)
}

/** True when nine digits form a valid SSN by the SSA's rules. */
export function isValidSsn(tin: string): boolean {
  if (!/^\d{9}$/.test(tin)) return false
  const area = Number(tin.slice(0, 3))
  return area > 0 && area < 900 && area !== 666 && tin.slice(3, 5) !== '00' && tin.slice(5) !== '0000'
}

/** True when nine digits form a valid ITIN by the IRS's rules. */
export function isValidItin(tin: string): boolean {
  return /^9\d{8}$/.test(tin) && ITIN_GROUPS.includes(Number(tin.slice(3, 5)))
}
