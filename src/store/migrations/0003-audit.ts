/**
 * Retroactive audit, recall and disposal (issue 8): the audits themselves (the full result, whose
 * digest the audit's ledger entry carries), the incident records they open, and one disposal
 * certification per recall notice (a second one is refused by the database, so nothing is ever
 * overwritten). The `recalls` and `disposal_certifications` tables come from 0001.
 */
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'

/** The audit migration for a dialect. */
export function auditMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('audits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('agreement_id', 'text', (c) => c.notNull())
        .addColumn('agreement_digest', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('result_digest', 'text', (c) => c.notNull())
        .addColumn('ledger_seq', dialect.int64, (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('incidents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('audit_id', 'text', (c) => c.notNull().references('audits.id'))
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('report_deadline', 'text', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .execute()

      await db.schema.createIndex('recalls_by_audit').on('recalls').column('audit_id').execute()
      await db.schema.createIndex('disposal_certifications_one_per_recall').on('disposal_certifications').column('recall_id').unique().execute()
    },
  }
}
