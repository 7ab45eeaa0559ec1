/**
 * Issue 15, item 8g: an intruder with the database rewrites an entry's hash as text (its hex,
 * which reads the same to a person looking at the table), or the entry's bytes. `ledger verify`
 * used to die with "unexpected error" on it, naming nothing; it now names the entry (its seq) and
 * the column, in one thread and in worker threads alike.
 */
import { strict as assert } from 'node:assert'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { publicKeyPem } from '../../src/ledger/index.js'
import { startBatchServer, submitAndWait } from './small-support.js'
import { ATTACK_BACKENDS, REPO_ROOT } from './support.js'
import type { AttackPlace } from './support.js'

/** The entry the intruder rewrites in a SQLite file (on PostgreSQL the column's type changes for every row, so entry 0 is the first bad one). */
const SEQ = 3

/** `verigate ledger verify` as a child process; `workers` makes even a small ledger go through the worker threads. */
function verify(place: AttackPlace, publicKeyPath: string, workers: boolean): { status: number | null; output: string } {
  const env = { ...process.env, ...(workers ? { VERIGATE_VERIFY_PARALLEL_MIN: '2', VERIGATE_VERIFY_BLOCK_HEIGHT: '2' } : {}) }
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/verigate.js'), 'ledger', 'verify', '--db', place.location, '--public-key', publicKeyPath], { encoding: 'utf8', env })
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

/** The intruder's edit, with the file or the server: the column of entry SEQ rewritten as its hex text. */
async function rewriteAsText(backend: string, place: AttackPlace, column: 'hash' | 'encoded'): Promise<void> {
  if (backend === 'sqlite') {
    const db = new BetterSqlite3(place.location)
    try {
      db.exec('drop trigger if exists ledger_entries_no_update; drop trigger if exists ledger_entries_no_delete')
      db.prepare(`update ledger_entries set ${column} = hex(${column}) where seq = ?`).run(SEQ)
    } finally {
      db.close()
    }
    return
  }
  // PostgreSQL keeps bytes in a bytea column: the intruder makes the column text first.
  const client = new pg.Client({ connectionString: place.location })
  await client.connect()
  try {
    await client.query(`alter table ledger_entries alter column ${column} type text using encode(${column}, 'hex')`)
  } finally {
    await client.end()
  }
}

for (const backend of ATTACK_BACKENDS) {
  describe(`an intruder stores an entry's hash, or its bytes, as text (${backend.name})`, { skip: backend.skip }, () => {
    for (const column of ['hash', 'encoded'] as const) {
      const first = backend.name === 'sqlite' ? SEQ : 0
      it(`the ${column} column as text: ledger verify fails naming the first entry so changed (${first}) and the column, not an unexpected error`, async () => {
        const place = await backend.fresh()
        try {
          const server = await startBatchServer(place)
          const publicKeyPath = join(place.dir, 'ledger.pub.pem')
          try {
            await submitAndWait(server, server.requestsCsv)
            assert.ok((await server.store.ledger.size()) > SEQ, 'the batch wrote entries')
            writeFileSync(publicKeyPath, publicKeyPem(server.ledgerKeys))
          } finally {
            await server.close()
          }
          const clean = verify(place, publicKeyPath, false)
          assert.equal(clean.status, 0, clean.output)

          await rewriteAsText(backend.name, place, column)
          for (const workers of backend.name === 'sqlite' ? [false, true] : [false]) {
            const { status, output } = verify(place, publicKeyPath, workers)
            assert.notEqual(status, 0, output)
            assert.match(output, new RegExp(`entry ${first}: its ${column} column holds text`), `${workers ? 'worker threads' : 'one thread'}: ${output}`)
            assert.doesNotMatch(output, /unexpected error/i)
          }
        } finally {
          await place.dispose()
        }
      })
    }
  })
}
