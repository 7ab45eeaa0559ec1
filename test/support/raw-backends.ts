/**
 * Back ends opened bare (no migration run), for tests that make a store as an earlier version
 * left it and then open it with today's code: SQLite in a temporary folder always, and PostgreSQL
 * in a schema of its own when VERIGATE_TEST_PG_URL is set. Each `open` gives its own store and the
 * cleanup that removes it.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StoreBackend } from '../../src/store/backend.js'
import { openPostgresBackend } from '../../src/store/postgres/postgres-backend.js'
import { openSqliteBackend } from '../../src/store/sqlite/sqlite-backend.js'
import { dropPgSchema } from './pg-schema.js'

/** A bare back end, where it lives, and how to remove it. */
export interface RawBackend {
  readonly backend: StoreBackend
  /** The SQLite file or the PostgreSQL URL (what `openStore` takes). */
  readonly location: string
  /** The PostgreSQL schema, when there is one. */
  readonly schema?: string
  readonly cleanup: () => Promise<void>
}

/** The back ends to run an old-store test on, named; `prefix` names their folders and schemas. */
export function rawBackends(prefix: string): { readonly name: string; readonly open: () => Promise<RawBackend> }[] {
  const backends: { name: string; open: () => Promise<RawBackend> }[] = [
    {
      name: 'SQLite',
      open: () => {
        const dir = mkdtempSync(join(tmpdir(), `verigate-${prefix}-`))
        const location = join(dir, 'old.sqlite')
        return Promise.resolve({ backend: openSqliteBackend(location), location, cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) })
      },
    },
  ]
  const pgUrl = process.env.VERIGATE_TEST_PG_URL
  if (pgUrl) {
    backends.push({
      name: 'PostgreSQL',
      open: async () => {
        const schema = `${prefix}_${randomBytes(4).toString('hex')}`
        return {
          backend: await openPostgresBackend(pgUrl, { schema }),
          location: pgUrl,
          schema,
          cleanup: () => dropPgSchema(pgUrl, schema),
        }
      },
    })
  }
  return backends
}
