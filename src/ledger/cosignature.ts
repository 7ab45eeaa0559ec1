/**
 * Witness co-signatures in the C2SP `tlog-cosignature` format (https://c2sp.org/tlog-cosignature,
 * `cosignature/v1`, Ed25519): an overseer who checked a checkpoint against the last one it kept
 * signs it with its own key, and the holder keeps the line beside its own signature. Any C2SP
 * witness client reads these lines, and a verifier that does not know the witness skips them
 * (signed-note: unknown keys are ignored). Pure: node:crypto and signed-note.ts only.
 *
 * A co-signature is one note signature line `— <witness name> base64(key id || timestamp || sig)`:
 * - key id: SHA-256(name || "\n" || 0x04 || 32-byte public key)[:4] (0x04, not the log's 0x01,
 *   so a witness key never passes for a log key and the other way round);
 * - timestamp: 8 bytes big-endian, seconds since the epoch, when the witness signed;
 * - signature: Ed25519 over "cosignature/v1\ntime <timestamp>\n" followed by the checkpoint's
 *   whole note text (origin, size, root, extension lines), without its signature lines.
 */
import { createHash, createPublicKey, sign as signBytes, verify as verifyBytes } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { ed25519PublicKeyFromRaw, isValidNoteName, rawEd25519PublicKey } from './signed-note.js'

/** The signature type byte of an Ed25519 `cosignature/v1` key (tlog-cosignature, "Format"). */
export const COSIGNATURE_ALG_ED25519 = 0x04

/** What opens every signature line, as in signed-note.ts. */
const SIGNATURE_PREFIX = '\u2014 '

/** A witness key that checks co-signatures: its name, key id and Ed25519 public key. */
export interface WitnessVerifier {
  /** The witness's name, as its signature lines carry it (a schema-less URL, e.g. `overseer.example.gov/w1`). */
  readonly name: string
  /** SHA-256(name || "\n" || 0x04 || public key)[:4], as an unsigned integer. */
  readonly keyHash: number
  readonly publicKey: KeyObject
}

/** A witness key that co-signs: its name and Ed25519 private key. */
export interface WitnessSigner {
  readonly name: string
  readonly privateKey: KeyObject
}

/** A co-signature that verified: who, when, and the line as the note carries it. */
export interface Cosignature {
  readonly name: string
  readonly keyHash: number
  /** When the witness signed, in seconds since the epoch (its own clock). */
  readonly timestamp: number
  /** The whole signature line, with its "— " and without its newline. */
  readonly line: string
}

/** The key id of a witness key: SHA-256(name || "\n" || 0x04 || key)[:4]. */
export function witnessKeyHash(name: string, publicKey: KeyObject): number {
  return createHash('sha256')
    .update(Buffer.from(`${name}\n`, 'utf8'))
    .update(Buffer.of(COSIGNATURE_ALG_ED25519))
    .update(rawEd25519PublicKey(publicKey))
    .digest()
    .readUInt32BE(0)
}

/** The verifier of a witness key under a name. */
export function witnessVerifierOf(name: string, publicKey: KeyObject): WitnessVerifier {
  if (!isValidNoteName(name)) throw new TypeError(`a witness name is non-empty, without spaces or "+": ${JSON.stringify(name)}`)
  return { name, keyHash: witnessKeyHash(name, publicKey), publicKey }
}

/** The verifier key string of a witness (signed-note vkey with type 0x04): `<name>+<key id hex>+<base64(0x04 || key)>`. */
export function witnessVerifierKey(verifier: WitnessVerifier): string {
  const key = Buffer.concat([Buffer.of(COSIGNATURE_ALG_ED25519), rawEd25519PublicKey(verifier.publicKey)])
  return `${verifier.name}+${verifier.keyHash.toString(16).padStart(8, '0')}+${key.toString('base64')}`
}

/** Reads a witness verifier key string, checking its type (0x04) and that its key id is the key's; or says why not. */
export function parseWitnessVerifierKey(vkey: string): WitnessVerifier | { readonly reason: string } {
  const refuse = (reason: string) => ({ reason: `the witness verifier key ${JSON.stringify(vkey)}: ${reason}` })
  const parts = vkey.trim().split('+')
  if (parts.length < 3) return refuse('it is <name>+<key id>+<base64 key>, three parts joined by "+"')
  const [name, hashHex] = parts as [string, string]
  const keyB64 = parts.slice(2).join('+')
  if (!isValidNoteName(name)) return refuse('the name is empty or holds a space')
  if (!/^[0-9a-f]{8}$/.test(hashHex)) return refuse('the key id is not 8 lower-case hex digits')
  const key = Buffer.from(keyB64, 'base64')
  if (key.toString('base64') !== keyB64) return refuse('the key is not standard base64')
  if (key.length !== 33) return refuse('the key is not a type byte and 32 bytes')
  if (key[0] !== COSIGNATURE_ALG_ED25519) return refuse(`the key is of type 0x${(key[0] ?? 0).toString(16).padStart(2, '0')}, not 0x04 (an Ed25519 cosignature/v1 key): a log's own key cannot witness`)
  const verifier = witnessVerifierOf(name, ed25519PublicKeyFromRaw(key.subarray(1)))
  if (verifier.keyHash !== Number.parseInt(hashHex, 16)) return refuse(`the key id ${hashHex} is not the hash of the name and key`)
  return verifier
}

