/**
 * The standalone verifier: everything an overseer needs to check a proof, given only the proof
 * file, a checkpoint and the ledger's public key, with no database (docs/design.md, *Anyone can check the ledger*;
 * after Trillian's `client/log_verifier.go`). It imports only `core/` on purpose; the rest of the ledger
 * builds on the primitives defined here, so writer and verifier cannot drift apart.
 *
 * Hashing follows RFC 6962 §2.1 (Certificate Transparency): a leaf hash is
 * SHA-256(0x00 || entry), an interior node SHA-256(0x01 || left || right). The proof checks
 * follow RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency).
 */
import { createHash, createPublicKey, hash as oneShotHash, verify as verifySignature } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import type { Result, StoreMode } from '../core/index.js'
import { fail, isStoreMode, ok } from '../core/index.js'
import type { C2spCheckpoint } from './c2sp-checkpoint.js'
import { originMode, parseC2spCheckpoint } from './c2sp-checkpoint.js'
import type { NoteSignature, NoteVerifier } from './signed-note.js'
import { noteVerifierOf, verifyNote } from './signed-note.js'

// The C2SP checkpoint and signed-note formats travel with the verifier (docs/security.md,
// "Checkpoints in the C2SP format").
export * from './c2sp-checkpoint.js'
export * from './signed-note.js'

/** Bytes in a SHA-256 hash. */
export const HASH_SIZE = 32

const NODE_SCRATCH_SIZE = 1 + 2 * HASH_SIZE

/**
 * SHA-256 of one buffer, with Node's one-shot `crypto.hash` where it exists (Node ≥ 20.12). The
 * digest is taken as a `'binary'` (latin1) string, one char per byte, and copied into a pooled Buffer: Node
 * 20 builds a `'buffer'` result with a backing store of its own, which costs more than the hash
 * of a 600-byte entry (measured: 1.0 µs against 0.5 µs for a node hash, bench/ledger.ts).
 */
export const sha256: (data: Uint8Array) => Buffer =
  typeof oneShotHash === 'function'
    ? (data) => Buffer.from(oneShotHash('sha256', data, 'binary'), 'latin1')
    : (data) => createHash('sha256').update(data).digest()

/**
 * SHA-256 of one buffer written into `out` at `offset`, allocating nothing for the digest: for
 * loops that keep a million hashes in one flat buffer (verification).
 */
export const sha256Into: (data: Uint8Array, out: Buffer, offset: number) => void =
  typeof oneShotHash === 'function'
    ? (data, out, offset) => {
        out.write(oneShotHash('sha256', data, 'binary'), offset, HASH_SIZE, 'latin1')
      }
    : (data, out, offset) => {
        createHash('sha256').update(data).digest().copy(out, offset)
      }

/** The root of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1). */
export const EMPTY_ROOT: Buffer = sha256(new Uint8Array(0))

/**
 * The RFC 6962 leaf hash of an entry's bytes: SHA-256(0x00 || entry).
 *
 * @example
 * hashLeaf(new Uint8Array(0)).toString('hex') // '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'
 */
export function hashLeaf(entry: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(1 + entry.length)
  input[0] = 0x00
  input.set(entry, 1)
  return sha256(input)
}

const nodeScratch = Buffer.alloc(NODE_SCRATCH_SIZE)

/** The RFC 6962 interior node hash: SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  nodeScratch[0] = 0x01
  nodeScratch.set(left, 1)
  nodeScratch.set(right, 1 + HASH_SIZE)
  return sha256(nodeScratch)
}

/** The outcome of a check: valid, or the reason it is not. */
export type Check = { readonly valid: true } | { readonly valid: false; readonly reason: string }

const VALID: Check = { valid: true }
const invalid = (reason: string): Check => ({ valid: false, reason })

// The proof checks (RFC 9162 §2.1.3.2 and §2.1.4.2) are the standalone verifier's, packages/verify:
// one implementation for the holder's tools and the recipient's. The hashing above stays here,
// tuned for the million-entry loops of `ledger verify` (the package hashes the same bytes the same way).
export { isPowerOfTwo, rootFromInclusionProof, verifyConsistency, verifyInclusion } from '../../packages/verify/src/index.js'
import { verifyConsistency, verifyInclusion } from '../../packages/verify/src/index.js'

