/**
 * The keys that sign a store's ledger (migration 0008): reading them, and the one check every
 * append made with a key, every checkpoint and every key rotation goes through, under the
 * ledger's lock. A store records its first key with its first keyed write (or when a command
 * makes the key for a new store); from then on only that key, or the key a ledgered rotation
 * brought in, may write.
 */
import type { Selectable, Transaction } from 'kysely'
import { IntegrityError } from '../../core/index.js'
import { holderSecretTag, publicKeyPem, signingKeyMismatch, verifyCheckpoint } from '../../ledger/index.js'
import type { LedgerKeys } from '../../ledger/index.js'
import type { Database, LedgerKeysTable } from '../schema.js'
import { toBuffer, toNumber, toNumberOrNull } from './context.js'
import type { RecordedLedgerEntry } from '../../core/index.js'
import type { SignedCheckpoint } from '../../ledger/index.js'

/** A key that signs (or signed) the ledger, as the store records it (migration 0008). */
export interface LedgerSigningKey {
  /** Hex SHA-256 of the public key's SubjectPublicKeyInfo, as checkpoints name it. */
  readonly keyId: string
  /** The public key (PEM). */
  readonly publicKeyPem: string
  /** A tag of the pseudonym secret that goes with the key (`holderSecretTag`). */
  readonly secretTag: string
  /** The smallest tree size the key signs: 0 for the first key, a rotation entry's seq + 1 after. */
  readonly fromSize: number
  /** The `key_rotation` entry that brought the key in; null for the store's first key. */
  readonly rotationSeq: number | null
  readonly recordedAt: string
}

/** What a key rotation wrote: its ledger entry, and the old key's checkpoint that covers it. */
export interface KeyRotationRecord {
  readonly entry: RecordedLedgerEntry<'key_rotation'>
  readonly checkpoint: SignedCheckpoint
}

type Reader = Pick<Transaction<Database>, 'selectFrom'>

function toSigningKey(row: Selectable<LedgerKeysTable>): LedgerSigningKey {
  return {
    keyId: row.key_id,
    publicKeyPem: row.public_key,
    secretTag: row.secret_tag,
    fromSize: toNumber(row.from_size),
    rotationSeq: toNumberOrNull(row.rotation_seq),
    recordedAt: row.recorded_at,
  }
}

/** Every key of the ledger, oldest first. */
export async function signingKeysOf(db: Reader): Promise<LedgerSigningKey[]> {
  return (await db.selectFrom('ledger_keys').selectAll().orderBy('from_size').execute()).map(toSigningKey)
}

/** The key that signs the ledger now, or undefined when the store has recorded none yet. */
export async function currentSigningKeyOf(db: Reader): Promise<LedgerSigningKey | undefined> {
  const row = await db.selectFrom('ledger_keys').selectAll().orderBy('from_size', 'desc').limit(1).executeTakeFirst()
  return row ? toSigningKey(row) : undefined
}

/**
 * Checks, in a transaction that holds the ledger's lock, that `keys` are the key the ledger is
 * signed with now, and records them as its first key when the store has none yet. Throws
 * `IntegrityError` (nothing written) otherwise. A store that holds entries but no recorded key
 * (one written before migration 0008) takes the key that signed its latest checkpoint, or,
 * having no checkpoint, the key given.
 */
export async function requireSigningKey(trx: Transaction<Database>, keys: LedgerKeys, size: number, at: Date): Promise<void> {
  const recorded = await currentSigningKeyOf(trx)
  if (recorded) {
    const mismatch = signingKeyMismatch(recorded, keys)
    if (mismatch) throw new IntegrityError(`${mismatch}: refused, nothing written (a new key comes only with a new store, or by \`verigate ledger rotate-key\`)`)
    return
  }
  if (size > 0) {
    const last = await trx.selectFrom('ledger_checkpoints').selectAll().orderBy('time', 'desc').orderBy('tree_size', 'desc').limit(1).executeTakeFirst()
    if (last) {
      const signed = verifyCheckpoint(
        { treeSize: toNumber(last.tree_size), rootHash: toBuffer(last.root_hash).toString('hex'), time: last.time, keyId: last.key_id, signature: toBuffer(last.signature).toString('base64') },
        keys.publicKey,
      )
      if (!signed.valid) throw new IntegrityError(`this store's ledger holds ${size} entries and its latest checkpoint was signed by key ${last.key_id}, not by the key in ${keys.path} (${keys.keyId}): refused, nothing written`)
    }
  }
  await trx
    .insertInto('ledger_keys')
    .values({ key_id: keys.keyId, public_key: publicKeyPem(keys), secret_tag: holderSecretTag(keys.holderSecret), from_size: 0, rotation_seq: null, recorded_at: at.toISOString() })
    .execute()
}
