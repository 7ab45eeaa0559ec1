/**
 * Finds near-twins without holding the master in memory: the requests' near-twin keys (given name,
 * surnames, city, state) go into an open-addressing hash table of typed arrays, and each master
 * row is probed against it as it is written. A request's person has a twin when some master row
 * with the same key belongs to a different person. Keys are hashed twice (two independent FNV-1a
 * variants, 64 bits in all), so a false twin needs a 64-bit collision.
 *
 * The arrays can live in SharedArrayBuffers, so worker threads read the table in place: they look
 * up slots while the master is written (the keys are final by then) and read the verdicts while
 * the requests are written (the marks are final by then). Only the main thread writes.
 */

/** Two 32-bit FNV-1a hashes of a string, in one pass, into `out[at]` and `out[at + 1]`. */
export function hashPair(key: string, out: Uint32Array, at = 0): void {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ 0x9e3779b9
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
    b ^= b >>> 15
  }
  out[at] = a >>> 0
  out[at + 1] = b >>> 0
}

const SEPARATOR = 124 // '|'

/**
 * The hashes of `a|b|c|d|e`, computed without joining the parts (the master's hot loop hashes ten
 * million keys): equal to `hashPair([a, b, c, d, e].join('|'))`.
 */
export function hashParts(p1: string, p2: string, p3: string, p4: string, p5: string, out: Uint32Array, at = 0): void {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ 0x9e3779b9
  for (let k = 0; k < 5; k++) {
    const part = k === 0 ? p1 : k === 1 ? p2 : k === 2 ? p3 : k === 3 ? p4 : p5
    if (k > 0) {
      a = Math.imul(a ^ SEPARATOR, 0x01000193)
      b = Math.imul(b ^ SEPARATOR, 0x5bd1e995)
      b ^= b >>> 15
    }
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i)
      a = Math.imul(a ^ c, 0x01000193)
      b = Math.imul(b ^ c, 0x5bd1e995)
      b ^= b >>> 15
    }
  }
  out[at] = a >>> 0
  out[at + 1] = b >>> 0
}

/** The table's arrays, as handed to a worker. */
export interface TwinIndexBuffers {
  readonly keyA: Uint32Array
  readonly keyB: Uint32Array
  readonly used: Uint8Array
  readonly firstPerson: Float64Array
  readonly several: Uint8Array
}

function allocate<T extends Uint32Array | Uint8Array | Float64Array>(Kind: { new (b: ArrayBufferLike): T; BYTES_PER_ELEMENT: number }, n: number, shared: boolean): T {
  const bytes = n * Kind.BYTES_PER_ELEMENT
  return new Kind(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes))
}

/** A set of request keys that records which master people share each key. */
export class TwinIndex {
  private readonly mask: number
  private readonly keyA: Uint32Array
  private readonly keyB: Uint32Array
  private readonly used: Uint8Array
  /** The first master person number seen with the key, or −1. */
  private readonly firstPerson: Float64Array
  /** 1 when master rows of two different people carry the key. */
  private readonly several: Uint8Array
  private readonly scratch = new Uint32Array(2)
  private count = 0

  /** A table for up to `keys` distinct keys (kept at most half full), in shared memory if `shared`. */
  constructor(keys: number, shared = false, buffers?: TwinIndexBuffers) {
    if (buffers) {
      this.keyA = buffers.keyA
      this.keyB = buffers.keyB
      this.used = buffers.used
      this.firstPerson = buffers.firstPerson
      this.several = buffers.several
      this.mask = buffers.keyA.length - 1
      return
    }
    let capacity = 16
    while (capacity < keys * 2) capacity *= 2
    this.mask = capacity - 1
    this.keyA = allocate(Uint32Array, capacity, shared)
    this.keyB = allocate(Uint32Array, capacity, shared)
    this.used = allocate(Uint8Array, capacity, shared)
    this.firstPerson = allocate(Float64Array, capacity, shared).fill(-1)
    this.several = allocate(Uint8Array, capacity, shared)
  }

  /** A view of a table whose arrays another thread built. */
  static fromBuffers(buffers: TwinIndexBuffers): TwinIndex {
    return new TwinIndex(0, false, buffers)
  }

  /** The arrays, to hand to a worker (they are shared only if the table was built `shared`). */
  buffers(): TwinIndexBuffers {
    return { keyA: this.keyA, keyB: this.keyB, used: this.used, firstPerson: this.firstPerson, several: this.several }
  }

  /** The slot of a hashed key; inserts it when `insert`, else −1 when absent. */
  slotOf(a: number, b: number, insert: boolean): number {
    let slot = a & this.mask
    for (;;) {
      if (this.used[slot] === 0) {
        if (!insert) return -1
        if (this.count * 2 >= this.mask + 1) throw new RangeError('twin index is full')
        this.used[slot] = 1
        this.keyA[slot] = a
        this.keyB[slot] = b
        this.count += 1
        return slot
      }
      if (this.keyA[slot] === a && this.keyB[slot] === b) return slot
      slot = (slot + 1) & this.mask
    }
  }

  private find(key: string, insert: boolean): number {
    hashPair(key, this.scratch)
    return this.slotOf(this.scratch[0] as number, this.scratch[1] as number, insert)
  }

  /** Adds a request's key. */
  add(key: string): void {
    this.find(key, true)
  }

  /** The slot of `key`, or −1 when no request has it. */
  lookup(key: string): number {
    return this.find(key, false)
  }

  /** The slot of a key hashed into `hashes[at]`, `hashes[at + 1]`, or −1 when no request has it. */
  lookupHashes(hashes: Uint32Array, at = 0): number {
    return this.slotOf(hashes[at] as number, hashes[at + 1] as number, false)
  }

  /** Records that a master row of person `personNumber` carries the key in `slot`. */
  observeSlot(slot: number, personNumber: number): void {
    const first = this.firstPerson[slot] as number
    if (first < 0) this.firstPerson[slot] = personNumber
    else if (first !== personNumber) this.several[slot] = 1
  }

  /** Records that the master row of person `personNumber` carries `key`. */
  observe(key: string, personNumber: number): void {
    const slot = this.find(key, false)
    if (slot >= 0) this.observeSlot(slot, personNumber)
  }

  /** True when a master person other than `personNumber` carries the key in `slot`. */
  hasTwinAt(slot: number, personNumber: number): boolean {
    if (this.several[slot] === 1) return true
    const first = this.firstPerson[slot] as number
    return first >= 0 && first !== personNumber
  }

  /** True when a master person other than `personNumber` carries `key`. */
  hasTwin(key: string, personNumber: number): boolean {
    const slot = this.find(key, false)
    if (slot < 0) return false
    if (this.several[slot] === 1) return true
    const first = this.firstPerson[slot] as number
    return first >= 0 && first !== personNumber
  }
}
