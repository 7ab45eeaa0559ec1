/**
 * What a link worker does with a chunk of requests. The default links each request and makes
 * MATCHES.csv rows and evidence lines; a layer above link (the workflow) may hand the pool a
 * plug-in of its own (`ChunkWorkPlugin`) whose module gets the worker's linker and does more in
 * the worker (decide, encode, digest), so the main thread receives only what it stores. A worker
 * can be given no function, only a module to import: the plug-in names its module by URL (so
 * link imports nothing above it) and carries, in its type, the data its workers are given, what
 * goes with each chunk and what a chunk gives back, so the pool's calls are checked against the
 * module the workflow registered (the workflow's registry: src/workflow/link-plugins.ts).
 */
import type { RequestRecord } from '../core/index.js'
import { evidenceLine, matchRow } from './match-output.js'
import type { Linker } from './pipeline.js'

/** Work on one chunk of requests, in request order; `extra` is what the caller sent with the chunk. */
export type ChunkWork<T> = (records: readonly RequestRecord[], extra: unknown) => T | Promise<T>

/** The shape of a chunk-work module. */
export interface ChunkWorkModule<T> {
  /** Makes the work of one worker (or of the main thread when the pool runs in process). */
  createChunkWork(linker: Linker, data: unknown): ChunkWork<T> | Promise<ChunkWork<T>>
}

/**
 * A chunk-work plug-in, as the layer above link registers it: its name and its module's URL,
 * typed by the data each worker is given (`Data`), what goes with each chunk (`Extra`) and what a
 * chunk gives back (`Result`).
 */
export interface ChunkWorkPlugin<Data, Extra, Result> {
  /** The plug-in's name (in errors). */
  readonly name: string
  /** The URL of the module each worker imports; it exports `createChunkWork` (`ChunkWorkModule`). */
  readonly module: string
  /** Never set: it carries the plug-in's types to the pool that runs it. */
  readonly types?: ChunkWorkTypes<Data, Extra, Result>
}

/** The types of a plug-in (never a value). */
export interface ChunkWorkTypes<Data, Extra, Result> {
  readonly data: Data
  readonly extra: Extra
  readonly result: Result
}

/** A plug-in and the data its workers are given: what a pool is opened with. */
export interface ChunkWorkUse<Data, Extra, Result> {
  readonly plugin: ChunkWorkPlugin<Data, Extra, Result>
  readonly data: Data
}

/** A chunk linked by the default work. */
export interface LinkedChunk {
  readonly rows: readonly string[]
  readonly evidence: readonly string[]
  readonly statuses: readonly string[]
  /** Candidate pairs, capped blocks per rule and distinct candidates of this chunk. */
  readonly pairs: readonly number[]
  readonly capped: readonly number[]
  readonly distinct: number
}

/** What a worker is sent of a plug-in: its name, its module's URL and its data; absent, the default work. */
export interface ChunkWorkSpec {
  readonly name: string
  readonly module: string
  readonly data: unknown
}

/** The spec a worker is sent for a plug-in and its data. */
export function chunkWorkSpecOf<Data, Extra, Result>(use: ChunkWorkUse<Data, Extra, Result>): ChunkWorkSpec {
  return { name: use.plugin.name, module: use.plugin.module, data: use.data }
}

/**
 * The chunk work of one worker (or of the calling thread): the module's, or the default work
 * (`linkedChunkWork`) when `spec` is absent.
 */
export async function chunkWorkOf<T>(linker: Linker, spec: ChunkWorkSpec | undefined, explain: boolean): Promise<ChunkWork<T>> {
  if (!spec) return linkedChunkWork(linker, explain) as unknown as ChunkWork<T>
  const module = (await import(spec.module)) as Partial<ChunkWorkModule<T>>
  if (typeof module.createChunkWork !== 'function') throw new TypeError(`the chunk-work plug-in ${spec.name} (${spec.module}) exports no createChunkWork(linker, data)`)
  return module.createChunkWork(linker, spec.data)
}

/** The default work: MATCHES.csv rows, evidence lines when `explain`, statuses and blocking counters. */
export function linkedChunkWork(linker: Linker, explain: boolean): (records: readonly RequestRecord[]) => LinkedChunk {
  let before = linker.blocking.counters()
  return (records) => {
    const rows: string[] = []
    const evidence: string[] = []
    const statuses: string[] = []
    for (const record of records) {
      if (explain) {
        const result = linker.linkRecord(record)
        rows.push(matchRow(result))
        statuses.push(result.status)
        evidence.push(evidenceLine(result))
      } else {
        // Only the row is wanted: no evidence is made (the same row to the byte).
        const { row, status } = linker.linkRecordRow(record)
        rows.push(row)
        statuses.push(status)
      }
    }
    const now = linker.blocking.counters()
    const chunk: LinkedChunk = {
      rows,
      evidence,
      statuses,
      pairs: Array.from(now.pairs, (v, i) => v - (before.pairs[i] as number)),
      capped: Array.from(now.capped, (v, i) => v - (before.capped[i] as number)),
      distinct: now.distinct - before.distinct,
    }
    before = now
    return chunk
  }
}
