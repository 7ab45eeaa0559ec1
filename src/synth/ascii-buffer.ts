/**
 * A growable byte buffer that CSV lines are written into field by field, as ASCII, without
 * building any intermediate string: the master's hot loop writes ten million rows, and building
 * each row as a string (then encoding it) made most of its garbage.
 */

/** An ASCII byte buffer. Only for text known to be ASCII (the master's values are A–Z, 0–9, space, -, #). */
export class AsciiBuffer {
  private bytes: Uint8Array
  /** Bytes written so far. */
  length = 0

  constructor(capacity = 1 << 20) {
    this.bytes = new Uint8Array(capacity)
  }

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return
    let capacity = this.bytes.length * 2
    while (capacity < this.length + n) capacity *= 2
    const bigger = new Uint8Array(capacity)
    bigger.set(this.bytes.subarray(0, this.length))
    this.bytes = bigger
  }

  /** Appends a string's characters (each must be below 128). */
  text(value: string): this {
    const n = value.length
    this.reserve(n)
    const bytes = this.bytes
    let at = this.length
    for (let i = 0; i < n; i++) bytes[at++] = value.charCodeAt(i)
    this.length = at
    return this
  }

  /** Appends one character code. */
  char(code: number): this {
    this.reserve(1)
    this.bytes[this.length++] = code
    return this
  }

  /** Appends a non-negative integer, zero-padded to `width` digits. */
  digits(value: number, width = 0): this {
    this.reserve(Math.max(width, 16))
    let n = Math.floor(value)
    let count = 1
    for (let v = n; v >= 10; v = Math.floor(v / 10)) count++
    const total = Math.max(count, width)
    const bytes = this.bytes
    let at = this.length + total - 1
    for (let i = 0; i < total; i++) {
      bytes[at--] = 48 + (n % 10)
      n = Math.floor(n / 10)
    }
    this.length += total
    return this
  }

  /** The bytes written, as a copy that owns its memory (safe to transfer to another thread). */
  take(): Uint8Array {
    return this.bytes.slice(0, this.length)
  }
}
