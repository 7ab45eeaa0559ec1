/**
 * A generation worker thread: builds its own population context from the parameters it is given,
 * receives the household directory and the twin table as shared memory, and runs jobs (jobs.ts) as
 * they come, answering each with its encoded result (buffers transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { masterJob, requestsJob, shapesJob } from './jobs.js'
import type { Job } from './jobs.js'
import type { SynthParams } from './params.js'
import { createPopulationContext } from './population.js'
import type { PopulationIndex } from './population-index.js'
import { RequestGenerator } from './requests.js'
import { TwinIndex } from './twin-index.js'
import type { TwinIndexBuffers } from './twin-index.js'

/** Messages the main thread sends. */
export type WorkerMessage =
  | { readonly type: 'index'; readonly index: PopulationIndex }
  | { readonly type: 'twins'; readonly buffers: TwinIndexBuffers }
  | { readonly type: 'job'; readonly id: number; readonly job: Job }

const port = parentPort
if (port) {
  const ctx = createPopulationContext((workerData as { params: SynthParams }).params)
  let index: PopulationIndex | undefined
  let generator: RequestGenerator | undefined
  let twins: TwinIndex | undefined
  port.on('message', (message: WorkerMessage) => {
    if (message.type === 'index') {
      index = message.index
      generator = new RequestGenerator(ctx, index)
      return
    }
    if (message.type === 'twins') {
      twins = TwinIndex.fromBuffers(message.buffers)
      return
    }
    const { id, job } = message
    try {
      if (job.kind === 'shapes') {
        const r = shapesJob(ctx, job.from, job.count)
        port.postMessage({ id, result: r }, [r.filers.buffer, r.rows.buffer, r.nonFilerAdults.buffer, r.culture.buffer] as ArrayBuffer[])
      } else if (job.kind === 'master') {
        if (!index || !twins) throw new Error('master job before the index and twin table')
        const r = masterJob(ctx, index, twins, job.from, job.to)
        port.postMessage({ id, result: r }, [r.data.buffer, r.hits.buffer] as ArrayBuffer[])
      } else {
        if (!generator) throw new Error('requests job before the index')
        const r = requestsJob(generator, job.from, job.to)
        port.postMessage({ id, result: r }, [r.requests.buffer, r.truth.buffer, r.hashes.buffer, r.personNumbers.buffer, r.householdTwins.buffer] as ArrayBuffer[])
      }
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
    }
  })
}
