/**
 * A small, fast, seeded pseudo-random generator: sfc32 (Chris Doty-Humphrey's "Small Fast
 * Chaotic" generator from PractRand), which passes PractRand and BigCrush in 32-bit form and needs
 * only adds, xors and shifts. `Math.random` is never used: every draw in the generator comes from
 * an `Rng` seeded from (seed, stream, index), so any household or request can be regenerated on
 * its own, in any order, on any thread, with the same result.
 */

/** Murmur3's 32-bit finaliser: a bijective avalanche mix of one 32-bit word. */
export function mix32(value: number): number {
  let h = value >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * Hashes a seed given as text or number to 32 bits (FNV-1a over the text, then mixed), so that
 * `--seed 42` and `--seed incident-2025` both work.
 */
export function seedToUint32(seed: number | string): number {
  if (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0 && seed <= 0xffffffff) return seed >>> 0
  const text = String(seed)
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return mix32(h)
}

/** Named streams, so that draws for different purposes never share a sequence. */
export const STREAMS = {
  shape: 1,
  household: 2,
  request: 3,
  moved: 4,
  requestContent: 5,
} as const

/**
 * The sfc32 generator.
 *
 * @example
 * const rng = new Rng(42, STREAMS.request, 7)
 * rng.int(6) // the same number for seed 42, stream 3, index 7, every time
 */
export class Rng {
  /**
   * The four state words, in a typed array: stores into it never allocate, where 32-bit values in
   * plain object fields would be boxed as heap numbers on every draw.
   */
  private readonly s = new Int32Array(4)

  /** Seeds from three 32-bit words (mixed apart so that neighbouring indices are unrelated). */
  constructor(seed: number, stream: number, index: number) {
    this.reseed(seed, stream, index)
  }

  /**
   * Restarts the generator as if newly built from (seed, stream, index): hot loops reuse one
   * instance instead of allocating a generator per household.
   */
  reseed(seed: number, stream: number, index: number): this {
    const s = this.s
    s[0] = mix32(seed ^ 0x9e3779b9)
    s[1] = mix32(Math.imul(stream + 1, 0x85ebca6b) ^ (s[0] as number))
    s[2] = mix32((index >>> 0) ^ Math.imul(s[1] as number, 0xc2b2ae35))
    s[3] = mix32(Math.floor(index / 4294967296) + 0x27d4eb2f) | 1
    // The authors' recommended warm-up: discard the first outputs so the state is well mixed.
    for (let i = 0; i < 12; i++) this.next()
    return this
  }

  /** The next 32-bit unsigned integer. */
  next(): number {
    const s = this.s
    const a = s[0] as number
    const b = s[1] as number
    const c = s[2] as number
    const d = s[3] as number
    const t = (((a + b) | 0) + d) | 0
    s[3] = (d + 1) | 0
    s[0] = b ^ (b >>> 9)
    s[1] = (c + (c << 3)) | 0
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 4294967296
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor((this.next() / 4294967296) * n)
  }

  /** An integer in [low, high] inclusive. */
  range(low: number, high: number): number {
    return low + Math.floor((this.next() / 4294967296) * (high - low + 1))
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() / 4294967296 < p
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor((this.next() / 4294967296) * items.length)] as T
  }
}
