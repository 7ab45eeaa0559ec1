/**
 * Row counts of named tables, for the check that a simulation writes only into a new, empty store
 * (workflow/new-store.ts). It reads the tables that exist, so it works on a store opened without
 * migrating it: the `demo` command asks before it migrates or writes anything.
 */
import { sql } from 'kysely'
import type { Store } from './store.js'

/**
 * How many rows each of `tables` holds, in the order given; null for a table the store does not
 * have (yet). The names must be the caller's constants, never input: they go into the SQL as
 * quoted identifiers.
 *
 * @example
 * await tableRowCounts(store, ['batches', 'parties']) // [4, null]
 */
export async function tableRowCounts(store: Store, tables: readonly string[]): Promise<(number | null)[]> {
  const present = new Set((await store.kysely.introspection.getTables()).map((t) => t.name))
  const counts: (number | null)[] = []
  for (const table of tables) {
    if (!present.has(table)) {
      counts.push(null)
      continue
    }
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(store.kysely)
    counts.push(Number(rows[0]?.n ?? 0))
  }
  return counts
}
