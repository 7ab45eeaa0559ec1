/**
 * The canonical encoding of ledger entries, byte by byte in ENCODING.md: a fixed binary header
 * (version, position, previous hash, time) and a canonical-JSON body. One entry has exactly one
 * encoding, so its hash is stable on any machine and any database.
 */
import { IntegrityError, InvalidInputError, isLedgerEntryKind } from '../core/index.js'
import type { LedgerEntry, LedgerValue, RecordedLedgerEntry } from '../core/index.js'
import { ENTRY_LAYOUT, ENTRY_VERSION, HASH_SIZE, hashLeaf, readEntryHeader, sha256, writeUint64 } from './verify.js'

/** The previous hash of the first entry: 32 zero bytes. */
export const GENESIS_PREV_HASH: Buffer = Buffer.alloc(HASH_SIZE)

/** The largest body accepted (16 MiB): an entry records references and digests, never documents. */
export const MAX_BODY_BYTES = 16 * 2 ** 20

/**
 * Writes a payload value as canonical JSON (the same bytes as `canonicalJson` in core: keys
 * sorted by code unit, no whitespace, `undefined` members dropped), checking on the way that it
 * has one unambiguous encoding: safe integers only (decimals go as strings), plain objects and
 * arrays. One pass, because every entry appended goes through it.
 */
export function canonicalLedgerJson(value: LedgerValue, path = 'payload'): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isSafeInteger(value)) throw new InvalidInputError(`${path} is ${value}: only safe integers (write decimals as strings)`)
      return Object.is(value, -0) ? '0' : String(value)
    case 'string':
      // JSON.stringify escapes a lone surrogate as \uXXXX, so even those have one form.
      return JSON.stringify(value)
    case 'object':
      break
    default:
      throw new InvalidInputError(`${path} is not a JSON value`)
  }
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ','
      const item = value[i] as LedgerValue | undefined
      if (item === undefined) throw new InvalidInputError(`${path}[${i}] is undefined`)
      out += canonicalLedgerJson(item, `${path}[${i}]`)
    }
    return `${out}]`
  }
  const prototype: unknown = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) throw new InvalidInputError(`${path} is not a plain JSON object`)
  const object = value as { readonly [key: string]: LedgerValue | undefined }
  const keys = Object.keys(object).sort()
  let out = '{'
  let first = true
  for (const key of keys) {
    const member = object[key]
    if (member === undefined) continue
    if (!first) out += ','
    first = false
    out += `${JSON.stringify(key)}:${canonicalLedgerJson(member, `${path}.${key}`)}`
  }
  return `${out}}`
}

/** An entry encoded for appending: its bytes, its hash, and its time as the ledger keeps it. */
export interface EncodedEntry {
  readonly encoded: Buffer
  /** RFC 6962 leaf hash of `encoded`. */
  readonly hash: Buffer
  /** The entry's time, normalized (ISO 8601 UTC with milliseconds). */
  readonly at: string
}

/**
 * Encodes an entry at position `seq` after the entry whose hash is `prevHash`, and hashes it in
 * the same buffer (the leaf prefix byte sits just before the entry, so nothing is copied).
 *
 * @example
 * const first = encodeAndHashEntry(entry, 0, GENESIS_PREV_HASH)
 * const second = encodeAndHashEntry(next, 1, first.hash)
 */
