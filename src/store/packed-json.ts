/**
 * The compact encoding of a batch's evidence and decisions (issue 19: the incident batch's store
 * was 5.8 GB, 4.5 KB a request, most of it the same JSON keys, agreement, use limits and reason
 * wording repeated in every row).
 *
 * A value is stored as its canonical JSON compressed with raw DEFLATE (node:zlib) against a
 * preset dictionary of its batch: the canonical JSON of a few of the batch's own first rows of the
 * same kind, kept once per batch in `batch_dictionaries` (migration 0024, append-only). What a row
 * repeats of its batch's other rows then costs a few bytes. Decoding gives back the exact canonical
 * JSON, byte for byte, so the digests the decisions and the ledger name (sha256 of that JSON)
 * keep meaning what they meant and are checked against the decoded text.
 *
 * The stored value is either text (a store written before migration 0024, or SQLite rows written
 * then), the JSON's UTF-8 bytes (PostgreSQL rows converted by migration 0024: they start with
 * `{`), or `PACKED_DEFLATE` followed by the compressed bytes.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { VerigateError } from '../core/index.js'

/** The first byte of a packed value: raw DEFLATE (an 8 KiB window) against the batch's dictionary of its kind. */
export const PACKED_DEFLATE = 0x01

/** The JSON values a batch keeps packed, each with its own dictionary. */
export type PackedKind = 'evidence' | 'decision'

/**
 * DEFLATE's settings. Most of a small value's cost is setting up the stream (its window and hash
 * tables, and the dictionary read into them), so the window is 8 KiB and the hash tables small:
 * measured on a generated batch's decisions (1.4 KB of JSON each), 22 µs of CPU a value against
 * 30 µs with zlib's defaults, 127 bytes on average either way. Level 1 packs these rows within a
 * few percent of level 9 (121 against 115 bytes) at the least CPU.
 */
const DEFLATE = { level: 1, windowBits: 13, memLevel: 6 } as const

/** What of a dictionary the window keeps in reach of a value of a few kilobytes (the window less the value). */
const DICTIONARY_LIMIT = 6 * 1024

/** The stored form of a JSON column: text or bytes, as the back end and the row's age give it. */
export type StoredJson = string | Uint8Array

/**
 * A batch's dictionary of one kind from sample JSON texts: one sample of each distinct shape is
 * enough (the first rows the batch writes), the most frequent last, nearest to what is packed.
 */
export function dictionaryOf(samples: readonly string[]): Buffer {
  const text = Buffer.from(samples.join(''), 'utf8')
  return text.length > DICTIONARY_LIMIT ? text.subarray(text.length - DICTIONARY_LIMIT) : text
}

/** Packs canonical JSON against a dictionary. */
export function packJson(json: string, dictionary: Uint8Array): Buffer {
  const body = deflateRawSync(json, { ...DEFLATE, dictionary })
  const packed = Buffer.allocUnsafe(body.length + 1)
  packed[0] = PACKED_DEFLATE
  body.copy(packed, 1)
  return packed
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
  if (bytes[0] !== PACKED_DEFLATE) throw new VerigateError('internal', `${what} is stored in an encoding this version does not know (first byte 0x${(bytes[0] ?? 0).toString(16)})`)
  if (dictionary === undefined) throw new VerigateError('internal', `${what} is packed but its batch has no dictionary in batch_dictionaries`)
  try {
    return inflateRawSync(bytes.subarray(1), { windowBits: DEFLATE.windowBits, dictionary }).toString('utf8')
  } catch (error) {
    throw new VerigateError('internal', `${what} cannot be unpacked: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
}
