/**
 * The compact encoding of a batch's evidence and decisions (issue 19: the incident batch's store
 * was 5.8 GB, 4.5 KB a request, most of it the same JSON keys, agreement, use limits, reason
 * wording and model weights repeated in every row).
 *
 * A batch keeps a dictionary of each kind: the canonical JSON of a few of its own first rows,
 * once per batch in `batch_dictionaries` (migration 0024, append-only). A value is its canonical
 * JSON cut at every `"` into pieces; a piece the dictionary's JSON also has is written as its
 * number there, any other as its UTF-8 bytes (each with a varint that says which). Decoding
 * joins the pieces with `"` again: the exact canonical JSON, byte for byte, so the digests the
 * decisions and the ledger name (sha256 of that JSON) keep meaning what they meant and are
 * checked against the decoded text.
 *
 * Why not DEFLATE (node:zlib) against the same dictionary: it packs a decision to 128 bytes
 * against 304 here, but each call costs ~25 µs of CPU in setting up the stream, 50 µs a request
 * on the batch's main thread (measured: the chunk writes 26 → 89 µs of CPU a request); this
 * encoding costs a few µs and keeps most of the gain.
 *
 * Since migration 0025 a value is written as runs (`PACKED_RUNS`, see `packJson`): a row of the
 * same shape as its dictionary's sample repeats long stretches of it, each one token, and the
 * digest every decision names (its evidence's) is its 32 bytes; a withheld request's decision went
 * from 305 bytes to about half that. The first form stays readable.
 *
 * The stored value is either text (a store written before migration 0024, or SQLite rows written
 * then), the JSON's UTF-8 bytes (PostgreSQL rows converted by migration 0024 or 0025: they start
 * with `{`), `PACKED_PIECES` followed by the pieces, or `PACKED_RUNS` followed by the tokens.
 */
import { VerigateError } from '../core/index.js'

/** The first byte of a value packed as pieces (the first form, still read): its JSON's pieces against the batch's dictionary of its kind. */
export const PACKED_PIECES = 0x02

/**
 * The first byte of a value packed as runs (migration 0025's form, the one written): tokens of
 * runs of the dictionary's pieces in its own order, single pieces by number, literals, and digests
 * as their 32 bytes.
 */
export const PACKED_RUNS = 0x03

/**
 * The JSON values a batch keeps packed, each with its own dictionary: its evidence, its decisions
 * and (migration 0025) its request records.
 */
export type PackedKind = 'evidence' | 'decision' | 'record'

/** The most sample text a dictionary keeps (a few rows of each shape is all it needs). */
const DICTIONARY_LIMIT = 64 * 1024

/** The stored form of a JSON column: text or bytes, as the back end and the row's age give it. */
export type StoredJson = string | Uint8Array

/** A dictionary's pieces, each piece's number, and the pieces in the dictionary's order (made once per dictionary object read). */
interface Pieces {
  /** Each distinct piece once, in order of first appearance: a piece's number is its place here. */
  readonly pieces: readonly string[]
  readonly numbers: ReadonlyMap<string, number>
  /** Every piece of the dictionary in its order, repeats kept: what a run copies from. */
  readonly sequence: readonly string[]
  /** Where each piece stands in `sequence` (the first `RUN_CANDIDATES` places). */
  readonly places: ReadonlyMap<string, readonly number[]>
}

/** How many places of a piece the packer tries when it looks for the longest run (bounds its cost). */
const RUN_CANDIDATES = 48

const piecesOfDictionary = new WeakMap<Uint8Array, Pieces>()

function piecesOf(dictionary: Uint8Array): Pieces {
  let found = piecesOfDictionary.get(dictionary)
  if (!found) {
    const sequence = Buffer.from(dictionary.buffer, dictionary.byteOffset, dictionary.byteLength).toString('utf8').split('"')
    const pieces = [...new Set(sequence)]
    const places = new Map<string, number[]>()
    sequence.forEach((piece, i) => {
      const at = places.get(piece)
      if (!at) places.set(piece, [i])
      else if (at.length < RUN_CANDIDATES) at.push(i)
    })
    found = { pieces, numbers: new Map(pieces.map((p, i) => [p, i])), sequence, places }
    piecesOfDictionary.set(dictionary, found)
  }
  return found
}

/** A digest as the JSON values hold it: written as its 32 bytes when packed. */
const DIGEST_PIECE = /^sha256:[0-9a-f]{64}$/

/**
 * A batch's dictionary of one kind from sample JSON texts: one sample of each distinct shape is
 * enough (the first rows the batch writes).
 */
export function dictionaryOf(samples: readonly string[]): Buffer {
  const text = Buffer.from(samples.join(''), 'utf8')
  return text.length > DICTIONARY_LIMIT ? text.subarray(0, DICTIONARY_LIMIT) : text
}

/** Where values are written before they are copied out at their length (one per thread). */
let scratch = Buffer.allocUnsafe(64 * 1024)

/** Writes `value` as a varint at `o` of `out`; returns the offset after it. */
function writeVarint(out: Buffer, o: number, value: number): number {
  let head = value
  while (head >= 0x80) {
    out[o++] = (head & 0x7f) | 0x80
    head = Math.floor(head / 128)
  }
  out[o++] = head
  return o
}

