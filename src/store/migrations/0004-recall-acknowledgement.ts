/**
 * Recall acknowledgements (issue 9): a recipient's acknowledgement that it received a recall
 * notice, one per notice (the primary key refuses a second), with its ledger entry. Additive:
 * one new table, nothing existing changes.
 */
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'

/** The recall acknowledgement migration for a dialect. */
export function recallAcknowledgementMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('recall_acknowledgements')
        .addColumn('recall_id', 'text', (c) => c.primaryKey().references('recalls.id'))
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('acknowledged_at', 'text', (c) => c.notNull())
        .addColumn('ledger_seq', dialect.int64, (c) => c.notNull())
        .execute()
    },
  }
}
