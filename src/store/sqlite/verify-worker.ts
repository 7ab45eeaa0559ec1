/**
 * A worker thread that checks one range of a SQLite ledger for `verifyLedger`: it opens the file
 * read-only, reads the range in blocks of concatenated columns (row by row from the first block
 * that is not whole and good), runs them through an `EntryRangeChecker`, and posts the runs
 * (good entries' hashes, then the problem if any) to its parent. Two of them use both cores for
 * the hashing and reading that make up most of a verification.
 */
import BetterSqlite3 from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { EntryRangeChecker, subtreeLevels } from '../../ledger/index.js'
import type { CheckedEntries } from '../../ledger/index.js'

/**
 * What the parent asks: entries from `start` (its hash before it given, or not), `limit` rows at
 * most (null: to the end), read in blocks of 2^`blockHeight` entries.
 */
export interface VerifyWorkerData {
  readonly path: string
  readonly start: number
  readonly prev: Uint8Array | null
  /** Whether an entry dated before the one before it is a problem (a real ledger). */
  readonly timesNeverDecrease: boolean
  readonly limit: number | null
  readonly blockHeight: number
}

/** What a worker posts: a run, or the end of its range. */
export type VerifyWorkerMessage = { readonly run: CheckedEntries } | { readonly done: true } | { readonly error: string }

/** Entries checked between two posts. */
const RUN = 16_384

/**
 * One block of entries [first, end) in one row: the count, the first and last seq, how many rows
 * are well formed (each column of its declared type, a subject null or not empty, a 32-byte hash,
 * and encoded bytes that carry the row's own seq and are as long as their body length says,
 * ENCODING.md), then each column's
 * values back to back (`StoredEntryBlock`). SQLite's `group_concat` is binary-safe (it appends
 * `sqlite3_value_bytes` bytes), and the cast keeps its bytes as a blob. The rows come in the
 * order of the scan of the primary key; the checker does not rely on it, as each entry's header
 * names its seq and the fast path accepts only `start + i` at position i.
 */
const BLOCK_QUERY = `select count(*), min(seq), max(seq),
  sum(typeof(kind) = 'text' and typeof(at) = 'text' and typeof(encoded) = 'blob' and typeof(hash) = 'blob'
      and length(hash) = 32 and (subject is null or (typeof(subject) = 'text' and subject <> ''))
      and hex(substr(encoded, 2, 8)) || hex(substr(encoded, 50, 4)) = printf('%016X%08X', seq, length(encoded) - 53)),
  cast(group_concat(encoded, '') as blob),
  cast(group_concat(hash, '') as blob),
  cast(group_concat(kind, ',') as blob),
  cast(group_concat(at, ',') as blob),
  cast(group_concat(ifnull(subject, ''), ',') as blob)
from ledger_entries where seq >= ? and seq < ?`

type BlockRow = [number, number | null, number | null, number | null, Buffer | null, Buffer | null, Buffer | null, Buffer | null, Buffer | null]

function main(): void {
  const port = parentPort
  if (!port) throw new Error('verify-worker runs as a worker thread')
  const { path, start, prev, timesNeverDecrease, limit, blockHeight } = workerData as VerifyWorkerData
  const block = 2 ** blockHeight
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true })
  try {
    // The whole file through the memory map where it fits (SQLite's default limit is just
    // under 2 GiB): pages read by copying cost more CPU than the checks themselves.
    db.pragma('mmap_size = 2147418112')
    const blocks = db.prepare(BLOCK_QUERY).raw(true)
    const rows = db.prepare('select seq, kind, at, subject, encoded, hash from ledger_entries where seq >= ? order by seq limit ?').raw(true)
    const checker = new EntryRangeChecker(start, prev ?? undefined, { timesNeverDecrease })
    const end = limit === null ? Number.POSITIVE_INFINITY : start + limit
    let at = start
    let inRun = 0
    // A run of whole blocks only goes with its subtrees, computed here rather than in the parent.
    const post = (fromBlocks: boolean): void => {
      const run = checker.take()
      const whole = fromBlocks && !run.problem && run.hashes.length > 0
      port.postMessage({ run: whole ? { ...run, subtrees: subtreeLevels(run.hashes, blockHeight) } : run } satisfies VerifyWorkerMessage)
    }
    // Whole blocks while they come back whole and good; from the first that does not (a gap, a
    // bad entry, the end of the ledger), row by row, which names the first problem exactly.
    while (end - at >= block) {
      const [count, first, last, wellFormed, encoded, hashes, kinds, times, subjects] = blocks.get(at, at + block) as BlockRow
      if (count !== block || first !== at || last !== at + block - 1 || wellFormed !== block) break
      if (!encoded || !hashes || !kinds || !times || !subjects) break
      if (!checker.checkBlock({ start: at, count, encoded, hashes, kinds, times, subjects })) break
      at += block
      inRun += block
      if (inRun >= RUN) {
        post(true)
        inRun = 0
      }
    }
    if (inRun > 0) post(true)
    inRun = 0
    const rest = end === Number.POSITIVE_INFINITY ? -1 : end - at
    for (const row of rows.iterate(at, rest) as IterableIterator<[number, string, string, string | null, Buffer, Buffer]>) {
      if (!checker.check({ seq: row[0], kind: row[1], at: row[2], subject: row[3], encoded: row[4], hash: row[5] })) break
      if (++inRun >= RUN) {
        post(false)
        inRun = 0
      }
    }
    post(false)
    port.postMessage({ done: true } satisfies VerifyWorkerMessage)
  } catch (error) {
    port.postMessage({ error: (error as Error).message } satisfies VerifyWorkerMessage)
  } finally {
    db.close()
  }
}

main()
