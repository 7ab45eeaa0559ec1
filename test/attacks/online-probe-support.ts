/**
 * The stage of the online-verification attacks: a requester's key and an overseer's key on a
 * fresh store, made with the CLI as an administrator would, synthetic master and requests, and
 * `verigate serve` started as a child process on a free port with the server's clock, an
 * agreement in force today (its cap as the attack needs) and an orders folder of the attack's
 * own. The requester then probes `POST /v1/verify` over real HTTP.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { generate } from '../../src/synth/index.js'
import { reviewEverythingOrder } from '../support/workflow-test-support.js'
import type { AttackPlace } from './support.js'
import { REPO_ROOT, writeAgreementInForce } from './support.js'

const BIN = join(REPO_ROOT, 'bin/verigate.js')

/** Runs the CLI as a child process. */
export function verigate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: REPO_ROOT })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** Runs the CLI and returns its stdout, failing with its stderr. */
export function verigateOk(...args: string[]): string {
  const run = verigate(...args)
  if (run.status !== 0) throw new Error(`verigate ${args.join(' ')} exited ${run.status}: ${run.stderr}`)
  return run.stdout
}

/** Options of `startProbeServer`. */
export interface ProbeOptions {
  /** The agreement's daily cap (default: the agreement's own, 100,000). */
  readonly dailyCap?: number
  /** Court orders (YAML texts) in the server's orders folder (default: none). */
  readonly orders?: readonly string[]
}

/** A server being probed. */
export interface ProbeStage {
  readonly address: string
  /** The requesting party's API key (party dhs-ice, role requester). */
  readonly requesterKey: string
  /** An overseer's API key (party tigta). */
  readonly overseerKey: string
  /** The ledger key file `serve` created with the store. */
  readonly keyFile: string
  /** The synthetic requests, as the bodies of `POST /v1/verify`. */
  readonly requests: readonly Record<string, string>[]
  /** The master record each request is truly about (absent: the person is not in the master). */
  readonly truth: ReadonlyMap<string, string>
  /** The TIN of each master record. */
  readonly tinOf: ReadonlyMap<string, string>
  /** Asks `POST /v1/verify` with the requester's key: the status and the JSON body. */
  verify(record: Record<string, string>): Promise<{ status: number; body: { answer?: { code: string }; verified?: boolean; error?: { code: string } } }>
  /** Posts as the overseer: the accounting of one person (`tin:…`). */
  accounting(subject: string): Promise<{ status: number; body: { entries: { channel: string; fields: string[]; requestId: string; recipient: string; ledgerSeq: number; batchId: string | null }[] } }>
  stop(): Promise<void>
}

/**
 * Sets up a fresh place and starts `verigate serve` on it.
 *
 * @example
 * const stage = await startProbeServer(place, { dailyCap: 3 })
 * try { await stage.verify(stage.requests[0]!) } finally { await stage.stop() }
 */
export async function startProbeServer(place: AttackPlace, options: ProbeOptions = {}): Promise<ProbeStage> {
  const data = join(place.dir, 'data')
  await generate({ scenario: 'demo', people: 2000, requests: 150, seed: 7 }, data, { workers: 0 })
  let agreement = writeAgreementInForce(place.dir)
  if (options.dailyCap !== undefined) {
    const capped = join(place.dir, 'agreement-capped.yaml')
    writeFileSync(capped, readFileSync(agreement, 'utf8').replace('maxDisclosures: 100000', `maxDisclosures: ${options.dailyCap}`))
    agreement = capped
  }
  const ordersDir = join(place.dir, 'orders')
  mkdirSync(ordersDir, { recursive: true })
  ;(options.orders ?? []).forEach((text, i) => writeFileSync(join(ordersDir, `order-${i}.yaml`), text))
  const db = ['--db', place.location]
  verigateOk('party', 'add', 'dhs-ice', '--name', 'ICE', '--kind', 'requester', ...db)
  verigateOk('party', 'add', 'tigta', '--name', 'TIGTA', '--kind', 'overseer', ...db)
  const requesterKey = (JSON.parse(verigateOk('party', 'key', 'create', 'dhs-ice', '--role', 'requester', '--id', 'ice-prober', '--json', ...db)) as { key: string }).key
  const overseerKey = (JSON.parse(verigateOk('party', 'key', 'create', 'tigta', '--role', 'overseer', '--id', 'tigta-auditor', '--json', ...db)) as { key: string }).key
  // `serve` creates the ledger key with the new store: beside a SQLite file by default; a
  // PostgreSQL store's key has no default place, so it is named.
  const isPostgres = place.location.startsWith('postgres')
  const keyFile = isPostgres ? join(place.dir, 'ledger.key') : `${place.location}.ledger-key`
  const master = join(data, 'master.csv')
  const child = spawn(
    process.execPath,
    [BIN, 'serve', ...db, ...(isPostgres ? ['--key', keyFile] : []), '--master', master, '--agreement', agreement, '--orders', ordersDir, '--data-dir', join(place.dir, 'served'), '--host', '127.0.0.1', '--port', '0', '--log-level', 'warn'],
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: place.dir },
  )
  let stderr = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not listen within 60 s: ${stderr}`)), 60_000)
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited ${code}: ${stderr}`))
    })
  })
  const rows = (parse(readFileSync(join(data, 'requests.csv'), 'utf8'), { columns: true }) as Record<string, string>[]).map((row) =>
    Object.fromEntries(Object.entries(row).filter(([, v]) => v !== '').map(([k, v]) => [k === 'request_id' ? 'id' : k, v])),
  )
  const truth = new Map((parse(readFileSync(join(data, 'truth.csv'), 'utf8'), { columns: true }) as { request_id: string; master_id: string }[]).filter((t) => t.master_id !== '').map((t) => [t.request_id, t.master_id]))
  const tinOf = new Map((parse(readFileSync(master, 'utf8'), { columns: true }) as { id: string; tin: string }[]).map((m) => [m.id, m.tin]))
  const post = async (key: string, path: string, body: unknown) => {
    const res = await fetch(new URL(path, address), { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return { status: res.status, body: (await res.json()) as never }
  }
  return {
    address,
    requesterKey,
    overseerKey,
    keyFile,
    requests: rows,
    truth,
    tinOf,
    verify: (record) => post(requesterKey, '/v1/verify', record),
    accounting: (subject) => post(overseerKey, '/v1/oversight/accounting', { subject }),
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** An order of the attack's own, in force since 2025: every would-be disclosure goes to two reviewers. */
export const REVIEW_EVERYTHING_ORDER = reviewEverythingOrder('attack-review-everything')
