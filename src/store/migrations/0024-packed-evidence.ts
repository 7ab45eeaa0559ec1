/**
 * Packed evidence and decisions (issue 19; the encoding is src/store/packed-json.ts): a table of
 * each batch's dictionaries of packed JSON, append-only from the start (every packed row of the batch
 * decodes through it, so changing it would change what the stored rows say: the digests would
 * no longer match), and on PostgreSQL the `evidence` and `decision` columns turned from text
 * into bytes (each old row becomes its JSON's UTF-8 bytes, which the reader tells from a packed
 * value by the leading `{`). SQLite stores bytes in a text column as they are, so its old rows
 * stay text and new ones are blobs: the reader takes both. Old rows are not repacked.
 */
import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'

/** The packed evidence migration for a dialect. */
export function packedEvidenceMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('batch_dictionaries')
        .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('dictionary', dialect.bytes, (c) => c.notNull())
        .addPrimaryKeyConstraint('batch_dictionaries_pk', ['batch_id', 'kind'])
        .execute()
      // The trigger function of migration 0001 (PostgreSQL), created again in case it was dropped.
      for (const statement of dialect.appendOnlySetup) await statement.execute(db)
      for (const statement of dialect.appendOnlyTriggers('batch_dictionaries').create) await statement.execute(db)
      if (dialect.bytes === 'bytea') {
        // A type change rewrites the table; no UPDATE is run, so the append-only triggers stay quiet.
        await sql`alter table match_evidence alter column evidence type bytea using convert_to(evidence, 'UTF8')`.execute(db)
        await sql`alter table decisions alter column decision type bytea using convert_to(decision, 'UTF8')`.execute(db)
      }
    },
  }
}
