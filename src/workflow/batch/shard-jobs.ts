/**
 * A batch on the cluster: (request piece × shard) jobs on the job engine (pg-boss, through the
 * store's `openJobQueue`), both sides of them.
 *
 * - A **worker** (`serveShards`, `verigate worker`) loads each shard it serves once, and answers
 *   a job with every candidate of each request in its shard with full evidence
 *   (`linker.shardCandidates`): the job's output, which pg-boss stores when it completes the job.
 * - The **coordinator** (`openShardPool`, `verigate batch run --distributed`) standardizes and
 *   checks each request at intake itself, sends one job a shard for the accepted ones, waits for
 *   them, merges each request's answers exactly as one index would (`mergeCandidates`), and
 *   decides. It stands where a batch's link pool stands, so the chunk is then written as any
 *   batch writes it: requests, evidence, decisions and the chunk's figures in one transaction,
 *   the figures being the record that the chunk is done (a resumed run starts after it).
 *
 * Decisions, the ledger and the response stay with the coordinator: the ledger has one writer.
 * A job's id derives from the batch, the build, the shard and the requests, so a coordinator run
 * again after a crash sends the same jobs, finds those already done and takes their output
 * (pg-boss ignores a second job of the same id): no request is linked into two results, and no
 * chunk is written twice. A worker killed mid-job costs the job's expiry, then pg-boss gives the
 * job to another worker.
 */
import { createHash } from 'node:crypto'
import { hostname } from 'node:os'
import { canonicalJson, digest, requestFactsOf } from '../../core/index.js'
import type { JsonValue, MatchResult, RequestRecord } from '../../core/index.js'
import type { LinkRequest, ShardCandidates, ShardManifest } from '../../link/index.js'
import type { CompiledPolicy } from '../../policy/index.js'
import { nicknameGroups, standardizeRecord } from '../../standardize/index.js'
import type { JobQueue, JobState, QueueSettings } from '../../store/index.js'
import { evidenceFiguresOf, keepLeastWording } from '../batch-figures.js'
import { ConflictError } from '../errors.js'
import { loadLink } from '../link-plugins.js'
import type { MatchChunkExtra, MatchedChunk, MatchedRequest } from '../match-chunk.js'
import { encodeDecision, requestContext } from '../match-chunk.js'
import type { StageProgress } from '../progress.js'
import { checkAtIntake } from '../request-facts.js'
import { clusterView, shortJobId } from './cluster-view.js'
import type { SeenJob } from './cluster-view.js'

/** How a batch's shard jobs are leased and retried unless told otherwise. */
export const DEFAULT_SHARD_QUEUE: QueueSettings = { expireInSeconds: 600, retryLimit: 5 }

/** What a shard job carries: the accepted requests of one piece, standardized by the coordinator. */
export interface ShardJobData {
  /** The whole index's digest: a worker of another build refuses the job. */
  readonly masterDigest: string
  /**
   * The digest of the model the batch is scored with: a worker whose manifest carries another
   * (the same build, cut with another `--model`) refuses the job rather than score it otherwise.
   */
  readonly modelDigest: string
  readonly shard: number
  readonly requests: readonly LinkRequest[]
}

/** What a worker answers: each request's candidates in its shard, in the job's order. */
export interface ShardJobOutput {
  readonly answers: readonly ShardCandidates[]
  /** Who answered (host and process id), for the coordinator's progress. */
  readonly worker: string
}

/**
 * The queue of one shard of one build: workers serving the shard take its jobs, and no other
 * build's jobs land there.
 */
export function shardQueueName(manifest: Pick<ShardManifest, 'masterDigest' | 'shards'>, shard: number): string {
  const build = manifest.masterDigest.replace(/^sha256:/, '').slice(0, 16)
  return `verigate-link-${build}-${manifest.shards}-${shard}`
}