/** The message a `cosignature/v1` signs: the header line, the time line, then the checkpoint's note text. */
function cosignedMessage(checkpointText: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, 'utf8')
}

/** The note text of a signed note (everything up to and with the newline before its blank line), or the text itself when it has no signatures. */
export function noteTextOf(note: string): string {
  const split = note.lastIndexOf('\n\n')
  return split < 0 ? note : note.slice(0, split + 1)
}

/**
 * Co-signs a checkpoint's note text at `at` (whole seconds): the signature line, without its newline.
 * The caller has checked the checkpoint first: a co-signature says the witness saw this tree head
 * as the largest consistent one of the log.
 */
export function cosignCheckpoint(checkpointText: string, signer: WitnessSigner, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000)
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TypeError(`a co-signature time is after 1970: ${at.toISOString()}`)
  const verifier = witnessVerifierOf(signer.name, createPublicKey(signer.privateKey))
  const head = Buffer.alloc(12)
  head.writeUInt32BE(verifier.keyHash, 0)
  head.writeBigUInt64BE(BigInt(timestamp), 4)
  const signature = signBytes(null, cosignedMessage(checkpointText, timestamp), signer.privateKey)
  return `${SIGNATURE_PREFIX}${signer.name} ${Buffer.concat([head, signature]).toString('base64')}`
}

/**
 * The co-signatures among a note's signature lines by `witness` that verify over the note's text;
 * or why one by that witness (its name and key id) does not verify.
 */
export function witnessCosignatures(note: string, witness: WitnessVerifier): { readonly cosignatures: readonly Cosignature[] } | { readonly reason: string } {
  const split = note.lastIndexOf('\n\n')
  if (split < 0) return { reason: 'the note has no blank line between its text and its signatures' }
  const text = note.slice(0, split + 1)
  const lines = note.slice(split + 2).split('\n').filter((line) => line !== '')
  const found: Cosignature[] = []
  for (const line of lines) {
    const checked = checkCosignatureLine(text, line, witness)
    if (checked === undefined) continue
    if ('reason' in checked) return checked
    if (!found.some((c) => c.line === checked.line)) found.push(checked)
  }
  return { cosignatures: found }
}

/**
 * Checks one signature line as a co-signature of `checkpointText` by `witness`: undefined when the
 * line is another key's (other name or key id), the co-signature when it verifies, a reason when
 * it claims to be the witness's and does not verify.
 */
export function checkCosignatureLine(checkpointText: string, line: string, witness: WitnessVerifier): Cosignature | { readonly reason: string } | undefined {
  if (!line.startsWith(SIGNATURE_PREFIX)) return { reason: `a signature line does not start with "— ": ${JSON.stringify(line.slice(0, 40))}` }
  const rest = line.slice(SIGNATURE_PREFIX.length)
  const space = rest.indexOf(' ')
  if (space < 0) return { reason: `a signature line has no signature: ${JSON.stringify(line.slice(0, 40))}` }
  const name = rest.slice(0, space)
  const raw = Buffer.from(rest.slice(space + 1), 'base64')
  if (name !== witness.name || raw.length < 4 || raw.readUInt32BE(0) !== witness.keyHash) return undefined
  const id = `${witness.name} (${witness.keyHash.toString(16).padStart(8, '0')})`
  if (raw.length !== 4 + 8 + 64) return { reason: `the co-signature of ${id} is ${raw.length} bytes, not 76 (key id, timestamp, Ed25519 signature)` }
  const big = raw.readBigUInt64BE(4)
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) return { reason: `the co-signature of ${id} has a timestamp beyond 2^53` }
  const timestamp = Number(big)
  if (!verifyBytes(null, cosignedMessage(checkpointText, timestamp), witness.publicKey, raw.subarray(12))) {
    return { reason: `the co-signature of ${id} does not verify over this checkpoint (another tree head, or forged)` }
  }
  return { name, keyHash: witness.keyHash, timestamp, line }
}
