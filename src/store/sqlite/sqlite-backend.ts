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
import { NotFoundError, ensurePrivateFile, tightenFileMode } from '../../core/index.js'
import type { CheckedEntries, EntryRules } from '../../ledger/index.js'
import type { AppendOnlyTable, OneWayChange } from '../append-only.js'
import type { Database } from '../schema.js'
import type { AnalyzedTable, SchemaDialect, StoreBackend } from '../backend.js'
import { PARALLEL_VERIFY_MIN_ENTRIES, checkLedgerInWorkers } from './parallel-verify.js'
import { WalCheckpointer } from './wal-checkpointer.js'

/**
 * The smallest ledger verified in worker threads: `VERIGATE_VERIFY_PARALLEL_MIN` when set (the
 * tests set it low to run the tamper suite through the workers), else the default.
 */
function parallelVerifyMinEntries(): number {
  const set = Number(process.env.VERIGATE_VERIFY_PARALLEL_MIN)
  return process.env.VERIGATE_VERIFY_PARALLEL_MIN && Number.isSafeInteger(set) && set >= 0 ? set : PARALLEL_VERIFY_MIN_ENTRIES
}

/**
 * The block height of verification in workers: `VERIGATE_VERIFY_BLOCK_HEIGHT` when set (the
 * tests set it low so that their small ledgers go through the block path too), else the default.
 */
function parallelVerifyBlockHeight(): number | undefined {
  const set = Number(process.env.VERIGATE_VERIFY_BLOCK_HEIGHT)
  return process.env.VERIGATE_VERIFY_BLOCK_HEIGHT && Number.isSafeInteger(set) && set >= 0 && set <= 20 ? set : undefined
}

/** SQLite's limit on bound parameters in one statement (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
const MAX_PARAMETERS = 32766
/** Rows per multi-row INSERT: enough to amortize the statement, small enough to stay in cache. */
const ROWS_PER_INSERT = 64

/** A SQLite driver whose transactions begin IMMEDIATE (the write lock up front), and that reports its commits. */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #onCommit: () => void

  constructor(database: SqliteDatabase, onCommit: () => void) {
    super({ database })
    this.#onCommit = onCommit
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(connection)
    this.#onCommit()
  }
}

/** Kysely's SQLite dialect with the IMMEDIATE driver. */
class ImmediateSqliteDialect implements Dialect {
  readonly #database: SqliteDatabase
  readonly #onCommit: () => void

  constructor(database: SqliteDatabase, onCommit: () => void) {
    this.#database = database
    this.#onCommit = onCommit
  }
  createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#database, this.#onCommit)
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
  appendOnlyTriggers(table: AppendOnlyTable, oneWay?: OneWayChange) {
    const refuse = (op: string, when = '') =>
      sql.raw(`create trigger ${table}_no_${op} before ${op}${when} on ${table} begin select raise(abort, '${table} is append-only: ${op} refused'); end`)
    const create = [refuse('delete')]
    if (oneWay) {
      // `update of` fires only when the UPDATE names one of the columns (https://sqlite.org/lang_createtrigger.html).
      create.push(refuse('update', ` of ${oneWay.frozen.join(', ')}`))
      create.push(
        sql.raw(
          `create trigger ${table}_one_way before update of ${oneWay.column} on ${table} when old.${oneWay.column} is not ${quoted(oneWay.from)} or new.${oneWay.column} is null or new.${oneWay.column} not in (${oneWay.to.map(quoted).join(', ')}) ` +
            `begin select raise(abort, '${table}.${oneWay.column} changes only from ${oneWay.from} to ${oneWay.to.join(' or ')}: update refused'); end`,
        ),
      )
    } else {
      create.push(refuse('update'))
    }
    return {
      create,
      drop: [sql.raw(`drop trigger if exists ${table}_no_update`), sql.raw(`drop trigger if exists ${table}_no_delete`), sql.raw(`drop trigger if exists ${table}_one_way`)],
    }
  },
}

