/**
 * Opening a store from a location: a `postgres://` (or `postgresql://`) URL for PostgreSQL,
 * anything else a SQLite file path. This is the one place that chooses a back end; everything
 * after works through `Store`.
 */
import type { StoreMode } from '../core/index.js'
import { migrateToLatest } from './migrations/index.js'
import { settleStoreMode } from './store-mode.js'
import type { StoreModeState } from './store-mode.js'
import { createStore } from './create-store.js'
import type { StoreBackend } from './backend.js'
import type { Store } from './store.js'

/** The default database: a SQLite file in the working directory. */
export const DEFAULT_DATABASE = 'verigate.sqlite'

/** Options for `openStore`. */
export interface OpenStoreOptions {
  /** Bring the schema to the latest migration (default true). */
  readonly migrate?: boolean
  /** Refuse to create a SQLite file that does not exist (default false). */
  readonly mustExist?: boolean
  /** PostgreSQL only: the schema to work in (created when missing), e.g. for test isolation. */
  readonly schema?: string
  /**
   * The mode of a store this call creates (default real): `simulation` for the demo, the tests
   * and replays, whose given times are written as given. A store's mode is recorded once: asking
   * for another than an existing store's is refused; leaving it out opens any store as it is.
   */
  readonly mode?: StoreMode
  /** Refuse a store that exists already (one with a recorded mode or a ledger): `verigate store create`. */
  readonly mustBeNew?: boolean
}

/** True when the location is a PostgreSQL URL. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location)
}

/**
 * Opens the store at `location` and migrates it.
 *
 * @example
 * const store = await openStore('verigate.sqlite')
 * const store2 = await openStore('postgres://postgres@127.0.0.1:5432/verigate')
 */
export async function openStore(location: string = DEFAULT_DATABASE, options: OpenStoreOptions = {}): Promise<Store> {
  let backend: StoreBackend
  if (isPostgresLocation(location)) {
    const { openPostgresBackend } = await import('./postgres/postgres-backend.js')
    backend = await openPostgresBackend(location, options.schema === undefined ? {} : { schema: options.schema })
  } else {
    const { openSqliteBackend } = await import('./sqlite/sqlite-backend.js')
    backend = openSqliteBackend(location, { mustExist: options.mustExist ?? false })
  }
  let mode: StoreModeState
  try {
    if (options.migrate ?? true) await migrateToLatest(backend)
    mode = await settleStoreMode(backend.db, backend.location, options.mode, options.mustBeNew ? { mustBeNew: true } : {})
  } catch (error) {
    await backend.close()
    throw error
  }
  return createStore(backend, mode)
}
