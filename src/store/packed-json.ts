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
 * The stored value is either text (a store written before migration 0024, or SQLite rows written
 * then), the JSON's UTF-8 bytes (PostgreSQL rows converted by migration 0024: they start with
 * `{`), or `PACKED_PIECES` followed by the pieces.
 */
import { VerigateError } from '../core/index.js'

/** The first byte of a packed value: its JSON's pieces against the batch's dictionary of its kind. */
export const PACKED_PIECES = 0x02

/**
 * The JSON values a batch keeps packed, each with its own dictionary: its evidence, its decisions
 * and (migration 0025) its request records.
 */
export type PackedKind = 'evidence' | 'decision' | 'record'

/** The most sample text a dictionary keeps (a few rows of each shape is all it needs). */
const DICTIONARY_LIMIT = 64 * 1024

/** The stored form of a JSON column: text or bytes, as the back end and the row's age give it. */
export type StoredJson = string | Uint8Array

/** A dictionary's pieces, and each piece's number (made once per dictionary object read). */
interface Pieces {
  readonly pieces: readonly string[]
  readonly numbers: ReadonlyMap<string, number>
}

const piecesOfDictionary = new WeakMap<Uint8Array, Pieces>()

function piecesOf(dictionary: Uint8Array): Pieces {
  let found = piecesOfDictionary.get(dictionary)
  if (!found) {
    const pieces = [...new Set(Buffer.from(dictionary.buffer, dictionary.byteOffset, dictionary.byteLength).toString('utf8').split('"'))]
    found = { pieces, numbers: new Map(pieces.map((p, i) => [p, i])) }
    piecesOfDictionary.set(dictionary, found)
  }
  return found
}

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

/** Packs canonical JSON against a dictionary. */
export function packJson(json: string, dictionary: Uint8Array): Buffer {
  const { numbers } = piecesOf(dictionary)
  // At most 3 bytes of UTF-8 a UTF-16 unit, and 5 of varint a piece.
  const most = json.length * 3 + (json.length + 1) * 5 + 1
  if (scratch.length < most) scratch = Buffer.allocUnsafe(most)
  const out = scratch
  out[0] = PACKED_PIECES
  let o = 1
  for (const piece of json.split('"')) {
    const number = numbers.get(piece)
    // Even: the number of a piece of the dictionary; odd: the byte length of a piece that follows.
    let head = number === undefined ? Buffer.byteLength(piece, 'utf8') * 2 + 1 : number * 2
    while (head >= 0x80) {
      out[o++] = (head & 0x7f) | 0x80
      head = Math.floor(head / 128)
    }
    out[o++] = head
    if (number === undefined) o += out.write(piece, o, 'utf8')
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
  if (bytes[0] !== PACKED_PIECES) throw new VerigateError('internal', `${what} is stored in an encoding this version does not know (first byte 0x${(bytes[0] ?? 0).toString(16)})`)
  if (dictionary === undefined) throw new VerigateError('internal', `${what} is packed but its batch has no dictionary in batch_dictionaries`)
  const { pieces } = piecesOf(dictionary)
  const parts: string[] = []
  let o = 1
  while (o < bytes.length) {
    let head = 0
    let scale = 1
    let byte: number
    do {
      byte = bytes[o++]!
      if (byte === undefined) throw new VerigateError('internal', `${what} cannot be unpacked: it ends inside a piece's number`)
      head += (byte & 0x7f) * scale
      scale *= 128
    } while (byte & 0x80)
    if (head % 2 === 1) {
      const length = (head - 1) / 2
      if (o + length > bytes.length) throw new VerigateError('internal', `${what} cannot be unpacked: a piece runs past its end`)
      parts.push(bytes.toString('utf8', o, o + length))
      o += length
    } else {
      const piece = pieces[head / 2]
      if (piece === undefined) throw new VerigateError('internal', `${what} cannot be unpacked: piece ${head / 2} is not in its batch's dictionary`)
      parts.push(piece)
    }
  }
  return parts.join('"')
}
