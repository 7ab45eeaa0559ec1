/**
 * Ledger verification on SQLite in worker threads: the ledger is cut into one range per worker,
 * each worker checks its range from its own read-only connection (`verify-worker.ts`), and the
 * runs come back in `seq` order for `verifyLedger`, which links the ranges (the first entry of
 * each range must carry the hash of the last one of the range before) and builds the tree.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { REAL_LEDGER_RULES } from '../../ledger/index.js'
import type { CheckedEntries, EntryRules } from '../../ledger/index.js'
import type { VerifyWorkerData, VerifyWorkerMessage } from './verify-worker.js'

/** Below this many entries one thread is faster than starting workers. */
export const PARALLEL_VERIFY_MIN_ENTRIES = 50_000

/**
 * Entries a worker reads per block query (`verify-worker.ts`) are 2^this: 4,096 entries, about
 * 2.5 MB of concatenated columns. Each range is a multiple of a block.
 */
export const VERIFY_BLOCK_HEIGHT = 12

/** The most workers used: verification is CPU-bound, so one per core. */
export const MAX_VERIFY_WORKERS = 4

/** One worker's messages, queued until the consumer reaches its range. */
class WorkerQueue {
  readonly #worker: Worker
  readonly #messages: VerifyWorkerMessage[] = []
  #wake: (() => void) | undefined

  constructor(data: VerifyWorkerData) {
    this.#worker = new Worker(new URL('./verify-worker.js', import.meta.url), { workerData: data })
    this.#worker.on('message', (message: VerifyWorkerMessage) => this.#push(message))
    this.#worker.on('error', (error: Error) => this.#push({ error: error.message }))
    this.#worker.on('exit', (code) => this.#push(code === 0 ? { done: true } : { error: `the verify worker exited with code ${code}` }))
  }

  #push(message: VerifyWorkerMessage): void {
    this.#messages.push(message)
    this.#wake?.()
    this.#wake = undefined
  }

  /** The runs of this worker's range, in order, until it is done. */
  async *runs(): AsyncIterable<CheckedEntries> {
    for (;;) {
      const message = this.#messages.shift() ?? (await new Promise<void>((resolve) => (this.#wake = resolve)), this.#messages.shift())
      if (!message) continue
      if ('error' in message) throw new Error(`ledger verification failed in a worker: ${message.error}`)
      if ('done' in message) return
      yield message.run
    }
  }

  async terminate(): Promise<void> {
    await this.#worker.terminate()
  }
}

/** How `checkLedgerInWorkers` cuts the ledger. */
export interface ParallelVerifyOptions {
  /** Worker threads, at most (default: one per core, at most `MAX_VERIFY_WORKERS`). */
  readonly workers?: number
  /** Blocks of 2^this entries (default `VERIFY_BLOCK_HEIGHT`; the tests use small blocks). */
  readonly blockHeight?: number
  /** What entries are held to (default: a real ledger's rules). */
  readonly rules?: EntryRules
}

/**
 * Checks the entries of the SQLite ledger at `path` (`size` entries when it starts) in up to
 * `workers` threads, yielding the runs in `seq` order. Entries appended meanwhile fall in the
 * last range, which reads to the end.
 *
 * @example
 * const result = await verifyLedger({ ...source, checkedEntries: () => checkLedgerInWorkers(path, size) }, publicKey)
 */
export async function* checkLedgerInWorkers(path: string, size: number, options: ParallelVerifyOptions = {}): AsyncIterable<CheckedEntries> {
  const workers = options.workers ?? Math.min(MAX_VERIFY_WORKERS, availableParallelism())
  const blockHeight = options.blockHeight ?? VERIFY_BLOCK_HEIGHT
  const rules = options.rules ?? REAL_LEDGER_RULES
  const block = 2 ** blockHeight
  // Ranges of whole blocks (the workers' fast path reads whole blocks only).
  const per = Math.max(block, Math.ceil(size / Math.max(1, workers) / block) * block)
  const count = Math.max(1, Math.min(workers, Math.ceil(size / per)))
  const queues = Array.from(
    { length: count },
    (_, i) =>
      new WorkerQueue({
        path,
        start: i * per,
        prev: i === 0 ? rules.genesisPrevHash : null,
        timesNeverDecrease: rules.timesNeverDecrease,
        // Each range reads `per` rows from its start; if entries were deleted it reads on into
        // the next range, so a gap is reported by the range it starts in, as one thread would.
        limit: i === count - 1 ? null : per,
        blockHeight,
      }),
  )
  try {
    for (const queue of queues) {
      for await (const run of queue.runs()) {
        yield run
        if (run.problem) return
      }
    }
  } finally {
    await Promise.all(queues.map((queue) => queue.terminate()))
  }
}
