/**
 * How many master records carry each full name (given name and surname together). Fellegi–Sunter
 * multiplies the evidence of the two names as if they were independent, but they are not: given
 * names follow surnames (THANH with NGUYEN, GUADALUPE with GARZA, RAVI with SHARMA), so the
 * product of the two names' frequencies can understate a full name's frequency a hundredfold and
 * make a namesake born on the same day look like the person (Winkler 1999, "The state of record
 * linkage", on dependence between name fields; the generated incident data show it: a third of
 * same-name same-birthday links at another address were strangers). The counts let the scorer
 * weigh a given name by its frequency among the records of that surname.
 *
 * The counts are derived from the index's columns (not stored in snapshots, whose format and
 * digest stay as they are), once per index object in each thread, on first use.
 */
import type { MasterIndex } from '../index/index.js'

/** Full-name counts of one master index. */
export class FullNameCounts {
  readonly #size: number
  /** Keys (surname × dictionary size + given) of the full names two or more records carry, ascending. */
  readonly #keys: Float64Array
  readonly #counts: Int32Array

  private constructor(size: number, keys: Float64Array, counts: Int32Array) {
    this.#size = size
    this.#keys = keys
    this.#counts = counts
  }

  /**
   * Counts the full names of `index` (one sort of the rows' keys).
   *
   * @example
   * FullNameCounts.of(index).count(givenCode, surnameCode) // 1 for a name only one record has
   */
  static of(index: MasterIndex): FullNameCounts {
    const cached = CACHE.get(index)
    if (cached) return cached
    const size = Math.max(1, index.dictionary.size)
    const { given, surname } = index.arrays
    const all = new Float64Array(index.count)
    let n = 0
    for (let row = 0; row < index.count; row++) {
      const g = given[row] as number
      const s = surname[row] as number
      if (g >= 0 && s >= 0) all[n++] = s * size + g
    }
    const sorted = all.subarray(0, n).sort()
    let distinct = 0
    for (let i = 0; i < n; ) {
      let j = i + 1
      while (j < n && sorted[j] === sorted[i]) j++
      if (j - i > 1) distinct++
      i = j
    }
    const keys = new Float64Array(distinct)
    const counts = new Int32Array(distinct)
    let k = 0
    for (let i = 0; i < n; ) {
      let j = i + 1
      while (j < n && sorted[j] === sorted[i]) j++
      if (j - i > 1) {
        keys[k] = sorted[i] as number
        counts[k++] = j - i
      }
      i = j
    }
    const made = new FullNameCounts(size, keys, counts)
    CACHE.set(index, made)
    return made
  }

  /** Records with given name `given` and surname `surname` (codes); 1 for a name not counted twice, 0 when either is absent. */
  count(given: number, surname: number): number {
    if (given < 0 || surname < 0) return 0
    const key = surname * this.#size + given
    let lo = 0
    let hi = this.#keys.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const v = this.#keys[mid] as number
      if (v === key) return this.#counts[mid] as number
      if (v < key) lo = mid + 1
      else hi = mid - 1
    }
    return 1
  }
}

const CACHE = new WeakMap<MasterIndex, FullNameCounts>()
