/**
 * A batch's request records packed and its digests stored as bytes (issue 19; the encodings are
 * src/store/packed-json.ts and src/store/stored-digest.ts). A request record is packed against its
 * batch's `record` dictionary in `batch_dictionaries` (append-only since migration 0024; the
 * dictionary holds the field names and shared legal elements only, never a person's data), and
 * the evidence and decision digests are their 32 bytes instead of 71 characters of text.
 *
 * On PostgreSQL the columns change type: each old record becomes its JSON's UTF-8 bytes (the
 * reader tells it from a packed one by the leading `{`), each old digest its 32 bytes. A type
 * change rewrites the table without an UPDATE, so the append-only triggers stay quiet. SQLite
 * stores bytes in a text column as they are: its old rows stay text, new ones are blobs, and the
 * readers take both. Old rows are not repacked.
 */
import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'

/** The compact request records and digests migration for a dialect. */
export function compactRequestsMigration(dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      if (dialect.bytes !== 'bytea') return
      await sql`alter table request_records alter column record type bytea using convert_to(record, 'UTF8')`.execute(db)
      // Every stored digest is `sha256:` and 64 hex digits (src/core/digest.ts): its bytes are the hex decoded.
      await sql`alter table match_evidence alter column evidence_digest type bytea using decode(substr(evidence_digest, 8), 'hex')`.execute(db)
      await sql`alter table decisions alter column decision_digest type bytea using decode(substr(decision_digest, 8), 'hex')`.execute(db)
    },
  }
}
