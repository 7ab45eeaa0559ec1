/**
 * Scenes for the clock attacks (issue 15, "One clock"): a real store where a batch was run at the
 * server's clock and its review cases approved, ready for a supervisor to release; and the CLI
 * run as a child process, as an attacker at the keyboard would run it.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { newApiKey, hashApiKey } from '../../src/core/index.js'
import type { LedgerEntry } from '../../src/core/index.js'
import type { LedgerKeys } from '../../src/ledger/index.js'
import { isPostgresLocation, openStore } from '../../src/store/index.js'
import type { Store } from '../../src/store/index.js'
import { listReviewCases, reviewCase, runBatch } from '../../src/workflow/index.js'
import { makeFixture } from '../support/workflow-test-support.js'
import type { AttackPlace } from './support.js'
import { REPO_ROOT, writeAgreementInForce } from './support.js'

/** What a command run printed and how it exited. */
export interface CliRun {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `node bin/verigate.js …args` in `cwd`, as a person at the keyboard would (with `env` added: a person's key). */
export function verigate(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): CliRun {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/verigate.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** A real store with a batch whose review cases were approved, at the server's clock. */
export interface ApprovedScene {
  /** The batch, run under an agreement in force today (no orders). */
  readonly batchId: string
  /** The review cases approved (two reviewers each), waiting for release. */
  readonly approved: number
  /** The ledger key file (`--key`) and its keys. */
  readonly keyPath: string
  readonly keys: LedgerKeys
  /** The agreement in force today, and the generated master file. */
  readonly agreementPath: string
  readonly masterPath: string
  /** Removes the generated data (the place is disposed of by its owner). */
  dispose(): void
}

/**
 * Runs a small batch in a new real store at `place` and approves every case held for review,
 * all at the server's clock; the store is closed when this returns.
 */
export async function approvedScene(place: AttackPlace): Promise<ApprovedScene> {
  const fx = await makeFixture(1500, 80, 11)
  const agreementPath = writeAgreementInForce(place.dir)
  const store = await openStore(place.location)
  try {
    const result = await runBatch(store, { agreementPath, masterPath: fx.master, requestsPath: fx.requests, outDir: join(place.dir, 'out'), keys: fx.keys, threads: 1 })
    const held = await listReviewCases(store, { batchId: result.batchId, state: 'pending' })
    for (const c of held) {
      for (const reviewer of ['alice', 'bob'].slice(0, c.approvalsNeeded)) {
        await reviewCase(store, { batchId: result.batchId, requestId: c.requestId, reviewer, action: 'approve', reason: 'same person: name, date of birth and address agree' })
      }
    }
    return {
      batchId: result.batchId,
      approved: held.length,
      keyPath: fx.keyPath,
      keys: fx.keys,
      agreementPath,
      masterPath: fx.master,
      dispose: () => rmSync(fx.dir, { recursive: true, force: true }),
    }
  } finally {
    await store.close()
  }
}

/** What the store holds that a release would add to: the ledger's size and the batch's disclosures. */
export interface Written {
  readonly ledgerSize: number
  readonly disclosures: number
  readonly lastEntryAt: string | undefined
}

/** Reads `Written` from the store at `location` (opened and closed here). */
export async function written(location: string, batchId?: string): Promise<Written> {
  const store = await openStore(location)
  try {
    const ledgerSize = await store.ledger.size()
    const last = ledgerSize > 0 ? await store.ledger.get(ledgerSize - 1) : undefined
    return { ledgerSize, disclosures: batchId ? (await store.disclosures.byBatch(batchId)).length : 0, lastEntryAt: last?.at }
  } finally {
    await store.close()
  }
}

/** Adds the holder party and a supervisor's API key to the store; returns the key. */
export async function supervisorKey(store: Store): Promise<string> {
  const at = new Date().toISOString()
  if (!(await store.parties.get('irs'))) await store.parties.add({ id: 'irs', name: 'IRS', kind: 'holder', createdAt: at })
  const { key, prefix } = newApiKey()
  await store.parties.addCredential({ id: `key-supervisor-${prefix}`, partyId: 'irs', role: 'supervisor', keyPrefix: prefix, keyHash: await hashApiKey(key, { N: 1024, r: 8, p: 1 }), createdAt: at })
  return key
}

/** A ledger entry about no one, at `at`: what the clock attacks append. */
export function policyEntry(at: string, version: string): LedgerEntry {
  return { kind: 'policy_change', at, actor: 'admin', payload: { agreementId: 'irs-ice-2025', version, digest: versionDigest(version), previousDigest: null, effectiveFrom: '2025-04-07' } }
}

/**
 * Appends policy changes to a simulation store, one a day from `day` of August 2025: two stores
 * given the same first versions share their first entries (the log attacks fork or rewind them).
 */
export async function appendPolicies(location: string, versions: readonly string[], day: number): Promise<void> {
  const store = await openStore(location, { mode: 'simulation' })
  try {
    await store.ledger.append(versions.map((v, i) => policyEntry(`2025-08-${String(day + i).padStart(2, '0')}T12:00:00.000Z`, v)))
  } finally {
    await store.close()
  }
}

/** A made-up digest of an agreement version's document, one per version. */
function versionDigest(version: string): `sha256:${string}` {
  return `sha256:${createHash('sha256').update(version).digest('hex')}`
}

/**
 * Records agreement versions as the workflow does: each `policy_change` entry with its row in
 * `agreement_versions`, in one transaction, so `ledger verify` finds the table and the ledger
 * agreeing (it checks the tables derived from the ledger against it).
 */
export async function recordPolicyChanges(store: Store, changes: readonly { readonly at: string; readonly version: string }[]): Promise<void> {
  await store.transaction(async (tx) => {
    const recorded = await tx.ledger.append(changes.map((c) => policyEntry(c.at, c.version)))
    for (const [i, c] of changes.entries()) {
      await tx.agreements.put({ id: 'irs-ice-2025', version: c.version, digest: versionDigest(c.version), document: `version ${c.version}`, effectiveFrom: '2025-04-07', effectiveUntil: null, recordedAt: c.at, ledgerSeq: recorded[i]!.seq })
    }
  })
}

/** Runs one SQL statement on the store at `location` the way an intruder would: the database itself, no Verigate code. */
export async function intruderSql(location: string, statement: string, parameters: readonly unknown[] = []): Promise<void> {
  if (isPostgresLocation(location)) {
    const client = new pg.Client({ connectionString: location })
    await client.connect()
    try {
      await client.query(statement, parameters as unknown[])
    } finally {
      await client.end()
    }
    return
  }
  const db = new BetterSqlite3(location)
  try {
    db.prepare(statement).run(...parameters)
  } finally {
    db.close()
  }
}

/** The statements an intruder runs to drop the append-only triggers of the store's mode. */
export function dropModeTriggers(location: string): readonly string[] {
  return isPostgresLocation(location)
    ? ['drop trigger if exists store_mode_append_only on store_mode', 'drop trigger if exists store_mode_no_truncate on store_mode']
    : ['drop trigger if exists store_mode_no_update', 'drop trigger if exists store_mode_no_delete']
}

/** The `$n` or `?` placeholders of the back end at `location`, for `count` parameters. */
export function placeholders(location: string, count: number): string {
  return Array.from({ length: count }, (_, i) => (isPostgresLocation(location) ? `$${i + 1}` : '?')).join(', ')
}
