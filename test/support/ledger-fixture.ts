/** A small ledger built in memory, for the tests of checkpoints and proofs in src/ledger. */
import type { LedgerEntry } from '../../src/core/index.js'
import { GENESIS_PREV_HASH, encodeEntry } from '../../src/ledger/encoding.js'
import { MerkleLevels } from '../../src/ledger/merkle.js'
import { hashLeaf } from '../../src/ledger/verify.js'

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
