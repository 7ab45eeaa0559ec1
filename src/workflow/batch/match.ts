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
import { ConflictError } from '../errors.js'
import type { MatchChunkData } from '../match-chunk.js'
import { openBatchCapCount } from './caps.js'
import type { BatchRun } from './context.js'
import { chunksInFlight } from './in-flight.js'
import type { ChunksInFlight } from './in-flight.js'
import { loadLink, matchChunkWork } from '../link-plugins.js'
import type { MatchDetail } from './types.js'
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
  const { openMaster, openLinkPool, createLinker, loadModel, modelDigest, DEFAULT_LINK_SETTINGS } = await loadLink()
  const model = settings.modelPath ? loadModel(settings.modelPath) : undefined
  if (model && modelDigest(model) !== settings.modelDigest) {
    throw new ConflictError(`the link model ${settings.modelPath} changed since batch ${batchId} was created: run it with the model it was created with`)
  }
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
  const caps = await openBatchCapCount(store, batchId, run.agreement, settings.requester, settings.asOf)
  const linking = run.progress('Intake and linking')
  const chunks = chunksInFlight(pool, caps, async (chunk) => {
    await writeDecidedChunk(run, caps, chunk)
    linking.tick(chunk.rows.length)
  })
  try {
    await matchUndecided(run, chunks)
    if (!(await store.batchSteps.get(batchId, 'intake'))) await intakeAndMatch(run, chunks)
  } finally {
    linking.done()
    await pool.close()
  }
  const detail: MatchDetail = {
    masterDigest: index.digest,
    modelDigest: linker.modelDigest,
    thresholds: { match: weightOf(DEFAULT_LINK_SETTINGS.matchThreshold), possible: weightOf(DEFAULT_LINK_SETTINGS.possibleThreshold) },
  }
  await store.batchSteps.mark(batchId, 'match', { ...detail, masterFileDigest: run.masterFileDigest }, run.now().toISOString())
  return detail
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
