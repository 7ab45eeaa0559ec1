import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import fc from 'fast-check'
import type { LedgerEntry } from '../core/index.js'
import { GENESIS_PREV_HASH, encodeEntry } from './encoding.js'
import { MerkleLevels } from './merkle.js'
import { EntryRangeChecker, readBodyColumns, verifyLedger } from './verify-ledger.js'
import type { CheckedEntries, LedgerSource, StoredEntryBlock, StoredEntryRow } from './verify-ledger.js'
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
    keyRotations: () => Promise.resolve(entries.filter((row) => row.kind === 'key_rotation')),
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

  it('names the entry and the column when a hash or the bytes are stored as text', async () => {
    for (const column of ['hash', 'encoded'] as const) {
      const entries = rows(4)
      const row = entries[1] as StoredEntryRow
      entries[1] = { ...row, [column]: Buffer.from(row[column]).toString('hex') } as unknown as StoredEntryRow
      const result = await verifyLedger(memorySource(entries), publicKey)
      assert.equal(result.ok, false)
      assert.equal(result.problems[0]?.code, 'entry_malformed')
      assert.equal(result.problems[0]?.seq, 1)
      assert.match(result.problems[0]!.message, new RegExp(`^entry 1: its ${column} column holds text`))
    }
  })

  it('names a stored Merkle node whose hash is text', async () => {
    const entries = rows(4)
    const tree = new MerkleLevels()
    for (const row of entries) tree.append(row.hash)
    const source: LedgerSource = {
      ...memorySource(entries),
      minNodeLevel: 1,
      async *nodes() {
        yield [
          { level: 1, index: 0, hash: tree.node(1, 0).toString('hex') as unknown as Uint8Array },
          { level: 1, index: 1, hash: tree.node(1, 1) },
          { level: 2, index: 0, hash: tree.node(2, 0) },
        ]
      },
    }
    const result = await verifyLedger(source, publicKey)
    assert.equal(result.problems[0]?.code, 'node_mismatch')
    assert.match(result.problems[0]!.message, /Merkle node 1:0 \(entries 0–1\) holds text in its hash column/)
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

/** Rows of mixed kinds and subjects (some none), as the store keeps them. */
function mixedRows(count: number): StoredEntryRow[] {
  const out: StoredEntryRow[] = []
  let prev: Buffer = GENESIS_PREV_HASH
  for (let i = 0; i < count; i++) {
    const at = new Date(Date.UTC(2026, 0, 1) + i * 397).toISOString()
    const subject = i % 3 === 0 ? undefined : (`pn:${(i % 16).toString(16).repeat(64)}` as const)
    const entry = (
      i % 2 === 0
        ? { kind: 'review', at, actor: `u${i}`, payload: { batchId: 'b', requestId: `r${i}`, reviewer: 'u', action: 'approve', decisionDigest: 'd' } }
        : { kind: 'withholding', at, actor: 'system', payload: { batchId: 'b', requestId: `r${i}`, recipient: 'p', reasons: ['X'], decisionDigest: 'd' } }
    ) as LedgerEntry
    const encoded = encodeEntry(subject === undefined ? entry : ({ ...entry, subject } as LedgerEntry), i, prev)
    prev = hashLeaf(encoded)
    out.push({ seq: i, kind: entry.kind, at, subject: subject ?? null, encoded, hash: prev })
  }
  return out
}

/** Rows as the SQLite block query gives them: each column back to back, texts joined by commas. */
function blockOf(rows: readonly StoredEntryRow[]): StoredEntryBlock {
  return {
    start: (rows[0] as StoredEntryRow).seq,
    count: rows.length,
    encoded: Buffer.concat(rows.map((row) => row.encoded)),
    hashes: Buffer.concat(rows.map((row) => row.hash)),
    kinds: Buffer.from(rows.map((row) => row.kind).join(','), 'utf8'),
    times: Buffer.from(rows.map((row) => row.at).join(','), 'utf8'),
    subjects: Buffer.from(rows.map((row) => row.subject ?? '').join(','), 'utf8'),
  }
}

/** What the block query guarantees of each row (else the store reads the rows one by one). */
function wellFormed(row: StoredEntryRow): boolean {
  const encoded = Buffer.from(row.encoded)
  return (
    row.hash.length === 32 &&
    row.subject !== '' &&
    encoded.length >= 53 &&
    encoded.readUInt32BE(49) === encoded.length - 53 &&
    encoded.readUInt32BE(1) * 2 ** 32 + encoded.readUInt32BE(5) === row.seq
  )
}

/** The rows checked one by one from `start`: the run, as `check` alone gives it. */
function byRows(rows: readonly StoredEntryRow[], start: number, prev: Uint8Array | undefined): CheckedEntries {
  const checker = new EntryRangeChecker(start, prev)
  for (const row of rows) if (!checker.check(row)) break
  return checker.take()
}

describe('EntryRangeChecker.checkBlock', () => {
  it('checks whole blocks as the rows would be checked one by one', () => {
    const entries = mixedRows(24)
    for (const prev of [GENESIS_PREV_HASH, undefined]) {
      const checker = new EntryRangeChecker(0, prev)
      for (let start = 0; start < 24; start += 8) assert.equal(checker.checkBlock(blockOf(entries.slice(start, start + 8))), true)
      assert.deepEqual(checker.take(), byRows(entries, 0, prev))
    }
  })

  it('continues a range checked row by row, and is continued so', () => {
    const entries = mixedRows(12)
    const checker = new EntryRangeChecker(0, GENESIS_PREV_HASH)
    for (const row of entries.slice(0, 4)) checker.check(row)
    assert.equal(checker.checkBlock(blockOf(entries.slice(4, 8))), true)
    for (const row of entries.slice(8)) checker.check(row)
    assert.deepEqual(checker.take(), byRows(entries, 0, GENESIS_PREV_HASH))
  })

  it('refuses a block whose rows, one by one, have a problem, and adds nothing from it', () => {
    const entries = mixedRows(16)
    const cases: readonly [string, (rows: StoredEntryRow[]) => void][] = [
      ['a changed byte', (rows) => (rows[6] = { ...(rows[6] as StoredEntryRow), encoded: flip(rows[6]?.encoded, 70) })],
      ['a changed stored hash', (rows) => (rows[5] = { ...(rows[5] as StoredEntryRow), hash: Buffer.alloc(32) })],
      ['a kind column', (rows) => (rows[7] = { ...(rows[7] as StoredEntryRow), kind: 'review' === rows[7]?.kind ? 'withholding' : 'review' })],
      ['a time column', (rows) => (rows[4] = { ...(rows[4] as StoredEntryRow), at: '2026-01-01T00:00:00.001Z' })],
      ['a subject added', (rows) => (rows[6] = { ...(rows[6] as StoredEntryRow), subject: `pn:${'0'.repeat(64)}` })],
      ['a subject removed', (rows) => (rows[5] = { ...(rows[5] as StoredEntryRow), subject: null })],
      ['a non-ASCII kind', (rows) => (rows[4] = { ...(rows[4] as StoredEntryRow), kind: 'révièw' })],
      ['two rows swapped', (rows) => ([rows[4], rows[5]] = [rows[5] as StoredEntryRow, rows[4] as StoredEntryRow])],
    ]
    for (const [what, tamper] of cases) {
      const rows = entries.map((row) => ({ ...row }))
      tamper(rows)
      const checker = new EntryRangeChecker(0, GENESIS_PREV_HASH)
      assert.equal(checker.checkBlock(blockOf(rows.slice(0, 4))), true, what)
      assert.equal(checker.checkBlock(blockOf(rows.slice(4, 8))), false, what)
      // Nothing of the refused block was kept: the rows from 4 give the exact problem.
      for (const row of rows.slice(4)) if (!checker.check(row)) break
      const run = checker.take()
      assert.deepEqual(run, byRows(rows, 0, GENESIS_PREV_HASH), what)
      assert.ok(run.problem, what)
    }
  })

  it('refuses a block whose joined subjects would read the same with a comma moved', () => {
    // Entries whose subject bytes hold a comma: as joined texts, subjects `A` and `B,C` read as
    // the honest `A,B` and `C`; one by one, the first row's subject differs from its bytes.
    const bodyOf = (seq: number, subject: string) => `{"actor":"x","kind":"audit","payload":{},"subject":"${subject}"}`
    const a = 'a'.repeat(30)
    const b = 'b'.repeat(36)
    const c = 'c'.repeat(67)
    const subjects = [`${a},${b}`, c]
    const rows: StoredEntryRow[] = []
    let prev: Buffer = GENESIS_PREV_HASH
    for (const [seq, subject] of subjects.entries()) {
      const body = Buffer.from(bodyOf(seq, subject))
      const encoded = Buffer.alloc(53 + body.length)
      encoded[0] = 1
      encoded.writeUInt32BE(seq, 5)
      prev.copy(encoded, 9)
      encoded.writeUInt32BE(body.length, 49)
      body.copy(encoded, 53)
      prev = hashLeaf(encoded)
      rows.push({ seq, kind: 'audit', at: '1970-01-01T00:00:00.000Z', subject, encoded, hash: prev })
    }
    assert.equal(byRows(rows, 0, GENESIS_PREV_HASH).problem, undefined)
    const moved = [
      { ...(rows[0] as StoredEntryRow), subject: a },
      { ...(rows[1] as StoredEntryRow), subject: `${b},${c}` },
    ]
    assert.equal(byRows(moved, 0, GENESIS_PREV_HASH).problem?.code, 'entry_columns_mismatch')
    assert.deepEqual(blockOf(moved).subjects, blockOf(rows).subjects)
    assert.equal(new EntryRangeChecker(0, GENESIS_PREV_HASH).checkBlock(blockOf(moved)), false)
  })

  it('passes a block exactly when its rows pass one by one, under random tampering', () => {
    const entries = mixedRows(8)
    const tampering = fc.record({
      row: fc.integer({ min: 0, max: 7 }),
      column: fc.constantFrom('encoded', 'hash', 'kind', 'at', 'subject', 'swap'),
      at: fc.nat(),
      text: fc.oneof(fc.constantFrom('review', 'withholding', 'review,withholding', '', 'é', ',', `pn:${'1'.repeat(64)}`), fc.string({ maxLength: 70 })),
      bit: fc.integer({ min: 0, max: 7 }),
    })
    fc.assert(
      fc.property(fc.array(tampering, { minLength: 1, maxLength: 3 }), (changes) => {
        const rows = entries.map((row) => ({ ...row }))
        for (const change of changes) {
          const row = rows[change.row] as StoredEntryRow
          const other = rows[(change.row + 1) % 8] as StoredEntryRow
          const edited = ((): StoredEntryRow => {
            switch (change.column) {
              case 'encoded':
                return { ...row, encoded: flip(row.encoded, change.at % row.encoded.length, change.bit) }
              case 'hash':
                return { ...row, hash: flip(row.hash, change.at % 32, change.bit) }
              case 'kind':
                return { ...row, kind: change.text }
              case 'at':
                return { ...row, at: change.text }
              case 'subject':
                return { ...row, subject: change.at % 4 === 0 ? null : change.text }
              case 'swap':
                return { ...other, seq: row.seq }
            }
          })()
          rows[change.row] = edited
        }
        if (!rows.every(wellFormed)) return
        const one = byRows(rows, 0, GENESIS_PREV_HASH)
        const checker = new EntryRangeChecker(0, GENESIS_PREV_HASH)
        const passed = checker.checkBlock(blockOf(rows))
        assert.equal(passed, one.problem === undefined)
        if (passed) assert.deepEqual(checker.take(), one)
      }),
      { numRuns: 500 },
    )
  })
})

/** A copy of `bytes` with one bit flipped. */
function flip(bytes: Uint8Array | undefined, at: number, bit = 0): Buffer {
  const copy = Buffer.from(bytes ?? [])
  copy[at] = (copy[at] as number) ^ (1 << bit)
  return copy
}
