/**
 * The worker thread of `WalCheckpointer`: its own connection to the database, and a checkpoint
 * each time it is asked (requests that arrived while one ran are answered by it). PASSIVE first,
 * which never waits; RESTART when the WAL has grown past the size given, which waits (through
 * the busy timeout) for the writer and the readers so that the next writer starts the WAL anew.
 */
import BetterSqlite3 from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import type { WalCheckpointReport, WalCheckpointWorkerData } from './wal-checkpointer.js'

/** `PRAGMA wal_checkpoint` gives one row: busy (1 when it could not finish), WAL frames, frames checkpointed. */
interface CheckpointRow {
  readonly busy: number
  readonly log: number
  readonly checkpointed: number
}

function main(): void {
  const port = parentPort
  if (!port) throw new Error('wal-checkpoint-worker runs as a worker thread')
  const { path, restartBytes } = workerData as WalCheckpointWorkerData
  const db = new BetterSqlite3(path, { fileMustExist: true })
  // RESTART takes the writer's lock, then waits for readers still on older snapshots while
  // holding it: a second at most, so a long reader (a verification) delays appends that long,
  // and the restart is tried again at a later commit.
  db.pragma('busy_timeout = 1000')
  const pageSize = Number(db.pragma('page_size', { simple: true }))
  let lastStarted = Number.NEGATIVE_INFINITY
  port.on('message', (askedAt: number) => {
    // A request made before the last checkpoint began (both wall-clock ms) is answered by it.
    if (askedAt < lastStarted) return
    lastStarted = Date.now()
    let row = (db.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[])[0]
    let restarted = false
    if (row && row.log * pageSize > restartBytes) {
      row = (db.pragma('wal_checkpoint(RESTART)') as CheckpointRow[])[0]
      restarted = row?.busy === 0
    }
    port.postMessage({ frames: row?.log ?? 0, checkpointed: row?.checkpointed ?? 0, restarted } satisfies WalCheckpointReport)
  })
}

main()
