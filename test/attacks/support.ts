/**
 * The attack suite's back ends: every attack is replayed on SQLite and, when
 * `VERIGATE_TEST_PG_URL` is set (as in CI), on PostgreSQL, each time in a fresh, empty store
 * that a command line can name with `--db` (a file, or a database of its own on the server).
 *
 * @example
 * for (const backend of ATTACK_BACKENDS) {
 *   describe(`a reviewer approves twice under two spellings (${backend.name})`, { skip: backend.skip }, () => {
 *     it('is refused', async () => {
 *       const place = await backend.fresh()
 *       try { … place.location … } finally { await place.dispose() }
 *     })
 *   })
 * }
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

/** A fresh, empty place for a store: its `--db` location and a scratch folder beside it. */
export interface AttackPlace {
  /** What `--db` takes: a SQLite file path, or a `postgres://` URL of a new, empty database. */
  readonly location: string
  /** A scratch folder of this place's own (key files, request files, outputs). */
  readonly dir: string
  /** Removes the folder and, on PostgreSQL, drops the database. */
  dispose(): Promise<void>
}

/** One back end the attacks run on. */
export interface AttackBackend {
  readonly name: 'sqlite' | 'postgres'
  /** The `skip` option for `describe`: a reason when this back end is not available here. */
  readonly skip: string | false
  /** A fresh, empty place. */
  fresh(): Promise<AttackPlace>
}

const PG_URL = process.env.VERIGATE_TEST_PG_URL

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'verigate-attack-'))
}

const sqlite: AttackBackend = {
  name: 'sqlite',
  skip: false,
  fresh() {
    const dir = scratch()
    return Promise.resolve({
      location: join(dir, 'verigate.sqlite'),
      dir,
      dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    })
  },
}

/** Runs one statement on the server's maintenance connection (CREATE/DROP DATABASE cannot run in a transaction). */
async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

const postgres: AttackBackend = {
  name: 'postgres',
  skip: PG_URL ? false : 'VERIGATE_TEST_PG_URL is not set (CI sets it): the attack would be replayed on PostgreSQL',
  async fresh() {
    const name = `vg_attack_${randomBytes(5).toString('hex')}`
    await onServer(`create database ${name}`)
    const url = new URL(PG_URL!)
    url.pathname = `/${name}`
    const dir = scratch()
    return {
      location: url.toString(),
      dir,
      async dispose() {
        rmSync(dir, { recursive: true, force: true })
        await onServer(`drop database if exists ${name} with (force)`)
      },
    }
  },
}

/** SQLite always; PostgreSQL when its URL is set (skipped with a message otherwise). */
export const ATTACK_BACKENDS: readonly AttackBackend[] = [sqlite, postgres]

/** The repository root (this file runs from dist/test/attacks/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/**
 * Writes the corrected agreement of `policies/agreements`, in force from 30 days before `now` to
 * a year after, as `agreement-in-force.yaml` in `dir`, and returns its path. With the server's
 * clock the repository's own agreements have expired (until 2026-10-06) and the D.D.C.
 * injunction of `policies/orders` is in force: an attack that needs a real disclosure uses this
 * agreement and no orders folder (or one of its own).
 */
export function writeAgreementInForce(dir: string, now: Date = new Date()): string {
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
  const text = readFileSync(join(REPO_ROOT, 'policies/agreements/irs-ice-2025-corrected.yaml'), 'utf8')
    .replace(/^version: .*$/m, `version: in-force-${day(now.getTime())}`)
    .replace(/^ {2}from: .*$/m, `  from: ${day(now.getTime() - 30 * 86_400_000)}`)
    .replace(/^ {2}until: .*$/m, `  until: ${day(now.getTime() + 365 * 86_400_000)}`)
  const path = join(dir, 'agreement-in-force.yaml')
  writeFileSync(path, text)
  return path
}
