/**
 * Proving the tables derived from the ledger complete and exact, both ways: every entry of a
 * declared kind has its row, with the same content, and every row has its entry. One pass over
 * the ledger in entry order, beside one pass over each table in `ledger_seq` order (its unique
 * index): a merge that holds one chunk of each in memory, never every row.
 *
 * The ledger's own verifier (`verifyLedger`) proves the entries; this proves the tables against
 * them, so it reads an entry's body as it is stored and leaves its hash and canonical form to that
 * verifier. It lives in the store, beside the tables, so that `src/ledger` keeps needing nothing
 * but `src/core`.
 */
import type { KeyObject } from 'node:crypto'
import { sql } from 'kysely'
import type { RawBuilder } from 'kysely'
import { isLedgerEntryKind } from '../../core/index.js'
import type { LedgerEntryKind } from '../../core/index.js'
import { readEntryHeader } from '../../ledger/index.js'
import type { LedgerVerification } from '../../ledger/index.js'
import type { Store } from '../store.js'
import { toNumber } from '../facades/context.js'
import { storeInternals } from '../raw-database.js'
import { DERIVED_TABLES } from './derived-tables.js'
import type { Comparable, DerivedTable, FieldRule, ReadEntry, ReadRow, RowDifference } from './derived-tables.js'

/** Runs a SELECT over the store's database and returns its rows as arrays in column order. */
function selectArrays(store: Store, query: RawBuilder<unknown>): Promise<readonly (readonly unknown[])[]> {
  const { backend, db } = storeInternals(store)
  return backend.selectArrays(query.compile(db))
}

/** Rows (and entries) read per query. */
const CHUNK = 5000

/** What the check finds. */
export type DerivedTableProblemCode =
  /** An entry of the table's kind has no row: the row was deleted. */
  | 'row_missing'
  /** A row names no entry of its kind: it was inserted, or its `ledger_seq` changed. */
  | 'row_without_entry'
  /** A second row names the same entry. */
  | 'row_duplicated'
  /** A row's column differs from what its entry says. */
  | 'row_differs'

/** The first difference found in one table. */
export interface DerivedTableProblem {
  readonly code: DerivedTableProblemCode
  readonly table: string
  /** The row, by its key (`id`, or `batch/request`), as the row or its entry names it. */
  readonly row: string
  /** The ledger entry concerned. */
  readonly seq?: number
  /** The column that differs (`row_differs`). */
  readonly field?: string
  readonly message: string
}

/** One table's tally. */
export interface DerivedTableCount {
  readonly table: string
  readonly kind: LedgerEntryKind
  /** Rows found, each matched with its entry (up to the first problem). */
  readonly rows: number
}

/** The result of checking every derived table against the ledger. */
export interface DerivedTablesVerification {
  readonly ok: boolean
  /** Entries read (the ledger's size when the check began). */
  readonly entries: number
  readonly tables: readonly DerivedTableCount[]
  /** The first difference of each table that has one, in entry order. */
  readonly problems: readonly DerivedTableProblem[]
}

/** The whole verification: the ledger itself, and the tables derived from it. */
export interface StoreVerification extends LedgerVerification {
  /** True when both the ledger and its tables verify. */
  readonly ok: boolean
  readonly tables: DerivedTablesVerification
}

/** A value as compared, or a reason it cannot be. */
function normalize(value: unknown, as: FieldRule<LedgerEntryKind>['as']): Comparable {
  if (value === null || value === undefined) return null
  switch (as) {
    case 'digest':
      // 32 bytes (migration 0025) as their `sha256:` text; any other length or type shown as it is, to differ.
      return value instanceof Uint8Array && value.byteLength === 32 ? `sha256:${Buffer.from(value).toString('hex')}` : value instanceof Uint8Array ? `(${value.byteLength} bytes)` : String(value)
    case 'int':
      return Number(value)
    case 'bool':
      return Number(value)
    default:
      return typeof value === 'string' ? value : String(value)
  }
}

/** An entry's expected value in the form of the column. */
function expectedOf(value: Comparable | boolean | readonly string[], as: FieldRule<LedgerEntryKind>['as']): Comparable {
  if (as === 'json') return JSON.stringify(value)
  if (as === 'bool') return value === true ? 1 : value === false ? 0 : (value as Comparable)
  if (as === 'int') return value === null ? null : Number(value)
  return value as Comparable
}

