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

/** Who holds a batch's lock. */
export interface BatchLock {
  readonly batchId: string
  /** The holding run's own random token. */
  readonly token: string
  readonly host: string
  readonly pid: number
  readonly takenAt: string
  readonly heartbeatAt: string
}

/** Steps of batches: a step is recorded once; recording it again changes nothing. */
export interface BatchStepsFacade {
  /**
   * Takes a batch's lock for `lock.token`, atomically: when `replacing` is given, only if the lock
   * is still held by that token (taking over a stale lock); otherwise only if no one holds it.
   * Returns the holder afterwards (the caller holds it when its token is there).
   */
  lock(lock: BatchLock, replacing?: string): Promise<BatchLock>
  /** Renews the heartbeat of a lock the token holds; false when it does not hold it any more. */
  heartbeat(batchId: string, token: string, at: string): Promise<boolean>
  /** Releases a lock the token holds (nothing when it does not). */
  unlock(batchId: string, token: string): Promise<void>
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

/**
 * One request's evidence and decision, already encoded by the caller (the workflow encodes them
 * in its link workers): the store writes the strings as given, so `evidenceDigest` and
 * `decisionDigest` must be the digests of exactly `evidence` and `decision`.
 */
export interface PreparedMatch {
  readonly requestId: string
  readonly status: string
  readonly bestMasterId: string | null
  /** The evidence (a `MatchResult`) in canonical JSON. */
  readonly evidence: string
  readonly evidenceDigest: Digest
  readonly outcome: string
  readonly verified: boolean
  readonly answerCode: string
  /** The released fields as a JSON array. */
  readonly fields: string
  /** The decision in canonical JSON. */
  readonly decision: string
  readonly decisionDigest: Digest
  readonly decidedAt: string
}

/** A request of a batch as the response file lists it: in line order, with its decision's outcome when it has one. */
export interface ResponseRow {
  readonly requestId: string
  readonly line: number
  readonly outcome: string | null
  readonly answerCode: string | null
}

/** A decision whose final state is settled after matching, with whether its request was refused at intake. */
export interface DeferredDecision extends DigestedDecision {
  readonly refusedAtIntake: boolean
}

/** The paged reads of a batch run (and its one bulk write of prepared rows). */
export interface BatchQueriesFacade {
  /** Writes prepared evidence and decisions of a batch (multi-row inserts, in the caller's transaction when there is one). */
  insertPrepared(batchId: string, rows: readonly PreparedMatch[]): Promise<void>
  /** The batch's requests in line order after `afterLine`, with their decisions' outcomes (no JSON read). */
  responsePage(batchId: string, afterLine: number, limit: number): Promise<readonly ResponseRow[]>
  /** The decisions of the batch's disclosed requests, by request id. */
  disclosedDecisions(batchId: string): Promise<readonly DigestedDecision[]>
  /** The `disclose` and `review` decisions, by request id, after `afterRequestId`. */
  deferredDecisions(batchId: string, afterRequestId: string, limit: number): Promise<readonly DeferredDecision[]>
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
  /**
   * The `disclose` decisions of the requester's other batches decided in `[from, until]` (ISO 8601)
   * and not withheld at release: what earlier batches count against a volume cap's period.
   */
  disclosesInPeriod(requester: string, exceptBatchId: string, from: string, until: string): Promise<number>
  /**
   * The disclosures of the requester's other batches released in `[from, until]` (ISO 8601) after
   * review (their decisions are `review`, not `disclose`): what reviewed cases count against a cap.
   */
  reviewedReleasesInPeriod(requester: string, exceptBatchId: string, from: string, until: string): Promise<number>
  /** The number of `disclose` decisions of a batch (what its volume caps count). */
  discloseDecisions(batchId: string): Promise<number>
}
