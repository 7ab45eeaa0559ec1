/**
 * Simulations (the demo, generated histories) write synthetic batches, disclosures and ledger
 * entries: they may only ever write into a new, empty store, never into one that holds a real
 * ledger. This is the check (what the store holds is the store's to say: `storeContents`).
 */
import { InvalidInputError } from '../core/index.js'
import { storeContents } from '../store/index.js'
import type { Store } from '../store/index.js'

export { storeContents }

/** Throws `InvalidInputError` naming the store and what it holds, unless it is new and empty. */
export async function requireNewStore(store: Store, what: string): Promise<void> {
  const held = await storeContents(store)
  if (held !== null) throw new InvalidInputError(`${what} writes only into a new, empty store, and ${store.backend.location} holds ${held}: refused, nothing written`)
}
