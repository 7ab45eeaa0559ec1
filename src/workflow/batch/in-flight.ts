/**
 * The chunks of a batch being linked while the main thread reads and writes: each chunk is sent
 * to the link workers in pieces as it is read, and written, in order, once a few more are in
 * flight, so that reading, linking and writing overlap.
 */
import type { IntakeRow } from '../../intake/index.js'
import type { LinkPool } from '../../link/index.js'
import type { MatchChunkExtra, MatchedChunk } from '../match-chunk.js'
import type { BatchCapCount } from './caps.js'
import type { DecidedChunk, DecidedPiece } from './write-chunk.js'

/** Requests per piece of work sent to a link worker. */
const PIECE = 1000
/** Transactions' worth of requests being linked while the main thread reads and writes. */
const CHUNKS_IN_FLIGHT = 3

/** Chunks in flight between the request file, the link workers and the store. */
export interface ChunksInFlight {
  /** Sends a chunk to the workers; writes the oldest ones while too many are in flight. */
  enqueue(rows: readonly IntakeRow[], stored: boolean): Promise<void>
  /** Writes every chunk in flight. */
  drain(): Promise<void>
}

/** A chunk sent: its rows and its pieces' results to come. */
interface SentChunk {
  readonly rows: readonly IntakeRow[]
  readonly stored: boolean
  readonly pieces: Promise<readonly DecidedPiece[]>
}

/** Chunks linked by `pool`, decided under `caps`, handed to `write` in the order they were sent. */
export function chunksInFlight(pool: Pick<LinkPool<MatchedChunk, MatchChunkExtra>, 'link'>, caps: BatchCapCount, write: (chunk: DecidedChunk) => Promise<void>): ChunksInFlight {
  const queue: SentChunk[] = []
  const writeHead = async () => {
    const head = queue.shift()
    if (!head) return
    await write({ rows: head.rows, stored: head.stored, pieces: await head.pieces })
  }
  return {
    async enqueue(rows, stored) {
      // Decided under the counts known now; a request whose true count (known when its chunk is
      // written, in order) reaches a cap these do not is decided again on the main thread.
      const sentAt = caps.disclosed
      const extra: MatchChunkExtra = { counts: caps.countsAt(sentAt) }
      const pieces: Promise<DecidedPiece>[] = []
      for (let at = 0; at < rows.length; at += PIECE) {
        const records = rows.slice(at, at + PIECE).map((r) => r.record)
        pieces.push(pool.link(records, extra).then((chunk) => ({ chunk, sentAt })))
      }
      const all = Promise.all(pieces)
      // Failures surface when the chunk is written; this keeps an early one from going unhandled.
      all.catch(() => undefined)
      queue.push({ rows, stored, pieces: all })
      while (queue.length >= CHUNKS_IN_FLIGHT) await writeHead()
    },
    async drain() {
      while (queue.length > 0) await writeHead()
    },
  }
}
