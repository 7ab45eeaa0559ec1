import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import BetterSqlite3 from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LedgerEntry } from '../../core/index.js'
import { loadOrCreateLedgerKeys } from '../../ledger/index.js'
import type { LedgerVerification } from '../../ledger/index.js'
import { openStore } from '../open-store.js'
import { runStoreSuite } from '../../../test/support/store-suite.js'

// The whole store suite again, with every SQLite ledger verified in worker threads (two ranges
// even for a dozen entries), so each tamper test also crosses the hand-over between ranges.
process.env.VERIGATE_VERIFY_PARALLEL_MIN = '2'
// Blocks of 4 entries: the workers' block path, and its fallback to rows at a bad block, meet
// every tampering of the suite.
process.env.VERIGATE_VERIFY_BLOCK_HEIGHT = '2'

const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
let count = 0

runStoreSuite({
  name: 'SQLite, verified in worker threads',
  // Simulation stores: the suite writes fixed times, not always in order (issue 15, "One clock").
  open: () => openStore(join(dir, `store-${++count}.sqlite`), { mode: 'simulation' }),
  cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
})

describe('verification in worker threads, by blocks', () => {
  const { keys } = loadOrCreateLedgerKeys(join(mkdtempSync(join(tmpdir(), 'verigate-')), 'ledger-key'))

  /** A ledger of `size` review entries; `tamper` then edits the file with its triggers dropped. */
  async function verifyTampered(size: number, tamper: (db: BetterSqlite3.Database) => void): Promise<{ parallel: LedgerVerification; serial: LedgerVerification }> {
    const path = join(mkdtempSync(join(tmpdir(), 'verigate-')), 'ledger.sqlite')
    const store = await openStore(path)
    try {
      const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i).toISOString()
      const entries = Array.from({ length: size }, (_, i): LedgerEntry => ({ kind: 'review', at: at(i), actor: 'u', payload: { batchId: 'b', requestId: `r${i}`, reviewer: 'u', action: 'approve', decisionDigest: 'd' } }))
      await store.ledger.append(entries)
      const raw = new BetterSqlite3(path)
      raw.exec('drop trigger ledger_entries_no_update; drop trigger ledger_entries_no_delete')
      tamper(raw)
      raw.close()
      const parallel = await store.ledger.verify(keys.publicKey)
      process.env.VERIGATE_VERIFY_PARALLEL_MIN = String(Number.MAX_SAFE_INTEGER)
      const serial = await store.ledger.verify(keys.publicKey)
      process.env.VERIGATE_VERIFY_PARALLEL_MIN = '2'
      return { parallel, serial }
    } finally {
      await store.close()
    }
  }

  it('finds an entry whose bytes were moved into the row before, though the blocks read the same', async () => {
    // Row 4 holds entries 4 and 5, row 5 nothing: concatenated, the rows give the honest bytes.
    const { parallel, serial } = await verifyTampered(16, (db) => {
      const [four, five] = db.prepare('select encoded from ledger_entries where seq in (4, 5) order by seq').pluck().all() as Buffer[]
      db.prepare('update ledger_entries set encoded = ? where seq = 4').run(Buffer.concat([four as Buffer, five as Buffer]))
      db.prepare('update ledger_entries set encoded = ? where seq = 5').run(Buffer.alloc(0))
    })
    assert.equal(parallel.problems[0]?.code, 'entry_malformed')
    assert.equal(parallel.problems[0]?.seq, 4)
    assert.deepEqual(parallel, serial)
  })

  it('finds stored hashes split differently between two rows', async () => {
    const { parallel, serial } = await verifyTampered(16, (db) => {
      const [six, seven] = db.prepare('select hash from ledger_entries where seq in (6, 7) order by seq').pluck().all() as Buffer[]
      db.prepare('update ledger_entries set hash = ? where seq = 6').run(Buffer.concat([six as Buffer, (seven as Buffer).subarray(0, 8)]))
      db.prepare('update ledger_entries set hash = ? where seq = 7').run((seven as Buffer).subarray(8))
    })
    assert.equal(parallel.problems[0]?.code, 'entry_hash_mismatch')
    assert.equal(parallel.problems[0]?.seq, 6)
    assert.deepEqual(parallel, serial)
  })

  it('finds a time stored as a blob with the right bytes, and a subject stored empty', async () => {
    const blob = await verifyTampered(12, (db) => db.prepare('update ledger_entries set at = cast(at as blob) where seq = 9').run())
    assert.equal(blob.parallel.problems[0]?.code, 'entry_columns_mismatch')
    assert.equal(blob.parallel.problems[0]?.seq, 9)
    assert.deepEqual(blob.parallel, blob.serial)
    const empty = await verifyTampered(12, (db) => db.prepare(`update ledger_entries set subject = '' where seq = 2`).run())
    assert.equal(empty.parallel.problems[0]?.code, 'entry_columns_mismatch')
    assert.deepEqual(empty.parallel, empty.serial)
  })

  it('names the entry and the column when a hash or the bytes are stored as text, as one thread does', async () => {
    for (const column of ['hash', 'encoded']) {
      const { parallel, serial } = await verifyTampered(12, (db) => db.prepare(`update ledger_entries set ${column} = hex(${column}) where seq = 7`).run())
      assert.equal(parallel.problems[0]?.code, 'entry_malformed')
      assert.equal(parallel.problems[0]?.seq, 7)
      assert.match(parallel.problems[0]!.message, new RegExp(`^entry 7: its ${column} column holds text`))
      assert.deepEqual(parallel, serial)
    }
  })

  it('verifies a clean ledger of many blocks and a partial one, as one thread does', async () => {
    const { parallel, serial } = await verifyTampered(4 * 9 + 3, () => {})
    assert.equal(parallel.ok, true)
    assert.equal(parallel.size, 39)
    assert.deepEqual(parallel, serial)
  })
})
