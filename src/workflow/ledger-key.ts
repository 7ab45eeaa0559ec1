/**
 * The workflow's check that a use case runs with the store's own ledger key, made before it
 * writes anything (a batch, its decisions), so that a wrong key is refused whole rather than at
 * its first ledger entry. The store makes the same check again under the ledger's lock, where it
 * cannot be raced (`LedgerFacade.append`, `checkpoint`).
 */
import { IntegrityError } from '../core/index.js'
import { signingKeyMismatch } from '../ledger/index.js'
import type { LedgerKeys } from '../ledger/index.js'
import type { Store } from '../store/index.js'

/**
 * Throws `IntegrityError` when the store records a ledger key other than `keys` (a store with no
 * key yet takes `keys` at its first keyed write).
 *
 * @example
 * await requireLedgerKey(store, keys) // before any write of a batch
 */
export async function requireLedgerKey(store: Store, keys: LedgerKeys): Promise<void> {
  const current = (await store.ledger.signingKeys()).at(-1)
  if (!current) return
  const mismatch = signingKeyMismatch(current, keys)
  if (mismatch) throw new IntegrityError(`${mismatch}: refused, nothing written (a new key comes only with a new store, or by \`verigate ledger rotate-key\`)`)
}