const show = (value: unknown): string => (value === null || value === undefined ? 'null' : typeof value === 'string' ? JSON.stringify(value) : String(value))

/**
 * Reads the body of a stored entry: enough to compare, as its bytes say. Its time is the stored
 * `at` column, which the ledger's verifier proves equal to the time in its bytes.
 */
function readEntry(seq: number, at: string, encoded: unknown): ReadEntry | string {
  // Bytes stored as text (an intruder's doing) are the ledger verifier's to name.
  if (!(encoded instanceof Uint8Array)) return 'its bytes are not bytes'
  const header = readEntryHeader(encoded)
  if ('reason' in header) return header.reason
  let body: { actor?: unknown; kind?: unknown; payload?: unknown; subject?: unknown }
  try {
    body = JSON.parse(header.body.toString('utf8')) as typeof body
  } catch {
    return 'its body is not JSON'
  }
  if (typeof body.kind !== 'string' || !isLedgerEntryKind(body.kind) || typeof body.payload !== 'object' || body.payload === null) return 'its body lacks a known kind or a payload'
  return {
    seq,
    kind: body.kind,
    at,
    actor: typeof body.actor === 'string' ? body.actor : '',
    subject: typeof body.subject === 'string' ? body.subject : null,
    payload: body.payload,
  } as ReadEntry
}

/** The rows of one table in `ledger_seq` order, a chunk at a time. */
class RowCursor {
  readonly #store: Store
  readonly #table: DerivedTable
  readonly #columns: readonly string[]
  readonly #select: string
  readonly #limit: number
  #rows: readonly (readonly unknown[])[] = []
  #at = 0
  /** The row at `#at` as an object, once built. */
  #built: ReadRow | undefined
  #after = -1
  #done = false

  constructor(store: Store, table: DerivedTable, limit: number) {
    this.#store = store
    this.#table = table
    this.#limit = limit
    const reads = [...table.key.map((column) => ({ column, sql: undefined as string | undefined })), ...table.fields, ...(table.reads ?? [])]
    const seen = new Set<string>()
    const selected: string[] = []
    const columns: string[] = []
    for (const r of reads) {
      if (seen.has(r.column)) continue
      seen.add(r.column)
      columns.push(r.column)
      selected.push(r.sql ? `${r.sql} as ${r.column}` : `t.${r.column}`)
    }
    this.#columns = ['ledger_seq', ...columns]
    this.#select = ['t.ledger_seq', ...selected].join(', ')
  }

