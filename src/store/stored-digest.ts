/**
 * The stored form of the digests of a batch's evidence and decisions (issue 19; migration 0025):
 * the 32 bytes of the SHA-256, not its 71-character text (`sha256:` and 64 hex digits), which was
 * 142 bytes a request of the store. The text form, which the ledger's entries, the disclosures and
 * every caller use, is made at the edge, when a row is read.
 *
 * Rows written before migration 0025 keep their text on SQLite (its columns take either); on
 * PostgreSQL the migration turned them into their 32 bytes. The reader takes both. Nothing is
 * lost: the bytes are the digest, and the audit recomputes it from the stored JSON all the same.
 */
import { VerigateError } from '../core/index.js'
import type { Digest } from '../core/index.js'

/** A digest column as stored: 32 bytes, or (SQLite rows written before migration 0025) its text. */
export type StoredDigest = string | Uint8Array

const PREFIX = 'sha256:'
const HEX = /^sha256:[0-9a-f]{64}$/

/** The 32 bytes a digest is stored as; throws on anything that is not a `sha256:` digest. */
export function storedDigestOf(digest: Digest): Buffer {
  if (!HEX.test(digest)) throw new VerigateError('internal', `cannot store ${JSON.stringify(digest)} as a digest: it is not sha256: and 64 lower-case hex digits`)
  return Buffer.from(digest.slice(PREFIX.length), 'hex')
}

/** The text of a stored digest (`what` names it in errors). */
export function digestOfStored(stored: StoredDigest, what: string): Digest {
  if (typeof stored === 'string') return stored as Digest
  if (stored.byteLength !== 32) throw new VerigateError('internal', `${what} is stored as ${stored.byteLength} bytes, not the 32 of a SHA-256 digest`)
  return `${PREFIX}${Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).toString('hex')}`
}
