/**
 * The tables derived from the ledger made append-only like the ledger (issue 15, item 3): the
 * disclosures, withholdings, reviews, recall notices, certifications of disposal, recall
 * acknowledgements and audits that repeat its entries, and what the accounting and the audits
 * read beside them (decisions, match evidence, incidents, the agreement and order versions). The
 * database refuses UPDATE, DELETE (and TRUNCATE on PostgreSQL) on each of them; a recall notice's
 * status alone may change, once, from `issued` to `certified` or `certified_late`.
 *
 * Each table that points at its ledger entry gets a unique index on `ledger_seq`: one row per
 * entry, and the order in which `ledger verify` reads the rows beside the entries (a merge, no
 * sort and no row held in memory). Additive: no existing row changes.
 */
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'
import { DERIVED_APPEND_ONLY_TABLES, RECALL_STATUS_CHANGE } from '../append-only.js'

/** The tables with a `ledger_seq` column, each row the record of one entry. */
const LEDGERED_TABLES = ['disclosures', 'withholdings', 'reviews', 'recalls', 'disposal_certifications', 'recall_acknowledgements', 'audits', 'agreement_versions', 'order_versions'] as const

/** The derived tables migration for a dialect. */
export function derivedTablesAppendOnlyMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      for (const table of LEDGERED_TABLES) await db.schema.createIndex(`${table}_by_ledger_seq`).on(table).column('ledger_seq').unique().execute()
      for (const statement of dialect.appendOnlySetup) await statement.execute(db)
      for (const table of DERIVED_APPEND_ONLY_TABLES) {
        for (const statement of dialect.appendOnlyTriggers(table, table === 'recalls' ? RECALL_STATUS_CHANGE : undefined).create) await statement.execute(db)
      }
    },
  }
}