  /**
   * The next row when it is already read (null when the next chunk must be read first: `peek`),
   * undefined at the end. Most calls find it read, and take no trip through the event loop.
   */
  current(): ReadRow | undefined | null {
    if (this.#at >= this.#rows.length) return this.#done ? undefined : null
    return this.#built ?? this.#build()
  }

  #build(): ReadRow {
    const values = this.#rows[this.#at] as readonly unknown[]
    const row: { [column: string]: unknown } = {}
    for (let i = 0; i < this.#columns.length; i++) row[this.#columns[i] as string] = values[i]
    this.#built = row
    return row
  }

  /** The next row (its `ledger_seq` first), without taking it; undefined at the end. */
  async peek(): Promise<ReadRow | undefined> {
    const now = this.current()
    if (now !== null) return now
    if (this.#at >= this.#rows.length) {
      if (this.#done) return undefined
      const query = sql`select ${sql.raw(this.#select)} from ${sql.raw(this.#table.table)} t where t.ledger_seq > ${this.#after} and t.ledger_seq < ${this.#limit} order by t.ledger_seq limit ${sql.lit(CHUNK)}`
      this.#rows = await selectArrays(this.#store, query)
      this.#at = 0
      this.#built = undefined
      if (this.#rows.length < CHUNK) this.#done = true
      const last = this.#rows[this.#rows.length - 1]
      if (last) this.#after = toNumber(last[0] as number | string)
      if (this.#rows.length === 0) return undefined
    }
    return this.#build()
  }

  /** Takes the row `peek` gave. */
  next(): void {
    this.#at += 1
    this.#built = undefined
  }

  /**
   * A row that names an entry from `size` on that is not of the table's kind, or not in the
   * ledger at all, if any. (Rows appended with their entries while the check ran are left be.)
   */
  async beyond(size: number): Promise<ReadRow | undefined> {
    const key = this.#table.key.map((c) => `t.${c}`).join(', ')
    const query = sql`select t.ledger_seq, ${sql.raw(key)} from ${sql.raw(this.#table.table)} t left join ledger_entries e on e.seq = t.ledger_seq where t.ledger_seq >= ${size} and (e.seq is null or e.kind <> ${this.#table.kind}) order by t.ledger_seq limit 1`
    const [values] = await selectArrays(this.#store, query)
    if (!values) return undefined
    return Object.fromEntries(['ledger_seq', ...this.#table.key].map((c, i) => [c, values[i]]))
  }

  /** A row of the table with no `ledger_seq`, if any (where every row must have an entry). */
  async unledgered(): Promise<ReadRow | undefined> {
    const key = this.#table.key.map((c) => `t.${c}`).join(', ')
    const query = sql`select ${sql.raw(key)} from ${sql.raw(this.#table.table)} t where t.ledger_seq is null limit 1`
    const [values] = await selectArrays(this.#store, query)
    if (!values) return undefined
    return Object.fromEntries(this.#table.key.map((c, i) => [c, values[i]]))
  }
}

/** A table's row named by its key columns. */
function rowName(table: DerivedTable, row: ReadRow): string {
  return table.key.map((c) => String(row[c])).join('/')
}

/** The first column of `row` that differs from what `entry` says, if any. */
function firstDifference(table: DerivedTable, row: ReadRow, entry: ReadEntry): RowDifference | undefined {
  for (const field of table.fields) {
    const expected = field.expected(entry)
    if (expected === undefined) continue
    const want = expectedOf(expected, field.as)
    const stored = normalize(row[field.column], field.as)
    if (stored !== want) return { field: field.column, stored: show(field.as === 'digest' ? stored : row[field.column]), expected: show(want) }
  }
  return table.check?.(row, entry)
}

/** The state of one table during the merge. */
interface TableRun {
  readonly table: DerivedTable
  readonly cursor: RowCursor
  rows: number
  problem?: DerivedTableProblem
}

/**
 * Checks every declared table against the ledger's first `size` entries (default: the ledger's
 * size when it begins, so that rows and entries appended meanwhile, together, are left out).
 *
 * @example
 * const tables = await verifyDerivedTables(store)
 * if (!tables.ok) console.error(tables.problems[0]?.message)
 */
export async function verifyDerivedTables(store: Store, options: { readonly tables?: readonly DerivedTable[]; readonly size?: number } = {}): Promise<DerivedTablesVerification> {
  const size = options.size ?? (await store.ledger.size())
  const runs = (options.tables ?? DERIVED_TABLES).map((table): TableRun => ({ table, cursor: new RowCursor(store, table, size), rows: 0 }))
  const byKind = new Map<string, TableRun>(runs.map((r) => [r.table.kind, r]))
  let open = runs.length

  const fail = (run: TableRun, problem: DerivedTableProblem): void => {
    run.problem = problem
    open -= 1
  }
  /** Reports a row that names no entry of its table's kind. */
  const stray = (run: TableRun, row: ReadRow, why: string): void => {
    const name = rowName(run.table, row)
    const seq = toNumber(row['ledger_seq'] as number | string)
    fail(run, { code: 'row_without_entry', table: run.table.table, row: name, seq, message: `${run.table.table} row ${name} names ledger entry ${seq}, ${why}: the row was inserted or altered outside the workflow` })
  }

  let after = -1
  scan: while (open > 0 && after < size - 1) {
    const query = sql`select seq, kind, at, encoded from ledger_entries where seq > ${after} and seq < ${size} order by seq limit ${sql.lit(CHUNK)}`
    const chunk = await selectArrays(store, query)
    if (chunk.length === 0) break
    for (const values of chunk) {
      const seq = toNumber(values[0] as number | string)
      after = seq
      const run = byKind.get(values[1] as string)
      if (!run || run.problem) continue
      const entry = readEntry(seq, values[2] as string, values[3])
      // An entry that cannot be read is the ledger verifier's to name; the table is not judged on it.
      if (typeof entry === 'string' || entry.kind !== run.table.kind) continue
      const now = run.cursor.current()
      let row = now === null ? await run.cursor.peek() : now
      let rowSeq = row ? toNumber(row['ledger_seq'] as number | string) : undefined
      if (row && rowSeq !== undefined && rowSeq < seq) {
        stray(run, row, `which is not a ${run.table.kind} entry`)
        if (open === 0) break scan
        continue
      }
      const name = run.table.keyOf(entry as never)
      if (!row || rowSeq !== seq) {
        fail(run, {
          code: 'row_missing',
          table: run.table.table,
          row: name,
          seq,
          message: `ledger entry ${seq} (${run.table.kind} ${name}) has no row in ${run.table.table}: the row was deleted${run.table.kind === 'disclosure' ? ', and the accounting of the person it is about lacks it' : ''}`,
        })
        if (open === 0) break scan
        continue
      }
      const difference = firstDifference(run.table, row, entry)
      if (difference) {
        const rowKey = rowName(run.table, row)
        fail(run, {
          code: 'row_differs',
          table: run.table.table,
          row: rowKey,
          seq,
          field: difference.field,
          message: `${run.table.table} row ${rowKey} differs from its ledger entry ${seq} in ${difference.field}: stored ${difference.stored}, the entry says ${difference.expected}`,
        })
        if (open === 0) break scan
        continue
      }
      run.cursor.next()
      run.rows += 1
      const following = run.cursor.current()
      row = following === null ? await run.cursor.peek() : following
      rowSeq = row ? toNumber(row['ledger_seq'] as number | string) : undefined
      if (row && rowSeq === seq) {
        const rowKey = rowName(run.table, row)
        fail(run, { code: 'row_duplicated', table: run.table.table, row: rowKey, seq, message: `${run.table.table} row ${rowKey} names ledger entry ${seq}, which already has its row: a row was inserted` })
        if (open === 0) break scan
      }
    }
    if (chunk.length < CHUNK) break
  }

  // Rows left over name entries past every one of their kind; rows with no entry at all, none.
  for (const run of runs) {
    if (run.problem) continue
    const row = await run.cursor.peek()
    if (row) {
      stray(run, row, `which is not a ${run.table.kind} entry`)
      continue
    }
    const beyond = await run.cursor.beyond(size)
    if (beyond) {
      stray(run, beyond, `which is not a ${run.table.kind} entry of the ledger`)
      continue
    }
    if (run.table.entryRequired) {
      const unledgered = await run.cursor.unledgered()
      if (unledgered) {
        const name = rowName(run.table, unledgered)
        fail(run, { code: 'row_without_entry', table: run.table.table, row: name, message: `${run.table.table} row ${name} names no ledger entry: the row was inserted outside the workflow` })
      }
    }
  }

  const problems = runs.flatMap((r) => (r.problem ? [r.problem] : [])).sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER))
  return {
    ok: problems.length === 0,
    entries: size,
    tables: runs.map((r) => ({ table: r.table.table, kind: r.table.kind, rows: r.rows })),
    problems,
  }
}

/**
 * Verifies the ledger (`store.ledger.verify`) and the tables derived from it, side by side: the
 * ledger's check runs in worker threads where the back end has them, the tables' in this one.
 *
 * @example
 * const result = await verifyStore(store, keys.publicKey)
 * result.ok // false when an entry or a derived row was tampered with
 */
export async function verifyStore(store: Store, publicKey: KeyObject | string | undefined): Promise<StoreVerification> {
  const size = await store.ledger.size()
  const [ledger, tables] = await Promise.all([store.ledger.verify(publicKey), verifyDerivedTables(store, { size })])
  return { ...ledger, ok: ledger.ok && tables.ok, tables }
}

/**
 * The first problem of a verification in words, ledger first (for a command's one line):
 * ` (first bad entry: 7): …` or ` (first difference: table disclosures, row d-…, entry 57, field recipient_party_id): …`.
 */
export function firstProblemOf(result: StoreVerification): string | undefined {
  const entry = result.problems[0]
  if (entry) return `${entry.seq === undefined ? '' : ` (first bad entry: ${entry.seq})`}: ${entry.message}`
  const row = result.tables.problems[0]
  return row ? ` (first difference: table ${row.table}, row ${row.row}${row.seq === undefined ? '' : `, entry ${row.seq}`}${row.field ? `, field ${row.field}` : ''}): ${row.message}` : undefined
}
