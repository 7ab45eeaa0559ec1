/**
 * What is under a store's facades: its back end and the Kysely instance (or transaction) they run
 * on. The store's own modules reach it through `storeInternals`; nothing above the store gets
 * raw SQL (the facades are the store's whole surface), except tests that tamper with the database
 * on purpose, through the functions named for that (`rawDatabaseForTamperTests`).
 */
import type { Kysely } from 'kysely'
import type { Database } from './schema.js'
import type { StoreBackend } from './backend.js'

/** A store's (or a transaction's) back end and Kysely instance. */
export interface StoreInternals {
  readonly backend: StoreBackend
  /** The store's Kysely instance, or the transaction its facades are bound to. */
  readonly db: Kysely<Database>
}

const internals = new WeakMap<object, StoreInternals>()

/** Records what is under `facades` (done once, by `createStore`, for the store and each transaction's facades). */
export function bindInternals<T extends object>(facades: T, inside: StoreInternals): T {
  internals.set(facades, inside)
  return facades
}

/** The back end and Kysely instance under a store or a transaction's facades (the store's own modules only). */
export function storeInternals(store: object): StoreInternals {
  const found = internals.get(store)
  if (!found) throw new TypeError('not a store made by createStore (or a transaction of one): it has no database under it')
  return found
}

/**
 * The raw Kysely instance under a store (or a transaction's facades), for tests that tamper with
 * the database on purpose (an attacker with SQL access, a damaged file). Never for product code:
 * everything else goes through the facades.
 */
export function rawDatabaseForTamperTests(store: object): Kysely<Database> {
  return storeInternals(store).db
}

/** The back end under a store, for tests that tamper with its schema on purpose (drop triggers, re-migrate). */
export function rawBackendForTamperTests(store: object): StoreBackend {
  return storeInternals(store).backend
}
