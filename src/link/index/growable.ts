/**
 * Growable typed arrays for the index builder: appends in amortised constant time, then yields a
 * shared array of the exact length.
 */
import { type SharedArrayKind, sharedArray } from '../shared-memory.js'

type Typed = Uint8Array | Uint16Array | Int32Array | Uint32Array

/** A typed array that grows by doubling as values are pushed. */
export class GrowableArray<T extends Typed> {
  #data: T
  #length = 0
  readonly #kind: SharedArrayKind<T> & { new (length: number): T }

  constructor(kind: SharedArrayKind<T> & { new (length: number): T }, capacity = 1024) {
    this.#kind = kind
    this.#data = new kind(capacity)
  }

  get length(): number {
    return this.#length
  }

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const bigger = new this.#kind(Math.max(1, this.#data.length * 2))
      ;(bigger as Uint8Array).set(this.#data as Uint8Array)
      this.#data = bigger
    }
    this.#data[this.#length++] = value
  }

  /** The value at `index` (which must be below `length`). */
  get(index: number): number {
    return this.#data[index] as number
  }

  /** Overwrites the value at `index` (which must be below `length`). */
  set(index: number, value: number): void {
    this.#data[index] = value
  }

  /** Appends values (a typed array is copied in one move). */
  pushAll(values: ArrayLike<number>): void {
    const at = this.extend(values.length)
    ;(this.#data as Uint8Array).set(values, at)
  }

  /**
   * Makes room for `n` more values and counts them in: returns where they start in `data`, for
   * the caller to write there. A batch of rows is written this way without a call a value.
   */
  extend(n: number): number {
    const at = this.#length
    if (at + n > this.#data.length) {
      let capacity = Math.max(1, this.#data.length * 2)
      while (capacity < at + n) capacity *= 2
      const bigger = new this.#kind(capacity)
      ;(bigger as Uint8Array).set((this.#data as Uint8Array).subarray(0, at))
      this.#data = bigger
    }
    this.#length = at + n
    return at
  }

  /** The backing array (valid until the next append): values `[0, length)` are the array's. */
  get data(): T {
    return this.#data
  }

  /** The values so far, copied into a shared array of exactly this length. */
  toShared(): T {
    const out = sharedArray(this.#kind, this.#length)
    ;(out as Uint8Array).set((this.#data as Uint8Array).subarray(0, this.#length))
    return out
  }
}
