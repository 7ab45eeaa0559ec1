/**
 * The `--db` and `--key` options every command that touches the store shares: where the database
 * is (a SQLite file, by default `verigate.sqlite` in the working directory, or a `postgres://`
 * URL) and where the ledger key file is (by default beside the database).
 */
import type { Command } from 'commander'
import type { LedgerKeys } from '../ledger/index.js'
import type { Store } from '../store/index.js'

/** The default database: a SQLite file in the working directory. */
export const DEFAULT_DB = 'verigate.sqlite'
/** The key file used with PostgreSQL when `--key` is not given (there is no file to sit beside). */
export const DEFAULT_POSTGRES_KEY = 'verigate-ledger.key'

/** Options as commander parses them. */
export interface DbOptions {
  readonly db: string
  readonly key?: string
}

/** Adds `--db <location>` to a command. */
export function addDbOption(command: Command): Command {
  return command.option('--db <location>', 'the database: a SQLite file or a postgres://user@host:port/database URL', DEFAULT_DB)
}

/** Adds `--key <file>` to a command. */
export function addKeyOption(command: Command): Command {
  return command.option(
    '--key <file>',
    `the ledger key file (Ed25519 signing key and pseudonym secret); default: beside the SQLite file as <db>.ledger-key, or ${DEFAULT_POSTGRES_KEY} in the working directory with PostgreSQL`,
  )
}

/** True when `--db` names a PostgreSQL server. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db)
}

/** The key file for these options: `--key`, or the default beside the database. */
export function keyPathFor(options: DbOptions): string {
  if (options.key) return options.key
  return isPostgresUrl(options.db) ? DEFAULT_POSTGRES_KEY : `${options.db}.ledger-key`
}

/**
 * Opens the store `--db` names. Commands that only read pass `mustExist`, so a mistyped path is
 * an error rather than a new empty database.
 */
export async function openStoreFor(options: DbOptions, mustExist: boolean): Promise<Store> {
  const { openStore } = await import('../store/index.js')
  return openStore(options.db, { mustExist })
}

/**
 * Loads the ledger keys, creating them on first use when `create` is set (and saying so on
 * stderr, since the public key must then go to the overseer). An explicit `--key` is never
 * created: a missing one is an error.
 */
export async function ledgerKeysFor(options: DbOptions, create: boolean): Promise<LedgerKeys> {
  const { loadLedgerKeys, loadOrCreateLedgerKeys } = await import('../ledger/index.js')
  const path = keyPathFor(options)
  if (!create || options.key) return loadLedgerKeys(path)
  const { keys, created } = loadOrCreateLedgerKeys(path)
  if (created) {
    process.stderr.write(
      `verigate: created a new ledger key at ${path} (keep it safe and backed up: it signs checkpoints and keys the pseudonyms).\n` +
        `verigate: its public key is in ${path}.pub.pem: give that file to the overseer.\n`,
    )
  }
  return keys
}
