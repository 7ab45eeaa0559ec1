/**
 * A dictionary of distinct strings held in typed arrays: every distinct surname, given name,
 * street, city or unit is stored once as bytes, and records hold its Int32 code. The arrays can
 * live in SharedArrayBuffers, so worker threads share one copy, and be written raw to a snapshot.
 * Lookups by text use an open-addressing hash table over the bytes (FNV-1a), not a JS Map, whose
 * per-entry cost would exceed the index's memory budget at ten million records.
 */
import { textBytes } from '../compare/index.js'
import { sharedArray } from '../shared-memory.js'

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

/** Builds a dictionary: `add` returns the code of a string, assigning the next code to a new one. */
export class DictionaryBuilder {
  readonly #codes = new Map<string, number>()
  readonly #values: string[] = []

  /** The code of `text` (added if new). */
  add(text: string): number {
    let code = this.#codes.get(text)
    if (code === undefined) {
      code = this.#values.length
      this.#codes.set(text, code)
      this.#values.push(text)
    }
    return code
  }

  /** The code of `text`, or -1 when it was never added. */
  find(text: string): number {
    return this.#codes.get(text) ?? -1
  }

  get size(): number {
    return this.#values.length
  }

  /** The string of a code. */
  value(code: number): string {
    return this.#values[code] ?? ''
  }

  /** Freezes into shared typed arrays. */
  freeze(): Dictionary {
    const encoded = this.#values.map((v) => textBytes(v))
    let total = 0
    for (const e of encoded) total += e.length
    const bytes = sharedArray(Uint8Array, total)
    const offsets = sharedArray(Uint32Array, encoded.length + 1)
    let at = 0
    encoded.forEach((e, i) => {
      bytes.set(e, at)
      offsets[i] = at
      at += e.length
    })
    offsets[encoded.length] = at
    let size = 16
    while (size < encoded.length * 2) size *= 2
    const table = sharedArray(Int32Array, size)
    const mask = size - 1
    for (let code = 0; code < encoded.length; code++) {
      const start = offsets[code] as number
      let slot = hashBytes(bytes, start, (offsets[code + 1] as number) - start) & mask
      while (table[slot] !== 0) slot = (slot + 1) & mask
      table[slot] = code + 1
    }
    return new Dictionary({ bytes, offsets, table })
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
