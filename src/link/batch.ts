/**
 * Batch linking from files: read the master (a `.vgx` snapshot, or a data file standardized and
 * indexed on the fly), read the requests, optionally train, link on worker threads sharing the
 * index, and stream MATCHES.csv rows and evidence lines out in request order.
 */
import { stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { type CanonicalRecord, InvalidInputError, type RequestRecord } from '../core/index.js'
import { type ColumnMap, type IntakeSummary, openRecords } from '../intake/index.js'
import { nicknameGroups, standardizeRecord } from '../standardize/index.js'
import type { BlockingRule } from './block/index.js'
import { type EncodedBatch as PackedRows, type MasterIndex, MasterIndexBuilder, encodeMasterRecord, loadMasterIndex, packBatch, shareIndex } from './index/index.js'
import type { EncodeBatch, EncodedBatch } from './encode-worker.js'
import { type StatusCounts, emptyStatusCounts } from './match-output.js'
import type { Linker, LinkRequest } from './pipeline.js'
import { type BlockingCounters, emptyCounters } from './score/index.js'
import type { WorkerAnswer, WorkerBatch, WorkerSetup } from './link-worker.js'
import type { LinkModel } from './model/index.js'
import { type BlockedPatterns, EM_SAMPLE, type EmTrainingOptions, type EmTrainingReport, type USamplingOptions, mergePatterns, sampleOf } from './training.js'
import { type ChunkWorkSpec, type ChunkWorkUse, type LinkedChunk, chunkWorkOf, chunkWorkSpecOf } from './chunk-work.js'

/** True when `path` names an index snapshot. */
export function isSnapshotPath(path: string): boolean {
  return path.toLowerCase().endsWith('.vgx')
}

/** Options of `indexMasterFile`. */
export interface IndexFileOptions {
  readonly map?: ColumnMap
  /** Blocking rules, or `by-size` (see `BuildOptions.rules`); default: the national rules. */
  readonly rules?: readonly BlockingRule[] | 'by-size'
  /**
   * Worker threads that standardize and encode rows while the main thread parses and indexes
   * (default: all cores, but files under 4 MB are done in process; 0: in process).
   */
  readonly threads?: number
  /** Called after each batch of rows with the rows indexed so far. */
  readonly onProgress?: (rows: number) => void
}

/**
 * Reads a master data file through intake, standardizes each row and builds the index; the
 * standardizing runs on worker threads, and rows are added in file order, so the index (and its
 * digest) is the same whatever the number of threads.
 *
 * @example
 * const { index, summary } = await indexMasterFile('master.csv')
 */
export async function indexMasterFile(path: string, options: IndexFileOptions = {}): Promise<{ index: MasterIndex; summary: IntakeSummary }> {
  const source = await openRecords(path, { ...(options.map ? { map: options.map } : {}), checkDuplicateIds: false })
  const builder = new MasterIndexBuilder({ ...(options.rules ? { rules: options.rules } : {}), nicknameGroups })
  const small = options.threads === undefined && (await stat(path)).size < 4 * 2 ** 20
  const threads = small ? 0 : Math.max(0, options.threads ?? availableParallelism())
  if (threads === 0) {
    for await (const batch of source.batches()) {
      builder.addBatch(packBatch(batch.map((row) => encodeMasterRecord(standardizeRecord(row.record), nicknameGroups))))
      options.onProgress?.(builder.count)
    }
    return { index: builder.finish(), summary: source.summary() }
  }
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./encode-worker.js', import.meta.url)))
  const pending = new Map<number, PackedRows>()
  const waiting = new Map<number, () => void>()
  let sent = 0
  let added = 0
  let failure: unknown
  const addReady = () => {
    for (let rows = pending.get(added); rows; rows = pending.get(added)) {
      pending.delete(added)
      builder.addBatch(rows)
      added++
      options.onProgress?.(builder.count)
    }
  }
  for (const worker of workers) {
    worker.on('message', (answer: EncodedBatch) => {
      pending.set(answer.id, answer.rows)
      waiting.get(answer.id)?.()
    })
    worker.on('error', (error) => {
      failure = error
      for (const wake of waiting.values()) wake()
    })
  }
  try {
    const inFlight = threads * 3
    let chunk: CanonicalRecord[] = []
    const dispatch = async () => {
      const id = sent++
      ;(workers[id % threads] as Worker).postMessage({ id, records: chunk } satisfies EncodeBatch)
      chunk = []
      while (sent - added > inFlight) {
        await new Promise<void>((resolve) => {
          if (pending.has(added) || failure) resolve()
          else waiting.set(added, resolve)
        })
        if (failure) throw failure
        addReady()
      }
    }
    for await (const batch of source.batches()) {
      for (const row of batch) chunk.push(row.record)
      if (chunk.length >= 4000) await dispatch()
    }
    if (chunk.length > 0) await dispatch()
    while (added < sent) {
      await new Promise<void>((resolve) => {
        if (pending.has(added) || failure) resolve()
        else waiting.set(added, resolve)
      })
      if (failure) throw failure
      addReady()
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
  return { index: await builder.finishOnThreads(threads), summary: source.summary() }
}

/** Opens a master: loads a `.vgx` snapshot, or indexes a data file. */
export async function openMaster(path: string, options: IndexFileOptions = {}): Promise<MasterIndex> {
  if (isSnapshotPath(path)) {
    const index = loadMasterIndex(path)
    // A shard alone answers for part of the master: its results would pass for the whole's.
    const shard = index.meta.shard
    if (shard) throw new InvalidInputError(`${path} is shard ${shard.number} of ${shard.of} of a sharded index: link its manifest (.shards.json), which merges every shard's answers`)
    return index
  }
  return (await indexMasterFile(path, options)).index
}

/** Reads every good row of a request file. */
export async function readRequestFile(path: string, map?: ColumnMap): Promise<{ records: RequestRecord[]; summary: IntakeSummary }> {
  const source = await openRecords(path, map ? { map } : {})
  const records: CanonicalRecord[] = []
  for await (const batch of source.batches()) for (const row of batch) records.push(row.record)
  return { records, summary: source.summary() }
}

/** Standardizes request records for the in-process API. */
export function toLinkRequests(records: readonly RequestRecord[]): LinkRequest[] {
  return records.map((record) => ({ standardized: standardizeRecord(record), record }))
}

/** Where linked rows go, in request order. */
export interface LinkSink {
  /** MATCHES.csv rows and (when explaining) evidence lines of consecutive requests. */
  write(rows: readonly string[], evidence: readonly string[]): void | Promise<void>
}

/** Options of `linkRecords`. */
export interface BatchOptions {
  /** Worker threads (default: all cores). Small batches use fewer, one per 5,000 requests. */
  readonly threads?: number
  /** Produce evidence lines. */
  readonly explain?: boolean
  /** Requests per batch sent to a worker (default 2,000). */
  readonly batchSize?: number
  /** Called as requests complete. */
  readonly onProgress?: (done: number, total: number) => void
  /**
   * Train the linker first, on the pool that then links (`trainRecords`: u, then m and the prior
   * by EM on a seeded sample of the records), and tell `onTrained` before linking starts.
   */
  readonly train?: TrainRecordsOptions & { readonly onTrained?: (report: EmTrainingReport) => void | Promise<void> }
}

/** What a batch link did. */
export interface BatchReport {
  readonly statuses: StatusCounts
  readonly counters: BlockingCounters
  readonly threads: number
  /** What training did, when the batch trained first (`BatchOptions.train`). */
  readonly training?: EmTrainingReport
}

/**
 * Links canonical request records with `linker`, writing rows to `sink` in request order; on
 * worker threads when more than one is used (they share the index's memory).
 */
export async function linkRecords(linker: Linker, records: readonly RequestRecord[], sink: LinkSink, options: BatchOptions = {}): Promise<BatchReport> {
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.ceil(records.length / 5000)))
  const batchSize = options.batchSize ?? 2000
  const statuses = emptyStatusCounts()
  const counters = emptyCounters(linker.index.meta.rules)
  const add = (chunk: LinkedChunk) => {
    for (const status of chunk.statuses) statuses[status as keyof StatusCounts]++
    chunk.pairs.forEach((v, i) => (counters.pairs[i] = (counters.pairs[i] as number) + v))
    chunk.capped.forEach((v, i) => (counters.capped[i] = (counters.capped[i] as number) + v))
    counters.distinct += chunk.distinct
  }
  // Two chunks in flight a worker keeps every worker busy; chunks are written in request order.
  const pool = await openLinkPool(linker, { threads, explain: options.explain ?? false })
  const inFlight: Promise<LinkedChunk>[] = []
  let done = 0
  let training: EmTrainingReport | undefined
  const writeNext = async () => {
    const chunk = await (inFlight.shift() as Promise<LinkedChunk>)
    add(chunk)
    await sink.write(chunk.rows, chunk.evidence)
    done += chunk.rows.length
    options.onProgress?.(done, records.length)
  }
  try {
    if (options.train) {
      training = await trainOnPool(linker, pool, records, options.train)
      await options.train.onTrained?.(training)
    }
    for (let at = 0; at < records.length; at += batchSize) {
      inFlight.push(pool.link(records.slice(at, at + batchSize)))
      if (inFlight.length >= 2 * Math.max(1, pool.threads)) await writeNext()
    }
    while (inFlight.length > 0) await writeNext()
  } finally {
    // A chunk still in flight when writing failed is rejected by close; nobody awaits it.
    for (const chunk of inFlight) chunk.catch(() => undefined)
    await pool.close()
  }
  return { statuses, counters, threads, ...(training ? { training } : {}) }
}

/** Options of `trainRecords`. */
export interface TrainRecordsOptions extends EmTrainingOptions, USamplingOptions {
  /** Worker threads (default: all cores); one per 5,000 sampled requests at most. */
  readonly threads?: number
  /** Sampled requests per chunk sent to a worker (default 2,000). */
  readonly batchSize?: number
}

/**
 * Trains `linker` on canonical request records as `linker.train.records` does, the same model to
 * the last bit, with the sample's standardizing, probing and pair comparing on worker threads
 * (`trainOnPool`). `linkRecords` trains on its own pool (`BatchOptions.train`), whose workers
 * are then warm and link with the trained model.
 */
export async function trainRecords(linker: Linker, records: readonly RequestRecord[], options: TrainRecordsOptions = {}): Promise<EmTrainingReport> {
  const sample = Math.min(records.length, options.maxRequests ?? EM_SAMPLE)
  const pool = await openLinkPool(linker, { threads: Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.ceil(sample / 5000))) })
  try {
    return await trainOnPool(linker, pool, records, options)
  } finally {
    await pool.close()
  }
}

