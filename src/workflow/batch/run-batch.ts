/**
 * Running a batch end to end: prepare → intake, link and decide → release → finish (response,
 * checkpoint, summary, report). Each stage writes in transactions keyed by natural ids (request
 * id, disclosure id), and a run resumes from what the store already holds: the batch id derives
 * from what the batch is, intake continues after the last stored line, matching takes the
 * accepted requests with no decision, release takes the disclosures not yet made. A process
 * killed at any point, run again, ends where an uninterrupted run would have.
 */
import { resolve } from 'node:path'
import { compilePolicy } from '../../policy/index.js'
import type { Store } from '../../store/index.js'
import { lockBatch } from '../batch-lock.js'
import { refuseGivenTime, writeClock } from '../clock.js'
import { requireLedgerKey } from '../ledger-key.js'
import { silentProgress } from '../progress.js'
import type { BatchRun } from './context.js'
import { createStageTimer } from './context.js'
import { finishBatch } from './finish.js'
import { loadLink } from '../link-plugins.js'
import { matchStage, refuseMasterForLinking } from './match.js'
import { prepareBatch } from './prepare.js'
import { releaseStage } from './release-stage.js'
import { DEFAULT_CHUNK_SIZE } from './types.js'
import type { BatchRunResult, MatchDetail, RunBatchOptions } from './types.js'

/**
 * Runs (or resumes) a batch. Same inputs, same batch: running it again changes nothing but the
 * response, report and summary files, which are rewritten from the store.
 *
 * @example
 * const result = await runBatch(store, { agreementPath, masterPath: 'master.csv', requestsPath: 'requests.csv', outDir: 'out', keys })
 * result.summary.disclosed
 */
export async function runBatch(store: Store, options: RunBatchOptions): Promise<BatchRunResult> {
  // A real store decides and releases at the server's clock; given times are a simulation's.
  refuseGivenTime(store.mode, 'asOf', options.asOf)
  refuseGivenTime(store.mode, 'releaseAt', options.releaseAt)
  const now = writeClock(store.mode, options.now)
  const timer = createStageTimer()
  const startedAt = now().toISOString()
  // Another key than the store's would fork the ledger's checkpoints and pseudonyms.
  await requireLedgerKey(store, options.keys)
  // Before the batch exists: a master that cannot be linked the way asked creates nothing.
  refuseMasterForLinking((await loadLink()).isManifestPath, options.masterPath, options.distributed !== undefined)
  const prepared = await timer.timed('prepare', () => prepareBatch(store, options, now))

  // One run of a batch at a time: a second one now is refused, a killed one's lock taken over.
  const lock = await lockBatch(store, prepared.batchId)
  try {
    const run: BatchRun = {
      ...prepared,
      store,
      policy: compilePolicy(prepared.agreement, prepared.orders),
      agreementPath: resolve(options.agreementPath),
      ordersDir: options.ordersDir ? resolve(options.ordersDir) : null,
      lockToken: lock.token,
      keys: options.keys,
      chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
      threads: options.threads,
      requestsName: options.requestsName,
      truthPath: options.truthPath,
      releaseAt: options.releaseAt,
      progress: options.progress ?? silentProgress,
      now,
      timer,
      startedAt,
      distributed: options.distributed,
    }
    return await runLocked(run)
  } finally {
    await lock.release()
  }
}

/** The stages of a batch after `prepare`, under the batch's lock. */
async function runLocked(run: BatchRun): Promise<BatchRunResult> {
  const stored = (await run.store.batchSteps.get(run.batchId, 'match'))?.detail as MatchDetail | undefined
  // A resumed run pages through rows a killed run bulk-loaded, which the planner's statistics may
  // not know yet (a nested plan over a batch it guesses to be one row takes seconds a page).
  if (run.resumed) await run.timer.timed('analyze', () => run.store.batchQueries.analyze(['request_records', 'decisions', 'disclosures', 'withholdings']))
  let match = stored
  if (!match) {
    match = await run.timer.timed('intake+link+decide', () => matchStage(run))
    // The batch's rows are in: the release, response and summary read them in pages next,
    // planned from statistics that do not know this batch yet unless they are refreshed now.
    await run.timer.timed('analyze', () => run.store.batchQueries.analyze(['request_records', 'decisions']))
  }
  const values = await releaseStage(run, match)
  return finishBatch(run.store, run.batchId, {
    agreement: run.agreement,
    orders: run.orders,
    settings: run.settings,
    values,
    keys: run.keys,
    startedAt: run.startedAt,
    now: run.now,
    resumed: run.resumed,
    timings: run.timer.timings,
    masterDigest: match.masterDigest,
    modelThresholds: match.thresholds,
    ...(run.truthPath ? { truthPath: run.truthPath } : {}),
  })
}
