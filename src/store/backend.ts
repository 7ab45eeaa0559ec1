/**
 * The back-end seam: what SQLite and PostgreSQL each provide under the store (a Kysely instance,
 * the schema's dialect, and hooks for fast or locked work). Back ends differ only through these
 * hooks and capabilities (after Kysely's dialect adapters), never through a test of their name.
 */
import type { AppendOnlyTable, OneWayChange } from './append-only.js'
import type { CompiledQuery, Insertable, Kysely, RawBuilder, Transaction } from 'kysely'
import type { Database } from './schema.js'
import type { CheckedEntries, EntryRules } from '../ledger/index.js'

/**
 * The tables a batch bulk-loads, whose planner statistics a batch refreshes (`StoreBackend.analyze`),
 * each with the columns its queries filter, join or sort on: only those are analyzed, so ANALYZE
 * never reads (and decompresses) the large JSON columns of its sample. `match_evidence` is not
 * among them: it is only ever read alone, a batch's rows in primary key order, a plan no
 * statistics change, and its rows are the largest (ANALYZE's cost grows with a table's pages).
 */
export const ANALYZED_TABLES = {
  request_records: ['batch_id', 'request_id', 'line', 'intake_status'],
  decisions: ['batch_id', 'request_id', 'outcome', 'decided_at'],
  disclosures: ['batch_id', 'request_id', 'disclosed_at'],
  withholdings: ['batch_id', 'request_id'],
} as const

/** One of `ANALYZED_TABLES`. */
export type AnalyzedTable = keyof typeof ANALYZED_TABLES

/** Column types and statements that differ between SQL dialects, for the migrations. */
export interface SchemaDialect {
  /** The column type of 64-bit integers (`integer` is SQLite's rowid type). */
  readonly int64: 'integer' | 'bigint'
  /** The column type of byte strings. */
  readonly bytes: 'blob' | 'bytea'
  /** Statements run once before any append-only trigger is created (a trigger function). */
  readonly appendOnlySetup: readonly RawBuilder<unknown>[]
  /**
   * Statements that make a table refuse UPDATE and DELETE (all but `oneWay`, when given), and the
   * ones that undo that.
   */
  appendOnlyTriggers(table: AppendOnlyTable, oneWay?: OneWayChange): { readonly create: readonly RawBuilder<unknown>[]; readonly drop: readonly RawBuilder<unknown>[] }
}

/** What a back end provides: a Kysely instance, its schema dialect, and the hooks for fast or locked work. */
export interface StoreBackend {
  /** `sqlite` or `postgres`: for messages and reports only. */
  readonly name: string
  /** Where the data is, safe to print (no password). */
  readonly location: string
  readonly db: Kysely<Database>
  readonly schema: SchemaDialect
  /** The SQL schema (namespace) the tables live in, where the database has them (PostgreSQL). */
  readonly namespace?: string
  /** Takes the ledger's append lock for the rest of the transaction, so appends are serialized. */
  lockLedger(trx: Transaction<Database>): Promise<void>
  /**
   * Inserts many rows into one table inside a transaction, as fast as the back end allows
   * (reused prepared statements on SQLite, multi-row INSERTs on PostgreSQL).
   */
  insertRows<T extends keyof Database & string>(trx: Transaction<Database>, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void>
  /**
   * Optional, the same as `insertRows` with the rows given as one flat array of values, row after
   * row, each in `columns` order: the ledger's append path, which would otherwise build an object
   * per entry only for the back end to take it apart again.
   */
  insertFlatRows?(trx: Transaction<Database>, table: keyof Database & string, columns: readonly string[], values: readonly unknown[]): Promise<void>
  /**
   * Runs a compiled SELECT outside any transaction and returns its rows as arrays in column
   * order: for long scans (ledger verification reads every entry), where building an object
   * per row in the driver costs more than the query.
   */
  selectArrays(query: CompiledQuery): Promise<readonly (readonly unknown[])[]>
  /**
   * Checks the ledger's `size` entries under `rules` in parallel (worker threads with their own
   * connections), as `LedgerSource.checkedEntries`; undefined where the back end cannot, or the
   * ledger is too small for it to pay.
   */
  checkLedgerEntries?(size: number, rules: EntryRules): AsyncIterable<CheckedEntries> | undefined
  /**
   * Refreshes the query planner's statistics of `tables` (ANALYZE), after a bulk load: a batch
   * adds rows under a new `batch_id` the statistics do not know, and PostgreSQL's autovacuum
   * analyzes a table only once a tenth of it changed, so without this the planner guesses one
   * row for the new batch and picks nested plans that take seconds a page (issue 19).
   */
  analyze(tables: readonly AnalyzedTable[]): Promise<void>
  /**
   * How many rows of `table` the planner expects for one `batch_id` equal to `batchId`, from its
   * statistics; null where it has none. What `analyze` is for, readable for tests and operators.
   */
  plannedBatchRows(table: AnalyzedTable, batchId: string): Promise<number | null>
  close(): Promise<void>
}