// ---------------------------------------------------------------------------------------------
// Entries: the fixed header of the encoding (ENCODING.md), enough to check an entry's place.

/** The version byte of the entry encoding described in ENCODING.md. */
export const ENTRY_VERSION = 0x01
/** Offsets of the entry header (ENCODING.md): version, seq, prev, time, body length, body. */
export const ENTRY_LAYOUT = { version: 0, seq: 1, prev: 9, time: 41, bodyLength: 49, body: 53 } as const

/** The fixed part of an encoded entry. */
export interface EntryHeader {
  readonly seq: number
  readonly prevHash: Buffer
  readonly timeMs: number
  readonly body: Buffer
}

/** Reads an encoded entry's header, or says why the bytes are not an entry. */
export function readEntryHeader(bytes: Uint8Array): EntryHeader | { readonly reason: string } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (b.length < ENTRY_LAYOUT.body) return { reason: `an entry is at least ${ENTRY_LAYOUT.body} bytes, found ${b.length}` }
  if (b[ENTRY_LAYOUT.version] !== ENTRY_VERSION) return { reason: `unknown entry version ${b[0]}` }
  const seq = readUint64(b, ENTRY_LAYOUT.seq)
  const timeMs = readUint64(b, ENTRY_LAYOUT.time)
  if (seq === undefined || timeMs === undefined) return { reason: 'a 64-bit field exceeds 2^53 - 1' }
  const length = b.readUInt32BE(ENTRY_LAYOUT.bodyLength)
  if (b.length !== ENTRY_LAYOUT.body + length) return { reason: `the body length says ${length} bytes, found ${b.length - ENTRY_LAYOUT.body}` }
  return {
    seq,
    prevHash: b.subarray(ENTRY_LAYOUT.prev, ENTRY_LAYOUT.prev + HASH_SIZE),
    timeMs,
    body: b.subarray(ENTRY_LAYOUT.body),
  }
}

/** Reads a big-endian uint64 that must fit a safe integer. */
export function readUint64(b: Buffer, offset: number): number | undefined {
  const high = b.readUInt32BE(offset)
  const low = b.readUInt32BE(offset + 4)
  if (high >= 2 ** 21) return undefined
  return high * 2 ** 32 + low
}

/** Writes a safe non-negative integer as a big-endian uint64. */
export function writeUint64(b: Buffer, offset: number, value: number): void {
  b.writeUInt32BE(Math.floor(value / 2 ** 32), offset)
  b.writeUInt32BE(value % 2 ** 32, offset + 4)
}

// ---------------------------------------------------------------------------------------------
// Checkpoints: a signed tree head (tree size, root hash, time, key id), encoded byte by byte.

/** A tree head: the size and root of the ledger's Merkle tree at a time, and who signed it. */
export interface Checkpoint {
  readonly treeSize: number
  /** Hex of the root hash. */
  readonly rootHash: string
  /** ISO 8601 UTC with milliseconds. */
  readonly time: string
  /** Hex of SHA-256 over the signing key's SubjectPublicKeyInfo (DER). */
  readonly keyId: string
  /**
   * `simulation` for a checkpoint of a simulation store's ledger (its signature covers other
   * magic bytes, so it can never verify as a real ledger's); absent (or `real`) for a real one.
   */
  readonly mode?: StoreMode
}

/** A checkpoint with its Ed25519 signature (base64) over `encodeCheckpoint(checkpoint)`. */
export interface SignedCheckpoint extends Checkpoint {
  readonly signature: string
}

/** The magic bytes that open an encoded checkpoint, so a signature over one cannot pass for anything else. */
const CHECKPOINT_MAGIC = Buffer.from('VGCP', 'ascii')
/** The magic bytes of a simulation store's checkpoint: what its signature covers says simulation. */
const SIMULATION_CHECKPOINT_MAGIC = Buffer.from('VGSC', 'ascii')
/** The version byte of the checkpoint encoding. */
export const CHECKPOINT_VERSION = 0x01
/** Bytes in an encoded checkpoint: magic 4, version 1, size 8, root 32, time 8, key id 32. */
export const CHECKPOINT_SIZE = 4 + 1 + 8 + HASH_SIZE + 8 + HASH_SIZE

