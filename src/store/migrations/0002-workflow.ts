/**
 * The batch workflow's bookkeeping (issue 7): the steps of each batch recorded as done (so a run
 * killed at any point resumes where it stopped), the withholdings of reviewed or release-checked
 * cases (one per case, like disclosures), and one review action per reviewer per case (nobody
 * approves twice).
 */
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'

/** The workflow migration for a dialect. */
export function workflowMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('batch_steps')
        .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id'))
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .addColumn('done_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('batch_steps_pk', ['batch_id', 'step'])
        .execute()

      await db.schema
        .createTable('withholdings')
        .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id'))
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('decision_digest', 'text', (c) => c.notNull())
        .addColumn('withheld_at', 'text', (c) => c.notNull())
        .addColumn('ledger_seq', dialect.int64, (c) => c.notNull())
        .addPrimaryKeyConstraint('withholdings_pk', ['batch_id', 'request_id'])
        .execute()

      await db.schema.createIndex('reviews_one_per_reviewer').on('reviews').columns(['batch_id', 'request_id', 'reviewer']).unique().execute()
      await db.schema.createIndex('disclosures_one_per_request').on('disclosures').columns(['batch_id', 'request_id']).unique().execute()
    },
  }
}