/** A UUID (version-4 shaped) from a digest of `parts`: the same job gets the same id. */
export function jobIdOf(...parts: readonly string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex')
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** A worker's name in the jobs it answers and in the progress: its host and process id. */
export function workerId(): string {
  return `${hostname()}:${process.pid}`
}

/** Options of `serveShards`. */
export interface ServeShardsOptions {
  /** The shards to serve (default: every shard of the build). */
  readonly shards?: readonly number[]
  readonly queueSettings?: QueueSettings
  /** Told after each job, with the shard and the requests it answered. */
  readonly onJob?: (shard: number, requests: number) => void
  /** Told as each shard is loaded. */
  readonly onLoaded?: (shard: number, records: number) => void
}

/** The worker being served: what it serves, and how to stop it. */
export interface ShardServer {
  /** The name it answers under (`workerId`). */
  readonly worker: string
  readonly manifest: ShardManifest
  readonly shards: readonly number[]
  /** Stops taking jobs (those running finish first). */
  close(): Promise<void>
}

/**
 * Serves the shards of the build at `manifestPath`: each is loaded once (checked against the
 * manifest by `loadShard`) and held while the worker runs; its jobs are taken one at a time.
 *
 * @example
 * const server = await serveShards(queue, 'master.shards.json', { shards: [0, 1] })
 */
export async function serveShards(queue: JobQueue, manifestPath: string, options: ServeShardsOptions = {}): Promise<ShardServer> {
  const { createLinker, loadShard, manifestModel, readShardManifest } = await loadLink()
  const manifest = readShardManifest(manifestPath)
  const model = manifestModel(manifest, manifestPath)
  const shards = options.shards ?? Array.from({ length: manifest.shards }, (_, i) => i)
  const worker = workerId()
  for (const shard of shards) {
    if (!Number.isInteger(shard) || shard < 0 || shard >= manifest.shards) throw new RangeError(`${manifestPath}: there is no shard ${shard} (the build has ${manifest.shards}, numbered from 0)`)
  }
  // Every shard loaded and every queue made before the first job is taken.
  const served = shards.map((shard) => {
    const index = loadShard(manifestPath, manifest, shard)
    options.onLoaded?.(shard, index.count)
    return { shard, linker: createLinker({ index, model, nicknameGroups }), name: shardQueueName(manifest, shard) }
  })
  for (const { name } of served) await queue.ensureQueue(name, options.queueSettings ?? DEFAULT_SHARD_QUEUE)
  for (const { shard, linker, name } of served) {
    await queue.work<ShardJobData, ShardJobOutput>(name, (data) => {
      if (data.masterDigest !== manifest.masterDigest || data.shard !== shard) {
        throw new ConflictError(`a job for shard ${data.shard} of build ${data.masterDigest} came to the queue of shard ${shard} of build ${manifest.masterDigest}`)
      }
      // The queue names the build, not the model: a worker given a manifest of the same shards with
      // another model would answer with other weights, and so other decisions. It refuses instead.
      if (data.modelDigest !== manifest.modelDigest) {
        throw new ConflictError(`worker ${worker} scores shard ${shard} with the model ${manifest.modelDigest} (its manifest ${manifestPath}), but the batch asks for ${data.modelDigest}: start it with the batch's manifest`)
      }
      const answers = data.requests.map((r) => linker.shardCandidates(r))
      options.onJob?.(shard, answers.length)
      return { answers, worker }
    })
  }
  return { worker, manifest, shards, close: () => queue.close() }
}

/** Options of `openShardPool`. */
export interface ShardPoolOptions {
  readonly queue: JobQueue
  readonly manifest: ShardManifest
  readonly batchId: string
  readonly policy: CompiledPolicy
  readonly requester: string
  readonly asOf: string
  readonly queueSettings?: QueueSettings
  /** How often the coordinator asks whether its jobs are done (milliseconds; default 250). */
  readonly pollMs?: number
  readonly progress: StageProgress
  /** The requests this run will link (the file's, less those written before): the progress's total. */
  readonly totalRequests?: number
}

/** The coordinator's side: where a batch's link pool stands. */
export interface ShardPool {
  /** Links and decides one piece of a chunk through the workers. */
  link(records: readonly RequestRecord[], extra?: MatchChunkExtra): Promise<MatchedChunk>
  close(): Promise<void>
}

/** A job the coordinator waits for. */
interface Waiting {
  readonly queue: string
  readonly id: string
  /** The job as the progress names it: shard and requests. */
  readonly seen: SeenJob
  /** What the job carries: sent again should pg-boss have dropped the job (a rerun days later). */
  readonly data: ShardJobData
  readonly resolve: (output: ShardJobOutput) => void
  readonly reject: (error: Error) => void
}

/**
 * The error a job that failed for good stops the batch with: the job, its shard and requests, the
 * worker's last error, and what to do (exit 75 at the CLI: a conflict to retry). Nothing of the
 * job's chunk is written (a chunk is written whole, in one transaction, once all its jobs are in).
 */
function failedForGood(w: Waiting, state: JobState<ShardJobOutput>): ConflictError {
  // pg-boss stores the handler's error ({ message, stack }) as the failed job's output; an expired lease leaves none.
  const output = state.output as { message?: unknown } | null
  const cause = typeof output?.message === 'string' ? output.message : state.state === 'cancelled' ? 'cancelled' : 'its worker did not finish it within its lease'
  const { seen } = w
  return new ConflictError(
    `shard job ${w.id} (shard ${seen.shard}, queue ${w.queue}; ${seen.requests} requests, ${seen.firstRequest} to ${seen.lastRequest}) ${state.state === 'cancelled' ? 'was cancelled' : `failed for good after ${state.retryCount} retries`}: ${cause}. ` +
      `The batch stopped before writing these requests (chunks written before them stand); remove the cause and run the same command again to resume (job ${shortJobId(w.id)}… is given to the workers again).`,
  )
}

/**
 * Opens the coordinator's side of a distributed batch (see the module's comment). One loop asks
 * pg-boss about every job waited for, one query a shard's queue, so the coordinator holds one
 * connection however many pieces are in flight.
 *
 * @example
 * const pool = await openShardPool({ queue, manifest, batchId, policy, requester, asOf, progress })
 * const chunk = await pool.link(records, { counts: {} })
 */
export async function openShardPool(options: ShardPoolOptions): Promise<ShardPool> {
  const { mergeCandidates, DEFAULT_LINK_SETTINGS } = await loadLink()
  const { queue, manifest, policy } = options
  const names = Array.from({ length: manifest.shards }, (_, i) => shardQueueName(manifest, i))
  for (const name of names) await queue.ensureQueue(name, options.queueSettings ?? DEFAULT_SHARD_QUEUE)
  const pollMs = options.pollMs ?? 250
  const waiting = new Set<Waiting>()
  const view = clusterView(manifest.shards, Date.now)
  const linked = options.progress('Linked on the cluster', options.totalRequests)
  let polling: Promise<void> | undefined
  let closed = false

  const poll = async (): Promise<void> => {
    while (waiting.size > 0 && !closed) {
      // One query a queue for every job waited on there: their states, not the requests they carry.
      const byQueue = new Map<string, Waiting[]>()
      for (const w of waiting) byQueue.set(w.queue, [...(byQueue.get(w.queue) ?? []), w])
      for (const [name, ws] of byQueue) {
        let states: Map<string, JobState<ShardJobOutput>>
        try {
          states = await queue.jobs<ShardJobOutput>(name, ws.map((w) => w.id))
        } catch (error) {
          for (const w of ws) {
            waiting.delete(w)
            w.reject(error as Error)
          }
          continue
        }
        for (const w of ws) {
          const state = states.get(w.id) ?? null
          if (state !== null) view.seen(w.seen, state)
          if (state === null) {
            // Past pg-boss's retention (a batch resumed long after): the same job again, same id.
            await queue.send(w.queue, w.id, w.data).catch((error: unknown) => {
              waiting.delete(w)
              w.reject(error as Error)
            })
          } else if (state.state === 'completed' && state.output) {
            waiting.delete(w)
            w.resolve(state.output)
          } else if (state.state === 'failed' || state.state === 'cancelled') {
            waiting.delete(w)
            w.reject(failedForGood(w, state))
          }
        }
      }
      linked.status?.(view.lines())
      if (waiting.size > 0) await new Promise((r) => setTimeout(r, pollMs))
    }
    polling = undefined
  }
  const wait = (name: string, id: string, data: ShardJobData): Promise<ShardJobOutput> =>
    new Promise<ShardJobOutput>((resolve, reject) => {
      const ids = data.requests.map((r) => r.record?.id ?? r.standardized.id)
      const seen: SeenJob = { id, shard: data.shard, requests: ids.length, firstRequest: ids[0] ?? '', lastRequest: ids[ids.length - 1] ?? '' }
      waiting.add({ queue: name, id, seen, data, resolve, reject })
      polling ??= poll()
    })

  const intakeContext = requestContext(options.requester, {})
  return {
    async link(records, extra) {
      const checks = records.map((record) => {
        const standardized = standardizeRecord(record)
        return { record, standardized, check: checkAtIntake(policy, record.id, requestFactsOf(standardized, record), intakeContext, options.asOf, '') }
      })
      const accepted = checks.flatMap((c, at) => (c.check.decision === null ? [{ ...c, at }] : []))
      // By place, not by id: a file may repeat a request id, and each line gets its own answer.
      const merged: MatchResult[] = []
      if (accepted.length > 0) {
        const requests: LinkRequest[] = accepted.map((c) => ({ standardized: c.standardized, record: c.record }))
        // The batch, the build and the very requests name the job: a rerun sends the same one.
        const ids = accepted.map((c) => c.record.id).join('\u0000')
        const outputs = await Promise.all(
          names.map(async (name, shard) => {
            const id = jobIdOf(options.batchId, manifest.masterDigest, String(shard), ids)
            const data: ShardJobData = { masterDigest: manifest.masterDigest, modelDigest: manifest.modelDigest, shard, requests }
            // A job of this id exists when a run before this one sent it: done, waiting, or failed
            // for good (that run stopped on it), which a rerun gives to the workers again.
            if (!(await queue.send(name, id, data))) await queue.retryFailed(name, id)
            return wait(name, id, data)
          }),
        )
        accepted.forEach((c, r) => {
          const parts = outputs.map((o, shard) => {
            const answer = o.answers[r]
            if (!answer || answer.requestId !== c.record.id) throw new ConflictError(`shard ${shard} answered request ${answer?.requestId ?? '(none)'} where ${c.record.id} was asked`)
            return answer
          })
          merged[c.at] = mergeCandidates(parts, DEFAULT_LINK_SETTINGS)
        })
      }
      linked.tick(records.length)
      // Decided as a batch's link worker decides (`decideRecord`), from the merged evidence.
      const context = requestContext(options.requester, extra?.counts ?? {})
      const requests: MatchedRequest[] = []
      const results: MatchResult[] = []
      const messages = new Map<string, string>()
      for (const [at, { record, check }] of checks.entries()) {
        const result = check.decision ? check.evidence : (merged[at] as MatchResult)
        const evidence = canonicalJson(result as unknown as JsonValue)
        const evidenceDigest = digest(evidence)
        const decision = check.decision ?? policy.decide(result, context, options.asOf, evidenceDigest)
        for (const r of decision.reasons) keepLeastWording(messages, r.code, r.message)
        results.push(result)
        requests.push(encodeDecision({ requestId: record.id, refused: check.refused, status: result.status, bestMasterId: result.best?.masterId ?? null, evidence, evidenceDigest }, decision))
      }
      return { requests, evidence: evidenceFiguresOf(results), messages: [...messages] }
    },
    async close() {
      closed = true
      await polling
      linked.status?.(view.lines())
      linked.done()
      for (const w of waiting) w.reject(new ConflictError('the batch stopped before its shard jobs were done'))
      waiting.clear()
      await queue.close()
    },
  }
}