/**
 * The bytes a checkpoint's signature covers (ENCODING.md, "Checkpoints"):
 * `"VGCP" || 0x01 || uint64 tree_size || root_hash[32] || uint64 time_ms || key_id[32]`, with
 * `"VGSC"` in place of `"VGCP"` for a simulation store's checkpoint.
 */
export function encodeCheckpoint(checkpoint: Checkpoint): Buffer {
  const root = Buffer.from(checkpoint.rootHash, 'hex')
  const keyId = Buffer.from(checkpoint.keyId, 'hex')
  const timeMs = Date.parse(checkpoint.time)
  if (root.length !== HASH_SIZE || keyId.length !== HASH_SIZE) throw new TypeError('a checkpoint’s root hash and key id are 32 bytes each')
  if (!Number.isSafeInteger(checkpoint.treeSize) || checkpoint.treeSize < 0) throw new TypeError('a checkpoint’s tree size is a non-negative integer')
  if (!Number.isFinite(timeMs) || timeMs < 0) throw new TypeError(`a checkpoint’s time is not an ISO 8601 time: ${checkpoint.time}`)
  const out = Buffer.alloc(CHECKPOINT_SIZE)
  const magic = checkpoint.mode === 'simulation' ? SIMULATION_CHECKPOINT_MAGIC : CHECKPOINT_MAGIC
  magic.copy(out, 0)
  out[4] = CHECKPOINT_VERSION
  writeUint64(out, 5, checkpoint.treeSize)
  root.copy(out, 13)
  writeUint64(out, 45, timeMs)
  keyId.copy(out, 53)
  return out
}

/** The key id of a public key: hex of SHA-256 over its SubjectPublicKeyInfo (DER). */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256(publicKey.export({ type: 'spki', format: 'der' })).toString('hex')
}

/** Reads a public key given as a KeyObject or PEM text. */
export function toPublicKey(key: KeyObject | string): KeyObject {
  return typeof key === 'string' ? createPublicKey(key) : key
}

/** Checks a checkpoint's signature and that it was made with the given public key. */
export function verifyCheckpoint(checkpoint: SignedCheckpoint, publicKey: KeyObject | string): Check {
  let key: KeyObject
  try {
    key = toPublicKey(publicKey)
  } catch (error) {
    return invalid(`the public key cannot be read: ${(error as Error).message}`)
  }
  if (key.asymmetricKeyType !== 'ed25519') return invalid(`the public key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`)
  if (checkpoint.keyId !== keyIdOf(key)) return invalid(`the checkpoint was signed by key ${checkpoint.keyId.slice(0, 16)}…, not by the key given (${keyIdOf(key).slice(0, 16)}…)`)
  let bytes: Buffer
  try {
    bytes = encodeCheckpoint(checkpoint)
  } catch (error) {
    return invalid((error as Error).message)
  }
  const signature = Buffer.from(checkpoint.signature, 'base64')
  if (signature.length !== 64) return invalid('an Ed25519 signature is 64 bytes')
  return verifySignature(null, bytes, key, signature) ? VALID : invalid('the checkpoint’s signature does not verify')
}

/** The file format of an exported checkpoint. */
export const CHECKPOINT_FORMAT = 'verigate-checkpoint/1'
/** The file format of an inclusion proof. */
export const INCLUSION_PROOF_FORMAT = 'verigate-inclusion-proof/1'
/** The file format of a consistency proof. */
export const CONSISTENCY_PROOF_FORMAT = 'verigate-consistency-proof/1'

/** A checkpoint as a JSON file keeps it (snake_case, as overseers' tools expect). */
export interface CheckpointFile {
  readonly format: typeof CHECKPOINT_FORMAT
  readonly tree_size: number
  readonly root_hash: string
  readonly time: string
  readonly key_id: string
  readonly signature: string
  /** `simulation` for a simulation store's checkpoint; absent for a real ledger's. */
  readonly mode?: StoreMode
}

