/**
 * Key rotations: the ledger's signing key replaced by another, in the ledger itself (an entry of
 * kind `key_rotation`), so that whoever holds any one of the ledger's public keys can follow the
 * chain to every other. The statement a rotation signs is encoded byte by byte (ENCODING.md, "Key
 * rotations"); both keys sign it: the old key vouches for the new one (an overseer holding the old
 * public key trusts the new key because of it), and the new key proves it is held (no ledger is
 * rotated to a key nobody has). The statement names the tree before the rotation (size and root),
 * so a rotation cannot be moved to another place or another ledger.
 */
import { createPublicKey, verify as verifySignature } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import type { KeyRotationPayload } from '../core/index.js'
import type { LedgerKeys } from './ledger-keys.js'
import { signWithLedgerKey } from './ledger-keys.js'
import { HASH_SIZE, keyIdOf, writeUint64 } from './verify.js'
import type { Check } from './verify.js'

/** The magic bytes that open an encoded rotation statement (never valid as a checkpoint's). */
const ROTATION_MAGIC = Buffer.from('VGKR', 'ascii')
/** The version byte of the rotation statement. */
export const KEY_ROTATION_VERSION = 0x01
/** Bytes in an encoded statement: magic 4, version 1, size 8, root 32, old key id 32, new key id 32. */
export const KEY_ROTATION_SIZE = 4 + 1 + 8 + HASH_SIZE + HASH_SIZE + HASH_SIZE

/** What a rotation's two signatures cover. */
export interface KeyRotationStatement {
  /** The ledger's size before the rotation entry (its position). */
  readonly treeSize: number
  /** Hex of the Merkle root of those entries. */
  readonly rootHash: string
  readonly oldKeyId: string
  readonly newKeyId: string
}

/**
 * The bytes both keys sign:
 * `"VGKR" || 0x01 || uint64 tree_size || root_hash[32] || old_key_id[32] || new_key_id[32]`.
 */
export function encodeKeyRotation(statement: KeyRotationStatement): Buffer {
  const root = Buffer.from(statement.rootHash, 'hex')
  const oldId = Buffer.from(statement.oldKeyId, 'hex')
  const newId = Buffer.from(statement.newKeyId, 'hex')
  if (root.length !== HASH_SIZE || oldId.length !== HASH_SIZE || newId.length !== HASH_SIZE) throw new TypeError('a key rotation’s root hash and key ids are 32 bytes each')
  if (!Number.isSafeInteger(statement.treeSize) || statement.treeSize < 0) throw new TypeError('a key rotation’s tree size is a non-negative integer')
  const out = Buffer.alloc(KEY_ROTATION_SIZE)
  ROTATION_MAGIC.copy(out, 0)
  out[4] = KEY_ROTATION_VERSION
  writeUint64(out, 5, statement.treeSize)
  root.copy(out, 13)
  oldId.copy(out, 45)
  newId.copy(out, 77)
  return out
}

const spkiBase64 = (key: KeyObject): string => key.export({ type: 'spki', format: 'der' }).toString('base64')

/**
 * The payload of the rotation from `current` to `next` at a ledger of `treeSize` entries with
 * root `rootHash`, signed by both keys.
 *
 * @example
 * const payload = signKeyRotation(oldKeys, newKeys, 42, root)
 * checkKeyRotation(payload) // { valid: true }
 */
export function signKeyRotation(current: LedgerKeys, next: LedgerKeys, treeSize: number, rootHash: Uint8Array): KeyRotationPayload {
  const statement: KeyRotationStatement = { treeSize, rootHash: Buffer.from(rootHash).toString('hex'), oldKeyId: current.keyId, newKeyId: next.keyId }
  const bytes = encodeKeyRotation(statement)
  return {
    oldKeyId: current.keyId,
    oldPublicKey: spkiBase64(current.publicKey),
    newKeyId: next.keyId,
    newPublicKey: spkiBase64(next.publicKey),
    treeSize,
    rootHash: statement.rootHash,
    oldKeySignature: signWithLedgerKey(current, bytes).toString('base64'),
    newKeySignature: signWithLedgerKey(next, bytes).toString('base64'),
  }
}

/** A public key given as base64 of its SubjectPublicKeyInfo, or undefined when it is not an Ed25519 key. */
export function publicKeyFromSpki(base64: string): KeyObject | undefined {
  try {
    const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' })
    return key.asymmetricKeyType === 'ed25519' ? key : undefined
  } catch {
    return undefined
  }
}

/**
 * Checks a rotation payload on its own: each key id is its public key's, the two keys differ, and
 * both signatures verify over the statement. Where the rotation sits (its tree size and root) is
 * the caller's to compare with the ledger.
 */
export function checkKeyRotation(payload: KeyRotationPayload): Check {
  const oldKey = publicKeyFromSpki(String(payload.oldPublicKey))
  const newKey = publicKeyFromSpki(String(payload.newPublicKey))
  if (!oldKey || !newKey) return { valid: false, reason: 'a public key of the rotation is not an Ed25519 key' }
  if (keyIdOf(oldKey) !== payload.oldKeyId) return { valid: false, reason: 'the old key id is not its public key’s' }
  if (keyIdOf(newKey) !== payload.newKeyId) return { valid: false, reason: 'the new key id is not its public key’s' }
  if (payload.oldKeyId === payload.newKeyId) return { valid: false, reason: 'the rotation keeps the same key' }
  let bytes: Buffer
  try {
    bytes = encodeKeyRotation(payload)
  } catch (error) {
    return { valid: false, reason: (error as Error).message }
  }
  const signatureOf = (text: string): Buffer => Buffer.from(String(text), 'base64')
  if (!verifySignature(null, bytes, oldKey, signatureOf(payload.oldKeySignature))) return { valid: false, reason: 'the old key’s signature does not verify' }
  if (!verifySignature(null, bytes, newKey, signatureOf(payload.newKeySignature))) return { valid: false, reason: 'the new key’s signature does not verify' }
  return { valid: true }
}
