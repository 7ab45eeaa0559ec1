/**
 * What the identity attacks share: the CLI as a child process (the operator's and the people's
 * face), the parties of an installation and their keys made the way an operator makes them, a
 * batch with review cases run through the CLI on the server's clock, `verigate serve` on a free
 * port with a browser-like client for /ui, and the intruder's hand on the database (a credential
 * row written straight into the table, on SQLite with better-sqlite3, on PostgreSQL with pg).
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { hashApiKey, newApiKey } from '../../src/core/index.js'
import { generate } from '../../src/synth/index.js'
import { REPO_ROOT, writeAgreementInForce } from './support.js'
import type { AttackPlace } from './support.js'

const BIN = join(REPO_ROOT, 'bin/verigate.js')

/** What a command did. */
export interface CliResult {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs `verigate ARGS --db PLACE` in the place's folder (so any default file lands there), with
 * `env` added to the environment (and VERIGATE_API_KEY removed unless given).
 */
export function verigate(place: AttackPlace, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliResult> {
  const base = { ...process.env }
  delete base.VERIGATE_API_KEY
  const child = spawn(process.execPath, [BIN, ...args, '--db', place.location], { cwd: place.dir, env: { ...base, ...ledgerKeyEnv(place), ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

/** The store's ledger key, named for every command (a PostgreSQL store's key has no default place). */
function ledgerKeyEnv(place: AttackPlace): Record<string, string> {
  return { VERIGATE_LEDGER_KEY: join(place.dir, 'ledger.key') }
}

/** Runs a command that must succeed; throws with its stderr otherwise. */
export async function verigateOk(place: AttackPlace, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<string> {
  const r = await verigate(place, args, env)
  if (r.status !== 0) throw new Error(`verigate ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
  return r.stdout
}

/** The parties of the installation: the holder irs, the requester dhs-ice, the overseer tigta. */
export const HOLDER = 'irs'
export const REQUESTER = 'dhs-ice'
export const OVERSEER = 'tigta'

/** Adds the three parties, as an operator does. */
export async function addParties(place: AttackPlace): Promise<void> {
  await verigateOk(place, ['party', 'add', HOLDER, '--name', 'Internal Revenue Service', '--kind', 'holder'])
  await verigateOk(place, ['party', 'add', REQUESTER, '--name', 'U.S. Immigration and Customs Enforcement', '--kind', 'requester'])
  await verigateOk(place, ['party', 'add', OVERSEER, '--name', 'Treasury Inspector General for Tax Administration', '--kind', 'overseer'])
}

/** A key made by `party key create … --out FILE`; returns the file and the key. */
export async function createKey(place: AttackPlace, party: string, role: string, person: string, id = person): Promise<{ readonly file: string; readonly key: string; readonly id: string }> {
  const file = join(place.dir, `${id}.key`)
  const out = JSON.parse(await verigateOk(place, ['party', 'key', 'create', party, '--role', role, '--person', person, '--id', id, '--out', file, '--json'])) as { id: string }
  const { readFileSync } = await import('node:fs')
  return { file, key: readFileSync(file, 'utf8').trim(), id: out.id }
}

/** A review case of a batch, as `review list --json` prints it. */
export interface ListedCase {
  readonly batchId: string
  readonly requestId: string
  readonly state: string
  readonly approvalsNeeded: number
  readonly approvedBy: readonly string[]
}

/**
 * Runs a small batch through `verigate batch run` on the server's clock, under the agreement in
 * force today and an order of the place's own that sends every would-be disclosure to two
 * reviewers; returns the batch id and its pending cases.
 */
export async function batchWithReviewCases(place: AttackPlace): Promise<{ readonly batchId: string; readonly cases: readonly ListedCase[] }> {
  const data = join(place.dir, 'data')
  await generate({ scenario: 'demo', people: 1200, requests: 60, seed: 11 }, data)
  const orders = join(place.dir, 'orders')
  mkdirSync(orders, { recursive: true })
  const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)
  writeFileSync(
    join(orders, 'review.yaml'),
    `kind: order\nid: attack-review\ncourt: Test court\ncase: Test v. Test\ntitle: Two reviewers for every disclosure\nissued: ${from}\neffective:\n  from: ${from}\nbinds:\n  agreements: [irs-ice-2025]\nactions:\n  - kind: require_review\n    approvers: 2\n`,
  )
  const summary = JSON.parse(
    await verigateOk(place, ['batch', 'run', '--agreement', writeAgreementInForce(place.dir), '--orders', orders, '--master', join(data, 'master.csv'), '--requests', join(data, 'requests.csv'), '--out', join(place.dir, 'out'), '--threads', '1', '--json', '--no-progress']),
  ) as { batch_id: string }
  const cases = JSON.parse(await verigateOk(place, ['review', 'list', '--batch', summary.batch_id, '--state', 'pending', '--json'])) as ListedCase[]
  if (cases.length < 2) throw new Error(`the batch has only ${cases.length} review case(s)`)
  return { batchId: summary.batch_id, cases }
}

/** The review actions on one case, as `review show --json` prints them. */
export async function actionsOn(place: AttackPlace, batchId: string, requestId: string): Promise<readonly { reviewer: string; action: string }[]> {
  const detail = JSON.parse(await verigateOk(place, ['review', 'show', requestId, '--batch', batchId, '--json'])) as { actions: { reviewer: string; action: string }[] }
  return detail.actions
}

/** A credential row as an intruder writes it. */
export interface ForgedCredential {
  readonly id: string
  readonly partyId: string
  readonly role: string
  readonly person: string
}

/**
 * Writes a credential straight into `party_credentials`, past every check of `party key create`
 * (as an intruder with the database can), and returns its key.
 */
export async function forgeCredential(place: AttackPlace, credential: ForgedCredential): Promise<string> {
  const { key, prefix } = newApiKey()
  const row = [credential.id, credential.partyId, credential.role, prefix, await hashApiKey(key, { N: 1024, r: 8, p: 1 }), new Date().toISOString(), credential.person]
  const insert = 'insert into party_credentials (id, party_id, role, key_prefix, key_hash, created_at, revoked_at, person) values'
  if (place.location.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: place.location })
    await client.connect()
    try {
      await client.query(`${insert} ($1, $2, $3, $4, $5, $6, null, $7)`, row)
    } finally {
      await client.end()
    }
  } else {
    const db = new Database(place.location)
    try {
      db.prepare(`${insert} (?, ?, ?, ?, ?, ?, null, ?)`).run(...row)
    } finally {
      db.close()
    }
  }
  return key
}

/** `verigate serve` running on a free port. */
export interface Served {
  readonly url: string
  stop(): Promise<void>
}

/** Starts `verigate serve --port 0` in the place's folder and waits for its address. */
export async function serve(place: AttackPlace, extra: readonly string[] = []): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--db', place.location, '--port', '0', '--log-level', 'silent', ...extra], { cwd: place.dir, env: { ...process.env, ...ledgerKeyEnv(place) }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`verigate serve did not start: ${stderr}`)), 60_000)
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
      const m = /listening on (\S+)/.exec(stderr)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`verigate serve exited (${code}): ${stderr}`))
    })
  })
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** A browser's side of /ui: a cookie jar, the sign-in form and CSRF-carrying posts, over real HTTP. */
export class Browser {
  private readonly cookies = new Map<string, string>()
  constructor(private readonly base: string) {}

  private keep(response: Response): void {
    for (const c of response.headers.getSetCookie()) {
      const m = /^([^=]+)=([^;]*)/.exec(c)
      if (!m) continue
      if (m[2] === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(m[1]!)
      else this.cookies.set(m[1]!, m[2]!)
    }
  }

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  /** GETs a page (no redirect followed). */
  async get(path: string): Promise<{ status: number; body: string; location: string | null }> {
    const r = await fetch(`${this.base}${path}`, { headers: { cookie: this.header() }, redirect: 'manual' })
    this.keep(r)
    return { status: r.status, body: await r.text(), location: r.headers.get('location') }
  }

  /** POSTs a form (no redirect followed). */
  async post(path: string, fields: Readonly<Record<string, string>>): Promise<{ status: number; body: string; location: string | null }> {
    const r = await fetch(`${this.base}${path}`, { method: 'POST', headers: { cookie: this.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' })
    this.keep(r)
    return { status: r.status, body: await r.text(), location: r.headers.get('location') }
  }

  /** Signs in with a credential id and its key; the status (303 when signed in). */
  async signIn(user: string, key: string): Promise<{ status: number; body: string }> {
    const page = await this.get('/ui/sign-in')
    return this.post('/ui/sign-in', { _csrf: csrfOf(page.body), user, key, next: '/ui/review' })
  }

  /** True while the jar holds a session cookie. */
  hasSession(): boolean {
    return this.cookies.has('vg_session')
  }
}

/** The CSRF token of a page's form. */
export function csrfOf(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page)
  if (!m) throw new Error('no CSRF token in the page')
  return m[1]!
}

/** A JSON call to the API with a key. */
export async function api(base: string, method: 'GET' | 'POST', path: string, key: string, body?: unknown): Promise<{ status: number; json: { error?: { code: string; message: string } } & Record<string, unknown> }> {
  const r = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  return { status: r.status, json: (await r.json()) as { error?: { code: string; message: string } } & Record<string, unknown> }
}
