/**
 * The demo (`verigate demo`, `npm run demo`): the whole workflow on generated data, offline, in
 * well under a minute. It generates the `demo` scenario, runs a batch under the corrected IRS–ICE
 * agreement and the court orders as of a day the agreement was in force and before any order,
 * has two demo reviewers act on the review cases (one approved by both, one rejected; a second
 * action by the same reviewer refused), releases, and verifies the ledger.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { VerigateError } from '../core/index.js'
import type { LedgerKeys, LedgerVerification } from '../ledger/index.js'
import type { Store } from '../store/index.js'
import { generate } from '../synth/index.js'
import type { BatchRunResult } from './run-batch.js'
import { runBatch } from './run-batch.js'
import { listReviewCases, releaseReviewed, reviewCase } from './review.js'
import type { StageProgress } from './progress.js'

/** The repository root (dist/src/workflow/run-demo.js and src/workflow/run-demo.ts sit below it). */
function repoRoot(): string {
  const here = fileURLToPath(new URL('.', import.meta.url))
  return join(here, here.includes(`${join('dist', 'src')}`) ? '../../..' : '../..')
}

/** The decision day of the demo: the agreement is in force (from 7 April 2025) and no order yet is (the injunction is of 21 November 2025). */
export const DEMO_AS_OF = '2025-08-07T12:00:00.000Z'
/** When the clear disclosures go out: the same day. */
export const DEMO_RELEASE_AT = '2025-08-07T16:00:00.000Z'
/** When the reviewed cases go out: the next morning. */
export const DEMO_REVIEW_RELEASE_AT = '2025-08-08T09:00:00.000Z'
/** The two demo reviewers. */
export const DEMO_REVIEWERS = ['reviewer-ana', 'reviewer-ben'] as const

/** One line of what the demo did, for the narration. */
export interface DemoStep {
  readonly what: string
  readonly detail: string
}

/** What the demo produced. */
export interface DemoResult {
  readonly dataDir: string
  readonly batch: BatchRunResult
  readonly afterReview: BatchRunResult
  readonly steps: readonly DemoStep[]
  readonly verification: LedgerVerification
  readonly seconds: number
}

/** Options of `runDemo`. */
export interface DemoOptions {
  /** The folder for the generated data, the response, the report and the summary. */
  readonly outDir: string
  readonly keys: LedgerKeys
  readonly progress?: StageProgress
}

/**
 * Runs the demo into a fresh store.
 *
 * @example
 * const result = await runDemo(store, { outDir: 'demo-out', keys })
 * result.afterReview.reportPath
 */
export async function runDemo(store: Store, options: DemoOptions): Promise<DemoResult> {
  const started = performance.now()
  const root = repoRoot()
  const dataDir = join(options.outDir, 'data')
  const steps: DemoStep[] = []
  const generated = await generate({ scenario: 'demo' }, dataDir)
  steps.push({ what: 'generated', detail: `${generated.files.master.rows.toLocaleString('en-US')} master rows and ${generated.files.requests.rows.toLocaleString('en-US')} requests (scenario demo, seed 1) in ${dataDir}` })
  const batch = await runBatch(store, {
    agreementPath: join(root, 'policies/agreements/irs-ice-2025-corrected.yaml'),
    ordersDir: join(root, 'policies/orders'),
    masterPath: join(dataDir, 'master.csv'),
    requestsPath: join(dataDir, 'requests.csv'),
    asOf: DEMO_AS_OF,
    releaseAt: DEMO_RELEASE_AT,
    outDir: options.outDir,
    keys: options.keys,
    ...(options.progress ? { progress: options.progress } : {}),
  })
  const s = batch.summary
  steps.push({ what: 'batch run', detail: `${batch.batchId}: ${s.disclosed} disclosed, ${s.withheld} withheld, ${s.intake_refused} refused at intake, ${s.review} held for review` })

  const cases = await listReviewCases(store, { batchId: batch.batchId, state: 'pending' })
  const [a, b] = DEMO_REVIEWERS
  const approve = cases[0]
  const reject = cases[1]
  if (approve) {
    await reviewCase(store, { batchId: batch.batchId, requestId: approve.requestId, reviewer: a, action: 'approve', reason: 'date of birth and TIN agree; the rival is another household member', at: new Date(DEMO_REVIEW_RELEASE_AT) })
    try {
      await reviewCase(store, { batchId: batch.batchId, requestId: approve.requestId, reviewer: a, action: 'approve', reason: 'approving twice', at: new Date(DEMO_REVIEW_RELEASE_AT) })
    } catch (error) {
      if (!(error instanceof VerigateError) || error.code !== 'conflict') throw error
      steps.push({ what: 'refused', detail: `${a} approving ${approve.requestId} a second time: ${error.message}` })
    }
    await reviewCase(store, { batchId: batch.batchId, requestId: approve.requestId, reviewer: b, action: 'approve', reason: 'agree: same person, the rival is not', at: new Date(DEMO_REVIEW_RELEASE_AT) })
    steps.push({ what: 'approved', detail: `${approve.requestId} by ${a} and ${b} (${approve.approvalsNeeded} approvals needed)` })
  }
  if (reject) {
    await reviewCase(store, { batchId: batch.batchId, requestId: reject.requestId, reviewer: b, action: 'reject', reason: 'two candidates of the same name at one address: cannot tell which one', at: new Date(DEMO_REVIEW_RELEASE_AT) })
    steps.push({ what: 'rejected', detail: `${reject.requestId} by ${b}` })
  }
  const afterReview = await releaseReviewed(store, batch.batchId, { keys: options.keys, releaseAt: DEMO_REVIEW_RELEASE_AT })
  steps.push({ what: 'released reviewed', detail: `${afterReview.released} released, ${afterReview.withheld} withheld (orders re-checked at ${DEMO_REVIEW_RELEASE_AT})` })
  const verification = await store.ledger.verify(options.keys.publicKey)
  steps.push({ what: 'ledger verified', detail: `${verification.ok ? 'ok' : 'FAILED'}: ${verification.size} entries, root ${verification.rootHash.slice(0, 16)}…, ${verification.checkpointsChecked} checkpoint(s) checked` })
  return { dataDir, batch, afterReview, steps, verification, seconds: (performance.now() - started) / 1000 }
}
