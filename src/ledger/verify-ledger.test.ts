import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import type { LedgerEntry } from '../core/index.js'
import { GENESIS_PREV_HASH, encodeEntry } from './encoding.js'
import { MerkleLevels } from './merkle.js'
import { EntryRangeChecker, readBodyColumns, verifyLedger } from './verify-ledger.js'
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

/** The same rows checked as two ranges, as the SQLite store does in two worker threads. */
function twoRangeSource(entries: readonly StoredEntryRow[], split: number): LedgerSource {
  return {
    ...memorySource(entries),
    async *checkedEntries() {
      const first = new EntryRangeChecker(0, GENESIS_PREV_HASH)
      for (const row of entries.slice(0, split)) if (!first.check(row)) break
      yield first.take()
      if (first.failed) return
      const second = new EntryRangeChecker(split, undefined)
      for (const row of entries.slice(split)) if (!second.check(row)) break
      yield second.take()
    },
  }
}

describe('verifyLedger over ranges checked apart', () => {
  const { publicKey } = generateKeyPairSync('ed25519')

  it('gives the same result as one pass over the rows', async () => {
    const entries = rows(37)
    const whole = await verifyLedger(memorySource(entries), publicKey)
    for (const split of [1, 16, 36]) assert.deepEqual(await verifyLedger(twoRangeSource(entries, split), publicKey), whole)
  })

  it('checks the link between ranges before anything else in the second one', async () => {
    const entries = rows(20)
    const forged = encodeEntry({ kind: 'review', at: entries[9]?.at as string, actor: 'x', payload: { action: 'approve' } } as unknown as LedgerEntry, 9, (entries[8] as StoredEntryRow).hash)
    entries[9] = { ...(entries[9] as StoredEntryRow), kind: 'review', subject: null, encoded: forged, hash: hashLeaf(forged) }
    // Entry 9 rewritten with a consistent hash: only entry 10's link to it shows the change.
    entries[10] = { ...(entries[10] as StoredEntryRow), hash: Buffer.alloc(32) }
    const result = await verifyLedger(twoRangeSource(entries, 10), publicKey)
    assert.equal(result.problems[0]?.code, 'entry_chain_broken')
    assert.equal(result.problems[0]?.seq, 9)
    assert.equal(result.size, 10)
    assert.deepEqual(result, await verifyLedger(memorySource(entries), publicKey))
  })

  it('reports the entries between two ranges as missing', async () => {
    const entries = rows(12)
    const source: LedgerSource = {
      ...memorySource(entries),
      async *checkedEntries() {
        const first = new EntryRangeChecker(0, GENESIS_PREV_HASH)
        for (const row of entries.slice(0, 4)) first.check(row)
        yield first.take()
        const second = new EntryRangeChecker(6, undefined)
        for (const row of entries.slice(6)) second.check(row)
        yield second.take()
      },
    }
    const result = await verifyLedger(source, publicKey)
    assert.equal(result.problems[0]?.code, 'entry_missing')
    assert.equal(result.problems[0]?.seq, 4)
  })
})

describe('verifyLedger on stored times', () => {
  const { publicKey } = generateKeyPairSync('ed25519')

  for (const [what, change] of [
    ['a millisecond later', (at: string) => new Date(Date.parse(at) + 1).toISOString()],
    ['a second later', (at: string) => new Date(Date.parse(at) + 1000).toISOString()],
    ['in another form of the same instant', (at: string) => at.replace('.003Z', '.003+00:00')],
    ['without its milliseconds', (at: string) => at.replace('.003Z', 'Z')],
  ] as const) {
    it(`names an entry whose stored time is ${what}`, async () => {
      const entries = rows(6)
      const row = entries[3] as StoredEntryRow
      entries[3] = { ...row, at: change(row.at) }
      assert.notEqual(entries[3]?.at, row.at)
      const result = await verifyLedger(memorySource(entries), publicKey)
      assert.equal(result.problems[0]?.code, 'entry_columns_mismatch')
      assert.equal(result.problems[0]?.seq, 3)
    })
  }
})

describe('readBodyColumns', () => {
  it('reads kind and subject even when the actor holds quotes, and no subject from a nested one', () => {
    const body = (entry: LedgerEntry) => encodeEntry(entry, 0, GENESIS_PREV_HASH).subarray(53)
    const base = { kind: 'audit', at: '2026-01-01T00:00:00.000Z', actor: 'x","kind":"review', payload: { auditId: 'a', subject: SUBJECT } } as unknown as LedgerEntry
    assert.deepEqual(readBodyColumns(body(base)), { kind: 'audit', subject: null })
    assert.deepEqual(readBodyColumns(body({ ...base, subject: SUBJECT } as LedgerEntry)), { kind: 'audit', subject: SUBJECT })
  })
})
