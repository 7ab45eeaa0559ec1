/**
 * Simulations (the demo, generated histories) write synthetic batches, disclosures and ledger
 * entries: they may only ever write into a new, empty store, never into one that holds a real
 * ledger. This is the check, on an open store; the `demo` command makes it before it migrates or
 * writes anything (`src/cli/commands/demo.ts`).
 */
import { InvalidInputError } from '../core/index.js'
import type { Store } from '../store/index.js'

/**
 * What the store already holds (a sentence), or null when it is new and empty: no ledger entry,
 * no recorded ledger key, no batch, no party.
 *
 * @example
 * storeContents(store) // 'a ledger of 12,345 entries signed by key 3f2a…, 4 batches, 3 parties'
 */
export async function storeContents(store: Store): Promise<string | null> {
  const [size, keys, batches, parties] = await Promise.all([store.ledger.size(), store.ledger.signingKeys(), store.batches.list(), store.parties.list()])
  const held: string[] = []
  if (size > 0 || keys.length > 0) held.push(`a ledger of ${size.toLocaleString('en-US')} entries${keys.length > 0 ? ` signed by key ${keys.at(-1)?.keyId}` : ''}`)
  if (batches.length > 0) held.push(`${batches.length} batch(es)`)
  if (parties.length > 0) held.push(`${parties.length} part${parties.length === 1 ? 'y' : 'ies'}`)
  return held.length === 0 ? null : held.join(', ')
}

/** Throws `InvalidInputError` naming the store and what it holds, unless it is new and empty. */
export async function requireNewStore(store: Store, what: string): Promise<void> {
  const held = await storeContents(store)
  if (held !== null) throw new InvalidInputError(`${what} writes only into a new, empty store, and ${store.backend.location} holds ${held}: refused, nothing written`)
}