/** A SQL string literal (the one-way values are the schema's own constants, never input). */
function quoted(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
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
  // The file holds personal data (raw TINs in request rows): owner-only, whatever the umask.
  // SQLite gives the -wal and -shm files it creates the database file's mode; older ones are
  // brought down too.
  if (path !== ':memory:' && path !== '') {
    if (existsSync(path)) for (const file of [path, `${path}-wal`, `${path}-shm`]) tightenFileMode(file)
    else {
      try {
        ensurePrivateFile(path)
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') throw new NotFoundError(`cannot create the database ${path}: its folder does not exist`)
        throw error
      }
    }
  }
  const raw = new BetterSqlite3(path)
  // 16 KiB pages for a new file, rather than SQLite's default of 4 KiB (an existing file keeps
  // its own: WAL mode fixes it). A ledger entry row is about 750 bytes, five to a 4 KiB page, so
  // a bulk append wrote four times as many WAL frames and B-tree pages (measured: 14% less CPU
  // an append, bench/ledger.ts; https://sqlite.org/pragma.html#pragma_page_size).
  raw.pragma('page_size = 16384')
  raw.pragma('journal_mode = WAL')
  // NORMAL in WAL mode: a commit survives the process being killed; only a power loss can lose
  // the last commits, never leave a half-written one (https://sqlite.org/pragma.html#pragma_synchronous).
  raw.pragma('synchronous = NORMAL')
  raw.pragma('busy_timeout = 10000')
  raw.pragma('foreign_keys = ON')
  // Reads through a memory map and a 64 MiB page cache: verify streams the whole ledger.
  raw.pragma('mmap_size = 1073741824')
  raw.pragma('cache_size = -65536')
  // Checkpoints in a worker thread after commits (`wal-checkpointer.ts`); the writer's own
  // automatic checkpoint only once the WAL reaches 512 MiB, should the worker fall behind.
  const file = path !== ':memory:' && path !== ''
  const checkpointer = file ? new WalCheckpointer(path) : undefined
  const pageSize = Number(raw.pragma('page_size', { simple: true }))
  raw.pragma(`wal_autocheckpoint = ${file ? Math.floor(2 ** 29 / (pageSize > 0 ? pageSize : 4096)) : 1000}`)
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(raw, () => checkpointer?.afterCommit()) })
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

  /**
   * Inserts rows given row after row in one flat array, through cached multi-row INSERTs. Called
   * inside a Kysely transaction, which holds the one connection: these statements run in that
   * transaction, on the same handle, with no other query interleaved.
   */
  const insertFlat = (table: string, columns: readonly string[], values: readonly unknown[]): void => {
    const width = columns.length
    const rows = values.length / width
    const perStatement = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / width)))
    let i = 0
    if (rows >= perStatement) {
      const many = insertStatement(table, columns, perStatement)
      const span = perStatement * width
      const buffer: unknown[] = new Array(span)
      for (; i + perStatement <= rows; i += perStatement) {
        const from = i * width
        for (let k = 0; k < span; k++) buffer[k] = values[from + k]
        many.run(buffer)
      }
    }
    if (i < rows) {
      const rest = rows - i
      insertStatement(table, columns, rest).run(values.slice(i * width))
    }
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
      const first = rows[0]
      if (!first) return Promise.resolve()
      const columns = Object.keys(first)
      const width = columns.length
      const values: unknown[] = new Array(rows.length * width)
      for (let i = 0; i < rows.length; i++) {
        const record = rows[i] as Record<string, unknown>
        for (let c = 0; c < width; c++) values[i * width + c] = record[columns[c] as string] ?? null
      }
      insertFlat(table, columns, values)
      return Promise.resolve()
    },
    insertFlatRows(_trx: Transaction<Database>, table: keyof Database & string, columns: readonly string[], values: readonly unknown[]): Promise<void> {
      insertFlat(table, columns, values)
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
    checkLedgerEntries(size: number, rules: EntryRules): AsyncIterable<CheckedEntries> | undefined {
      // Workers open the file themselves: an in-memory database is this connection's alone.
      if (path === ':memory:' || path === '' || size < parallelVerifyMinEntries()) return undefined
      const blockHeight = parallelVerifyBlockHeight()
      return checkLedgerInWorkers(path, size, blockHeight === undefined ? { rules } : { blockHeight, rules })
    },
    async analyze(tables: readonly AnalyzedTable[]): Promise<void> {
      // An approximate ANALYZE (https://sqlite.org/lang_analyze.html#approx): at most this many
      // rows of each index, so it costs the same in the tenth batch as in the first.
      raw.pragma('analysis_limit = 1000')
      for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(db)
    },
    async plannedBatchRows(table: AnalyzedTable, batchId: string): Promise<number | null> {
      // sqlite_stat1 keeps, for each index, "rows, rows per value of the first column, …": the
      // planner's expectation for any one batch_id is the second figure of an index that leads
      // with batch_id (SQLite keeps no figure per value, so `batchId` does not change it).
      void batchId
      const hasStats = raw.prepare("select 1 from sqlite_master where type = 'table' and name = 'sqlite_stat1'").get()
      if (!hasStats) return null
      const row = raw
        .prepare("select s.stat as stat from sqlite_stat1 s where s.tbl = ? and s.idx is not null and (select i.name from pragma_index_info(s.idx) i where i.seqno = 0) = 'batch_id' order by s.idx limit 1")
        .get(table) as { stat: string } | undefined
      const perBatch = row?.stat.split(' ')[1]
      return perBatch === undefined ? null : Number(perBatch)
    },
    async close(): Promise<void> {
      await checkpointer?.close()
      await db.destroy()
      // Kysely closes the handle only if it ever used it.
      if (raw.open) raw.close()
    },
  }
}