/**
 * Training on a pool: its workers count the blocked pairs' patterns of consecutive chunks of the
 * seeded sample while this thread samples u; the chunks' patterns are merged in sample order
 * (the order one thread would have seen them in, so EM sums alike) and EM runs here; the pool's
 * workers then link with the trained model. An in-process pool trains in this thread, keeping
 * the sample's probes for linking.
 */
async function trainOnPool<T, Extra>(linker: Linker, pool: LinkPool<T, Extra>, records: readonly RequestRecord[], options: TrainRecordsOptions): Promise<EmTrainingReport> {
  if (pool.threads === 0) return linker.train.records(records, options)
  const sample = sampleOf(records, options.maxRequests ?? EM_SAMPLE, options.seed)
  const batchSize = options.batchSize ?? 2000
  const chunks: Promise<BlockedPatterns>[] = []
  for (let at = 0; at < sample.length; at += batchSize) chunks.push(pool.patterns(sample.slice(at, at + batchSize)))
  // u does not depend on the blocked pairs: it is sampled here while the workers compare.
  let parts: BlockedPatterns[]
  try {
    linker.train.u(options)
  } finally {
    parts = await Promise.all(chunks)
  }
  const report = linker.train.fit(mergePatterns(parts), sample.length, options)
  await pool.use(linker.model)
  return report
}

