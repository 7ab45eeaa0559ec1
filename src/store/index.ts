/**
 * @module store
 * Persistence behind one interface over SQLite (embedded default) and PostgreSQL: the facades
 * by concern (`store.batches`, `store.ledger`, …), one set of migrations, and the back-end hooks.
 */
export * from './store.js'
export * from './schema.js'
export * from './append-only.js'
export type { ReadStore } from './read-store.js'
export { openStore, isPostgresLocation, DEFAULT_DATABASE } from './open-store.js'
export type { OpenStoreOptions } from './open-store.js'
export { createStore } from './create-store.js'
export { migrateToLatest, migrationsFor } from './migrations/index.js'
export { redactUrl } from './redact-url.js'
export { storeContents } from './store-contents.js'
export { rawDatabaseForTamperTests, rawBackendForTamperTests } from './raw-database.js'
export { verifyDerivedTables, verifyStore, firstProblemOf } from './derived/verify-derived-tables.js'
export type { DerivedTableProblem, DerivedTableProblemCode, DerivedTableCount, DerivedTablesVerification, StoreVerification } from './derived/verify-derived-tables.js'
export { DERIVED_TABLES } from './derived/derived-tables.js'
export type { DerivedTable, FieldRule, ReadEntry, ReadRow, RowDifference } from './derived/derived-tables.js'
export { openJobQueue, DEFAULT_JOBS_SCHEMA } from './job-queue.js'
export type { JobQueue, JobQueueOptions, JobQueueTiming, JobState, JobHandler, QueueSettings } from './job-queue.js'
