/**
 * What a store already holds, read from the tables that exist, so it also works on a store opened
 * without migrating it (the `demo` command asks before it migrates or writes anything).
 */
import { sql } from 'kysely'
import { storeInternals } from './raw-database.js'
import type { Store } from './store.js'

/** The tables whose rows make a store not new, and how to name them. */
const HELD = [
  ['ledger_entries', 'ledger entries'],
  ['ledger_keys', 'recorded ledger keys'],
  ['batches', 'batches'],
  ['parties', 'parties'],
] as const

/**
 * What the store already holds (a sentence), or null when it is new and empty: no ledger entry,
 * no recorded ledger key, no batch, no party. The store need not be migrated.
 *
 * @example
 * await storeContents(store) // '12,345 ledger entries, 1 recorded ledger keys, 4 batches'
 */
export async function storeContents(store: Store): Promise<string | null> {
  const { db } = storeInternals(store)
  const tables = new Set((await db.introspection.getTables()).map((t) => t.name))
  const held: string[] = []
  for (const [table, what] of HELD) {
    if (!tables.has(table)) continue
    // The table names are the constants above, never input.
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db)
    const n = Number(rows[0]?.n ?? 0)
    if (n > 0) held.push(`${n.toLocaleString('en-US')} ${what}`)
  }
  return held.length === 0 ? null : held.join(', ')
}
