/**
 * A worker thread of `linkRecords` and `openLinkPool`: it rebuilds the linker over the shared
 * index (no copy) once, then takes chunk after chunk of canonical request records. By default it
 * standardizes and links each chunk and answers with the MATCHES.csv rows and, when asked, the
 * evidence lines, in order; given a chunk-work module, it answers with what that module makes of
 * the chunk (the workflow links and decides in the worker and hands back rows ready to store).
 * A pool that trains first (`linkRecords` with `train`) sends chunks of the training sample for
 * their pair patterns, then the trained model, then the chunks to link.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { RequestRecord } from '../core/index.js'
import { nicknameGroups } from '../standardize/index.js'
import { type SharedIndex, indexFromShared } from './index/index.js'
import type { LinkModel } from './model/index.js'
import { type ChunkWorkSpec, chunkWorkOf } from './chunk-work.js'
import { type LinkSettings, createLinker } from './pipeline.js'

/** What the main thread hands a worker at start. */
export interface WorkerSetup {
  readonly shared: SharedIndex
  readonly model: LinkModel
  readonly settings: LinkSettings
  /** The default work only: produce evidence lines. */
  readonly explain: boolean
  /** The chunk-work module's URL and its data; absent: MATCHES rows and evidence lines. */
  readonly work?: ChunkWorkSpec
}

/** A chunk to work on. */
export interface WorkerBatch {
  readonly id: number
  readonly records: readonly RequestRecord[]
  /** What the chunk work is given with this chunk. */
  readonly extra?: unknown
  /** Training: answer the counted patterns of the chunk's blocked pairs instead of the work's result. */
  readonly patterns?: true
  /** Link with this model from now on (the trained one); sent with no records, answered with nothing. */
  readonly model?: LinkModel
}

/** A chunk done, or the error its work threw. */
export type WorkerAnswer = { readonly id: number; readonly result: unknown } | { readonly id: number; readonly error: string }

const setup = workerData as WorkerSetup
const linker = createLinker({ index: indexFromShared(setup.shared), model: setup.model, settings: setup.settings, nicknameGroups })
const ready = chunkWorkOf<unknown>(linker, setup.work, setup.explain)
// Chunks are done one at a time, in the order they arrive: the work may keep state.
let queue: Promise<void> = Promise.resolve()
parentPort?.on('message', (batch: WorkerBatch) => {
  queue = queue.then(async () => {
    let answer: WorkerAnswer
    try {
      if (batch.model) {
        linker.train.use(batch.model)
        answer = { id: batch.id, result: undefined }
      } else if (batch.patterns) answer = { id: batch.id, result: linker.train.patterns(batch.records) }
      else {
        const work = await ready
        answer = { id: batch.id, result: await work(batch.records, batch.extra) }
      }
    } catch (error) {
      answer = { id: batch.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
    }
    parentPort?.postMessage(answer)
  })
})
