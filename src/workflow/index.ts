/**
 * @module workflow
 * The use cases of a disclosure office: run a batch (intake → link → decide → release →
 * response → checkpoint → report), review, and release the reviewed cases; each stage in
 * transactions keyed by natural ids, so a batch is idempotent and resumable.
 */
export { runBatch, finishBatch, loadBatch, masterValuesFor, releasableColumns, readSummaryFile } from './run-batch.js'
export type { BatchRunResult, BatchSettings, FinishContext, RunBatchOptions } from './run-batch.js'
export { listReviewCases, showReviewCase, reviewCase, releaseReviewed } from './review.js'
export type { ReleaseReviewedOptions, ReviewCase, ReviewCaseDetail, ReviewInput, ReviewState } from './review.js'
export { summarizeBatch, summarizeFromRows } from './batch-summary.js'
export type { BatchFigures, BatchSummary, FinalState, IntakeDetail, SummaryContext, UnreadableRow } from './batch-summary.js'
export { lockBatch, processExists } from './batch-lock.js'
export type { HeldBatchLock, LockOptions } from './batch-lock.js'
export { batchIdOf } from './batch-id.js'
export type { BatchIdentity } from './batch-id.js'
export { releaseItems, disclosureIdOf } from './release.js'
export type { ReleaseItem, ReleaseOptions, ReleaseResult } from './release.js'
export { readMasterValues, subjectOf } from './master-values.js'
export type { MasterValues } from './master-values.js'
export { checkAtIntake, requestFactsOf, INTAKE_REASON_CODES } from './request-facts.js'
export type { IntakeCheck } from './request-facts.js'
export { writeResponseFile } from './response-file.js'
export type { ResponseFile } from './response-file.js'
export { recordDocuments, loadDocuments } from './policy-documents.js'
export { fileDigest } from './file-digest.js'
export { GivenTimeRefused, refuseGivenTime, serverClock, writeClock } from './clock.js'
export { ConflictError } from './errors.js'
export { silentProgress } from './progress.js'
export type { StageCounter, StageProgress } from './progress.js'
export { runDemo, DEMO_AS_OF, DEMO_RELEASE_AT, DEMO_REVIEW_RELEASE_AT, DEMO_REVIEWERS } from './run-demo.js'
export type { DemoOptions, DemoResult, DemoStep } from './run-demo.js'
export * from './audit/index.js'
