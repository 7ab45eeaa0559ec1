import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import type { LedgerEntry } from '../core/index.js'
import { GENESIS_PREV_HASH, encodeEntry } from './encoding.js'
import { MerkleLevels } from './merkle.js'
import { readBodyColumns, verifyLedger } from './verify-ledger.js'
import type { LedgerSource, StoredEntryRow } from './verify-ledger.js'
import { hashLeaf } from './verify.js'

const SUBJECT = `pn:${'c'.repeat(64)}` as const

function rows(count: number): StoredEntryRow[] {
  const out: StoredEntryRow[] = []
  let prev: Buffer = GENESIS_PREV_HASH
  for (let i = 0; i < count; i++) {
    const at = new Date(Date.UTC(2026, 0, 1) + i).toISOString()
    const entry: LedgerEntry = { kind: 'withholding', at, actor: 'a","kind":"x', subject: SUBJECT, payload: { batchId: 'b', requestId: `r${i}`, recipient: 'p', reasons: [], decisionDigest: 'sha256:0' } }
    const encoded = encodeEntry(entry, i, prev)
    prev = hashLeaf(encoded)
    out.push({ seq: i, kind: 'withholding', at, subject: SUBJECT, encoded, hash: prev })
  }
  return out
}

/** A source over rows in memory, storing no interior nodes (they are all recomputed). */
function memorySource(entries: readonly StoredEntryRow[]): LedgerSource {
  return {
    minNodeLevel: 64,
    async *entries() {
      yield entries
    },
    async *nodes() {},
    checkpoints: () => Promise.resolve([]),
  }
}

describe('verifyLedger', () => {
  const { publicKey } = generateKeyPairSync('ed25519')

  it('accepts an intact ledger and gives its root', async () => {
    const entries = rows(9)
    const tree = new MerkleLevels()
    for (const row of entries) tree.append(row.hash)
    const result = await verifyLedger(memorySource(entries), publicKey)
    assert.deepEqual(result.problems, [])
    assert.equal(result.rootHash, tree.root().toString('hex'))
  })

  it('names a column that no longer says what the bytes say', async () => {
    const entries = rows(4)
    entries[2] = { ...(entries[2] as StoredEntryRow), subject: null }
    const result = await verifyLedger(memorySource(entries), publicKey)
    assert.equal(result.problems[0]?.code, 'entry_columns_mismatch')
    assert.equal(result.problems[0]?.seq, 2)
  })
})

describe('readBodyColumns', () => {
  it('reads kind and subject even when the actor holds quotes, and no subject from a nested one', () => {
    const body = (entry: LedgerEntry) => encodeEntry(entry, 0, GENESIS_PREV_HASH).subarray(53)
    const base = { kind: 'audit', at: '2026-01-01T00:00:00.000Z', actor: 'x","kind":"review', payload: { auditId: 'a', subject: SUBJECT } } as unknown as LedgerEntry
    assert.deepEqual(readBodyColumns(body(base)), { kind: 'audit', subject: null })
    assert.deepEqual(readBodyColumns(body({ ...base, subject: SUBJECT } as LedgerEntry)), { kind: 'audit', subject: SUBJECT })
  })
})