/** The young generation of a pool worker, in MiB (V8's default is 16 on 64-bit machines). */
const POOL_YOUNG_GENERATION_MB = 96

/** Options of `openLinkPool`: a pool doing `Result` work on chunks sent with `Extra`. */
export interface LinkPoolOptions<Result = LinkedChunk, Extra = unknown, Data = unknown> {
  /** Worker threads (default: all cores); 1 or fewer: the chunks are done in the calling thread. */
  readonly threads?: number
  /** The default work only: produce evidence lines. */
  readonly explain?: boolean
  /**
   * A chunk-work plug-in (`ChunkWorkPlugin`) and the plain data each worker's `createChunkWork`
   * is given; absent: MATCHES.csv rows and evidence lines (`LinkedChunk`).
   */
  readonly work?: ChunkWorkUse<Data, Extra, Result>
}

/** Link workers started once and fed chunk after chunk (see `openLinkPool`). */
export interface LinkPool<T, Extra = unknown> {
  /** Worker threads in use (0: the chunks are done in the calling thread). */
  readonly threads: number
  /**
   * Links one chunk (and does the pool's work on it); `extra` goes with the chunk to the work.
   * Calls may overlap: each resolves with its own chunk's result, whatever worker did it.
   */
  link(records: readonly RequestRecord[], extra?: Extra): Promise<T>
  /**
   * Training's part of a chunk of the training sample instead of the pool's work: the counted
   * patterns of its blocked pairs (`linker.train.patterns`), standardized and probed there.
   */
  patterns(records: readonly RequestRecord[]): Promise<BlockedPatterns>
  /**
   * Replaces the model of every worker (the trained one) before the chunks sent after this call;
   * resolves when all have it. For the default work, whose results read the linker's model.
   */
  use(model: LinkModel): Promise<void>
  /** Stops the workers; chunks still running are rejected. */
  close(): Promise<void>
}

