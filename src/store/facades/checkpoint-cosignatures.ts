/**
 * Witness co-signatures of checkpoints (issue 22, migration 0023): the C2SP `cosignature/v1`
 * lines overseers made over tree heads of this ledger, kept to be shown with the checkpoint of
 * that tree head. The caller checks each against the witness's key and the ledger before it adds
 * it (src/cli/commands/ledger.ts `ledger cosign-add`); the table is append-only.
 */
import type { StoreContext } from './context.js'
import { toNumber, withTransaction } from './context.js'

/** A kept co-signature. */
export interface StoredCosignature {
  /** The signature line (`— <witness name> <base64>`, without its newline). */
  readonly line: string
  readonly origin: string
  readonly treeSize: number
  /** Hex of the root hash the co-signature covers. */
  readonly rootHash: string
  readonly witnessName: string
  /** The witness key's id, 8 hex digits. */
  readonly witnessKeyHash: string
  /** When the witness signed (ISO time, whole seconds). */
  readonly signedAt: string
  /** When the holder kept it. */
  readonly addedAt: string
}

/** Checkpoint co-signatures. */
export interface CheckpointCosignaturesFacade {
  /** Keeps a co-signature; false when the same line is kept already (nothing written). */
  add(cosignature: StoredCosignature): Promise<boolean>
  /** The co-signatures of one tree head, oldest first. */
  forTree(treeSize: number, rootHash: string): Promise<readonly StoredCosignature[]>
  /** Every kept co-signature, by tree size then time. */
  list(): Promise<readonly StoredCosignature[]>
}

type Row = { line: string; origin: string; tree_size: number | string; root_hash: string; witness_name: string; witness_key_hash: string; signed_at: string; added_at: string }

function toCosignature(row: Row): StoredCosignature {
  return {
    line: row.line,
    origin: row.origin,
    treeSize: toNumber(row.tree_size),
    rootHash: row.root_hash,
    witnessName: row.witness_name,
    witnessKeyHash: row.witness_key_hash,
    signedAt: row.signed_at,
    addedAt: row.added_at,
  }
}

/** The checkpoint co-signatures facade. */
export function checkpointCosignaturesFacade(context: StoreContext): CheckpointCosignaturesFacade {
  const { db } = context
  return {
    async add(c) {
      return withTransaction(context, async (trx) => {
        const kept = await trx.selectFrom('checkpoint_cosignatures').select('line').where('line', '=', c.line).executeTakeFirst()
        if (kept) return false
        await trx
          .insertInto('checkpoint_cosignatures')
          .values({
            line: c.line,
            origin: c.origin,
            tree_size: c.treeSize,
            root_hash: c.rootHash,
            witness_name: c.witnessName,
            witness_key_hash: c.witnessKeyHash,
            signed_at: c.signedAt,
            added_at: c.addedAt,
          })
          .execute()
        return true
      })
    },
    async forTree(treeSize, rootHash) {
      const rows = await db.selectFrom('checkpoint_cosignatures').selectAll().where('tree_size', '=', treeSize).where('root_hash', '=', rootHash).orderBy('signed_at').orderBy('line').execute()
      return rows.map(toCosignature)
    },
    async list() {
      return (await db.selectFrom('checkpoint_cosignatures').selectAll().orderBy('tree_size').orderBy('signed_at').orderBy('line').execute()).map(toCosignature)
    },
  }
}