export function encodeAndHashEntry(entry: LedgerEntry, seq: number, prevHash: Uint8Array): EncodedEntry {
  if (!isLedgerEntryKind(entry.kind)) throw new InvalidInputError(`unknown ledger entry kind: ${String(entry.kind)}`)
  const timeMs = Date.parse(entry.at)
  if (!Number.isFinite(timeMs) || timeMs < 0) throw new InvalidInputError(`a ledger entry’s time is not an ISO 8601 time: ${entry.at}`)
  if (typeof entry.actor !== 'string' || entry.actor === '') throw new InvalidInputError('a ledger entry names its actor')
  if (entry.subject !== undefined && !PSEUDONYM.test(entry.subject)) throw new InvalidInputError('a ledger entry’s subject is a pseudonym (pn: and 64 hex digits)')
  if (prevHash.length !== HASH_SIZE) throw new RangeError('the previous hash is 32 bytes')
  if (typeof entry.payload !== 'object' || entry.payload === null || Array.isArray(entry.payload)) throw new InvalidInputError(`a ${entry.kind} entry's payload is an object`)
  let payload: string
  try {
    payload = canonicalLedgerJson(entry.payload as unknown as LedgerValue)
  } catch (error) {
    throw new InvalidInputError(`a ${entry.kind} entry cannot be encoded: ${(error as Error).message}`)
  }
  // The body's keys in code-unit order: actor, kind, payload, subject (ENCODING.md).
  const subject = entry.subject === undefined ? '' : `,"subject":${JSON.stringify(entry.subject)}`
  const body = `{"actor":${canonicalLedgerJson(entry.actor, 'actor')},"kind":${JSON.stringify(entry.kind)},"payload":${payload}${subject}}`
  const length = Buffer.byteLength(body, 'utf8')
  if (length > MAX_BODY_BYTES) throw new InvalidInputError(`a ledger entry body is at most ${MAX_BODY_BYTES} bytes, this one is ${length}`)
  // One buffer: the 0x00 leaf prefix of RFC 6962, then the entry.
  const buffer = Buffer.allocUnsafe(1 + ENTRY_LAYOUT.body + length)
  buffer[0] = 0x00
  const out = buffer.subarray(1)
  out[ENTRY_LAYOUT.version] = ENTRY_VERSION
  writeUint64(out, ENTRY_LAYOUT.seq, seq)
  out.set(prevHash, ENTRY_LAYOUT.prev)
  writeUint64(out, ENTRY_LAYOUT.time, timeMs)
  out.writeUInt32BE(length, ENTRY_LAYOUT.bodyLength)
  out.write(body, ENTRY_LAYOUT.body, 'utf8')
  return { encoded: out, hash: sha256(buffer), at: new Date(timeMs).toISOString() }
}

/**
 * Encodes an entry at position `seq` after the entry whose hash is `prevHash`.
 *
 * @example
 * const bytes = encodeEntry(entry, 0, GENESIS_PREV_HASH)
 * const hash = hashLeaf(bytes) // the entry's hash, and the next entry's prevHash
 */
export function encodeEntry(entry: LedgerEntry, seq: number, prevHash: Uint8Array): Buffer {
  return encodeAndHashEntry(entry, seq, prevHash).encoded
}

const PSEUDONYM = /^pn:[0-9a-f]{64}$/

/**
 * Decodes an entry's bytes. Throws `IntegrityError` when they are not a canonical encoding (so
 * re-encoding the result gives back the same bytes).
 */
export function decodeEntry(bytes: Uint8Array): RecordedLedgerEntry {
  const header = readEntryHeader(bytes)
  if ('reason' in header) throw new IntegrityError(`not a ledger entry: ${header.reason}`)
  let body: { actor?: unknown; kind?: unknown; payload?: unknown; subject?: unknown }
  try {
    body = JSON.parse(header.body.toString('utf8')) as typeof body
  } catch (error) {
    throw new IntegrityError(`entry ${header.seq}: its body is not JSON`, { cause: error })
  }
  if (typeof body !== 'object' || body === null || typeof body.kind !== 'string' || !isLedgerEntryKind(body.kind) || typeof body.actor !== 'string') {
    throw new IntegrityError(`entry ${header.seq}: its body lacks a known kind or an actor`)
  }
  const entry = {
    kind: body.kind,
    at: new Date(header.timeMs).toISOString(),
    actor: body.actor,
    ...(typeof body.subject === 'string' ? { subject: body.subject } : {}),
    payload: body.payload,
  } as LedgerEntry
  const again = encodeEntry(entry, header.seq, header.prevHash)
  if (Buffer.compare(again, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) !== 0) {
    throw new IntegrityError(`entry ${header.seq}: its bytes are not in canonical form`)
  }
  return { ...entry, seq: header.seq, prevHash: header.prevHash.toString('hex'), hash: hashLeaf(bytes).toString('hex') } as RecordedLedgerEntry
}
