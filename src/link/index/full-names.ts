/**
 * How many master records carry each full name (given name and surname together). Fellegi–Sunter
 * multiplies the evidence of the two names as if they were independent, but they are not: given
 * names follow surnames (THANH with NGUYEN, GUADALUPE with GARZA, RAVI with SHARMA), so the
 * product of the two names' frequencies can understate a full name's frequency a hundredfold and
 * make a namesake born on the same day look like the person (Winkler 1999, "The state of record
 * linkage", on dependence between name fields; the generated incident data show it: a third of
 * same-name same-birthday links at another address were strangers). The scorer weighs a given
 * name by its frequency among the records of its surname with these counts.
 *
 * Only full names two or more records carry are listed (a name absent is carried once), as three
 * parallel arrays sorted by (surname, given): part of the index, so snapshots keep them and
 * worker threads share them instead of each counting ten million rows again.
 */

import { REC, RECORD_STRIDE } from './record-layout.js'

/** The full-name table of an index. */
export interface FullNameTable {
  /** Surname codes, ascending; ties broken by `given`. */
  readonly surname: Int32Array
  readonly given: Int32Array
  /** Records carrying the full name (two or more). */
  readonly count: Int32Array
}

/**
 * Counts the full names of the first `rows` records (row-major, see record-layout.ts; a negative
 * code is an absent name) into arrays made by `allocate` (shared memory for an index).
 *
 * @example
 * const table = countFullNames(records, count, dictionarySize, (n) => new Int32Array(n))
 */
export function countFullNames(records: Int32Array, rows: number, dictionarySize: number, allocate: (length: number) => Int32Array): FullNameTable {
  const size = Math.max(1, dictionarySize)
  const keys = new Float64Array(rows)
  let n = 0
  for (let row = 0; row < rows; row++) {
    const g = records[row * RECORD_STRIDE + REC.given] as number
    const s = records[row * RECORD_STRIDE + REC.surname] as number
    if (g >= 0 && s >= 0) keys[n++] = s * size + g
  }
  const sorted = keys.subarray(0, n).sort()
  let distinct = 0
  for (let i = 0; i < n; ) {
    let j = i + 1
    while (j < n && sorted[j] === sorted[i]) j++
    if (j - i > 1) distinct++
    i = j
  }
  const table = { surname: allocate(distinct), given: allocate(distinct), count: allocate(distinct) }
  let k = 0
  for (let i = 0; i < n; ) {
    let j = i + 1
    while (j < n && sorted[j] === sorted[i]) j++
    if (j - i > 1) {
      const key = sorted[i] as number
      table.surname[k] = Math.floor(key / size)
      table.given[k] = key % size
      table.count[k++] = j - i
    }
    i = j
  }
  return table
}

/** Records of the full name (`given`, `surname`) in `table`: 1 for a name not listed, 0 when either is absent. */
export function fullNameCount(table: FullNameTable, given: number, surname: number): number {
  if (given < 0 || surname < 0) return 0
  let lo = 0
  let hi = table.surname.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const s = table.surname[mid] as number
    const g = table.given[mid] as number
    if (s === surname && g === given) return table.count[mid] as number
    if (s < surname || (s === surname && g < given)) lo = mid + 1
    else hi = mid - 1
  }
  return 1
}
