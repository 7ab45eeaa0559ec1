/**
 * The history the derived-table attacks tamper with: a small batch run today under an agreement in
 * force (disclosures, withholdings), a review case approved by two reviewers and one rejected
 * (reviews), an audit under a stricter reading with its recall notice (audits, recalls), all
 * with the server's clock, in a fresh store of the attack suite. Then what an intruder with the
 * database would do: open it directly (better-sqlite3 or pg), drop the triggers, run SQL.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { loadOrCreateLedgerKeys } from '../../src/ledger/index.js'
import type { LedgerKeys } from '../../src/ledger/index.js'
import { readAgreementFile } from '../../src/policy/index.js'
import { isPostgresLocation, openStore } from '../../src/store/index.js'
import { generate } from '../../src/synth/index.js'
import { createRecalls, listReviewCases, releaseReviewed, reviewCase, runAudit, runBatch } from '../../src/workflow/index.js'
import type { AttackPlace } from './support.js'
import { REPO_ROOT, writeAgreementInForce } from './support.js'

/** What the history holds. */
export interface DerivedHistory {
  readonly keyFile: string
  readonly keys: LedgerKeys
  readonly batchId: string
  readonly disclosures: number
  readonly reviews: number
  /** The recall notice the stricter reading called for (issued, not certified). */
  readonly noticeId: string
}

/**
 * A stricter reading of the agreement in force (written by `writeAgreementInForce`): no match
 * weighs enough, so an audit under it finds every disclosure improper and calls for a recall.
 */
function writeStricterReading(dir: string, inForce: string): string {
  const text = readFileSync(inForce, 'utf8')
    .replace(/^version: (.*)$/m, 'version: $1-stricter')
    .replace(/^( {4}minWeight:) \d+$/gm, '$1 500')
  const path = join(dir, 'agreement-stricter.yaml')
  writeFileSync(path, text)
  return path
}

/** Records the history in the place's store. */
export async function recordHistory(place: AttackPlace): Promise<DerivedHistory> {
  const keyFile = join(place.dir, 'ledger.key')
  const { keys } = loadOrCreateLedgerKeys(keyFile)
  const dataDir = join(place.dir, 'data')
  await generate({ scenario: 'demo', seed: 11, people: 3000, requests: 400, inMasterRate: 0.6 }, dataDir)
  const store = await openStore(place.location)
  try {
    const agreementPath = writeAgreementInForce(place.dir)
    const batch = await runBatch(store, {
      agreementPath,
      masterPath: join(dataDir, 'master.csv'),
      requestsPath: join(dataDir, 'requests.csv'),
      outDir: join(place.dir, 'out'),
      keys,
    })
    const cases = await listReviewCases(store, { batchId: batch.batchId, state: 'pending' })
    const [approve, reject] = cases
    if (!approve || !reject) throw new Error(`the history needs two review cases, the batch held ${cases.length}`)
    for (const reviewer of ['rev-ana', 'rev-ben']) await reviewCase(store, { batchId: batch.batchId, requestId: approve.requestId, reviewer, action: 'approve', reason: 'same person: name, date of birth and address agree' })
    await reviewCase(store, { batchId: batch.batchId, requestId: reject.requestId, reviewer: 'rev-ana', action: 'reject', reason: 'nothing independent confirms the match' })
    await releaseReviewed(store, batch.batchId, { keys })
    const audit = await runAudit(store, { agreement: readAgreementFile(writeStricterReading(place.dir, agreementPath)), batchIds: [batch.batchId], actor: 'oversight-office' })
    if (audit.improper === 0) throw new Error('the stricter reading found nothing to recall in the history')
    const { notices } = await createRecalls(store, { auditId: audit.auditId, actor: 'disclosure-office' })
    return {
      keyFile,
      keys,
      batchId: batch.batchId,
      disclosures: (await store.disclosures.byBatch(batch.batchId)).length,
      reviews: (await store.reviews.byBatch(batch.batchId)).length,
      noticeId: notices[0]!.noticeId,
    }
  } finally {
    await store.close()
  }
}

/**
 * Runs SQL on the place's database as an intruder with the file or the server would: directly,
 * with every trigger dropped first. Returns the rows of the last statement.
 */
export async function asIntruder(place: AttackPlace, statements: readonly { readonly sql: string; readonly params?: readonly unknown[] }[]): Promise<Record<string, unknown>[]> {
  if (!isPostgresLocation(place.location)) {
    const db = new BetterSqlite3(place.location)
    try {
      for (const { name } of db.prepare("select name from sqlite_master where type = 'trigger'").all() as { name: string }[]) db.exec(`drop trigger "${name}"`)
      let rows: Record<string, unknown>[] = []
      for (const s of statements) {
        const statement = db.prepare(s.sql)
        if (statement.reader) rows = statement.all(...(s.params ?? [])) as Record<string, unknown>[]
        else statement.run(...(s.params ?? []))
      }
      return rows
    } finally {
      db.close()
    }
  }
  const client = new pg.Client({ connectionString: place.location })
  await client.connect()
  try {
    const triggers = await client.query<{ table: string; name: string }>('select event_object_table as table, trigger_name as name from information_schema.triggers group by 1, 2')
    for (const t of triggers.rows) await client.query(`drop trigger "${t.name}" on "${t.table}"`)
    let rows: Record<string, unknown>[] = []
    // The same statements as on SQLite, with PostgreSQL's numbered parameters.
    for (const s of statements) {
      let n = 0
      rows = (await client.query(s.sql.replace(/\?/g, () => `$${++n}`), [...(s.params ?? [])])).rows as Record<string, unknown>[]
    }
    return rows
  } finally {
    await client.end()
  }
}

/** `verigate ledger verify` on the place, as a child process: its exit status and output. */
export function ledgerVerify(place: AttackPlace, history: DerivedHistory, ...extra: string[]): { readonly status: number | null; readonly stdout: string; readonly stderr: string } {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/verigate.js'), 'ledger', 'verify', '--db', place.location, '--key', history.keyFile, ...extra], { encoding: 'utf8' })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** Audits the history's batch under the agreement in force (it throws where the store was tampered with). */
export async function auditHistoryBatch(place: AttackPlace, batchId: string): Promise<void> {
  const store = await openStore(place.location)
  try {
    await runAudit(store, { agreement: readAgreementFile(writeAgreementInForce(place.dir)), batchIds: [batchId], actor: 'oversight-office' })
  } finally {
    await store.close()
  }
}
