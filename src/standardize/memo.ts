/** Calls between two looks at the hit rate. */
const WINDOW = 8192
/** Below this share of hits a memo costs more than it saves (hashing, inserting, collecting). */
const MIN_HIT_RATE = 0.1
/** Calls a memo with too few hits is bypassed before it tries again. */
const BYPASS = 131_072

/**
 * A bounded memo for pure functions of a string. The same given names, streets and cities recur
 * millions of times in a bulk file, so standardizing each distinct value once pays; the table is
 * cleared when it reaches its bound, which keeps memory flat on any input (a cleared table
 * refills with the frequent values first, since they are the ones seen again). When the values
 * hardly ever recur (under 10% hits in a window), the memo steps aside for a while and calls
 * the function directly, since remembering values nobody asks for again is pure cost.
 */
export class BoundedMemo<V> {
  #map = new Map<string, V>()
  readonly #limit: number
  #calls = 0
  #hits = 0
  #bypass = 0

  constructor(limit: number) {
    this.#limit = limit
    ALL.add(this)
  }

  /** The value for `key`, computing and remembering it on a miss. */
  get(key: string, compute: (key: string) => V): V {
    if (this.#bypass > 0) {
      if (--this.#bypass === 0) this.#map = new Map()
      return compute(key)
    }
    let value = this.#map.get(key)
    if (value === undefined) {
      value = compute(key)
      if (this.#map.size >= this.#limit) this.#map = new Map()
      this.#map.set(key, value)
    } else this.#hits++
    if (++this.#calls === WINDOW) {
      if (this.#hits < WINDOW * MIN_HIT_RATE) this.#bypass = BYPASS
      this.#calls = 0
      this.#hits = 0
    }
    return value
  }

  /** True while the memo is stepping aside because its values do not recur. */
  get bypassed(): boolean {
    return this.#bypass > 0
  }

  /** Forgets every value and the hit statistics. */
  clear(): void {
    this.#map = new Map()
    this.#calls = 0
    this.#hits = 0
    this.#bypass = 0
  }

  /** How many values are remembered now. */
  get size(): number {
    return this.#map.size
  }
}

/** Every memo made, so that they can be emptied together. */
const ALL = new Set<BoundedMemo<unknown>>()

/**
 * Empties every standardization memo, so a benchmark can time cold caches. Results never
 * change: the memos only remember the values of pure functions.
 */
export function clearStandardizeCaches(): void {
  for (const memo of ALL) memo.clear()
}
