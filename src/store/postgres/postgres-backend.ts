/**
 * The PostgreSQL back end (`pg`), for a server deployment. Ledger appends take an EXCLUSIVE
 * table lock (readers go on; other appenders wait), and bulk writes are multi-row INSERTs within
 * PostgreSQL's 65,535-parameter limit.
 */
import pg from 'pg'
import { Kysely, PostgresDialect, sql } from 'kysely'
import type { CompiledQuery, Insertable, Transaction } from 'kysely'
import { InvalidInputError } from '../../core/index.js'
import type { AppendOnlyTable, OneWayChange } from '../append-only.js'
import type { Database } from '../schema.js'
import { ANALYZED_TABLES } from '../backend.js'
import type { AnalyzedTable, SchemaDialect, StoreBackend } from '../backend.js'
import { redactUrl } from '../redact-url.js'

/** PostgreSQL's limit on bind parameters in one statement (a 16-bit count in the protocol). */
const MAX_PARAMETERS = 65535
const MAX_ROWS_PER_INSERT = 2000

/** PostgreSQL's column types and trigger statements. */
export const POSTGRES_SCHEMA: SchemaDialect = {
  int64: 'bigint',
  bytes: 'bytea',
  appendOnlySetup: [
    sql.raw(`create or replace function verigate_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, lower(tg_op) using errcode = 'restrict_violation';
end
$$`),
  ],
  appendOnlyTriggers(table: AppendOnlyTable, oneWay?: OneWayChange) {
    const quoted = (value: string): string => `'${value.replaceAll("'", "''")}'`
    // `update of` fires only when the UPDATE names one of the columns (CREATE TRIGGER, PostgreSQL's manual).
    const refused = oneWay ? `update of ${oneWay.frozen.join(', ')} or delete` : 'update or delete'
    return {
      create: [
        sql.raw(`create trigger ${table}_append_only before ${refused} on ${table} for each row execute function verigate_refuse_change()`),
        sql.raw(`create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function verigate_refuse_change()`),
        ...(oneWay
          ? [
              sql.raw(
                `create trigger ${table}_one_way before update of ${oneWay.column} on ${table} for each row ` +
                  `when (old.${oneWay.column} is distinct from ${quoted(oneWay.from)} or new.${oneWay.column} is null or new.${oneWay.column} not in (${oneWay.to.map(quoted).join(', ')})) execute function verigate_refuse_change()`,
              ),
            ]
          : []),
      ],
      drop: [
        sql.raw(`drop trigger if exists ${table}_append_only on ${table}`),
        sql.raw(`drop trigger if exists ${table}_no_truncate on ${table}`),
        sql.raw(`drop trigger if exists ${table}_one_way on ${table}`),
      ],
    }
  },
}

/** Options for connecting to PostgreSQL. */
export interface PostgresBackendOptions {
  /** A schema to work in (created when missing, put first on the search path): isolates tests. */
  readonly schema?: string
  /** Connections in the pool. */
  readonly poolSize?: number
}

/**
 * Connects to PostgreSQL at `url` (`postgres://user@host:port/database`).
 *
 * @example
 * const backend = await openPostgresBackend('postgres://postgres@127.0.0.1:5432/verigate')
 */
export async function openPostgresBackend(url: string, options: PostgresBackendOptions = {}): Promise<StoreBackend> {
  const schema = options.schema
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new InvalidInputError(`not a plain schema name: ${schema}`)
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 4,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  if (schema) await pool.query(`create schema if not exists ${schema}`)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return {
    name: 'postgres',
    location: redactUrl(url) + (schema ? ` (schema ${schema})` : ''),
    db,
    schema: POSTGRES_SCHEMA,
    namespace: schema ?? 'public',
    async lockLedger(trx: Transaction<Database>): Promise<void> {
      await sql`lock table ledger_entries in exclusive mode`.execute(trx)
    },
    async insertRows<T extends keyof Database & string>(trx: Transaction<Database>, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
      const first = rows[0]
      if (!first) return
      const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / Object.keys(first).length)))
      for (let i = 0; i < rows.length; i += perStatement) {
        // Kysely's types cannot follow a table name chosen at run time; the rows are typed by T.
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        await (trx as Transaction<any>).insertInto(table).values(rows.slice(i, i + perStatement) as any[]).execute()
      }
    },
    async selectArrays(query: CompiledQuery): Promise<readonly (readonly unknown[])[]> {
      const result = await pool.query({ text: query.sql, values: [...query.parameters], rowMode: 'array' })
      return result.rows as unknown[][]
    },
    async analyze(tables: readonly AnalyzedTable[]): Promise<void> {
      if (tables.length === 0) return
      // ANALYZE samples a bounded number of rows (300 × the statistics target) whatever the
      // table's size, so it costs the same in the tenth batch as in the first.
      // Only the columns queries use (`ANALYZED_TABLES`): the JSON columns would cost most of it.
      await sql`analyze ${sql.join(tables.map((t) => sql`${sql.table(t)} (${sql.join(ANALYZED_TABLES[t].map((c) => sql.ref(c)))})`))}`.execute(db)
    },
    async plannedBatchRows(table: AnalyzedTable, batchId: string): Promise<number | null> {
      const { rows } = await sql<{ 'QUERY PLAN': readonly { readonly Plan: { readonly 'Plan Rows': number } }[] }>`explain (format json) select 1 from ${sql.table(table)} where batch_id = ${batchId}`.execute(db)
      return rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? null
    },
    async close(): Promise<void> {
      await db.destroy()
    },
  }
}