/**
 * Packs JSON against a dictionary, as runs (`PACKED_RUNS`). The JSON is cut at every `"` into
 * pieces, and each token is a varint whose last two bits say what follows:
 * - `0`: one piece of the dictionary, by its number (the rest of the varint);
 * - `1`: a literal piece, the rest of the varint its UTF-8 byte length, the bytes after it;
 * - `2`: a run, the rest of the varint where it starts in the dictionary's own sequence of
 *   pieces, then a varint of its length less 2: the row repeats that stretch of the dictionary
 *   (the dictionary is a first row of each shape, so a row of the same shape is mostly a few runs);
 * - `3` (the varint exactly 3): a digest piece, `sha256:` and 64 lower-case hex digits, as its
 *   32 bytes (each decision names its own evidence's digest, different in every row).
 */
export function packJson(json: string, dictionary: Uint8Array): Buffer {
  const { numbers, sequence, places } = piecesOf(dictionary)
  const row = json.split('"')
  // At most 3 bytes of UTF-8 a UTF-16 unit, and 10 of varints a piece.
  const most = json.length * 3 + (row.length + 1) * 10 + 1
  if (scratch.length < most) scratch = Buffer.allocUnsafe(most)
  const out = scratch
  out[0] = PACKED_RUNS
  let o = 1
  const runAt = (at: number, i: number): number => {
    let n = 0
    while (at + n < sequence.length && i + n < row.length && sequence[at + n] === row[i + n]) n++
    return n
  }
  // Where in the dictionary the row would go on: the end of the last run (or, after a literal
  // that took the place of one piece, one further).
  let next = -1
  for (let i = 0; i < row.length; ) {
    const piece = row[i]!
    let bestAt = -1
    let best = 0
    if (next >= 0) {
      for (const at of [next, next + 1]) {
        const n = runAt(at, i)
        if (n > best) [best, bestAt] = [n, at]
      }
    }
    if (best < 4) {
      for (const at of places.get(piece) ?? []) {
        const n = runAt(at, i)
        if (n > best) [best, bestAt] = [n, at]
      }
    }
    if (best >= 2) {
      o = writeVarint(out, writeVarint(out, o, bestAt * 4 + 2), best - 2)
      i += best
      next = bestAt + best
    } else if (best === 1) {
      o = writeVarint(out, o, numbers.get(piece)! * 4)
      i++
      next = bestAt + 1
    } else if (DIGEST_PIECE.test(piece)) {
      out[o++] = 3
      o += out.write(piece.slice('sha256:'.length), o, 'hex')
      i++
    } else {
      o = writeVarint(out, o, Buffer.byteLength(piece, 'utf8') * 4 + 1)
      o += out.write(piece, o, 'utf8')
      i++
    }
  }
  return Buffer.from(out.subarray(0, o))
}

/**
 * The JSON text of a stored value, exactly as it was packed. `dictionary` is the batch's of the
 * value's kind (undefined when the batch has none: then only an unpacked value can be read);
 * `what` names the value in errors.
 */
export function unpackJson(stored: StoredJson, dictionary: Uint8Array | undefined, what: string): string {
  if (typeof stored === 'string') return stored
  const bytes = Buffer.isBuffer(stored) ? stored : Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength)
  if (bytes[0] === 0x7b) return bytes.toString('utf8')
  const form = bytes[0]
  if (form !== PACKED_PIECES && form !== PACKED_RUNS) throw new VerigateError('internal', `${what} is stored in an encoding this version does not know (first byte 0x${(bytes[0] ?? 0).toString(16)})`)
  if (dictionary === undefined) throw new VerigateError('internal', `${what} is packed but its batch has no dictionary in batch_dictionaries`)
  const { pieces, sequence } = piecesOf(dictionary)
  const parts: string[] = []
  let o = 1
  const varint = (): number => {
    let value = 0
    let scale = 1
    let byte: number
    do {
      byte = bytes[o++]!
      if (byte === undefined) throw new VerigateError('internal', `${what} cannot be unpacked: it ends inside a piece's number`)
      value += (byte & 0x7f) * scale
      scale *= 128
    } while (byte & 0x80)
    return value
  }
  const literal = (length: number): void => {
    if (o + length > bytes.length) throw new VerigateError('internal', `${what} cannot be unpacked: a piece runs past its end`)
    parts.push(bytes.toString('utf8', o, o + length))
    o += length
  }
  const numbered = (number: number): void => {
    const piece = pieces[number]
    if (piece === undefined) throw new VerigateError('internal', `${what} cannot be unpacked: piece ${number} is not in its batch's dictionary`)
    parts.push(piece)
  }
  while (o < bytes.length) {
    const head = varint()
    if (form === PACKED_PIECES) {
      // Even: the number of a piece of the dictionary; odd: the byte length of a piece that follows.
      if (head % 2 === 1) literal((head - 1) / 2)
      else numbered(head / 2)
      continue
    }
    const rest = Math.floor(head / 4)
    switch (head % 4) {
      case 0:
        numbered(rest)
        break
      case 1:
        literal(rest)
        break
      case 2: {
        const length = varint() + 2
        if (rest + length > sequence.length) throw new VerigateError('internal', `${what} cannot be unpacked: a run of ${length} pieces at ${rest} runs past its batch's dictionary`)
        for (let k = 0; k < length; k++) parts.push(sequence[rest + k]!)
        break
      }
      default:
        if (rest !== 0 || o + 32 > bytes.length) throw new VerigateError('internal', `${what} cannot be unpacked: a digest piece is damaged`)
        parts.push(`sha256:${bytes.toString('hex', o, o + 32)}`)
        o += 32
    }
  }
  return parts.join('"')
}
