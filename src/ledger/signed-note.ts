/**
 * C2SP signed notes (https://c2sp.org/signed-note), the envelope Go's checksum database,
 * transparency logs and their witnesses sign checkpoints in, with Ed25519 keys only (algorithm
 * 0x01). It follows `golang.org/x/mod/sumdb/note` rule for rule, so a note we sign opens with
 * Go's `note.Open` and a note Go signs opens here (note.test.ts checks the package's published
 * vector). Signing is the holder's alone; reading (a verifier key, a note) is the standalone
 * verifier's own (packages/verify), so the holder and an overseer read a note one way.
 *
 * A note is its text (non-empty, ending in a newline, no blank line inside), a blank line, then
 * one or more signature lines `— <name> <base64(key hash (4 bytes) || signature)>`. The key hash
 * is the first 4 bytes of SHA-256(name || 0x0A || 0x01 || Ed25519 public key), so a signature
 * names the key and the name together: the same key under another name is another verifier.
 */
import { createHash, createPrivateKey, createPublicKey, sign as signBytes } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { openNote, parseVerifierKey } from '../../packages/verify/src/index.js'

/** The algorithm byte of an Ed25519 note key (signed-note, "Signature types"). */
export const NOTE_ALG_ED25519 = 0x01

/** What opens every signature line: U+2014 (em dash) and a space. */
const SIGNATURE_PREFIX = '\u2014 '

/** The DER prefixes that wrap a raw Ed25519 key (RFC 8410): 32 key bytes follow each. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/** A key that can check a note's signatures: its name, key hash and Ed25519 public key. */
export interface NoteVerifier {
  /** The key name the signature line carries (for a checkpoint, the log's origin). */
  readonly name: string
  /** The first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key), as an unsigned integer. */
  readonly keyHash: number
  readonly publicKey: KeyObject
}

/** A key that signs notes: its name and Ed25519 private key. */
export interface NoteSigner {
  readonly name: string
  readonly privateKey: KeyObject
}

/** One signature line of a note. */
export interface NoteSignature {
  readonly name: string
  readonly keyHash: number
  /** The line's base64: key hash and signature together, as written. */
  readonly base64: string
}

/** A note whose signatures were checked: its text, the signatures that verified, and those by keys not trusted. */
export interface OpenedNote {
  readonly valid: true
  /** The signed text, with its final newline. */
  readonly text: string
  /** Signatures by trusted keys, each verified. */
  readonly signatures: readonly NoteSignature[]
  /** Signatures by keys not in the trusted list (a witness's, say): kept, not checked. */
  readonly unverified: readonly NoteSignature[]
}

/** A note that does not open, and why. */
export interface RefusedNote {
  readonly valid: false
  readonly reason: string
}

/**
 * True for a valid key name: non-empty, no Unicode space, no `+` (the verifier key string uses
 * `+` as its separator), as Go's `isValidName`.
 */
export function isValidNoteName(name: string): boolean {
  return name !== '' && !/[\s+]/u.test(name) && !name.includes('\u0085')
}

/** The raw 32 bytes of an Ed25519 public key. */
export function rawEd25519PublicKey(publicKey: KeyObject): Buffer {
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new TypeError(`a note key is Ed25519, not ${publicKey.asymmetricKeyType ?? 'a symmetric key'}`)
  const der = publicKey.export({ type: 'spki', format: 'der' })
  return der.subarray(der.length - 32)
}

/** An Ed25519 public key from its raw 32 bytes. */
export function ed25519PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new TypeError(`an Ed25519 public key is 32 bytes, not ${raw.length}`)
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' })
}

/** An Ed25519 private key from its 32-byte seed (how Go's note package stores one). */
export function ed25519PrivateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new TypeError(`an Ed25519 seed is 32 bytes, not ${seed.length}`)
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' })
}