/** An inclusion proof file: the entry's bytes, its index, the tree size and the proof path. */
export interface InclusionProofFile {
  readonly format: typeof INCLUSION_PROOF_FORMAT
  readonly leaf_index: number
  readonly tree_size: number
  /** Base64 of the entry's encoding (ENCODING.md); its leaf hash is recomputed from it. */
  readonly entry: string
  /** Hex hashes, from the leaf's sibling up. */
  readonly proof: readonly string[]
  /** The signed checkpoint the proof was made against, for convenience. */
  readonly checkpoint: CheckpointFile
}

/** A consistency proof file: from an older tree (size, root) to a newer signed checkpoint. */
export interface ConsistencyProofFile {
  readonly format: typeof CONSISTENCY_PROOF_FORMAT
  readonly from_size: number
  readonly from_root: string
  readonly proof: readonly string[]
  /** The newer signed checkpoint. */
  readonly checkpoint: CheckpointFile
}

/** Writes a signed checkpoint in its file form. */
export function checkpointToFile(checkpoint: SignedCheckpoint): CheckpointFile {
  return {
    format: CHECKPOINT_FORMAT,
    tree_size: checkpoint.treeSize,
    root_hash: checkpoint.rootHash,
    time: checkpoint.time,
    key_id: checkpoint.keyId,
    signature: checkpoint.signature,
    ...(checkpoint.mode === 'simulation' ? { mode: 'simulation' as const } : {}),
  }
}

const HEX_HASH = /^[0-9a-f]{64}$/

/** Reads a checkpoint from its file form, checking every field's shape. */
export function checkpointFromFile(value: unknown): Result<SignedCheckpoint> {
  const v = value as Partial<Record<keyof CheckpointFile, unknown>> | null
  if (typeof v !== 'object' || v === null) return fail([{ code: 'checkpoint_not_object', message: 'a checkpoint file holds a JSON object' }])
  if (v.format !== CHECKPOINT_FORMAT) return fail([{ code: 'checkpoint_format', message: `expected format ${CHECKPOINT_FORMAT}, found ${String(v.format)}` }])
  const problems: string[] = []
  if (!Number.isSafeInteger(v.tree_size) || (v.tree_size as number) < 0) problems.push('tree_size is not a non-negative integer')
  if (typeof v.root_hash !== 'string' || !HEX_HASH.test(v.root_hash)) problems.push('root_hash is not 64 hex digits')
  if (typeof v.key_id !== 'string' || !HEX_HASH.test(v.key_id)) problems.push('key_id is not 64 hex digits')
  if (typeof v.time !== 'string' || !isCanonicalTime(v.time)) problems.push('time is not an ISO 8601 UTC time with milliseconds')
  if (typeof v.signature !== 'string' || Buffer.from(v.signature, 'base64').length !== 64) problems.push('signature is not 64 bytes of base64')
  if (v.mode !== undefined && !isStoreMode(v.mode)) problems.push('mode is neither real nor simulation')
  if (problems.length > 0) return fail(problems.map((message) => ({ code: 'checkpoint_field', message })))
  return ok({
    treeSize: v.tree_size as number,
    rootHash: v.root_hash as string,
    time: v.time as string,
    keyId: v.key_id as string,
    signature: v.signature as string,
    ...(v.mode === 'simulation' ? { mode: 'simulation' as const } : {}),
  })
}

/** The mode a checkpoint was signed as: `simulation`, or `real` when it says nothing. */
export function checkpointMode(checkpoint: Checkpoint): StoreMode {
  return checkpoint.mode ?? 'real'
}

/** True when `time` is exactly what `Date.prototype.toISOString` writes (one form per instant). */
export function isCanonicalTime(time: string): boolean {
  const ms = Date.parse(time)
  return Number.isFinite(ms) && ms >= 0 && new Date(ms).toISOString() === time
}

function hashesFromHex(values: unknown): Buffer[] | undefined {
  if (!Array.isArray(values)) return undefined
  const out: Buffer[] = []
  for (const v of values) {
    if (typeof v !== 'string' || !HEX_HASH.test(v)) return undefined
    out.push(Buffer.from(v, 'hex'))
  }
  return out
}

