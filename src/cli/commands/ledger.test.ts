import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import type { LedgerEntry, WithholdingPayload } from '../../core/index.js'
import { openStore, rawDatabaseForTamperTests } from '../../store/index.js'

const BIN = fileURLToPath(new URL('../../../../bin/verigate.js', import.meta.url))

function verigate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

function entry(i: number): LedgerEntry {
  return {
    kind: 'withholding',
    at: new Date(Date.UTC(2026, 10, 26, 12) + i * 1000).toISOString(),
    actor: 'system',
    payload: { batchId: 'batch-1', requestId: `r${i}`, recipient: 'agency-a', reasons: ['ADDRESS_INCOMPLETE'], decisionDigest: `sha256:${'1'.repeat(64)}` },
  }
}

/** Appends withholding entries with the rows the workflow writes beside them (`ledger verify` checks both). */
async function append(db: string, from: number, count: number): Promise<void> {
  const store = await openStore(db)
  const digest = `sha256:${'1'.repeat(64)}` as const
  try {
    await store.transaction(async (tx) => {
      if (!(await tx.batches.get('batch-1'))) {
        await tx.batches.create({ id: 'batch-1', agreementId: 'a', agreementVersion: '1', agreementDigest: digest, requesterPartyId: 'agency-a', requestFileDigest: digest, status: 'complete', createdAt: entry(0).at })
      }
      const recorded = await tx.ledger.append(Array.from({ length: count }, (_, i) => entry(from + i)))
      for (const e of recorded) {
        const { requestId, reasons } = e.payload as WithholdingPayload
        const decision = { requestId, recipient: 'agency-a' }
        await rawDatabaseForTamperTests(tx)
          .insertInto('decisions')
          .values({ batch_id: 'batch-1', request_id: requestId, outcome: 'withhold', verified: 0, answer_code: 'NOT_PERMITTED', fields: '[]', decision: JSON.stringify(decision), decision_digest: digest, decided_at: e.at })
          .execute()
        await tx.withholdings.insertMany([{ batchId: 'batch-1', requestId, reasons: [...reasons], decision: decision as never, decisionDigest: digest, withheldAt: e.at, ledgerSeq: e.seq }])
      }
    })
  } finally {
    await store.close()
  }
}

describe('verigate ledger', () => {
  let dir: string
  let db: string
  const file = (name: string): string => join(dir, name)

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    db = file('verigate.sqlite')
    // A key is made only with a new store: the first command on it makes it, beside the database.
    const made = verigate('ledger', 'public-key', '--db', db, '--out', file('public.pem'))
    assert.equal(made.status, 0, made.stderr)
    assert.match(made.stderr, /created the ledger key of this new store at .*verigate\.sqlite\.ledger-key/)
    await append(db, 0, 10)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('exports a signed checkpoint with the key made beside the database with the store', () => {
    const run = verigate('ledger', 'checkpoint', '--db', db, '--out', file('cp1.json'))
    assert.equal(run.status, 0, run.stderr)
    assert.doesNotMatch(run.stderr, /created/)
    assert.ok(existsSync(`${db}.ledger-key.pub.pem`))
    const checkpoint = JSON.parse(readFileSync(file('cp1.json'), 'utf8')) as { format: string; tree_size: number }
    assert.equal(checkpoint.format, 'verigate-checkpoint/1')
    assert.equal(checkpoint.tree_size, 10)
  })

  it('proves an entry is in the checkpoint an overseer kept, and the standalone verifier accepts it', async () => {
    await append(db, 10, 5)
    const proof = verigate('ledger', 'proof', '--entry', '3', '--db', db, '--checkpoint', file('cp1.json'), '--out', file('proof.json'))
    assert.equal(proof.status, 0, proof.stderr)
    const check = verigate('ledger', 'verify-proof', '--proof', file('proof.json'), '--checkpoint', file('cp1.json'), '--public-key', `${db}.ledger-key.pub.pem`)
    assert.equal(check.status, 0, check.stderr)
    assert.match(check.stdout, /valid inclusion proof: entry 3 is in the ledger of 10 entries/)
  })

  it('rejects a proof with one flipped byte', () => {
    const proof = JSON.parse(readFileSync(file('proof.json'), 'utf8')) as { proof: string[] }
    const first = proof.proof[0] as string
    proof.proof[0] = `${first[0] === '0' ? '1' : '0'}${first.slice(1)}`
    writeFileSync(file('bad-proof.json'), JSON.stringify(proof))
    const check = verigate('ledger', 'verify-proof', '--proof', file('bad-proof.json'), '--checkpoint', file('cp1.json'), '--public-key', `${db}.ledger-key.pub.pem`)
    assert.equal(check.status, 70)
    assert.match(check.stderr, /does not verify/)
  })

  it('proves today’s ledger extends the kept checkpoint', () => {
    const proof = verigate('ledger', 'consistency', '--from', file('cp1.json'), '--db', db, '--out', file('consistency.json'))
    assert.equal(proof.status, 0, proof.stderr)
    const check = verigate('ledger', 'verify-proof', '--proof', file('consistency.json'), '--checkpoint', file('cp1.json'), '--public-key', `${db}.ledger-key.pub.pem`, '--json')
    assert.equal(check.status, 0, check.stderr)
    const result = JSON.parse(check.stdout) as { valid: boolean; kind: string; treeSize: number; fromSize: number }
    assert.deepEqual([result.valid, result.kind, result.fromSize, result.treeSize], [true, 'consistency', 10, 15])
  })

  it('verifies the whole ledger, then fails naming the first bad entry once one is modified', () => {
    const clean = verigate('ledger', 'verify', '--db', db)
    assert.equal(clean.status, 0, clean.stderr)
    assert.match(clean.stdout, /ledger verified: 15 entries/)
    assert.match(clean.stdout, /derived tables verified: 15 rows/)

    const raw = new BetterSqlite3(db)
    raw.exec('drop trigger ledger_entries_no_update')
    const row = raw.prepare('select encoded from ledger_entries where seq = 12').get() as { encoded: Buffer }
    row.encoded[row.encoded.length - 5] = (row.encoded[row.encoded.length - 5] as number) ^ 1
    raw.prepare('update ledger_entries set encoded = ? where seq = 12').run(row.encoded)
    raw.close()

    const tampered = verigate('ledger', 'verify', '--db', db)
    assert.equal(tampered.status, 70)
    assert.match(tampered.stderr, /first bad entry: 12/)
  })

  it('refuses to verify a database that does not exist', () => {
    const run = verigate('ledger', 'verify', '--db', file('missing.sqlite'), '--key', `${db}.ledger-key`)
    assert.equal(run.status, 66)
    assert.match(run.stderr, /no database at/)
    assert.equal(existsSync(file('missing.sqlite')), false)
  })
})
