/**
 * Credentials name their person (issue 15, identity): a review or a release is the act of a
 * person, and the two-person rule counts people, so each credential says whose it is. One person
 * may hold several keys (a new one after a revocation, one per face); the credential id stays the
 * key's own name. Additive: one column, filled for the keys that exist with their id, which is
 * what named their holder until now.
 */
import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../backend.js'

/** The credential person migration for a dialect (the same on both back ends). */
export function credentialPersonMigration(_dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('party_credentials').addColumn('person', 'text').execute()
      await sql`update party_credentials set person = id where person is null`.execute(db)
    },
  }
}
