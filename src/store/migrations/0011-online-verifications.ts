/**
 * Online verifications (issue 15, item 7): every online answer that disclosed something about a
 * person, one row per answer with its ledger entry (kind `verification`), append-only from the
 * start like the ledger itself. Indexed by subject (the person's accounting) and by requester
 * and time (the volume caps). Additive: one new table, nothing existing changes.
 */
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'

/** The online verifications migration for a dialect. */
export function onlineVerificationsMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('online_verifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('requester_party_id', 'text', (c) => c.notNull())
        .addColumn('asked_by', 'text', (c) => c.notNull())
        .addColumn('recipient_party_id', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('answer_code', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('agreement_id', 'text', (c) => c.notNull())
        .addColumn('agreement_digest', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('decision_digest', 'text', (c) => c.notNull())
        .addColumn('evidence_digest', 'text', (c) => c.notNull())
        .addColumn('answered_at', 'text', (c) => c.notNull())
        .addColumn('ledger_seq', dialect.int64, (c) => c.notNull().unique())
        .execute()
      await db.schema.createIndex('online_verifications_by_subject').on('online_verifications').column('subject').execute()
      await db.schema.createIndex('online_verifications_by_requester').on('online_verifications').columns(['requester_party_id', 'answered_at']).execute()
      // The trigger function of migration 0001 (PostgreSQL), created again in case it was dropped.
      for (const statement of dialect.appendOnlySetup) await statement.execute(db)
      for (const statement of dialect.appendOnlyTriggers('online_verifications').create) await statement.execute(db)
    },
  }
}
