/**
 * Opening a store from a location: a `postgres://` (or `postgresql://`) URL for PostgreSQL,
 * anything else a SQLite file path. This is the one place that chooses a back end; everything
 * after works through `Store`.
 */
import { migrateToLatest } from './migrations/index.js'
import { createStore } from './create-store.js'
import type { Store, StoreBackend } from './store.js'

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
  try {
    if (options.migrate ?? true) await migrateToLatest(backend)
  } catch (error) {
    await backend.close()
    throw error
  }
  return createStore(backend)
}
