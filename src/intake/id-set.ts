/**
 * A memory-bounded set of record ids for the duplicate check of files with tens of millions of
 * rows. Storing the ids themselves would cost tens of bytes per id on the JavaScript heap; this set
 * keeps, per id, a 48-bit fingerprint and a 48-bit locator (where to read the row again) in one
 * typed array: 12 bytes a slot, at most 70% full, so 10 million ids take 2^24 slots = 192 MiB, off
 * the garbage-collected heap. A fingerprint hit is only a candidate: the caller re-reads the first
 * row through its locator and compares the ids exactly, so a collision never refuses a good row.
 */

/** Largest locator that fits the 48 bits kept per slot. */
export const MAX_LOCATOR = 2 ** 48 - 1

/** A 48-bit fingerprint of an id, in two parts: 32 high bits (never 0) and 16 low bits. */
export interface IdFingerprint {
  readonly high: number
  readonly low: number
}

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * Two independent 32-bit hashes of a string's UTF-16 code units (FNV-1a and a Murmur-style
 * multiply-rotate, each finished with MurmurHash3's fmix32), cut to a 48-bit fingerprint.
 *
 * @example
 * fingerprintId('rec-1-org') // { high: …, low: … } (high is never 0)
 */
export function fingerprintId(id: string): IdFingerprint {
  hashInto(id)
  return { high: scratchHigh, low: scratchLow }
}

let scratchHigh = 0
let scratchLow = 0

/** Computes an id's fingerprint into `scratchHigh` and `scratchLow` (no allocation on the hot path). */
function hashInto(id: string): void {
  let a = 0x811c9dc5
  let b = 0x9747b28c ^ id.length
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
    b ^= b >>> 15
  }
  scratchHigh = fmix32(a) || 1
  scratchLow = fmix32(b) >>> 16
}

const WORDS = 3
const MAX_LOAD = 0.7

/** Open addressing with linear probing over `Uint32Array` slots of three words. */
export class IdFingerprintSet {
  #slots: Uint32Array
  #mask: number
  #size = 0

  /** @param initialSlots a power of two (default 2^16) */
  constructor(initialSlots = 1 << 16) {
    this.#slots = new Uint32Array(initialSlots * WORDS)
    this.#mask = initialSlots - 1
  }

  /** How many entries the set holds. */
  get size(): number {
    return this.#size
  }

  /** Bytes held by the slots. */
  get bytes(): number {
    return this.#slots.byteLength
  }

  static #startOf(high: number, low: number, mask: number): number {
    return fmix32(high ^ Math.imul(low + 1, 0x9e3779b1)) & mask
  }

  /** The locators of every entry with this fingerprint (usually none, else the earlier row). */
  lookup(fp: IdFingerprint): number[] {
    return [...this.#find(fp.high, fp.low)]
  }

  /**
   * The locators of every entry whose fingerprint is this id's, in an array reused by the next
   * call; `addProbed` then adds the id probed last without hashing it again.
   */
  probe(id: string): readonly number[] {
    hashInto(id)
    this.#probedHigh = scratchHigh
    this.#probedLow = scratchLow
    return this.#find(scratchHigh, scratchLow)
  }

  /** Adds the id given to the last `probe`. */
  addProbed(locator: number): void {
    this.add({ high: this.#probedHigh, low: this.#probedLow }, locator)
  }

  #probedHigh = 0
  #probedLow = 0
  readonly #found: number[] = []

  #find(fpHigh: number, fpLow: number): readonly number[] {
    const slots = this.#slots
    const found = this.#found
    found.length = 0
    let slot = IdFingerprintSet.#startOf(fpHigh, fpLow, this.#mask)
    for (;;) {
      const at = slot * WORDS
      const high = slots[at] as number
      if (high === 0) return found
      const mid = slots[at + 1] as number
      if (high === fpHigh && mid >>> 16 === fpLow) found.push((mid & 0xffff) * 2 ** 32 + (slots[at + 2] as number))
      slot = (slot + 1) & this.#mask
    }
  }

  /**
   * Makes room for `entries` in all, at once: growing step by step costs a rehash per doubling
   * and, at each, the old and the new arrays side by side.
   */
  reserve(entries: number): void {
    let slots = this.#mask + 1
    while (entries / slots > MAX_LOAD) slots *= 2
    if (slots > this.#mask + 1) this.#resize(slots)
  }

  /** Adds an entry; `locator` must be a whole number up to `MAX_LOCATOR`. */
  add(fp: IdFingerprint, locator: number): void {
    if (!(locator >= 0 && locator <= MAX_LOCATOR)) throw new RangeError(`locator ${locator} does not fit 48 bits`)
    if ((this.#size + 1) / (this.#mask + 1) > MAX_LOAD) this.#grow()
    this.#place(this.#slots, this.#mask, fp.high, ((fp.low << 16) | Math.floor(locator / 2 ** 32)) >>> 0, locator >>> 0)
    this.#size++
  }

  #place(slots: Uint32Array, mask: number, high: number, mid: number, low: number): void {
    let slot = IdFingerprintSet.#startOf(high, mid >>> 16, mask)
    while (slots[slot * WORDS] !== 0) slot = (slot + 1) & mask
    const at = slot * WORDS
    slots[at] = high
    slots[at + 1] = mid
    slots[at + 2] = low
  }

  #grow(): void {
    this.#resize((this.#mask + 1) * 2)
  }

  #resize(size: number): void {
    const old = this.#slots
    const mask = size - 1
    const slots = new Uint32Array((mask + 1) * WORDS)
    for (let at = 0; at < old.length; at += WORDS) {
      const high = old[at] as number
      if (high !== 0) this.#place(slots, mask, high, old[at + 1] as number, old[at + 2] as number)
    }
    this.#slots = slots
    this.#mask = mask
  }
}
