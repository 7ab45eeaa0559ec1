/**
 * The incident's lifecycle (issue 16): an incident reported to the overseers (when, to whom, by
 * whom, on time or late against Publication 1075's 24-hour deadline) and closed (why, and which
 * recall notices were still open), one row each per incident with its ledger entry (kinds
 * `incident_report` and `incident_closure`). Both tables are append-only from the start like the
 * ledger they repeat, with a unique index on `ledger_seq` (the order `ledger verify` reads them
 * in). Additive: two new tables, nothing existing changes.
 */
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'
import { INCIDENT_LIFECYCLE_TABLES } from '../append-only.js'

/** The incident lifecycle migration for a dialect. */
export function incidentLifecycleMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('incident_reports')
        // One report per incident: the primary key refuses a second.
        .addColumn('incident_id', 'text', (c) => c.primaryKey().references('incidents.id'))
        .addColumn('audit_id', 'text', (c) => c.notNull())
        .addColumn('reported_to', 'text', (c) => c.notNull())
        .addColumn('reported_by', 'text', (c) => c.notNull())
        .addColumn('reported_at', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('late', 'integer', (c) => c.notNull())
        .addColumn('reference', 'text')
        .addColumn('ledger_seq', dialect.int64, (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('incident_closures')
        .addColumn('incident_id', 'text', (c) => c.primaryKey().references('incidents.id'))
        .addColumn('audit_id', 'text', (c) => c.notNull())
        .addColumn('closed_by', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('open_notices', 'text', (c) => c.notNull())
        .addColumn('closed_anyway_reason', 'text')
        .addColumn('ledger_seq', dialect.int64, (c) => c.notNull())
        .execute()
      for (const table of INCIDENT_LIFECYCLE_TABLES) await db.schema.createIndex(`${table}_by_ledger_seq`).on(table).column('ledger_seq').unique().execute()
      // The trigger function of migration 0001 (PostgreSQL), created again in case it was dropped.
      for (const statement of dialect.appendOnlySetup) await statement.execute(db)
      for (const table of INCIDENT_LIFECYCLE_TABLES) for (const statement of dialect.appendOnlyTriggers(table).create) await statement.execute(db)
    },
  }
}
