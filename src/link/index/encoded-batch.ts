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

/** The string fields of a row, in the order the builder codes them (see `MasterIndexBuilder.addBatch`). */
export const BATCH_FIELDS = ['given', 'surname', 'streetNumber', 'street', 'streetExtra', 'unit', 'city'] as const
/** Number fields of a row: date of birth, TIN, ZIP, flags (suffix, middle initial, state). */
export const BATCH_NUMBERS = 4

/** A batch of encoded master rows. */
export interface EncodedBatch {
  readonly count: number
  readonly ids: readonly string[]
  /** The batch's distinct strings (names, streets, cities…), in order of first use. */
  readonly strings: readonly string[]
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
  const ids: string[] = []
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
    ids.push(row.id)
  })
  return { count: rows.length, ids, strings, phonetic: Int32Array.from(phonetic), codes, numbers, nicks, parts }
}
