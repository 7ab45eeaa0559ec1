/** A small ledger built in memory, for the tests of checkpoints and proofs in src/ledger. */
import type { LedgerEntry } from '../../src/core/index.js'
import { GENESIS_PREV_HASH, encodeEntry } from '../../src/ledger/encoding.js'
import { MerkleLevels } from '../../src/ledger/merkle.js'
import { hashLeaf } from '../../src/ledger/verify.js'
import { openStore } from '../../src/store/index.js'

/** `count` chained entries (order changes, a millisecond apart) and their RFC 6962 tree. */
export function ledgerOf(count: number): { entries: Buffer[]; tree: MerkleLevels } {
  const entries: Buffer[] = []
  const tree = new MerkleLevels()
  let prev: Buffer = GENESIS_PREV_HASH
  for (let i = 0; i < count; i++) {
    const entry: LedgerEntry = { kind: 'order_change', at: new Date(Date.UTC(2026, 0, 1) + i).toISOString(), actor: 'admin', payload: { orderId: `o${i}`, action: 'added', digest: 'sha256:00', effectiveFrom: '2026-01-01' } }
    const bytes = encodeEntry(entry, i, prev)
    prev = hashLeaf(bytes)
    entries.push(bytes)
    tree.append(prev)
  }
  return { entries, tree }
}

/**
 * Appends `count` order changes to the store at `db` (a real one: a second apart from 2026-11-26
 * 12:00 UTC): entries with no derived rows, so `ledger verify` has nothing else to check.
 */
export async function appendOrderChanges(db: string, from: number, count: number): Promise<void> {
  const store = await openStore(db)
  try {
    const entries: LedgerEntry[] = Array.from({ length: count }, (_, i) => ({
      kind: 'order_change',
      at: new Date(Date.UTC(2026, 10, 26, 12) + (from + i) * 1000).toISOString(),
      actor: 'admin',
      payload: { orderId: `o${from + i}`, action: 'added', digest: `sha256:${'2'.repeat(64)}`, effectiveFrom: '2026-11-26' },
    }))
    await store.ledger.append(entries)
  } finally {
    await store.close()
  }
}
