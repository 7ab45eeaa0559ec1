/**
 * Batches submitted over HTTP: the upload streamed to a file (size-limited, hashed on the way),
 * its header checked before anything is kept, then run by the same `runBatch` as
 * `verigate batch run`, one batch at a time, in the background. The batch id derives from what
 * the batch is, so the same file submitted twice is the same batch. A batch left unfinished by a
 * stopped server is resumed at the next start (`runBatch` resumes from what the store holds).
 */
import { createHash, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join, resolve as resolvePath } from 'node:path'
import type { Readable } from 'node:stream'
import { VerigateError, createPrivateWriteStream } from '../core/index.js'
import type { LedgerKeys } from '../ledger/index.js'
import type { ValidatedAgreement } from '../policy/index.js'
import type { Store } from '../store/index.js'
import type { BatchSettings, StageProgress } from '../workflow/index.js'
import { batchIdOf, fileDigest, refuseGivenTime, releaseReviewed, runBatch } from '../workflow/index.js'
import { readAgreementFile } from '../policy/index.js'
import { openRecords } from '../intake/index.js'
import { ApiError } from './errors.js'

/** How a requester's file is named in what it is told: it knows no path of the server's. */
const UPLOAD_NAME = 'upload'

/** The ending of an upload's file name until the whole file has arrived. */
const PARTIAL = '.partial'

/** The upload formats accepted. */
export type UploadFormat = 'csv' | 'jsonl'

/** Where a submitted batch stands in this process. */
export interface BatchJob {
  readonly batchId: string
  readonly partyId: string
  state: 'queued' | 'running' | 'finished' | 'failed'
  /** The stage running now (`Intake`, `Linking`, `Releasing`, …). */
  stage: string | null
  /** Records done in the stage, and its total when known. */
  done: number
  total: number | null
  /** Why it failed (the error's code and message). */
  error: { readonly code: string; readonly message: string } | null
}

/** Options of `createBatchService`. */
export interface BatchServiceOptions {
  readonly store: Store
  readonly agreementPath: string
  readonly ordersDir?: string
  /** The master (data file or `.vgx` snapshot) and, for a snapshot, its data file. */
  readonly masterPath: string
  readonly masterDataPath?: string
  /** Where uploads, responses and reports are kept. */
  readonly dataDir: string
  readonly keys: LedgerKeys
  readonly threads?: number
  /** The clock: decision and release times of the batches run (tests pass a fixed one). */
  readonly now?: () => Date
  /** Called when a background run fails (the code only: messages may quote data). */
  readonly onFailure?: (batchId: string, code: string) => void
}

/** The batch face of the API. */
export interface BatchService {
  readonly agreement: ValidatedAgreement
  /** Streams an upload to disk and queues its batch; `created` is false for a batch already known. */
  submit(partyId: string, body: Readable, format: UploadFormat, maxBytes: number): Promise<{ readonly batchId: string; readonly created: boolean }>
  job(batchId: string): BatchJob | undefined
  /** The response file of a batch (it exists once the batch has been released). */
  responsePath(batchId: string): string
  /** Releases a batch's reviewed cases (queued behind running batches). */
  release(batchId: string, releaseAt?: string, releasedBy?: string): Promise<{ readonly released: number; readonly withheld: number; readonly status: string }>
  /** Queues the batches the store holds as `running` (left by a stopped server). */
  resumeUnfinished(): Promise<readonly string[]>
  /** Resolves when every queued batch has run. */
  idle(): Promise<void>
  /** The batch running now, if any. */
  runningBatch(): string | undefined
}

/**
 * Creates the batch service.
 *
 * @example
 * const batches = await createBatchService({ store, agreementPath, masterPath, dataDir: 'data', keys })
 * const { batchId } = await batches.submit('dhs-ice', request.raw, 'csv', 512 * 2 ** 20)
 */
