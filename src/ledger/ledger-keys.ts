/**
 * The holder's ledger keys, kept in one file: the Ed25519 key that signs checkpoints and the
 * secret behind subject pseudonyms. Neither is ever written to the ledger or the database, so a
 * copy of the database alone can neither forge a checkpoint nor undo a pseudonym.
 */
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs'
import { InvalidInputError, NotFoundError, VerigateError } from '../core/index.js'
import { keyIdOf } from './verify.js'

/** The format tag of a key file. */
export const LEDGER_KEY_FORMAT = 'verigate-ledger-key/1'

/** The loaded keys. */
export interface LedgerKeys {
  /** Where the keys were read from. */
  readonly path: string
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  /** Hex SHA-256 of the public key's SubjectPublicKeyInfo, as checkpoints name it. */
  readonly keyId: string
  /** The HMAC secret behind pseudonyms (32 bytes). */
  readonly holderSecret: Buffer
}

interface KeyFile {
  readonly format: string
  readonly private_key: string
  readonly holder_secret: string
  readonly created: string
}

/** The public key in PEM (SubjectPublicKeyInfo), to hand to an overseer. */
export function publicKeyPem(keys: LedgerKeys): string {
  return keys.publicKey.export({ type: 'spki', format: 'pem' }).toString()
}

/** Signs bytes with the ledger key (Ed25519, RFC 8032). */
export function signWithLedgerKey(keys: LedgerKeys, bytes: Uint8Array): Buffer {
  return sign(null, bytes, keys.privateKey)
}

/** Reads a key file; throws `NotFoundError` when there is none. */
export function loadLedgerKeys(path: string): LedgerKeys {
  if (!existsSync(path)) throw new NotFoundError(`no ledger key file at ${path}`)
  let file: KeyFile
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile
  } catch (error) {
    throw new InvalidInputError(`the ledger key file ${path} is not JSON`, { cause: error })
  }
  if (file.format !== LEDGER_KEY_FORMAT) throw new InvalidInputError(`${path} is not a ledger key file (format ${String(file.format)})`)
  const privateKey = createPrivateKey(file.private_key)
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new InvalidInputError(`the key in ${path} is not an Ed25519 key`)
  const holderSecret = Buffer.from(file.holder_secret, 'base64')
  if (holderSecret.length < 32) throw new InvalidInputError(`the holder secret in ${path} is shorter than 32 bytes`)
  const publicKey = createPublicKey(privateKey)
  return { path, privateKey, publicKey, keyId: keyIdOf(publicKey), holderSecret }
}

/**
 * A tag of the pseudonym secret: HMAC-SHA-256(secret, "verigate-holder-secret-tag/1"), in hex. The
 * store records it beside the key id, so that a key file whose signing key is right but whose
 * secret is not (and would give every person a second pseudonym) is refused; the tag reveals
 * nothing of the secret.
 */
export function holderSecretTag(holderSecret: Uint8Array): string {
  return createHmac('sha256', holderSecret).update('verigate-holder-secret-tag/1').digest('hex')
}

/**
 * Why `keys` are not the key a store records for its ledger (`recorded`: its key id and secret
 * tag), or undefined when they are.
 */
export function signingKeyMismatch(recorded: { readonly keyId: string; readonly secretTag: string }, keys: LedgerKeys): string | undefined {
  if (recorded.keyId !== keys.keyId) return `this store's ledger is signed by key ${recorded.keyId}, and the key file ${keys.path} holds key ${keys.keyId}`
  if (recorded.secretTag !== holderSecretTag(keys.holderSecret)) {
    return `the key file ${keys.path} holds this store's signing key ${recorded.keyId} with another pseudonym secret (every person would get a second pseudonym)`
  }
  return undefined
}

/**
 * Creates a key file at `path` (mode 0600, exclusively: an existing file is never overwritten)
 * with a new Ed25519 key and, unless one is given, a new pseudonym secret; writes the public key
 * beside it as `<path>.pub.pem`. A key rotation passes the current secret, so pseudonyms stay.
 *
 * @example
 * const next = createLedgerKeys('ledger-2026.key', { holderSecret: current.holderSecret })
 */
export function createLedgerKeys(path: string, options: { readonly holderSecret?: Uint8Array; readonly now?: Date } = {}): LedgerKeys {
  const { privateKey } = generateKeyPairSync('ed25519')
  const file: KeyFile = {
    format: LEDGER_KEY_FORMAT,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    holder_secret: Buffer.from(options.holderSecret ?? randomBytes(32)).toString('base64'),
    created: (options.now ?? new Date()).toISOString(),
  }
  let fd: number
  try {
    fd = openSync(path, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new VerigateError('conflict', `${path} exists: a new ledger key is never written over a file`)
    throw error
  }
  try {
    writeSync(fd, `${JSON.stringify(file, null, 2)}\n`)
  } finally {
    closeSync(fd)
  }
  const keys = loadLedgerKeys(path)
  writeFileSync(`${path}.pub.pem`, publicKeyPem(keys))
  return keys
}

/**
 * Reads the key file at `path`, or creates it (mode 0600) when there is none. Creation is
 * exclusive, so two processes starting together end up with the same keys. For tests and
 * simulations on new stores: the commands decide with `ledgerKeysFor` (src/cli/db-option.ts),
 * which never makes a key for a store that already has one.
 *
 * @example
 * const { keys, created } = loadOrCreateLedgerKeys('verigate.sqlite.ledger-key')
 * if (created) console.error(`created a ledger key at ${keys.path}`)
 */
export function loadOrCreateLedgerKeys(path: string, now: Date = new Date()): { readonly keys: LedgerKeys; readonly created: boolean } {
  if (existsSync(path)) return { keys: loadLedgerKeys(path), created: false }
  try {
    return { keys: createLedgerKeys(path, { now }), created: true }
  } catch (error) {
    if (error instanceof VerigateError && error.code === 'conflict') return { keys: loadLedgerKeys(path), created: false }
    throw error
  }
}
