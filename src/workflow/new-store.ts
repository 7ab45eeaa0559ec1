/**
 * Simulations (the demo, generated histories) write synthetic batches, disclosures and ledger
 * entries: they may only ever write into a new, empty store, never into one that holds a real
 * ledger. This is the check. It reads the tables that exist, so it also works on a store opened
 * without migrating it: the `demo` command makes it before it migrates or writes anything.
 */
import { InvalidInputError } from '../core/index.js'
import { tableRowCounts } from '../store/index.js'
import type { Store } from '../store/index.js'

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
  const counts = await tableRowCounts(store, HELD.map(([table]) => table))
  const held: string[] = []
  HELD.forEach(([, what], i) => {
    const n = counts[i] ?? 0
    if (n > 0) held.push(`${n.toLocaleString('en-US')} ${what}`)
  })
  return held.length === 0 ? null : held.join(', ')
}

/** Throws `InvalidInputError` naming the store and what it holds, unless it is new and empty. */
export async function requireNewStore(store: Store, what: string): Promise<void> {
  const held = await storeContents(store)
  if (held !== null) throw new InvalidInputError(`${what} writes only into a new, empty store, and ${store.backend.location} holds ${held}: refused, nothing written`)
}
