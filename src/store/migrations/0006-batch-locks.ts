/**
 * Batch locks (issue 7): one row per batch being run, naming the process that runs it, so a
 * second run of the same batch at the same time is refused instead of racing the first. The row
 * is deleted when the run ends; one left by a killed process is taken over (see the workflow's
 * `lockBatch`). Additive: one new table, nothing existing changes. Numbered 0006, leaving 0005
 * to the ledger work under way at the same time.
 */
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'

/** The batch lock migration for a dialect. */
export function batchLocksMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('batch_locks')
        .addColumn('batch_id', 'text', (c) => c.primaryKey().references('batches.id'))
        .addColumn('token', 'text', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('pid', dialect.int64, (c) => c.notNull())
        .addColumn('taken_at', 'text', (c) => c.notNull())
        .addColumn('heartbeat_at', 'text', (c) => c.notNull())
        .execute()
    },
  }
}
