/**
 * Runs jobs either in this thread or on a pool of worker threads, and consumes their results in
 * job order with a bounded number in flight (so memory stays flat and the files come out in the
 * same order whatever finished first).
 */
import { Worker } from 'node:worker_threads'
import { masterJob, requestsJob, shapesJob } from './jobs.js'
import type { Job, RequestChunk } from './jobs.js'
import type { MasterChunk } from './master-writer.js'
import type { SynthParams } from './params.js'
import type { PopulationContext } from './population.js'
import type { PopulationIndex, ShapeCounts } from './population-index.js'
import { RequestGenerator } from './requests.js'
import type { TwinIndex } from './twin-index.js'
import type { WorkerMessage } from './worker.js'

/** The result type of each job kind. */
export interface JobResults {
  shapes: ShapeCounts
  master: MasterChunk
  requests: RequestChunk
}

/** Something that runs jobs. */
export interface JobRunner {
  /** Threads doing the work (0 for this thread). */
  readonly workers: number
  setIndex(index: PopulationIndex): void
  setTwins(twins: TwinIndex): void
  run<K extends Job['kind']>(job: Extract<Job, { kind: K }>): Promise<JobResults[K]>
  close(): Promise<void>
}

/** Runs every job in this thread. */
export class InlineRunner implements JobRunner {
  readonly workers = 0
  private index: PopulationIndex | undefined
  private generator: RequestGenerator | undefined
  private twins: TwinIndex | undefined

  constructor(private readonly ctx: PopulationContext) {}

  setIndex(index: PopulationIndex): void {
    this.index = index
    this.generator = new RequestGenerator(this.ctx, index)
  }

  setTwins(twins: TwinIndex): void {
    this.twins = twins
  }

  run<K extends Job['kind']>(job: Extract<Job, { kind: K }>): Promise<JobResults[K]> {
    const j = job as Job
    if (j.kind === 'shapes') return Promise.resolve(shapesJob(this.ctx, j.from, j.count) as JobResults[K])
    if (!this.index || !this.generator) return Promise.reject(new Error(`${j.kind} job before the index`))
    if (j.kind === 'requests') return Promise.resolve(requestsJob(this.generator, j.from, j.to) as JobResults[K])
    if (!this.twins) return Promise.reject(new Error(`${j.kind} job before the twin table`))
    return Promise.resolve(masterJob(this.ctx, this.index, this.twins, j.from, j.to) as JobResults[K])
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}

interface Pending {
  resolve(value: unknown): void
  reject(error: Error): void
  worker: number
}

/** Runs jobs on worker threads, each job on the least busy one. */
export class WorkerRunner implements JobRunner {
  private readonly pool: Worker[]
  private readonly busy: number[]
  private readonly pending = new Map<number, Pending>()
  private nextId = 0
  private failure: Error | undefined

  constructor(
    params: SynthParams,
    readonly workers: number,
  ) {
    this.pool = []
    this.busy = []
    for (let w = 0; w < workers; w++) {
      // A larger young generation: the workers allocate many short-lived strings, and fewer
      // scavenges are much cheaper than many small ones.
      const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { params }, resourceLimits: { maxYoungGenerationSizeMb: 96 } })
      worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
        const entry = this.pending.get(message.id)
        if (!entry) return
        this.pending.delete(message.id)
        this.busy[entry.worker] = (this.busy[entry.worker] as number) - 1
        if (message.error !== undefined) entry.reject(new Error(`generator worker failed: ${message.error}`))
        else entry.resolve(message.result)
      })
      worker.on('error', (error) => this.fail(error))
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`generator worker exited with code ${code}`))
      })
      this.pool.push(worker)
      this.busy.push(0)
    }
  }

  private fail(error: Error): void {
    this.failure ??= error
    for (const entry of this.pending.values()) entry.reject(error)
    this.pending.clear()
  }

  private post(w: number, message: WorkerMessage): void {
    ;(this.pool[w] as Worker).postMessage(message)
  }

  setIndex(index: PopulationIndex): void {
    for (let w = 0; w < this.workers; w++) this.post(w, { type: 'index', index })
  }

  setTwins(twins: TwinIndex): void {
    for (let w = 0; w < this.workers; w++) this.post(w, { type: 'twins', buffers: twins.buffers() })
  }

  run<K extends Job['kind']>(job: Extract<Job, { kind: K }>): Promise<JobResults[K]> {
    if (this.failure) return Promise.reject(this.failure)
    let w = 0
    for (let k = 1; k < this.workers; k++) if ((this.busy[k] as number) < (this.busy[w] as number)) w = k
    const id = this.nextId++
    this.busy[w] = (this.busy[w] as number) + 1
    return new Promise<JobResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, worker: w })
      this.post(w, { type: 'job', id, job })
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.pool.map((worker) => worker.terminate()))
  }
}

/**
 * Runs jobs `makeJob(0)`, `makeJob(1)`, … (until it returns undefined, or `consume` returns false)
 * with at most `window` in flight, and hands each result to `consume` in job order.
 */
export async function runInOrder<K extends Job['kind']>(
  runner: JobRunner,
  window: number,
  makeJob: (k: number) => Extract<Job, { kind: K }> | undefined,
  consume: (result: JobResults[K], k: number) => boolean | void,
): Promise<void> {
  const inFlight: Promise<JobResults[K]>[] = []
  let issued = 0
  let exhausted = false
  const issue = () => {
    while (!exhausted && issued - consumed < window) {
      const job = makeJob(issued)
      if (job === undefined) {
        exhausted = true
        break
      }
      const promise = runner.run(job)
      // Failures surface when the result is awaited in order; this keeps them from being unhandled meanwhile.
      promise.catch(() => undefined)
      inFlight[issued] = promise
      issued += 1
    }
  }
  let consumed = 0
  issue()
  while (consumed < issued) {
    const result = await (inFlight[consumed] as Promise<JobResults[K]>)
    delete inFlight[consumed]
    const more = consume(result, consumed)
    consumed += 1
    if (more === false) return
    issue()
  }
}
