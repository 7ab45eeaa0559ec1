/**
 * The store's mode (issue 15, "One clock"): one row saying whether the store is real or a
 * simulation, written when the store is created (`openStore`) and made append-only here, so it
 * is recorded once and never changes. Additive: one new table, nothing existing changes. A store
 * migrated from before this has a real ledger, and is recorded as real when next opened.
 */
import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'

/** The store mode migration for a dialect. */
export function storeModeMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('store_mode')
        // One row only: the primary key is 1.
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('real', 'simulation')`))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      for (const statement of dialect.appendOnlyTriggers('store_mode').create) await statement.execute(db)
    },
  }
}
