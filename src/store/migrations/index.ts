/**
 * Migrations as code, one set for both back ends (Kysely's Migrator). A migration is a function
 * of the back end's `SchemaDialect`, so column types and trigger syntax come from the back end
 * and the migration itself is written once. Never edit a released migration: add the next one.
 */
import { Migrator } from 'kysely'
import type { Migration, MigrationResult } from 'kysely'
import { VerigateError } from '../../core/index.js'
import type { SchemaDialect, StoreBackend } from '../backend.js'
import { initialMigration } from './0001-initial.js'
import { workflowMigration } from './0002-workflow.js'
import { auditMigration } from './0003-audit.js'
import { recallAcknowledgementMigration } from './0004-recall-acknowledgement.js'
import { batchLocksMigration } from './0006-batch-locks.js'
import { storeModeMigration } from './0007-store-mode.js'
import { ledgerKeysMigration } from './0008-ledger-keys.js'
import { derivedTablesAppendOnlyMigration } from './0009-derived-tables-append-only.js'
import { credentialPersonMigration } from './0010-credential-person.js'
import { onlineVerificationsMigration } from './0011-online-verifications.js'
import { incidentLifecycleMigration } from './0013-incident-lifecycle.js'
import { subjectLinksMigration } from './0015-subject-links.js'
import { capCountIndexesMigration } from './0017-cap-count-indexes.js'
import { retentionPurgesMigration } from './0022-retention-purges.js'
import { checkpointCosignaturesMigration } from './0023-checkpoint-cosignatures.js'
import { packedEvidenceMigration } from './0024-packed-evidence.js'
import { compactRequestsMigration } from './0025-compact-requests.js'

/** Every migration by name; names sort in the order they run. */
export function migrationsFor(dialect: SchemaDialect): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0002-workflow': workflowMigration(dialect),
    '0003-audit': auditMigration(dialect),
    '0004-recall-acknowledgement': recallAcknowledgementMigration(dialect),
    '0006-batch-locks': batchLocksMigration(dialect),
    '0007-store-mode': storeModeMigration(dialect),
    '0008-ledger-keys': ledgerKeysMigration(dialect),
    '0009-derived-tables-append-only': derivedTablesAppendOnlyMigration(dialect),
    '0010-credential-person': credentialPersonMigration(dialect),
    '0011-online-verifications': onlineVerificationsMigration(dialect),
    '0013-incident-lifecycle': incidentLifecycleMigration(dialect),
    '0015-subject-links': subjectLinksMigration(dialect),
    '0017-cap-count-indexes': capCountIndexesMigration(dialect),
    '0022-retention-purges': retentionPurgesMigration(dialect),
    '0023-checkpoint-cosignatures': checkpointCosignaturesMigration(dialect),
    '0024-packed-evidence': packedEvidenceMigration(dialect),
    '0025-compact-requests': compactRequestsMigration(dialect),
  }
}

/**
 * The migrator of a back end's schema (its own table of applied migrations). Tests also use it to
 * make a store as an earlier version left it (`migrateTo` a named migration).
 */
export function migratorFor(backend: StoreBackend): Migrator {
  return new Migrator({
    db: backend.db,
    provider: { getMigrations: () => Promise.resolve(migrationsFor(backend.schema)) },
    migrationTableName: 'verigate_migrations',
    migrationLockTableName: 'verigate_migrations_lock',
    ...(backend.namespace === undefined ? {} : { migrationTableSchema: backend.namespace }),
  })
}

/** Brings the back end's schema to the latest migration; returns the migrations it ran. */
export async function migrateToLatest(backend: StoreBackend): Promise<readonly MigrationResult[]> {
  const { error, results } = await migratorFor(backend).migrateToLatest()
  if (error) throw new VerigateError('internal', `migrating ${backend.location} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  return results ?? []
}
