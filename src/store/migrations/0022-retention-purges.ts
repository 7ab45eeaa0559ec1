/**
 * Retention purges (issue 21): one row per batch whose personal values were purged after its
 * retention period, repeating its ledger entry (kind `retention_purge`). Append-only from the
 * start like the ledger it repeats, with a unique index on `ledger_seq` (the order `ledger verify`
 * reads it in); the batch id is the primary key, so a batch is purged once. The request rows the
 * purge reduces are not touched by this migration. Additive: one new table.
 */
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'

/** The retention purges migration for a dialect. */
export function retentionPurgesMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('retention_purges')
        .addColumn('batch_id', 'text', (c) => c.primaryKey().references('batches.id'))
        .addColumn('purged_at', 'text', (c) => c.notNull())
        .addColumn('purged_by', 'text', (c) => c.notNull())
        .addColumn('requests', dialect.int64, (c) => c.notNull())
        .addColumn('files', 'text', (c) => c.notNull())
        .addColumn('days', 'integer', (c) => c.notNull())
        .addColumn('since', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('ledger_seq', dialect.int64, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('retention_purges_by_ledger_seq').on('retention_purges').column('ledger_seq').unique().execute()
      // The trigger function of migration 0001 (PostgreSQL), created again in case it was dropped.
      for (const statement of dialect.appendOnlySetup) await statement.execute(db)
      for (const statement of dialect.appendOnlyTriggers('retention_purges').create) await statement.execute(db)
    },
  }
}
