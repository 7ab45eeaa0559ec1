/**
 * A dictionary of distinct strings held in typed arrays: every distinct surname, given name,
 * street, city or unit is stored once as bytes, and records hold its Int32 code. The arrays can
 * live in SharedArrayBuffers, so worker threads share one copy, and be written raw to a snapshot.
 * Lookups by text use an open-addressing hash table over the bytes (FNV-1a), not a JS Map, whose
 * per-entry cost would exceed the index's memory budget at ten million records.
 */
import { textBytes } from '../compare/index.js'
import { sharedArray } from '../shared-memory.js'
import { GrowableArray } from './growable.js'

/** The typed arrays of a frozen dictionary. */
export interface DictionaryArrays {
  /** Every entry's bytes, one after another. */
  readonly bytes: Uint8Array
  /** Entry `i` is `bytes[offsets[i] .. offsets[i + 1])`; length = entries + 1. */
  readonly offsets: Uint32Array
  /** Open-addressing table of `code + 1` (0 = empty); its length is a power of two. */
  readonly table: Int32Array
}

/** FNV-1a over a byte slice (32 bits). */
export function hashBytes(bytes: Uint8Array, start: number, length: number): number {
  let h = 0x811c9dc5
  for (let i = 0; i < length; i++) {
    h ^= bytes[start + i] as number
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** The smallest power-of-two table (at least 16 slots) at most half full with `entries`. */
function tableSize(entries: number): number {
  let size = 16
  while (size < entries * 2) size *= 2
  return size
}

/**
 * Builds a dictionary: `add` returns the code of a string, assigning the next code to a new one.
 * Entries are kept as bytes in the same open-addressing layout as the frozen dictionary, with
 * each entry's hash, so `addBytes` interns a value given as bytes and a hash computed elsewhere
 * (the index's worker threads send both) without making a JS string: at ten million records a
 * `Map` of strings held most of the build's heap and its lookups most of the builder's time.
 */
export class DictionaryBuilder {
  readonly #bytes = new GrowableArray(Uint8Array, 1 << 16)
  readonly #offsets = new GrowableArray(Uint32Array)
  readonly #hashes = new GrowableArray(Uint32Array)
  #table: Int32Array = new Int32Array(1 << 12)
  readonly #decoder = new TextDecoder()

  constructor() {
    this.#offsets.push(0)
  }

  /** The code of `text` (added if new). */
  add(text: string): number {
    const bytes = textBytes(text)
    return this.addBytes(bytes, 0, bytes.length, hashBytes(bytes, 0, bytes.length))
  }

  /** The code of the text in `bytes[start .. start + length)`, whose `hashBytes` is `hash` (added if new). */
  addBytes(bytes: Uint8Array, start: number, length: number, hash: number): number {
    hash >>>= 0
    const table = this.#table
    const mask = table.length - 1
    const offsets = this.#offsets.data
    const hashes = this.#hashes.data
    const own = this.#bytes.data
    let slot = hash & mask
    for (;;) {
      const entry = table[slot] as number
      if (entry === 0) break
      const code = entry - 1
      if (hashes[code] === hash) {
        const at = offsets[code] as number
        if ((offsets[code + 1] as number) - at === length) {
          let i = 0
          while (i < length && own[at + i] === bytes[start + i]) i++
          if (i === length) return code
        }
      }
      slot = (slot + 1) & mask
    }
    const code = this.#hashes.length
    this.#hashes.push(hash >>> 0)
    const at = this.#bytes.extend(length)
    this.#bytes.data.set(bytes.subarray(start, start + length), at)
    this.#offsets.push(this.#bytes.length)
    table[slot] = code + 1
    if ((code + 1) * 2 > table.length) this.#table = this.#rehash(table.length * 2)
    return code
  }

  /** The code of `text`, or -1 when it was never added. */
  find(text: string): number {
    const bytes = textBytes(text)
    return new Dictionary({ bytes: this.#bytes.data, offsets: this.#offsets.data, table: this.#table }).findBytes(bytes)
  }

  get size(): number {
    return this.#hashes.length
  }

  /** The string of a code. */
  value(code: number): string {
    if (code < 0 || code >= this.size) return ''
    return this.#decoder.decode(this.#bytes.data.subarray(this.#offsets.get(code), this.#offsets.get(code + 1)))
  }

  /** A table of `size` slots holding every code, inserted in code order. */
  #rehash(size: number, allocate: (n: number) => Int32Array = (n) => new Int32Array(n)): Int32Array {
    const table = allocate(size)
    const mask = size - 1
    const hashes = this.#hashes.data
    for (let code = 0; code < this.#hashes.length; code++) {
      let slot = (hashes[code] as number) & mask
      while (table[slot] !== 0) slot = (slot + 1) & mask
      table[slot] = code + 1
    }
    return table
  }

  /** Freezes into shared typed arrays (the table sized and filled in code order, as it always was). */
  freeze(): Dictionary {
    const table = this.#rehash(tableSize(this.size), (n) => sharedArray(Int32Array, n))
    return new Dictionary({ bytes: this.#bytes.toShared(), offsets: this.#offsets.toShared(), table })
  }
}

/** A frozen dictionary: codes to bytes and strings, and text to codes. */
export class Dictionary {
  readonly bytes: Uint8Array
  readonly offsets: Uint32Array
  readonly table: Int32Array
  readonly #decoder = new TextDecoder()

  constructor(arrays: DictionaryArrays) {
    this.bytes = arrays.bytes
    this.offsets = arrays.offsets
    this.table = arrays.table
  }

  /** Number of entries. */
  get size(): number {
    return this.offsets.length - 1
  }

  /** Byte offset of entry `code`. */
  start(code: number): number {
    return this.offsets[code] as number
  }

  /** Byte length of entry `code`. */
  length(code: number): number {
    return (this.offsets[code + 1] as number) - (this.offsets[code] as number)
  }

  /** The string of entry `code`; empty for a negative code. */
  value(code: number): string {
    if (code < 0) return ''
    return this.#decoder.decode(this.bytes.subarray(this.offsets[code], this.offsets[code + 1]))
  }

  /** The first byte of entry `code` (0 for an empty entry or a negative code). */
  firstByte(code: number): number {
    if (code < 0 || this.length(code) === 0) return 0
    return this.bytes[this.offsets[code] as number] as number
  }

  /** The code of the text in `bytes` (a slice), or -1 when absent. */
  findBytes(bytes: Uint8Array, start = 0, length = bytes.length): number {
    const mask = this.table.length - 1
    let slot = hashBytes(bytes, start, length) & mask
    for (;;) {
      const entry = this.table[slot] as number
      if (entry === 0) return -1
      const code = entry - 1
      const at = this.offsets[code] as number
      if ((this.offsets[code + 1] as number) - at === length) {
        let same = true
        for (let i = 0; i < length; i++) {
          if (this.bytes[at + i] !== bytes[start + i]) {
            same = false
            break
          }
        }
        if (same) return code
      }
      slot = (slot + 1) & mask
    }
  }

  /** The code of `text`, or -1 when absent. */
  find(text: string): number {
    return this.findBytes(textBytes(text))
  }
}
