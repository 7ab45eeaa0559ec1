/**
 * Master rows encoded in batches for the index builder. A batch carries each distinct string
 * once, in a table local to the batch, and its rows as small integer codes into that table, in
 * typed arrays that move between threads without copying. The worker threads that standardize
 * the master build it, so the builder's thread (the one that cannot be parallelised, since
 * dictionary codes follow file order) looks each distinct string of a batch up once instead of
 * every value of every row, and receives a few arrays instead of thousands of objects: at ten
 * million rows the per-value lookups were most of its time.
 */
import { phoneticKey } from '../compare/index.js'
import type { EncodedMasterRow } from './master-index.js'
import { packFlags } from './record-layout.js'
import { hashBytes } from './string-dictionary.js'

/** The string fields of a row, in the order the builder codes them (see `MasterIndexBuilder.addBatch`). */
export const BATCH_FIELDS = ['given', 'surname', 'streetNumber', 'street', 'streetExtra', 'unit', 'city'] as const
/** Number fields of a row: date of birth, TIN, ZIP, flags (suffix, middle initial, state). */
export const BATCH_NUMBERS = 4

/** A batch of encoded master rows. */
export interface EncodedBatch {
  readonly count: number
  /** The rows' ids as UTF-8, one after another: id `i` is `idBytes[idOffsets[i] .. idOffsets[i + 1])`. */
  readonly idBytes: Uint8Array
  readonly idOffsets: Uint32Array
  /**
   * The batch's distinct strings (names, streets, cities…), in order of first use, as UTF-8:
   * string `s` is `stringBytes[stringOffsets[s] .. stringOffsets[s + 1])`, and `stringHashes[s]`
   * its `hashBytes`. Bytes, not strings, so the builder interns them without making a JS
   * string, and the batch moves between threads without copying.
   */
  readonly stringBytes: Uint8Array
  readonly stringOffsets: Uint32Array
  readonly stringHashes: Uint32Array
  /**
   * Per local string: the local index of its phonetic key where a field of the batch needs one
   * (given name, surname, surname part, street), -1 when the key is empty, -2 when not needed.
   */
  readonly phonetic: Int32Array
  /** `count × BATCH_FIELDS.length` local string indices (-1: empty). */
  readonly codes: Int32Array
  /** `count × BATCH_NUMBERS`: date of birth, TIN, ZIP, flags. */
  readonly numbers: Int32Array
  /** Per local string first used as a given name: its nickname groups. */
  readonly nicks: readonly (readonly number[] | null)[]
  /** Per local string first used as a surname: local indices of its parts. */
  readonly parts: readonly (readonly number[] | null)[]
}

/**
 * Packs encoded rows into a batch.
 *
 * @example
 * builder.addBatch(packBatch(rows.map((r) => encodeMasterRecord(standardizeRecord(r)))))
 */
export function packBatch(rows: readonly EncodedMasterRow[]): EncodedBatch {
  const local = new Map<string, number>()
  const strings: string[] = []
  const phonetic: number[] = []
  const nicks: (readonly number[] | null)[] = []
  const parts: (readonly number[] | null)[] = []
  const codeOf = (text: string): number => {
    if (text.length === 0) return -1
    let code = local.get(text)
    if (code === undefined) {
      code = strings.length
      local.set(text, code)
      strings.push(text)
      phonetic.push(-2)
      nicks.push(null)
      parts.push(null)
    }
    return code
  }
  const phoneticCodeOf = (text: string): number => {
    const code = codeOf(text)
    if (code >= 0 && phonetic[code] === -2) {
      const key = phoneticKey(text)
      phonetic[code] = codeOf(key)
    }
    return code
  }
  const fields = BATCH_FIELDS.length
  const codes = new Int32Array(rows.length * fields)
  const numbers = new Int32Array(rows.length * BATCH_NUMBERS)
  const ids = new ByteList()
  const idOffsets = new Uint32Array(rows.length + 1)
  rows.forEach((row, i) => {
    const given = phoneticCodeOf(row.given)
    const surname = phoneticCodeOf(row.surname)
    if (given >= 0 && nicks[given] === null) nicks[given] = row.nickGroups
    if (surname >= 0 && parts[surname] === null) parts[surname] = row.surnameParts.map(phoneticCodeOf)
    const at = i * fields
    codes[at] = given
    codes[at + 1] = surname
    codes[at + 2] = codeOf(row.streetNumber)
    codes[at + 3] = phoneticCodeOf(row.street)
    codes[at + 4] = codeOf(row.streetExtra)
    codes[at + 5] = codeOf(row.unit)
    codes[at + 6] = codeOf(row.city)
    const n = i * BATCH_NUMBERS
    numbers[n] = row.dob
    numbers[n + 1] = row.tin
    numbers[n + 2] = row.zip
    numbers[n + 3] = packFlags(row.suffix, row.middleInitial, row.state)
    ids.add(row.id)
    idOffsets[i + 1] = ids.length
  })
  const text = new ByteList()
  const stringOffsets = new Uint32Array(strings.length + 1)
  const stringHashes = new Uint32Array(strings.length)
  strings.forEach((s, i) => {
    const at = text.length
    text.add(s)
    stringOffsets[i + 1] = text.length
    stringHashes[i] = hashBytes(text.bytes, at, text.length - at)
  })
  return {
    count: rows.length,
    idBytes: ids.bytes.slice(0, ids.length),
    idOffsets,
    stringBytes: text.bytes.slice(0, text.length),
    stringOffsets,
    stringHashes,
    phonetic: Int32Array.from(phonetic),
    codes,
    numbers,
    nicks,
    parts,
  }
}

/** The buffers of a batch that a worker thread hands over (transfers) instead of copying. */
export function batchTransferList(batch: EncodedBatch): ArrayBuffer[] {
  return [batch.idBytes, batch.idOffsets, batch.stringBytes, batch.stringOffsets, batch.stringHashes, batch.phonetic, batch.codes, batch.numbers].map((a) => a.buffer as ArrayBuffer)
}

/** Text appended as UTF-8 into one growing byte array (the same bytes as `textBytes`). */
class ByteList {
  bytes = new Uint8Array(1 << 14)
  length = 0
  readonly #encoder = new TextEncoder()

  add(text: string): void {
    // UTF-8 takes at most three bytes a UTF-16 unit.
    if (this.length + text.length * 3 > this.bytes.length) {
      let size = this.bytes.length * 2
      while (size < this.length + text.length * 3) size *= 2
      const bigger = new Uint8Array(size)
      bigger.set(this.bytes.subarray(0, this.length))
      this.bytes = bigger
    }
    const bytes = this.bytes
    let at = this.length
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c > 127) {
        at = this.length + this.#encoder.encodeInto(text, bytes.subarray(this.length)).written
        break
      }
      bytes[at++] = c
    }
    this.length = at
  }
}
