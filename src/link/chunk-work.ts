/**
 * What a link worker does with a chunk of requests. The default links each request and makes
 * MATCHES.csv rows and evidence lines; a caller above the link layer (the workflow) may name a
 * module of its own that gets the worker's linker and does more in the worker (decide, encode,
 * digest), so the main thread receives only what it stores. Such a module exports
 * `createChunkWork(linker, data)`; it is loaded by URL, so the link layer imports nothing above it.
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

/** Where a pool's chunk work comes from: a chunk-work module by URL and its data; absent, the default work. */
export interface ChunkWorkSpec {
  readonly module: string
  readonly data: unknown
}

/**
 * The chunk work of one worker (or of the calling thread): the module's, or the default work
 * (`linkedChunkWork`) when `spec` is absent.
 */
export async function chunkWorkOf<T>(linker: Linker, spec: ChunkWorkSpec | undefined, explain: boolean): Promise<ChunkWork<T>> {
  if (!spec) return linkedChunkWork(linker, explain) as unknown as ChunkWork<T>
  const module = (await import(spec.module)) as ChunkWorkModule<T>
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
      const result = linker.linkRecord(record)
      rows.push(matchRow(result))
      statuses.push(result.status)
      if (explain) evidence.push(evidenceLine(result))
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
