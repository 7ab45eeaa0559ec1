import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import BetterSqlite3 from 'better-sqlite3'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WalCheckpointer } from './wal-checkpointer.js'
import type { WalCheckpointReport } from './wal-checkpointer.js'

/** A WAL database whose writer never checkpoints by itself, with a table of 4 KiB rows. */
function walDatabase(): { readonly dir: string; readonly path: string; readonly db: BetterSqlite3.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
  const path = join(dir, 'wal.sqlite')
  const db = new BetterSqlite3(path)
  db.pragma('journal_mode = WAL')
  db.pragma('wal_autocheckpoint = 0')
  db.exec('create table t (id integer primary key, data blob not null)')
  return { dir, path, db }
}

describe('WalCheckpointer', () => {
  it('checkpoints the WAL of a writer that does not stop, and restarts it once it is large', async () => {
    const { dir, path, db } = walDatabase()
    const checkpointer = new WalCheckpointer(path, { intervalMs: 0, startBytes: 0, restartBytes: 2 ** 20 })
    const reports: WalCheckpointReport[] = []
    checkpointer.onCheckpoint((report) => reports.push(report))
    try {
      const insert = db.prepare('insert into t (data) values (?)')
      for (let i = 0; i < 200; i++) {
        db.transaction(() => {
          for (let j = 0; j < 10; j++) insert.run(Buffer.alloc(4096, i))
        })()
        checkpointer.afterCommit()
        // Let the worker's answers in between commits, as an event loop with other work would.
        await new Promise((resolve) => setImmediate(resolve))
      }
      // The restart may come before the last commits, which then wait in the WAL: keep asking
      // until the worker (nobody else checkpoints here) has copied them into the database too.
      const rowsBytes = 2000 * 4096
      const settled = (): boolean => reports.some((r) => r.restarted) && statSync(path).size > rowsBytes
      const deadline = Date.now() + 10_000
      while (!settled() && Date.now() < deadline) {
        checkpointer.afterCommit()
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      assert.ok(reports.length > 0, 'the worker made checkpoints')
      assert.ok(reports.some((r) => r.checkpointed > 0), 'some of them copied frames into the database')
      assert.ok(reports.some((r) => r.restarted), 'a large WAL was restarted')
      // The database file itself now holds the rows, all of them readable.
      assert.ok(statSync(path).size > rowsBytes, 'the database file holds every row')
      assert.equal(db.prepare('select count(*) from t').pluck().get(), 2000)
    } finally {
      await checkpointer.close()
      db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('starts no worker while the WAL is small, and none after it is closed', async () => {
    const { dir, path, db } = walDatabase()
    const checkpointer = new WalCheckpointer(path, { intervalMs: 0 })
    const reports: WalCheckpointReport[] = []
    checkpointer.onCheckpoint((report) => reports.push(report))
    try {
      db.prepare('insert into t (data) values (?)').run(Buffer.alloc(10))
      checkpointer.afterCommit()
      await checkpointer.close()
      checkpointer.afterCommit()
      await new Promise((resolve) => setTimeout(resolve, 50))
      assert.deepEqual(reports, [])
    } finally {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
