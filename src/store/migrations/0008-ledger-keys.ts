/**
 * One key per ledger (issue 15): the store records the key that signs its ledger, so that a
 * command run with another key (a key file missing and made anew, another working directory's
 * file) is refused instead of forking the ledger's checkpoints and pseudonyms. One row per key,
 * oldest first: the first key of a new store, then one per key rotation (`verigate ledger
 * rotate-key`), whose ledger entry holds the same facts signed. The table is append-only like
 * the ledger; a partial index finds the rotation entries without scanning the ledger.
 */
import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'

/** The ledger keys migration for a dialect. */
export function ledgerKeysMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('ledger_keys')
        .addColumn('key_id', 'text', (c) => c.primaryKey())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('secret_tag', 'text', (c) => c.notNull())
        .addColumn('from_size', dialect.int64, (c) => c.notNull().unique())
        .addColumn('rotation_seq', dialect.int64)
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute()
      for (const statement of dialect.appendOnlyTriggers('ledger_keys').create) await statement.execute(db)
      await sql`create index ledger_entries_key_rotations on ledger_entries (seq) where kind = 'key_rotation'`.execute(db)
    },
  }
}