/** What a verified proof established, in words and figures. */
export interface ProofVerdict {
  readonly kind: 'inclusion' | 'consistency'
  /** One sentence for a person. */
  readonly summary: string
  readonly treeSize: number
  readonly leafIndex?: number
  readonly fromSize?: number
  /** The mode the trusted checkpoint was signed as: a simulation's proof proves nothing real. */
  readonly mode: StoreMode
}

/** A trusted checkpoint as a proof is checked against it, whichever format it came in. */
interface TrustedHead {
  readonly treeSize: number
  readonly rootHash: string
  readonly mode: StoreMode
  /** How a summary names it: "signed at <time>" or "of <origin>". */
  readonly described: string
}

/**
 * Opens a C2SP checkpoint (a signed note) with the log's key, given as a note verifier (Go's
 * verifier key string, read by `parseNoteVerifierKey`) or as an Ed25519 public key (KeyObject or
 * PEM), whose verifier is then named by the checkpoint's own origin. The key's name must be the
 * checkpoint's origin (tlog-checkpoint: the log signs under its origin), so a checkpoint of
 * another log, or a simulation's, never opens with a real log's verifier key. Signatures by other
 * keys (witnesses') are kept in `unverified`.
 */
export function openC2spCheckpoint(
  note: string,
  key: KeyObject | string | NoteVerifier,
): Result<{ readonly checkpoint: C2spCheckpoint; readonly mode: StoreMode; readonly publicKey: KeyObject; readonly unverified: readonly NoteSignature[] }> {
  const problem = (code: string, message: string) => fail([{ code, message }])
  const split = note.lastIndexOf('\n\n')
  const claimed = parseC2spCheckpoint(split < 0 ? note : note.slice(0, split + 1))
  if ('reason' in claimed) return problem('checkpoint_c2sp', `not a C2SP checkpoint: ${claimed.reason}`)
  let verifier: NoteVerifier
  try {
    verifier = typeof key === 'object' && 'keyHash' in key ? key : noteVerifierOf(claimed.origin, toPublicKey(key))
  } catch (error) {
    return problem('checkpoint_key', `the public key cannot be used: ${(error as Error).message}`)
  }
  if (verifier.name !== claimed.origin) {
    return problem('checkpoint_origin', `the checkpoint is of the log ${claimed.origin}, the key given is ${verifier.name}'s`)
  }
  const opened = verifyNote(note, [verifier])
  if (!opened.valid) return problem('checkpoint_signature', opened.reason)
  const checkpoint = parseC2spCheckpoint(opened.text)
  if ('reason' in checkpoint) return problem('checkpoint_c2sp', checkpoint.reason)
  return ok({ checkpoint, mode: originMode(checkpoint.origin), publicKey: verifier.publicKey, unverified: opened.unverified })
}

/**
 * Verifies a proof file against a trusted checkpoint and the ledger's public key, with nothing
 * else: for an inclusion proof, that the entry is in the checkpoint's tree at its index; for a
 * consistency proof, that the proof's newer signed checkpoint extends the trusted one.
 *
 * The trusted checkpoint is a Verigate checkpoint file (its parsed JSON) or a C2SP checkpoint
 * (the signed note's text, a string); the key is a public key (KeyObject or PEM) or, for a C2SP
 * checkpoint, a note verifier.
 */
