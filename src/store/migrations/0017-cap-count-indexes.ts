/**
 * Indexes for the volume caps' counts (issue 19: a store must never get slower per batch as it
 * fills). Each batch and each online answer counts the requester's disclosures in the caps'
 * periods (`disclosesInPeriod`, `reviewedReleasesInPeriod`); without an index on the decision or
 * release time these read every decision of every earlier batch, so each batch took longer than
 * the one before. With them, a count reads only the disclosures in the period, which the cap
 * itself bounds. `decisions_disclosed_by_time` is partial (only `disclose` decisions, a few per
 * cent of a batch), so a batch's bulk load maintains it for those rows alone. Additive: no
 * existing row changes.
 */
import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { SchemaDialect } from '../store.js'

/** The cap count indexes migration for a dialect (the same statements on both back ends). */
export function capCountIndexesMigration(_dialect: SchemaDialect): Migration {
  return {
    // Kysely's migrations take an untyped instance: the schema they build is what the types describe.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      // The literal, not a parameter, so that SQLite can match a query's `outcome = 'disclose'` to it.
      await db.schema.createIndex('decisions_disclosed_by_time').on('decisions').column('decided_at').where(sql.ref('outcome'), '=', sql.lit('disclose')).execute()
      await db.schema.createIndex('disclosures_by_time').on('disclosures').column('disclosed_at').execute()
    },
  }
}
