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
import type { StandardizedRecord } from '../../core/index.js'
import { type EncodedMasterRow, packDate, packState, packTin, packZip, streetExtraText, streetParts, suffixCode, surnamePartsOf } from './master-index.js'
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
  const p = new BatchPacker(rows.length)
  rows.forEach((row, i) => {
    const given = p.phoneticCodeOf(row.given)
    const surname = p.phoneticCodeOf(row.surname)
    if (p.wantsNicks(given)) p.setNicks(given, row.nickGroups)
    if (p.wantsParts(surname)) p.setParts(surname, row.surnameParts.map((part) => p.phoneticCodeOf(part)))
    p.put(i, row.id, given, surname, p.codeOf(row.streetNumber), p.phoneticCodeOf(row.street), p.codeOf(row.streetExtra), p.codeOf(row.unit), p.codeOf(row.city), row.dob, row.tin, row.zip, packFlags(row.suffix, row.middleInitial, row.state))
  })
  return p.finish()
}

/**
 * Standardizes master rows with `standardize` and packs them into a batch: the batch
 * `packBatch` makes of their `encodeMasterRecord` rows, to the byte, without a row object a
 * record, and with a given name's nickname groups and a surname's parts worked out once a batch
 * instead of once a record. Each row is standardized just before it is packed, so its
 * standardized record dies young (a batch of them held to the end would outlive the young
 * generation and be copied into the old one).
 *
 * @example
 * builder.addBatch(packStandardized(rows, standardizeRecord, nicknameGroups))
 */
export function packStandardized<T>(rows: readonly T[], standardize: (row: T) => StandardizedRecord, nicknameGroups: (given: string) => readonly number[] = () => []): EncodedBatch {
  const p = new BatchPacker(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const record = standardize(rows[i] as T)
    const name = record.name
    const a = record.address
    const given = p.phoneticCodeOf(name.given)
    const surname = p.phoneticCodeOf(name.surname)
    if (p.wantsNicks(given)) p.setNicks(given, nicknameGroups(name.given))
    if (p.wantsParts(surname)) p.setParts(surname, surnamePartsOf(name).map((part) => p.phoneticCodeOf(part)))
    const { number, street } = streetParts(a)
    const middleInitial = name.middle.length > 0 ? name.middle.charCodeAt(0) & 0xff : 0
    const flags = packFlags(suffixCode(name.suffix), middleInitial, packState(a.state))
    p.put(i, record.id, given, surname, p.codeOf(number), p.phoneticCodeOf(street), p.codeOf(streetExtraText(a)), p.codeOf(a.unit), p.codeOf(a.city), packDate(record.dob), packTin(record.tin), packZip(a.zip), flags)
  }
  return p.finish()
}

/** A batch being packed: each distinct string once, in order of first use. */
class BatchPacker {
  readonly #local = new Map<string, number>()
  readonly #strings: string[] = []
  readonly #phonetic: number[] = []
  readonly #nicks: (readonly number[] | null)[] = []
  readonly #parts: (readonly number[] | null)[] = []
  readonly #codes: Int32Array
  readonly #numbers: Int32Array
  readonly #ids = new ByteList()
  readonly #idOffsets: Uint32Array
  readonly #count: number

  constructor(count: number) {
    this.#count = count
    this.#codes = new Int32Array(count * BATCH_FIELDS.length)
    this.#numbers = new Int32Array(count * BATCH_NUMBERS)
    this.#idOffsets = new Uint32Array(count + 1)
  }

  /** The local code of `text` (-1 for empty text). */
  codeOf(text: string): number {
    if (text.length === 0) return -1
    let code = this.#local.get(text)
    if (code === undefined) {
      code = this.#strings.length
      this.#local.set(text, code)
      this.#strings.push(text)
      this.#phonetic.push(-2)
      this.#nicks.push(null)
      this.#parts.push(null)
    }
    return code
  }

  /** The local code of `text`, with its phonetic key coded right after it when first needed. */
  phoneticCodeOf(text: string): number {
    const code = this.codeOf(text)
    if (code >= 0 && this.#phonetic[code] === -2) this.#phonetic[code] = this.codeOf(phoneticKey(text))
    return code
  }

  /** True when `code` is a given name whose nickname groups the batch does not have yet. */
  wantsNicks(code: number): boolean {
    return code >= 0 && this.#nicks[code] === null
  }

  setNicks(code: number, groups: readonly number[]): void {
    this.#nicks[code] = groups
  }

  /** True when `code` is a surname whose parts the batch does not have yet. */
  wantsParts(code: number): boolean {
    return code >= 0 && this.#parts[code] === null
  }

  setParts(code: number, parts: readonly number[]): void {
    this.#parts[code] = parts
  }

  /** Row `i`: its id, the local codes of its string fields (in the order of BATCH_FIELDS) and its numbers. */
  put(i: number, id: string, given: number, surname: number, streetNumber: number, street: number, streetExtra: number, unit: number, city: number, dob: number, tin: number, zip: number, flags: number): void {
    const codes = this.#codes
    const at = i * BATCH_FIELDS.length
    codes[at] = given
    codes[at + 1] = surname
    codes[at + 2] = streetNumber
    codes[at + 3] = street
    codes[at + 4] = streetExtra
    codes[at + 5] = unit
    codes[at + 6] = city
    const n = i * BATCH_NUMBERS
    this.#numbers[n] = dob
    this.#numbers[n + 1] = tin
    this.#numbers[n + 2] = zip
    this.#numbers[n + 3] = flags
    this.#ids.add(id)
    this.#idOffsets[i + 1] = this.#ids.length
  }

  finish(): EncodedBatch {
    const strings = this.#strings
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
      count: this.#count,
      idBytes: this.#ids.bytes.slice(0, this.#ids.length),
      idOffsets: this.#idOffsets,
      stringBytes: text.bytes.slice(0, text.length),
      stringOffsets,
      stringHashes,
      phonetic: Int32Array.from(this.#phonetic),
      codes: this.#codes,
      numbers: this.#numbers,
      nicks: this.#nicks,
      parts: this.#parts,
    }
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
