/**
 * Intake, link and decide in one pass over the request file, in transactions of `chunkSize`
 * requests: the main thread reads the file and writes; link workers started once standardize
 * each request, check it against the agreement's input requirements (a refused one is never
 * matched), link, decide and encode (`../match-chunk.ts`). Each transaction stores the requests
 * with their evidence, decisions and figures, so a run killed at any point resumes after the last
 * stored line.
 */
import { statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { loadColumnMap, openRecords } from '../../intake/index.js'
import type { IntakeRow } from '../../intake/index.js'
import { nicknameGroups } from '../../standardize/index.js'
import type { IntakeDetail, UnreadableRow } from '../batch-summary.js'
import { InvalidInputError } from '../../core/index.js'
import type { LinkModel, LinkPool } from '../../link/index.js'
import { openJobQueue } from '../../store/index.js'
import { ConflictError } from '../errors.js'
import type { MatchChunkData, MatchChunkExtra, MatchedChunk } from '../match-chunk.js'
import { openBatchCapCount } from './caps.js'
import type { BatchRun } from './context.js'
import { chunksInFlight } from './in-flight.js'
import type { ChunksInFlight } from './in-flight.js'
import { loadLink, matchChunkWork } from '../link-plugins.js'
import { openShardPool } from './shard-jobs.js'
import type { DistributedBatchOptions, MatchDetail } from './types.js'
import { writeDecidedChunk } from './write-chunk.js'

/** Files smaller than this are linked in the main thread when no thread count is given. */
const SMALL_REQUEST_FILE = 2 ** 20

/** The match weight (bits) of a probability, log2(p / (1 − p)), to two decimals for the report. */
function weightOf(p: number): number {
  return Math.round(Math.log2(p / (1 - p)) * 100) / 100
}

/** Runs the match stage (see the module's comment) and records its `match` step. */
export async function matchStage(run: BatchRun): Promise<MatchDetail> {
  const { store, batchId, settings } = run
  const { loadModel, modelDigest, DEFAULT_LINK_SETTINGS, isManifestPath } = await loadLink()
  const model = settings.modelPath ? loadModel(settings.modelPath) : undefined
  if (model && modelDigest(model) !== settings.modelDigest) {
    throw new ConflictError(`the link model ${settings.modelPath} changed since batch ${batchId} was created: run it with the model it was created with`)
  }
  refuseMasterForLinking(isManifestPath, settings.masterPath, run.distributed !== undefined)
  // On the cluster the progress counts against the requests left to link (a quick read of the
  // file, no standardization): a distributed batch is long, and its operator watches many machines.
  const total = run.distributed ? await requestsLeft(run) : undefined
  const linking = run.distributed ? await openDistributed(run, run.distributed, model ? modelDigest(model) : undefined, total) : await openLocal(run, model)
  const caps = await openBatchCapCount(store, batchId, run.agreement, settings.requester, settings.asOf)
  const progress = run.progress(run.distributed ? 'Written (linked on the cluster, decided)' : 'Intake and linking', total)
  const chunks = chunksInFlight(linking.pool, caps, async (chunk) => {
    await writeDecidedChunk(run, caps, chunk)
    progress.tick(chunk.rows.length)
  })
  try {
    await matchUndecided(run, chunks)
    if (!(await store.batchSteps.get(batchId, 'intake'))) await intakeAndMatch(run, chunks)
  } finally {
    progress.done()
    await linking.pool.close()
  }
  const detail: MatchDetail = {
    masterDigest: linking.masterDigest,
    modelDigest: linking.modelDigest,
    thresholds: { match: weightOf(DEFAULT_LINK_SETTINGS.matchThreshold), possible: weightOf(DEFAULT_LINK_SETTINGS.possibleThreshold) },
  }
  await store.batchSteps.mark(batchId, 'match', { ...detail, masterFileDigest: run.masterFileDigest }, run.now().toISOString())
  return detail
}

/**
 * Refuses a sharded master linked in this process, and a distributed batch whose master is not
 * sharded: checked before the batch is created (`runBatch`), and again here for a resumed batch.
 */
export function refuseMasterForLinking(isManifestPath: (path: string) => boolean, masterPath: string, distributed: boolean): void {
  const sharded = isManifestPath(masterPath)
  if (sharded === distributed) return
  throw new InvalidInputError(
    sharded
      ? `the master ${masterPath} is a sharded index: its batch runs on the workers (--distributed, with \`verigate worker\` serving its shards)`
      : `a distributed batch needs a sharded master (NAME.shards.json from \`verigate index --shards\`), not ${masterPath}`,
  )
}

/** Where a batch's chunks are linked and decided: link workers here, or the cluster's. */
interface Linking {
  readonly pool: Pick<LinkPool<MatchedChunk, MatchChunkExtra>, 'link' | 'close'>
  readonly masterDigest: string
  readonly modelDigest: string
}

/** Linking on the cluster: shard jobs for `verigate worker`, merged and decided here (./shard-jobs.ts). */
async function openDistributed(run: BatchRun, options: DistributedBatchOptions, batchModel: string | undefined, totalRequests: number | undefined): Promise<Linking> {
  const { readShardManifest } = await loadLink()
  const manifest = readShardManifest(run.settings.masterPath)
  // The shards were scored by the build's model when workers answer: another is another batch.
  if (batchModel !== undefined && batchModel !== manifest.modelDigest) {
    throw new ConflictError(`the batch's model (${batchModel}) is not the one the sharded index ${run.settings.masterPath} was built with (${manifest.modelDigest}): give the build's model, or build the shards with \`verigate index --shards --model\``)
  }
  const queue = await openJobQueue(options.url, { ...(options.jobsSchema ? { schema: options.jobsSchema } : {}), ...options.timing })
  // pg-boss keeps timers running: a failure to open must close it, or the process would not end.
  const pool = await openShardPool({
    queue,
    manifest,
    batchId: run.batchId,
    policy: run.policy,
    requester: run.settings.requester,
    asOf: run.settings.asOf,
    progress: run.progress,
    ...(totalRequests !== undefined ? { totalRequests } : {}),
    ...(options.queueSettings ? { queueSettings: options.queueSettings } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
  }).catch(async (error: unknown) => {
    await queue.close()
    throw error
  })
  return { pool, masterDigest: manifest.masterDigest, modelDigest: manifest.modelDigest }
}

/** Linking in this process: the master indexed (or loaded) here, link worker threads over it. */
async function openLocal(run: BatchRun, model: LinkModel | undefined): Promise<Linking> {
  const { settings } = run
  const { openMaster, openLinkPool, createLinker } = await loadLink()
  const map = settings.masterMapPath ? await loadColumnMap(settings.masterMapPath) : undefined
  const indexing = run.progress('Indexing master')
  let indexed = 0
  const index = await openMaster(settings.masterPath, {
    ...(map ? { map } : {}),
    onProgress: (rows) => {
      indexing.tick(rows - indexed)
      indexed = rows
    },
  })
  indexing.done()
  const linker = createLinker({ index, nicknameGroups, ...(model ? { model } : {}) })
  const small = run.threads === undefined && statSync(settings.requestsPath).size < SMALL_REQUEST_FILE
  const data: MatchChunkData = {
    agreementPath: run.agreementPath,
    ordersDir: run.ordersDir,
    agreementDigest: run.agreement.digest,
    orderDigests: settings.orderDigests,
    requester: settings.requester,
    asOf: settings.asOf,
  }
  const pool = await openLinkPool(linker, { threads: small ? 1 : (run.threads ?? availableParallelism()), work: matchChunkWork(data) })
  return { pool, masterDigest: index.digest, modelDigest: linker.modelDigest }
}

/** Requests this run will link: the file's rows after the last stored line (none once intake is done). */
async function requestsLeft(run: BatchRun): Promise<number | undefined> {
  const { store, batchId, settings } = run
  if (await store.batchSteps.get(batchId, 'intake')) return undefined
  const requestsMap = settings.requestsMapPath ? await loadColumnMap(settings.requestsMapPath) : undefined
  const source = await openRecords(settings.requestsPath, requestsMap ? { map: requestsMap } : {})
  const after = await store.batchQueries.lastRequestLine(batchId)
  let count = 0
  for await (const batch of source.batches()) for (const row of batch) if (row.line > after) count++
  return count
}

/** Requests taken in but never linked (a batch begun by a version that linked after intake). */
async function matchUndecided(run: BatchRun, chunks: ChunksInFlight): Promise<void> {
  for (let after = 0; ; ) {
    const page = await run.store.batchQueries.undecidedRequests(run.batchId, after, run.chunkSize)
    if (page.length === 0) break
    await chunks.enqueue(
      page.map((r) => ({ line: r.line, record: r.record })),
      true,
    )
    after = page[page.length - 1]!.line
  }
  await chunks.drain()
}

/** Reads the request file after the last stored line, matches it, and records the `intake` step. */
async function intakeAndMatch(run: BatchRun, chunks: ChunksInFlight): Promise<void> {
  const { store, batchId, settings } = run
  const requestsMap = settings.requestsMapPath ? await loadColumnMap(settings.requestsMapPath) : undefined
  const source = await openRecords(settings.requestsPath, requestsMap ? { map: requestsMap } : {})
  const after = await store.batchQueries.lastRequestLine(batchId)
  let rows: IntakeRow[] = []
  for await (const batch of source.batches()) {
    for (const row of batch) {
      if (row.line <= after) continue
      rows.push(row)
      if (rows.length >= run.chunkSize) {
        await chunks.enqueue(rows, false)
        rows = []
      }
    }
  }
  if (rows.length > 0) await chunks.enqueue(rows, false)
  await chunks.drain()
  const summary = source.summary()
  const unreadableRows: UnreadableRow[] = source.issues
    .filter((issue) => issue.path?.line !== undefined)
    .map((issue) => ({ file: run.requestsName ?? issue.path?.file ?? settings.requestsPath, line: issue.path?.line ?? 0, field: issue.path?.field ?? null, code: issue.code }))
  const detail: IntakeDetail = { rowsRead: summary.rowsRead, unreadable: summary.rejected, unreadableByCode: summary.byCode, unreadableRows }
  await store.batchSteps.mark(batchId, 'intake', detail, run.now().toISOString())
}
