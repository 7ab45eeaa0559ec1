/**
 * Batch linking from files: read the master (a `.vgx` snapshot, or a data file standardized and
 * indexed on the fly), read the requests, optionally train, link on worker threads sharing the
 * index, and stream MATCHES.csv rows and evidence lines out in request order.
 */
import { stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { CanonicalRecord, RequestRecord } from '../core/index.js'
import { type ColumnMap, type IntakeSummary, openRecords } from '../intake/index.js'
import { nicknameGroups, standardizeRecord } from '../standardize/index.js'
import type { BlockingRule } from './block/index.js'
import { type EncodedBatch as PackedRows, type MasterIndex, MasterIndexBuilder, loadMasterIndex, shareIndex } from './index/index.js'
import type { EncodeBatch, EncodedBatch } from './encode-worker.js'
import { type StatusCounts, emptyStatusCounts, evidenceLine, matchRow } from './match-output.js'
import type { Linker, LinkRequest } from './pipeline.js'
import { type BlockingCounters, emptyCounters } from './score/index.js'
import type { WorkerAnswer, WorkerBatch, WorkerSetup } from './link-worker.js'

/** True when `path` names an index snapshot. */
export function isSnapshotPath(path: string): boolean {
  return path.toLowerCase().endsWith('.vgx')
}

/** Options of `indexMasterFile`. */
export interface IndexFileOptions {
  readonly map?: ColumnMap
  readonly rules?: readonly BlockingRule[]
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
      for (const row of batch) builder.add(standardizeRecord(row.record))
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
  if (isSnapshotPath(path)) return loadMasterIndex(path)
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
}

/** What a batch link did. */
export interface BatchReport {
  readonly statuses: StatusCounts
  readonly counters: BlockingCounters
  readonly threads: number
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
  if (threads === 1) {
    const start = linker.blocking.counters()
    for (let at = 0; at < records.length; at += batchSize) {
      const rows: string[] = []
      const evidence: string[] = []
      for (const record of records.slice(at, at + batchSize)) {
        const result = linker.linkOne(standardizeRecord(record), record)
        statuses[result.status]++
        rows.push(matchRow(result))
        if (options.explain) evidence.push(evidenceLine(result))
      }
      await sink.write(rows, evidence)
      options.onProgress?.(Math.min(records.length, at + batchSize), records.length)
    }
    const end = linker.blocking.counters()
    end.pairs.forEach((v, i) => (counters.pairs[i] = v - (start.pairs[i] as number)))
    end.capped.forEach((v, i) => (counters.capped[i] = v - (start.capped[i] as number)))
    counters.distinct = end.distinct - start.distinct
    return { statuses, counters, threads }
  }
  const setup: WorkerSetup = { shared: shareIndex(linker.index), model: linker.model, settings: linker.settings, explain: options.explain ?? false }
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./link-worker.js', import.meta.url), { workerData: setup }))
  const batches = Math.ceil(records.length / batchSize)
  const answers = new Map<number, WorkerAnswer>()
  let next = 0
  let written = 0
  let done = 0
  try {
    await new Promise<void>((resolve, reject) => {
      let flushing = Promise.resolve()
      const send = (worker: Worker) => {
        if (next >= batches) return
        const id = next++
        const batch: WorkerBatch = { id, records: records.slice(id * batchSize, (id + 1) * batchSize) }
        worker.postMessage(batch)
      }
      for (const worker of workers) {
        worker.on('error', reject)
        worker.on('message', (answer: WorkerAnswer) => {
          answers.set(answer.id, answer)
          done += answer.rows.length
          send(worker)
          flushing = flushing
            .then(async () => {
              for (let a = answers.get(written); a; a = answers.get(written)) {
                answers.delete(written)
                written++
                for (const s of a.statuses) statuses[s as keyof StatusCounts]++
                a.pairs.forEach((v, i) => (counters.pairs[i] = (counters.pairs[i] as number) + v))
                a.capped.forEach((v, i) => (counters.capped[i] = (counters.capped[i] as number) + v))
                counters.distinct += a.distinct
                await sink.write(a.rows, a.evidence)
              }
              options.onProgress?.(done, records.length)
              if (written === batches) resolve()
            })
            .catch(reject)
        })
        send(worker)
        send(worker)
      }
      if (batches === 0) resolve()
    })
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
  return { statuses, counters, threads }
}
