/**
 * A worker thread that checks one range of a SQLite ledger for `verifyLedger`: it opens the file
 * read-only, streams the range's rows as arrays, runs them through an `EntryRangeChecker`, and
 * posts the runs (good entries' hashes, then the problem if any) to its parent. Two of them use
 * both cores for the hashing and row decoding that make up most of a verification.
 */
import BetterSqlite3 from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { EntryRangeChecker } from '../../ledger/index.js'
import type { CheckedEntries } from '../../ledger/index.js'

/** What the parent asks: entries from `start` (its hash before it given, or not), `limit` rows at most (null: to the end). */
export interface VerifyWorkerData {
  readonly path: string
  readonly start: number
  readonly prev: Uint8Array | null
  readonly limit: number | null
}

/** What a worker posts: a run, or the end of its range. */
export type VerifyWorkerMessage = { readonly run: CheckedEntries } | { readonly done: true } | { readonly error: string }

/** Entries checked between two posts. */
const RUN = 16_384

function main(): void {
  const port = parentPort
  if (!port) throw new Error('verify-worker runs as a worker thread')
  const { path, start, prev, limit } = workerData as VerifyWorkerData
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true })
  try {
    db.pragma('mmap_size = 1073741824')
    const rows = db.prepare('select seq, kind, at, subject, encoded, hash from ledger_entries where seq >= ? order by seq limit ?').raw(true)
    const checker = new EntryRangeChecker(start, prev ?? undefined)
    let inRun = 0
    for (const row of rows.iterate(start, limit ?? -1) as IterableIterator<[number, string, string, string | null, Buffer, Buffer]>) {
      if (!checker.check({ seq: row[0], kind: row[1], at: row[2], subject: row[3], encoded: row[4], hash: row[5] })) break
      if (++inRun === RUN) {
        port.postMessage({ run: checker.take() } satisfies VerifyWorkerMessage)
        inRun = 0
      }
    }
    port.postMessage({ run: checker.take() } satisfies VerifyWorkerMessage)
    port.postMessage({ done: true } satisfies VerifyWorkerMessage)
  } catch (error) {
    port.postMessage({ error: (error as Error).message } satisfies VerifyWorkerMessage)
  } finally {
    db.close()
  }
}

main()
