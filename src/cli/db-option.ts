/**
 * The `--db` and `--key` options every command that touches the store shares: where the database
 * is (a SQLite file, by default `verigate.sqlite` in the working directory, or a `postgres://`
 * URL) and where the ledger key file is. The key is looked for in one place that never depends on
 * the working directory: `--key`, else the file `VERIGATE_LEDGER_KEY` names (an absolute path),
 * else, for SQLite only, beside the database file. A store records the key that signs its ledger:
 * a command refuses a key file that holds another key, and makes a key only for a new store.
 */
import { existsSync, rmSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { type Command, Option } from 'commander'
import { IntegrityError, InvalidInputError, NotFoundError } from '../core/index.js'
import type { LedgerKeys } from '../ledger/index.js'
import type { Store } from '../store/index.js'
import { fromSettings } from './settings.js'

/** The default database: a SQLite file in the working directory. */
export const DEFAULT_DB = 'verigate.sqlite'
/** The environment variable that gives the database, as `--db` would. */
export const DB_ENV = 'VERIGATE_DB'
/** The environment variable that names the ledger key file (an absolute path). */
export const LEDGER_KEY_ENV = 'VERIGATE_LEDGER_KEY'

/** Options as commander parses them. */
export interface DbOptions {
  readonly db: string
  readonly key?: string
}

/** Adds `--db <location>` to a command (or `VERIGATE_DB`, so a password stays out of `ps`). */
export function addDbOption(command: Command): Command {
  return command.addOption(fromSettings(new Option('--db <location>', 'the database: a SQLite file or a postgres://user@host:port/database URL').env(DB_ENV).default(DEFAULT_DB)))
}

/** Adds `--key <file>` to a command. */
export function addKeyOption(command: Command): Command {
  const description = `the ledger key file (Ed25519 signing key and pseudonym secret); default: the file ${LEDGER_KEY_ENV} names, else beside the SQLite file as <db>.ledger-key (PostgreSQL has no default: give --key or set ${LEDGER_KEY_ENV})`
  return command.addOption(fromSettings(new Option('--key <file>', description)))
}

/** True when `--db` names a PostgreSQL server. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db)
}

/** Where the key file is looked for, and how that place was chosen (for messages). */
export interface KeyLocation {
  /** The file, as an absolute path. */
  readonly path: string
  /** How it was chosen: `--key`, `VERIGATE_LEDGER_KEY`, or beside the database. */
  readonly how: string
}

/**
 * The key file for these options: `--key`, else `VERIGATE_LEDGER_KEY`, else (SQLite) beside the
 * database; undefined for PostgreSQL with neither, which has no file to sit beside. Throws when
 * `VERIGATE_LEDGER_KEY` is relative: it would name another file in each working directory.
 */
export function keyLocationFor(options: DbOptions, env: NodeJS.ProcessEnv = process.env): KeyLocation | undefined {
  if (options.key) return { path: resolve(options.key), how: 'given with --key' }
  const fromEnv = env[LEDGER_KEY_ENV]
  if (fromEnv) {
    if (!isAbsolute(fromEnv)) throw new InvalidInputError(`${LEDGER_KEY_ENV} is ${fromEnv}: it must be an absolute path, so that every working directory finds the same key`)
    return { path: fromEnv, how: `named by ${LEDGER_KEY_ENV}` }
  }
  if (isPostgresUrl(options.db)) return undefined
  return { path: resolve(`${options.db}.ledger-key`), how: 'beside the database' }
}

/**
 * Opens the store `--db` names. Commands that only read pass `mustExist`, so a mistyped path is
 * an error rather than a new empty database.
 */
export async function openStoreFor(options: DbOptions, mustExist: boolean): Promise<Store> {
  const { openStore } = await import('../store/index.js')
  return openStore(options.db, { mustExist })
}

/** What a command may do about the key: only use the store's, or make one for a new store. */
export type KeyUse = 'use' | 'create'

/**
 * The ledger keys for a command on `store`. The key file must hold the key the store records for
 * its ledger; a missing file is refused (naming the key id the store needs and where it looked)
 * unless `use` is `create` and the store is new (no ledger entry, no recorded key): then the key
 * is made there, recorded in the store at once, and its public key printed for the overseer.
 * Nothing is written when it refuses.
 *
 * @example
 * const store = await openStoreFor(options, false)
 * const keys = await ledgerKeysFor(options, store, 'create') // batch run, serve
 */
export async function ledgerKeysFor(options: DbOptions, store: Store, use: KeyUse): Promise<LedgerKeys> {
  const { createLedgerKeys, loadLedgerKeys, signingKeyMismatch } = await import('../ledger/index.js')
  const recorded = (await store.ledger.signingKeys()).at(-1)
  const size = await store.ledger.size()
  const isNew = recorded === undefined && size === 0
  const location = keyLocationFor(options)
  const needs = recorded ? `this store's ledger is signed by key ${recorded.keyId}` : size > 0 ? `this store's ledger holds ${size} entries` : 'this is a new store'
  if (!location) {
    throw new InvalidInputError(
      `${needs}; a PostgreSQL store's key file has no default place: give --key FILE, or set ${LEDGER_KEY_ENV} to its absolute path${isNew && use === 'create' ? ' (a new store gets a new key file there)' : ''}`,
    )
  }
  if (existsSync(location.path)) {
    const keys = loadLedgerKeys(location.path)
    if (recorded) {
      const mismatch = signingKeyMismatch(recorded, keys)
      if (mismatch) throw new IntegrityError(`${mismatch} (${location.how}): refused, nothing written; give --key with the store's key file`)
    }
    return keys
  }
  if (!isNew || use !== 'create') {
    throw new NotFoundError(
      `${needs}, and there is no key file at ${location.path} (${location.how}): refused, nothing written. Give --key with the file that holds ${recorded ? `key ${recorded.keyId}` : 'the ledger key'}; ` +
        'a new key is made only for a new store, or by `verigate ledger rotate-key`',
    )
  }
  let keys: LedgerKeys
  let made = true
  try {
    keys = createLedgerKeys(location.path)
  } catch (error) {
    // Another command made it a moment ago: use that one, as the store will insist.
    if (!(error instanceof Error && 'code' in error && error.code === 'conflict')) throw error
    keys = loadLedgerKeys(location.path)
    made = false
  }
  try {
    await store.ledger.bindKey(keys, new Date())
  } catch (error) {
    // Another command gave the store its key first, from another file: this one must not stay.
    if (made) for (const file of [location.path, `${location.path}.pub.pem`]) rmSync(file, { force: true })
    throw error
  }
  if (!made) return keys
  process.stderr.write(
    `verigate: created the ledger key of this new store at ${location.path}, key ${keys.keyId} (keep it safe and backed up: it signs checkpoints and keys the pseudonyms).\n` +
      `verigate: its public key is in ${location.path}.pub.pem: give that file to the overseer.\n`,
  )
  return keys
}
