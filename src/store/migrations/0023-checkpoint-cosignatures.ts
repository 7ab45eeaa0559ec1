/**
 * Checkpoint co-signatures (issue 22): one row per witness co-signature (C2SP `cosignature/v1`)
 * the holder was given and checked, kept to be shown with the checkpoint of the tree head it
 * signs. Not a ledger entry kind: a co-signature proves itself (it verifies under the witness's
 * key over a tree head the ledger's own checkpoints prove), so the ledger adds nothing to it, and
 * an entry for it would grow the very tree it co-signs. Append-only from the start all the same: a
 * kept co-signature is evidence the holder may not quietly take back. Additive: one new table.
 */
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'

/** The checkpoint co-signatures migration for a dialect. */
export function checkpointCosignaturesMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('checkpoint_cosignatures')
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('tree_size', dialect.int64, (c) => c.notNull())
        .addColumn('root_hash', 'text', (c) => c.notNull())
        .addColumn('witness_name', 'text', (c) => c.notNull())
        .addColumn('witness_key_hash', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .addColumn('line', 'text', (c) => c.primaryKey())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .execute()
      // The line is the key: the same co-signature is kept once, while a witness may co-sign a
      // tree head again later (another time, another line).
      await db.schema.createIndex('checkpoint_cosignatures_by_tree').on('checkpoint_cosignatures').columns(['tree_size', 'root_hash']).execute()
      // The trigger function of migration 0001 (PostgreSQL), created again in case it was dropped.
      for (const statement of dialect.appendOnlySetup) await statement.execute(db)
      for (const statement of dialect.appendOnlyTriggers('checkpoint_cosignatures').create) await statement.execute(db)
    },
  }
}