/**
 * Opens a pool of link workers over `linker`'s index and model: each worker rebuilds the linker
 * once (sharing the index's memory) and then takes chunks as they come, so a batch of a million
 * requests pays for starting workers once, not once per chunk. What a chunk gives back is the
 * same whichever worker did it, so results do not depend on the number of threads.
 *
 * @example
 * const pool = await openLinkPool(linker, { threads: 2, explain: true })
 * const [a, b] = await Promise.all([pool.link(first), pool.link(second)])
 * await pool.close()
 */
export async function openLinkPool<T = LinkedChunk, Extra = unknown, Data = unknown>(linker: Linker, options: LinkPoolOptions<T, Extra, Data> = {}): Promise<LinkPool<T, Extra>> {
  const threads = Math.max(0, Math.floor(options.threads ?? availableParallelism()))
  const spec: ChunkWorkSpec | undefined = options.work ? chunkWorkSpecOf(options.work) : undefined
  if (threads <= 1) {
    const work = await chunkWorkOf<T>(linker, spec, options.explain ?? false)
    // One chunk at a time, in call order, as a worker would.
    let queue: Promise<unknown> = Promise.resolve()
    let closedHere = false
    return {
      threads: 0,
      link(records, extra) {
        if (closedHere) return Promise.reject(new Error('the link pool is closed'))
        const done = queue.then(() => work(records, extra))
        queue = done.catch(() => undefined)
        return done
      },
      patterns(records) {
        if (closedHere) return Promise.reject(new Error('the link pool is closed'))
        const done = queue.then(() => linker.train.patterns(records))
        queue = done.catch(() => undefined)
        return done
      },
      use(model) {
        if (closedHere) return Promise.reject(new Error('the link pool is closed'))
        const done = queue.then(() => linker.train.use(model))
        queue = done.catch(() => undefined)
        return done
      },
      close() {
        closedHere = true
        return Promise.resolve()
      },
    }
  }
  const setup: WorkerSetup = {
    shared: shareIndex(linker.index),
    model: linker.model,
    settings: linker.settings,
    explain: options.explain ?? false,
    ...(spec ? { work: spec } : {}),
  }
  interface Pending {
    readonly resolve: (value: unknown) => void
    readonly reject: (error: unknown) => void
  }
  const pending = new Map<number, Pending>()
  const load = new Array<number>(threads).fill(0)
  let failure: unknown
  let next = 0
  const fail = (error: unknown) => {
    failure ??= error
    for (const p of pending.values()) p.reject(failure)
    pending.clear()
  }
  const workers = Array.from({ length: threads }, (_, w) => {
    // A young generation large enough for a few chunks of results: what a chunk makes dies young
    // instead of being promoted and marked again (worker GC took a fifth of its time with the default).
    const worker = new Worker(new URL('./link-worker.js', import.meta.url), { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: POOL_YOUNG_GENERATION_MB } })
    worker.on('message', (answer: WorkerAnswer) => {
      const p = pending.get(answer.id)
      if (!p) return
      pending.delete(answer.id)
      load[w] = (load[w] as number) - 1
      if ('error' in answer) p.reject(new Error(`a link worker failed: ${answer.error}`))
      else p.resolve(answer.result)
    })
    worker.on('error', fail)
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`a link worker exited with code ${code}`))
    })
    return worker
  })
  let closed = false
  const send = <R>(w: number, message: Omit<WorkerBatch, 'id'>): Promise<R> => {
    if (failure !== undefined) return Promise.reject(failure)
    if (closed) return Promise.reject(new Error('the link pool is closed'))
    const id = next++
    load[w] = (load[w] as number) + 1
    return new Promise<R>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      const batch: WorkerBatch = { id, ...message }
      ;(workers[w] as Worker).postMessage(batch)
    })
  }
  const leastLoaded = () => {
    let w = 0
    for (let i = 1; i < threads; i++) if ((load[i] as number) < (load[w] as number)) w = i
    return w
  }
  return {
    threads,
    link: (records, extra) => send<T>(leastLoaded(), { records, ...(extra === undefined ? {} : { extra }) }),
    patterns: (records) => send<BlockedPatterns>(leastLoaded(), { records, patterns: true }),
    // Each worker does its messages in order, so every chunk sent after this is linked with it.
    use: async (model) => void (await Promise.all(workers.map((_, w) => send<unknown>(w, { records: [], model })))),
    async close() {
      closed = true
      fail(new Error('the link pool was closed'))
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