export function verifyProofFile(proofFile: unknown, trustedCheckpointFile: unknown, publicKey: KeyObject | string | NoteVerifier): Result<ProofVerdict> {
  const problem = (code: string, message: string) => fail([{ code, message }])
  let trusted: TrustedHead
  let key: KeyObject | string
  if (typeof trustedCheckpointFile === 'string') {
    const opened = openC2spCheckpoint(trustedCheckpointFile, publicKey)
    if (!opened.ok) return fail(opened.issues.map((i) => ({ ...i, message: `the trusted checkpoint: ${i.message}` })))
    const c = opened.value.checkpoint
    trusted = { treeSize: c.treeSize, rootHash: c.rootHash, mode: opened.value.mode, described: `of ${c.origin}` }
    key = opened.value.publicKey
  } else {
    if (typeof publicKey === 'object' && 'keyHash' in publicKey) return problem('checkpoint_key', 'a Verigate checkpoint file is checked with the public key, not a note verifier key')
    const parsed = checkpointFromFile(trustedCheckpointFile)
    if (!parsed.ok) return parsed
    const trustedCheck = verifyCheckpoint(parsed.value, publicKey)
    if (!trustedCheck.valid) return problem('checkpoint_signature', `the trusted checkpoint: ${trustedCheck.reason}`)
    trusted = { treeSize: parsed.value.treeSize, rootHash: parsed.value.rootHash, mode: checkpointMode(parsed.value), described: `signed at ${parsed.value.time}` }
    key = publicKey
  }
  const note = trusted.mode === 'simulation' ? ' (a SIMULATION ledger: its entries record no real disclosure)' : ''
  const p = proofFile as Record<string, unknown> | null
  if (typeof p !== 'object' || p === null) return problem('proof_not_object', 'a proof file holds a JSON object')
  const proof = hashesFromHex(p.proof)
  if (!proof) return problem('proof_field', 'proof is not a list of 64-hex-digit hashes')
  if (p.format === INCLUSION_PROOF_FORMAT) {
    const index = p.leaf_index
    const size = p.tree_size
    if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size)) return problem('proof_field', 'leaf_index and tree_size are integers')
    if (size !== trusted.treeSize) return problem('proof_tree_size', `the proof is for a tree of ${String(size)} entries, the checkpoint for ${trusted.treeSize}`)
    if (typeof p.entry !== 'string') return problem('proof_field', 'entry is the base64 of the entry’s bytes')
    const entry = Buffer.from(p.entry, 'base64')
    const header = readEntryHeader(entry)
    if ('reason' in header) return problem('proof_entry', `the entry: ${header.reason}`)
    if (header.seq !== index) return problem('proof_entry', `the entry says it is number ${header.seq}, the proof says ${String(index)}`)
    const check = verifyInclusion(hashLeaf(entry), index as number, size as number, proof, Buffer.from(trusted.rootHash, 'hex'))
    if (!check.valid) return problem('inclusion_proof', check.reason)
    return ok({
      kind: 'inclusion',
      summary: `entry ${String(index)} is in the ledger of ${String(size)} entries ${trusted.described}${note}`,
      treeSize: size as number,
      leafIndex: index as number,
      mode: trusted.mode,
    })
  }
  if (p.format === CONSISTENCY_PROOF_FORMAT) {
    const newer = checkpointFromFile(p.checkpoint)
    if (!newer.ok) return newer
    const newerCheck = verifyCheckpoint(newer.value, key)
    if (!newerCheck.valid) return problem('checkpoint_signature', `the proof’s checkpoint: ${newerCheck.reason}`)
    if (checkpointMode(newer.value) !== trusted.mode) {
      return problem('checkpoint_mode', `the proof’s checkpoint is a ${checkpointMode(newer.value)} ledger’s, the trusted one a ${trusted.mode} ledger’s: one cannot extend the other`)
    }
    if (p.from_size !== trusted.treeSize || p.from_root !== trusted.rootHash) {
      return problem('proof_from', `the proof starts from a tree of ${String(p.from_size)} entries, not from the trusted checkpoint (${trusted.treeSize})`)
    }
    const check = verifyConsistency(trusted.treeSize, newer.value.treeSize, Buffer.from(trusted.rootHash, 'hex'), Buffer.from(newer.value.rootHash, 'hex'), proof)
    if (!check.valid) return problem('consistency_proof', check.reason)
    return ok({
      kind: 'consistency',
      summary: `the ledger of ${newer.value.treeSize} entries signed at ${newer.value.time} extends the one of ${trusted.treeSize} entries ${trusted.described}${note}`,
      treeSize: newer.value.treeSize,
      fromSize: trusted.treeSize,
      mode: trusted.mode,
    })
  }
  return problem('proof_format', `unknown proof format ${String(p.format)}`)
}