/** The key hash of an Ed25519 note key: the first 4 bytes of SHA-256(name || "\n" || 0x01 || key). */
export function noteKeyHash(name: string, publicKey: KeyObject): number {
  const digest = createHash('sha256')
    .update(Buffer.from(`${name}\n`, 'utf8'))
    .update(Buffer.of(NOTE_ALG_ED25519))
    .update(rawEd25519PublicKey(publicKey))
    .digest()
  return digest.readUInt32BE(0)
}

/** The verifier of a key under a name. */
export function noteVerifierOf(name: string, publicKey: KeyObject): NoteVerifier {
  if (!isValidNoteName(name)) throw new TypeError(`a note key name is non-empty, without spaces or "+": ${JSON.stringify(name)}`)
  return { name, keyHash: noteKeyHash(name, publicKey), publicKey }
}

/**
 * The verifier key string Go's tools take (`note.NewVerifier`): `<name>+<key hash, 8 hex
 * digits>+<base64(0x01 || public key)>`.
 *
 * @example
 * noteVerifierKey(noteVerifierOf('PeterNeumann', key)) // 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'
 */
export function noteVerifierKey(verifier: NoteVerifier): string {
  const key = Buffer.concat([Buffer.of(NOTE_ALG_ED25519), rawEd25519PublicKey(verifier.publicKey)])
  return `${verifier.name}+${verifier.keyHash.toString(16).padStart(8, '0')}+${key.toString('base64')}`
}

/**
 * Reads a verifier key string (`<name>+<hash hex>+<base64 key>`), checking that its hash is the
 * key's: the standalone verifier's reading (packages/verify), so holder and recipient cannot
 * read a key two ways.
 */
export function parseNoteVerifierKey(vkey: string): NoteVerifier | RefusedNote {
  return parseVerifierKey(vkey)
}

// eslint-disable-next-line no-control-regex -- control characters other than newline are what a note may not hold
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f]/u

/** Why a note text cannot be signed or opened, or undefined when it can (Go's `Sign` and `Open` rules). */
function textProblem(text: string): string | undefined {
  if (text === '' || !text.endsWith('\n')) return 'the text is empty or does not end with a newline'
  if (text.includes('\n\n')) return 'the text holds a blank line'
  if (CONTROL_BUT_NEWLINE.test(text)) return 'the text holds a control character other than newline'
  return undefined
}

/**
 * Signs `text` with each signer: the note is the text, a blank line and one signature line per
 * signer, in the order given.
 */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  const problem = textProblem(text)
  if (problem) throw new TypeError(`a note cannot be signed: ${problem}`)
  if (signers.length === 0) throw new TypeError('a note needs at least one signer')
  const lines = signers.map((signer) => {
    const verifier = noteVerifierOf(signer.name, createPublicKey(signer.privateKey))
    const hash = Buffer.alloc(4)
    hash.writeUInt32BE(verifier.keyHash, 0)
    const signature = signBytes(null, Buffer.from(text, 'utf8'), signer.privateKey)
    return `${SIGNATURE_PREFIX}${signer.name} ${Buffer.concat([hash, signature]).toString('base64')}\n`
  })
  return `${text}\n${lines.join('')}`
}

/**
 * Opens a note: splits it at its last blank line, reads every signature line, checks those by
 * trusted keys and keeps the rest unchecked (signed-note: "verifiers MUST ignore signatures from
 * unknown keys"). Refused when it is malformed, when a trusted key's signature does not verify, or
 * when no trusted key signed it. The reading is the standalone verifier's (packages/verify
 * `openNote`), so what the holder accepts is what an overseer's copy accepts.
 */
export function verifyNote(note: string | Uint8Array, trusted: readonly NoteVerifier[]): OpenedNote | RefusedNote {
  if (typeof note === 'string') return openNote(note, trusted)
  try {
    return openNote(new TextDecoder('utf-8', { fatal: true }).decode(note), trusted)
  } catch {
    return { valid: false, reason: 'the note is not UTF-8' }
  }
}
