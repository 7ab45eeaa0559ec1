/**
 * Which identifiers were one person at disclosure time (issue 16): each batch disclosure and each
 * online answer also keeps the pseudonym of the master record id it was made from
 * (`master_subject`), beside its `subject` (the pseudonym of the record's TIN when it had one,
 * else of the master record id). A person's accounting then finds every disclosure by master
 * record id, TIN or request id without reading the master file, even after the master file
 * changes a record's TIN. The column repeats the `masterSubject` of the row's ledger entry, so
 * `ledger verify` proves it both ways; the tables stay append-only (their triggers refuse any
 * UPDATE). Rows written before this migration hold null: the accounting names them as a gap
 * rather than answering "none" (src/workflow/audit/accounting.ts). Additive: two nullable
 * columns and two indexes, no existing row changes.
 */
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../store.js'

/** The subject links migration for a dialect (the same statements on both back ends). */
export function subjectLinksMigration(_dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      for (const table of ['disclosures', 'online_verifications']) {
        await db.schema.alterTable(table).addColumn('master_subject', 'text').execute()
        await db.schema.createIndex(`${table}_by_master_subject`).on(table).column('master_subject').execute()
      }
    },
  }
}
