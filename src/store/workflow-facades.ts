/**
 * The facades the batch workflow adds to the store (issue 7): steps recorded as done, review
 * actions, withholdings, and the paged queries a resumable run needs ("which accepted requests
 * have no decision yet", "which disclosures are still to make").
 */
import type { Decision, Digest, MatchResult } from '../core/index.js'
import type { StoredRequest } from './store.js'

/** A step of a batch recorded as done. */
export interface BatchStep {
  readonly batchId: string
  readonly step: string
  /** The step's JSON detail (the batch's settings for `created`), or null. */
  readonly detail: unknown
  readonly doneAt: string
}

/** Steps of batches: a step is recorded once; recording it again changes nothing. */
export interface BatchStepsFacade {
  /** Records a step as done; returns false (and leaves the first record) when it was already. */
  mark(batchId: string, step: string, detail: unknown, at: string): Promise<boolean>
  get(batchId: string, step: string): Promise<BatchStep | undefined>
  list(batchId: string): Promise<readonly BatchStep[]>
}

/** One reviewer's action on one review case. */
export interface ReviewAction {
  readonly id: string
  readonly batchId: string
  readonly requestId: string
  readonly reviewer: string
  readonly action: 'approve' | 'reject'
  /** The reason the reviewer gave. */
  readonly note: string
  readonly createdAt: string
  readonly ledgerSeq: number | null
}

/** Review actions: at most one per reviewer per case (a second is a `conflict` VerigateError). */
export interface ReviewsFacade {
  add(action: ReviewAction): Promise<void>
  forCase(batchId: string, requestId: string): Promise<readonly ReviewAction[]>
  byBatch(batchId: string): Promise<readonly ReviewAction[]>
}

/** A case withheld after review (rejected) or stopped by the release-time check. */
export interface StoredWithholding {
  readonly batchId: string
  readonly requestId: string
  readonly reasons: readonly string[]
  /** The decision as it stood when withheld (after the release-time check where there was one). */
  readonly decision: Decision
  readonly decisionDigest: Digest
  readonly withheldAt: string
  readonly ledgerSeq: number
}

/** Withholdings, one per case (a second for the same case fails the transaction). */
export interface WithholdingsFacade {
  insertMany(rows: readonly StoredWithholding[]): Promise<void>
  get(batchId: string, requestId: string): Promise<StoredWithholding | undefined>
  byBatch(batchId: string): Promise<readonly StoredWithholding[]>
}

/** A stored decision with its digest. */
export interface DigestedDecision {
  readonly decision: Decision
  readonly digest: Digest
}

/** The paged reads of a batch run. */
export interface BatchQueriesFacade {
  /** The last request line stored for a batch (0 when none). */
  lastRequestLine(batchId: string): Promise<number>
  /** Accepted requests with no decision yet, by line, after `afterLine`. */
  undecidedRequests(batchId: string, afterLine: number, limit: number): Promise<readonly StoredRequest[]>
  /** `disclose` decisions with neither a disclosure nor a withholding yet, by request id. */
  pendingDisclosures(batchId: string, afterRequestId: string, limit: number): Promise<readonly DigestedDecision[]>
  /** Every decision of a batch, by request id, after `afterRequestId`. */
  decisionPage(batchId: string, afterRequestId: string, limit: number): Promise<readonly DigestedDecision[]>
  /** The outcome and answer code of every decision of a batch (no JSON read), by request id. */
  outcomePage(batchId: string, afterRequestId: string, limit: number): Promise<readonly { readonly requestId: string; readonly outcome: string; readonly answerCode: string }[]>
  /** Every piece of evidence of a batch, by request id, after `afterRequestId`. */
  evidencePage(batchId: string, afterRequestId: string, limit: number): Promise<readonly { readonly result: MatchResult; readonly digest: Digest }[]>
  /** The number of `disclose` decisions of a batch (what its volume caps count). */
  discloseDecisions(batchId: string): Promise<number>
}
