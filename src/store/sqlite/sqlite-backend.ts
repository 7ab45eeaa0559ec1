/**
 * The SQLite back end: one file (better-sqlite3), the embedded default. Write transactions begin
 * IMMEDIATE, taking the write lock at once, so two processes appending to the ledger queue on the
 * lock instead of failing half-way; the WAL journal lets readers go on meanwhile, and a process
 * killed mid-transaction leaves the last committed state (SQLite's atomic commit).
 */
import BetterSqlite3 from 'better-sqlite3'
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDriver, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely'
import type { DatabaseConnection, DatabaseIntrospector, Dialect, DialectAdapter, Driver, Insertable, QueryCompiler, Transaction } from 'kysely'
import type { CompiledQuery as Compiled } from 'kysely'
import { NotFoundError } from '../../core/index.js'
import type { CheckedEntries } from '../../ledger/index.js'
import type { AppendOnlyTable, Database } from '../schema.js'
import type { SchemaDialect, StoreBackend } from '../store.js'
import { PARALLEL_VERIFY_MIN_ENTRIES, checkLedgerInWorkers } from './parallel-verify.js'

/**
 * The smallest ledger verified in worker threads: `VERIGATE_VERIFY_PARALLEL_MIN` when set (the
 * tests set it low to run the tamper suite through the workers), else the default.
 */
function parallelVerifyMinEntries(): number {
  const set = Number(process.env.VERIGATE_VERIFY_PARALLEL_MIN)
  return process.env.VERIGATE_VERIFY_PARALLEL_MIN && Number.isSafeInteger(set) && set >= 0 ? set : PARALLEL_VERIFY_MIN_ENTRIES
}

/** SQLite's limit on bound parameters in one statement (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
const MAX_PARAMETERS = 32766
/** Rows per multi-row INSERT: enough to amortize the statement, small enough to stay in cache. */
const ROWS_PER_INSERT = 64

/** A SQLite driver whose transactions begin IMMEDIATE (the write lock up front). */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

/** Kysely's SQLite dialect with the IMMEDIATE driver. */
class ImmediateSqliteDialect implements Dialect {
  readonly #database: SqliteDatabase

  constructor(database: SqliteDatabase) {
    this.#database = database
  }
  createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database })
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler()
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter()
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db)
  }
}

/** SQLite's column types and trigger statements. */
export const SQLITE_SCHEMA: SchemaDialect = {
  int64: 'integer',
  bytes: 'blob',
  appendOnlySetup: [],
  appendOnlyTriggers(table: AppendOnlyTable) {
    const refuse = (op: string) =>
      sql.raw(`create trigger ${table}_no_${op} before ${op} on ${table} begin select raise(abort, '${table} is append-only: ${op} refused'); end`)
    return {
      create: [refuse('update'), refuse('delete')],
      drop: [sql.raw(`drop trigger if exists ${table}_no_update`), sql.raw(`drop trigger if exists ${table}_no_delete`)],
    }
  },
}

/** Options for opening a SQLite file. */
export interface SqliteBackendOptions {
  /** Refuse to create the file when it does not exist (commands that only read). */
  readonly mustExist?: boolean
}

/**
 * Opens (or creates) a SQLite database file.
 *
 * @example
 * const backend = openSqliteBackend('verigate.sqlite')
 */
export function openSqliteBackend(path: string, options: SqliteBackendOptions = {}): StoreBackend {
  if (options.mustExist && path !== ':memory:' && !existsSync(path)) throw new NotFoundError(`no database at ${path}`)
  const raw = new BetterSqlite3(path)
  raw.pragma('journal_mode = WAL')
  // NORMAL in WAL mode: a commit survives the process being killed; only a power loss can lose
  // the last commits, never leave a half-written one (https://sqlite.org/pragma.html#pragma_synchronous).
  raw.pragma('synchronous = NORMAL')
  raw.pragma('busy_timeout = 10000')
  raw.pragma('foreign_keys = ON')
  // Reads through a memory map and a 64 MiB page cache: verify streams the whole ledger.
  raw.pragma('mmap_size = 1073741824')
  raw.pragma('cache_size = -65536')
  // Copy the WAL back into the database every 64 MiB rather than every 4 MiB: fewer fsyncs
  // during bulk appends, the same safety.
  raw.pragma('wal_autocheckpoint = 16384')
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(raw) })
  const statements = new Map<string, Statement>()

  /** A cached INSERT of `rows` rows into `table` with `columns`. */
  const insertStatement = (table: string, columns: readonly string[], rows: number): Statement => {
    const key = `${table}|${columns.join(',')}|${rows}`
    let statement = statements.get(key)
    if (!statement) {
      const tuple = `(${columns.map(() => '?').join(',')})`
      const text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ${Array.from({ length: rows }, () => tuple).join(',')}`
      statement = raw.prepare(text)
      statements.set(key, statement)
    }
    return statement
  }

  return {
    name: 'sqlite',
    location: path,
    db,
    schema: SQLITE_SCHEMA,
    async lockLedger(): Promise<void> {
      // BEGIN IMMEDIATE already holds SQLite's single write lock for the transaction.
    },
    insertRows<T extends keyof Database & string>(_trx: Transaction<Database>, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
      // Called inside a Kysely transaction, which holds the one connection: these statements
      // run in that transaction, on the same handle, with no other query interleaved.
      const first = rows[0]
      if (!first) return Promise.resolve()
      const columns = Object.keys(first)
      const perStatement = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length)))
      const width = columns.length
      const put = (row: Insertable<Database[T]>, into: unknown[], at: number): void => {
        const record = row as Record<string, unknown>
        for (let c = 0; c < width; c++) into[at + c] = record[columns[c] as string] ?? null
      }
      let i = 0
      if (rows.length >= perStatement) {
        const many = insertStatement(table, columns, perStatement)
        const buffer: unknown[] = new Array(perStatement * width)
        for (; i + perStatement <= rows.length; i += perStatement) {
          for (let j = 0; j < perStatement; j++) put(rows[i + j] as Insertable<Database[T]>, buffer, j * width)
          many.run(buffer)
        }
      }
      if (i < rows.length) {
        const one = insertStatement(table, columns, 1)
        const buffer: unknown[] = new Array(width)
        for (; i < rows.length; i++) {
          put(rows[i] as Insertable<Database[T]>, buffer, 0)
          one.run(buffer)
        }
      }
      return Promise.resolve()
    },
    selectArrays(query: Compiled): Promise<readonly (readonly unknown[])[]> {
      let statement = statements.get(query.sql)
      if (!statement) {
        statement = raw.prepare(query.sql).raw(true)
        statements.set(query.sql, statement)
      }
      return Promise.resolve(statement.all(...(query.parameters as unknown[])) as unknown[][])
    },
    checkLedgerEntries(size: number): AsyncIterable<CheckedEntries> | undefined {
      // Workers open the file themselves: an in-memory database is this connection's alone.
      if (path === ':memory:' || path === '' || size < parallelVerifyMinEntries()) return undefined
      return checkLedgerInWorkers(path, size)
    },
    async close(): Promise<void> {
      await db.destroy()
      // Kysely closes the handle only if it ever used it.
      if (raw.open) raw.close()
    },
  }
}
