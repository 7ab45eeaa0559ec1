/**
 * `npm run bench -- store-size [--scale PEOPLE:REQUESTS] [--backends sqlite,postgres]`
 *
 * Where a batch's bytes go in the store (issue 19: the incident batch's store was 5.8 GB, 4.5 KB
 * a request). One batch of generated data at the incident's rates (default 100,000 master people
 * against 12,800 requests, the batch bench's set) run with `runBatch` into a fresh store, then,
 * per table and index, the bytes on disk a request (SQLite: the pages of `dbstat`; PostgreSQL:
 * `pg_relation_size` of the table with its TOAST, and of each index), and per column of the
 * batch's big tables the stored bytes a request (SQLite `length()` of text and blobs; PostgreSQL
 * `pg_column_size`, after its own compression). PostgreSQL runs when VERIGATE_BENCH_PG_URL (or
 * else VERIGATE_TEST_PG_URL) is set, in a schema of its own that is dropped afterwards.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import pg from 'pg'
import { loadOrCreateLedgerKeys } from '../src/ledger/index.js'
import { openStore } from '../src/store/index.js'
import { runBatch } from '../src/workflow/index.js'
import { generatedIncidentSet } from './support/incident-set.js'
import type { IncidentSet } from './support/incident-set.js'
import { printTable } from './support/report.js'

const args = process.argv.slice(2)
const valueOf = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
const [people, requests] = (valueOf('--scale') ?? '100000:12800').split(':').map(Number) as [number, number]
const pgUrl = process.env.VERIGATE_BENCH_PG_URL ?? process.env.VERIGATE_TEST_PG_URL
const backends = (valueOf('--backends') ?? (pgUrl ? 'sqlite,postgres' : 'sqlite')).split(',')
if (backends.includes('postgres') && !pgUrl) throw new Error('PostgreSQL needs VERIGATE_BENCH_PG_URL (or VERIGATE_TEST_PG_URL)')

const root = fileURLToPath(new URL('../../', import.meta.url))

/** The columns whose stored size is printed, by table (the tables that grow with each request). */
const COLUMNS: Record<string, readonly string[]> = {
  request_records: ['batch_id', 'request_id', 'record', 'intake_reasons'],
  match_evidence: ['batch_id', 'request_id', 'status', 'best_master_id', 'evidence', 'evidence_digest'],
  decisions: ['batch_id', 'request_id', 'outcome', 'answer_code', 'fields', 'decision', 'decision_digest', 'decided_at'],
}

function dataSet(): Promise<IncidentSet> {
  return generatedIncidentSet(join(root, 'bench/out', `batch-${people}-${requests}`), people, requests)
}

/** Bytes by object (table or index) and by `table.column`, for the whole store. */
interface Sizes {
  readonly file: number
  readonly objects: ReadonlyMap<string, number>
  readonly columns: ReadonlyMap<string, number>
  readonly batchMs: number
}

function sqliteSizes(path: string): Omit<Sizes, 'batchMs'> {
  const db = new Database(path, { readonly: true })
  try {
    const objects = new Map<string, number>()
    for (const row of db.prepare('select name, sum(pgsize) as bytes from dbstat group by name').all() as { name: string; bytes: number }[]) objects.set(row.name, row.bytes)
    const columns = new Map<string, number>()
    for (const [table, cols] of Object.entries(COLUMNS)) {
      for (const c of cols) columns.set(`${table}.${c}`, (db.prepare(`select coalesce(sum(length(${c})), 0) as n from ${table}`).get() as { n: number }).n)
    }
    return { file: statSync(path).size, objects, columns }
  } finally {
    db.close()
  }
}

async function postgresSizes(schema: string): Promise<Omit<Sizes, 'batchMs'>> {
  const client = new pg.Client({ connectionString: pgUrl })
  await client.connect()
  try {
    const objects = new Map<string, number>()
    const rel = await client.query<{ name: string; bytes: string; kind: string }>(
      `select c.relname as name, (case when c.relkind = 'r' then pg_table_size(c.oid) else pg_relation_size(c.oid) end)::text as bytes, c.relkind as kind
         from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind in ('r', 'i')`,
      [schema],
    )
    let file = 0
    for (const row of rel.rows) {
      objects.set(row.name, Number(row.bytes))
      file += Number(row.bytes)
    }
    const columns = new Map<string, number>()
    for (const [table, cols] of Object.entries(COLUMNS)) {
      for (const c of cols) {
        const r = await client.query<{ n: string }>(`select coalesce(sum(pg_column_size(${c})), 0)::text as n from ${schema}.${table}`)
        columns.set(`${table}.${c}`, Number(r.rows[0]!.n))
      }
    }
    return { file, objects, columns }
  } finally {
    await client.end()
  }
}

async function measure(backend: string, set: Awaited<ReturnType<typeof dataSet>>): Promise<Sizes> {
  const work = mkdtempSync(join(root, 'bench/out', 'store-size-run-'))
  const schema = `bench_size_${randomBytes(4).toString('hex')}`
  const path = join(work, 'bench.sqlite')
  const store = backend === 'postgres' ? await openStore(pgUrl!, { mode: 'simulation', schema }) : await openStore(path, { mode: 'simulation' })
  const { keys } = loadOrCreateLedgerKeys(join(work, 'ledger.key'))
  try {
    const t = performance.now()
    await runBatch(store, {
      agreementPath: join(root, 'policies/agreements/irs-ice-2025-corrected.yaml'),
      ordersDir: join(root, 'policies/orders'),
      masterPath: set.snapshot,
      masterDataPath: set.master,
      requestsPath: set.requests,
      asOf: '2025-08-07T12:00:00Z',
      releaseAt: '2025-08-07T16:00:00Z',
      outDir: join(work, 'out'),
      keys,
    })
    const batchMs = performance.now() - t
    await store.close()
    if (backend === 'postgres') {
      return { ...(await postgresSizes(schema)), batchMs }
    }
    return { ...sqliteSizes(path), batchMs }
  } finally {
    rmSync(work, { recursive: true, force: true })
    if (backend === 'postgres') {
      const client = new pg.Client({ connectionString: pgUrl })
      await client.connect()
      await client.query(`drop schema if exists ${schema} cascade`)
      await client.end()
    }
  }
}

const set = await dataSet()
for (const backend of backends) {
  const sizes = await measure(backend, set)
  const per = (bytes: number) => Math.round(bytes / requests)
  const objects = [...sizes.objects].filter(([, b]) => b >= requests).sort((a, b) => b[1] - a[1])
  printTable(
    `store-size (${backend}): one batch of ${requests.toLocaleString('en-US')} requests against ${people.toLocaleString('en-US')} people; batch ${(sizes.batchMs / 1000).toFixed(2)} s`,
    ['table or index', 'bytes', 'bytes a request'],
    [['(whole store)', sizes.file, per(sizes.file)], ...objects.map(([name, b]) => [name, b, per(b)])],
  )
  printTable(`store-size (${backend}): stored bytes by column`, ['column', 'bytes', 'bytes a request'], [...sizes.columns].map(([name, b]) => [name, b, per(b)]))
}