export async function createBatchService(options: BatchServiceOptions): Promise<BatchService> {
  // One clock: a real store's batches are decided and released at the server's clock.
  refuseGivenTime(options.store.mode, 'now', options.now)
  const agreement = readAgreementFile(options.agreementPath)
  const masterDigest = await fileDigest(options.masterPath)
  const { store } = options
  const uploads = join(options.dataDir, 'uploads')
  const requests = join(options.dataDir, 'requests')
  const out = join(options.dataDir, 'out')
  // Owner-only folders: they hold request files and responses (personal data).
  for (const dir of [uploads, requests, out]) mkdirSync(dir, { recursive: true, mode: 0o700 })
  // An upload still being received has a name of its own (`*.partial`) until it is complete;
  // one found now was cut short by a stopped or killed server, and nobody will finish it.
  for (const name of readdirSync(uploads)) if (name.endsWith(PARTIAL)) rmSync(join(uploads, name), { force: true })
  const jobs = new Map<string, BatchJob>()
  let queue: Promise<unknown> = Promise.resolve()
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work)
    queue = next.catch(() => undefined)
    return next
  }

  const progressOf = (job: BatchJob): StageProgress => (label, total) => {
    job.stage = label
    job.done = 0
    job.total = total ?? null
    return { tick: (n = 1) => void (job.done += n), done: () => undefined }
  }

  const run = (job: BatchJob, requestsPath: string): void => {
    void enqueue(async () => {
      job.state = 'running'
      try {
        await runBatch(store, {
          agreementPath: options.agreementPath,
          ...(options.ordersDir ? { ordersDir: options.ordersDir } : {}),
          masterPath: options.masterPath,
          ...(options.masterDataPath ? { masterDataPath: options.masterDataPath } : {}),
          requestsPath,
          // The requester knows its file as the upload, never by where the server keeps it.
          requestsName: UPLOAD_NAME,
          requester: job.partyId,
          outDir: out,
          keys: options.keys,
          ...(options.threads ? { threads: options.threads } : {}),
          ...(options.now ? { now: options.now } : {}),
          progress: progressOf(job),
        })
        job.state = 'finished'
        job.stage = null
      } catch (error) {
        const code = error instanceof VerigateError ? error.code : 'internal'
        job.state = 'failed'
        const message = error instanceof VerigateError && code !== 'internal' ? error.message.split(resolvePath(requestsPath)).join(UPLOAD_NAME).split(requestsPath).join(UPLOAD_NAME) : 'the batch could not be run; see the server log'
        job.error = { code, message }
        options.onFailure?.(job.batchId, code)
      }
    })
  }

  const newJob = (batchId: string, partyId: string): BatchJob => {
    const job: BatchJob = { batchId, partyId, state: 'queued', stage: null, done: 0, total: null, error: null }
    jobs.set(batchId, job)
    return job
  }

  return {
    agreement,
    async submit(partyId, body, format, maxBytes) {
      const temp = join(uploads, `${randomUUID()}.${format}${PARTIAL}`)
      const hash = createHash('sha256')
      let size = 0
      try {
        await new Promise<void>((resolve, reject) => {
          // Owner-only (personal data), and a name of its own until the upload is complete.
          const file = createPrivateWriteStream(temp, { exclusive: true })
          // On failure, wait for the file to close before the caller removes it: an open still
          // in flight would otherwise create it again after the removal.
          const fail = (error: unknown) => {
            // Discard the rest of the body rather than reset the connection, so the client reads
            // the 413 answer (Node closes the connection after it if the body is still coming).
            body.removeAllListeners('data')
            body.resume()
            file.once('close', () => reject(error))
            file.destroy()
          }
          body.on('data', (chunk: Buffer) => {
            size += chunk.length
            if (size > maxBytes) {
              fail(new ApiError(413, 'upload_too_large', `the upload is larger than ${maxBytes} bytes`, 'upload'))
              return
            }
            hash.update(chunk)
            if (!file.write(chunk)) {
              body.pause()
              file.once('drain', () => body.resume())
            }
          })
          body.once('error', (error) => {
            body.destroy()
            fail(error)
          })
          file.once('error', (error) => {
            body.destroy()
            reject(error)
          })
          // A client that goes away mid-upload: its partial file is removed, like any failure.
          let ended = false
          body.once('end', () => {
            ended = true
            file.end(() => resolve())
          })
          body.once('close', () => {
            if (!ended) fail(new ApiError(400, 'upload_aborted', 'the upload ended before the whole file arrived', 'upload'))
          })
        })
        if (size === 0) throw new ApiError(400, 'empty_upload', 'the upload is empty: send the request file as the body', 'upload')
        const doc = agreement.document
        const batchId = batchIdOf({ agreementId: doc.id, agreementVersion: doc.version, agreementDigest: agreement.digest, requestFileDigest: `sha256:${hash.digest('hex')}`, masterDigest })
        const existing = await store.batches.get(batchId)
        if (existing || jobs.has(batchId)) {
          const owner = existing?.requesterPartyId ?? jobs.get(batchId)!.partyId
          if (owner !== partyId) throw new ApiError(409, 'conflict', 'this file was already submitted by another party')
          return { batchId, created: false }
        }
        // Read the header and the first rows now, so a file that cannot be read at all is refused
        // before anything is kept (rows that cannot be read are counted by the batch itself).
        try {
          const source = await openRecords(temp, { format })
          for await (const rows of source.batches()) {
            void rows
            break
          }
        } catch (error) {
          if (!(error instanceof VerigateError) || error.code === 'internal') throw error
          // The message names the file: name it as the client knows it, not by its server path.
          throw new ApiError(400, 'unreadable_upload', error.message.split(temp).join(UPLOAD_NAME), 'upload')
        }
        const kept = join(requests, `${batchId}.${format}`)
        renameSync(temp, kept)
        run(newJob(batchId, partyId), kept)
        return { batchId, created: true }
      } finally {
        if (existsSync(temp)) rmSync(temp, { force: true })
      }
    },
    job: (batchId) => jobs.get(batchId),
    responsePath: (batchId) => join(out, `response-${batchId}.csv`),
    release(batchId, releaseAt, releasedBy) {
      return enqueue(async () => {
        const result = await releaseReviewed(store, batchId, { keys: options.keys, ...(releaseAt ? { releaseAt } : {}), ...(releasedBy ? { releasedBy } : {}), ...(options.now ? { now: options.now } : {}) })
        return { released: result.released, withheld: result.withheld, status: result.summary.status }
      })
    },
    async resumeUnfinished() {
      const resumed: string[] = []
      for (const batch of await store.batches.list()) {
        if (batch.status !== 'running' || jobs.has(batch.id)) continue
        const settings = (await store.batchSteps.get(batch.id, 'created'))?.detail as BatchSettings | undefined
        if (!settings || !existsSync(settings.requestsPath)) continue
        run(newJob(batch.id, batch.requesterPartyId), settings.requestsPath)
        resumed.push(batch.id)
      }
      return resumed
    },
    idle: () => queue.then(() => undefined),
    runningBatch: () => [...jobs.values()].find((j) => j.state === 'running')?.batchId,
  }
}
