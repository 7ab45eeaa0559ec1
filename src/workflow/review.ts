/**
 * Review: the cases the decision engine handed to people (ambiguous, tied or possible matches,
 * orders that require review). Each reviewer acts once per case, with a reason, and each action
 * is a ledger entry; a case is approved when as many distinct reviewers as the decision asks
 * have approved it and nobody rejected it. Release of the approved cases (and the withholding of
 * the rejected ones) is `releaseReviewed`, re-checked against the orders at release time.
 */
import { randomUUID } from 'node:crypto'
import { InvalidInputError, NotFoundError, VerigateError, checkFreeText, distinctPeople, personKey, samePerson } from '../core/index.js'
import type { Decision, MatchResult, ReviewPayload } from '../core/index.js'
import { compilePolicy } from '../policy/index.js'
import type { LedgerKeys } from '../ledger/index.js'
import type { ReadStore, ReviewAction, Store } from '../store/index.js'
import { lockBatch } from './batch-lock.js'
import { ConflictError } from './errors.js'
import { releaseItems } from './release.js'
import type { ReleaseItem } from './release.js'
import { disclosedMasterIds, finishBatch, loadBatch, masterValuesFor } from './batch/index.js'
import type { BatchRunResult } from './batch/index.js'
import type { StageProgress } from './progress.js'
import { silentProgress } from './progress.js'
import { requireLedgerKey } from './ledger-key.js'
import { refuseGivenTime, serverClock, stampedTime, writeClock } from './clock.js'
import { requestContext } from './match-chunk.js'

/** Where a review case stands. */
export type ReviewState = 'pending' | 'approved' | 'rejected' | 'released' | 'withheld'

/** A review case: a `review` decision and what reviewers did with it. */
export interface ReviewCase {
  readonly batchId: string
  readonly requestId: string
  /** The candidate the reviewers are asked about. */
  readonly masterId: string | null
  readonly approvalsNeeded: number
  /** The people who approved, in order, each once (names compare case-insensitively: two spellings are one person). */
  readonly approvedBy: readonly string[]
  /** The people who rejected, in order, each once. */
  readonly rejectedBy: readonly string[]
  readonly state: ReviewState
  /** The decision's reason codes (why people must look). */
  readonly reasons: readonly string[]
  /** The best candidate's match weight in bits, or null. */
  readonly weight: number | null
}

function caseOf(batchId: string, decision: Decision, actions: readonly ReviewAction[], released: boolean, withheld: boolean): ReviewCase {
  // The two-person rule counts people: "alice" and "ALICE" are one approval, whatever the
  // ledger holds (actions recorded before names were compared case-insensitively included).
  const approvedBy = distinctPeople(actions.filter((a) => a.action === 'approve').map((a) => a.reviewer))
  const rejectedBy = distinctPeople(actions.filter((a) => a.action === 'reject').map((a) => a.reviewer))
  const needed = decision.review?.approvers ?? 1
  const state: ReviewState = released ? 'released' : withheld ? 'withheld' : rejectedBy.length > 0 ? 'rejected' : approvedBy.length >= needed ? 'approved' : 'pending'
  return {
    batchId,
    requestId: decision.requestId,
    masterId: decision.masterId,
    approvalsNeeded: needed,
    approvedBy,
    rejectedBy,
    state,
    reasons: [...new Set(decision.reasons.map((r) => r.code))],
    weight: decision.basis.weight,
  }
}

/** Lists the review cases of one batch, or of every batch, optionally in one state. */
export async function listReviewCases(store: ReadStore, options: { readonly batchId?: string; readonly state?: ReviewState } = {}): Promise<ReviewCase[]> {
  const batches = options.batchId ? [options.batchId] : (await store.batches.list()).map((b) => b.id)
  const cases: ReviewCase[] = []
  for (const batchId of batches) {
    const actions = new Map<string, ReviewAction[]>()
    for (const a of await store.reviews.byBatch(batchId)) actions.set(a.requestId, [...(actions.get(a.requestId) ?? []), a])
    const released = new Set((await store.disclosures.byBatch(batchId)).map((d) => d.requestId))
    const withheld = new Set((await store.withholdings.byBatch(batchId)).map((w) => w.requestId))
    for (let after = ''; ; ) {
      const page = await store.decisions.page(batchId, 'review', after, 1000)
      if (page.length === 0) break
      for (const d of page) {
        const c = caseOf(batchId, d, actions.get(d.requestId) ?? [], released.has(d.requestId), withheld.has(d.requestId))
        if (!options.state || c.state === options.state) cases.push(c)
      }
      after = page[page.length - 1]!.requestId
    }
  }
  return cases
}

/** One case with its decision, evidence and review actions. */
export interface ReviewCaseDetail {
  readonly case: ReviewCase
  readonly decision: Decision
  readonly evidence: MatchResult
  readonly actions: readonly ReviewAction[]
}

/** Reads one review case; throws `NotFoundError` when the request has no review decision. */
export async function showReviewCase(store: ReadStore, batchId: string, requestId: string): Promise<ReviewCaseDetail> {
  const stored = await store.decisions.get(batchId, requestId)
  if (!stored) throw new NotFoundError(`no decision for request ${requestId} in batch ${batchId}`)
  if (stored.decision.outcome !== 'review') throw new NotFoundError(`request ${requestId} of batch ${batchId} is not a review case (its decision is ${stored.decision.outcome})`)
  const evidence = await store.evidence.get(batchId, requestId)
  if (!evidence) throw new NotFoundError(`no evidence for request ${requestId} in batch ${batchId}`)
  const actions = await store.reviews.forCase(batchId, requestId)
  const released = (await store.disclosures.byBatch(batchId)).some((d) => d.requestId === requestId)
  const withheld = (await store.withholdings.get(batchId, requestId)) !== undefined
  return { case: caseOf(batchId, stored.decision, actions, released, withheld), decision: stored.decision, evidence: evidence.result, actions }
}

/** One reviewer's action. */
export interface ReviewInput {
  readonly batchId: string
  readonly requestId: string
  /**
   * The reviewer: the person of the credential they act through (every face resolves it from
   * the credential, never from a typed name). Staff, never a data subject; never the requester.
   */
  readonly reviewer: string
  readonly action: 'approve' | 'reject'
  /** Why: required. */
  readonly reason: string
  /** When (default now): only in a simulation store; a real one refuses it (`GivenTimeRefused`). */
  readonly at?: Date
}

/**
 * Records one reviewer's approval or rejection, with its ledger entry, in one transaction. Refused
 * (nothing written): no reviewer or reason, a case not under review, a case already decided by
 * review or released, a reviewer acting twice on one case (under any spelling of their name), a
 * reviewer named as the batch's requesting party.
 *
 * @example
 * await reviewCase(store, { batchId, requestId: 'R0000042', reviewer: 'alice', action: 'approve', reason: 'same DOB and TIN; the rival is her mother' })
 */
export async function reviewCase(store: Store, input: ReviewInput): Promise<ReviewCase> {
  const reviewer = input.reviewer.trim()
  const reason = input.reason.trim()
  if (reviewer === '') throw new InvalidInputError('a review needs the reviewer’s identity (the person of their credential)')
  if (reason === '') throw new InvalidInputError('a review needs a reason (--reason)')
  // The note and the name go into the ledger and onto the pages exactly as typed: no control
  // or bidirectional-override character may hide what they say.
  checkFreeText(reviewer, 'reviewer')
  checkFreeText(reason, 'reason')
  refuseGivenTime(store.mode, 'at', input.at)
  const detail = await showReviewCase(store, input.batchId, input.requestId)
  const current = detail.case
  await refuseRequesterAsActor(store, input.batchId, reviewer, 'review')
  if (current.state === 'released' || current.state === 'withheld') throw new ConflictError(`case ${input.requestId} of batch ${input.batchId} is already ${current.state}`)
  const earlier = [...current.approvedBy, ...current.rejectedBy].find((p) => samePerson(p, reviewer))
  if (earlier !== undefined) throw new ConflictError(`${reviewer} has already reviewed case ${input.requestId} of batch ${input.batchId}${earlier === reviewer ? '' : ` (as ${earlier}: names compare case-insensitively)`}`)
  if (current.state === 'rejected') throw new ConflictError(`case ${input.requestId} of batch ${input.batchId} was rejected by ${current.rejectedBy.join(', ')}`)
  if (current.state === 'approved' && input.action === 'approve') throw new ConflictError(`case ${input.requestId} of batch ${input.batchId} already has the ${current.approvalsNeeded} approvals it needs`)
  const stored = await store.decisions.get(input.batchId, input.requestId)
  await store.transaction(async (tx) => {
    const at = await stampedTime(tx, input.at)
    const payload: ReviewPayload = { batchId: input.batchId, requestId: input.requestId, reviewer, action: input.action, note: reason, decisionDigest: stored!.digest }
    const [entry] = await tx.ledger.append([{ kind: 'review', at, actor: reviewer, payload }])
    await tx.reviews.add({ id: `rv-${randomUUID()}`, batchId: input.batchId, requestId: input.requestId, reviewer, action: input.action, note: reason, createdAt: at, ledgerSeq: entry!.seq })
  })
  return (await showReviewCase(store, input.batchId, input.requestId)).case
}

/**
 * Refuses (forbidden) an act recorded under the name of the batch's requesting party: the
 * requester's people never review or release its own cases. The faces already refuse the
 * requester's credentials (their role cannot be a reviewer's); this holds the rule for a name
 * that reaches the workflow some other way.
 */
async function refuseRequesterAsActor(store: Store, batchId: string, person: string, what: string): Promise<void> {
  const batch = await store.batches.get(batchId)
  if (batch && personKey(batch.requesterPartyId) === personKey(person)) {
    throw new VerigateError('forbidden', `${person} is the requesting party of batch ${batchId}: the requester may not ${what} its own cases`)
  }
}

/** Options of `releaseReviewed`. */
export interface ReleaseReviewedOptions {
  readonly keys: LedgerKeys
  /**
   * The person releasing (the supervisor's credential's person): the actor of the release's
   * ledger entries. Without it, the disclosing party, as for a batch run's own releases.
   */
  readonly releasedBy?: string
  /** The release time (default now): the orders in force then are applied. Only in a simulation store. */
  readonly releaseAt?: string
  /** The clock: only in a simulation store, as `releaseAt`. */
  readonly now?: () => Date
  readonly progress?: StageProgress
}

/**
 * Releases a batch's approved review cases and withholds its rejected ones. An approved case is
 * decided again on its evidence as the reviewers resolved it (the candidate they confirmed, no
 * rival), under the batch's own documents and decision time, so every other rule still holds
 * (the match weight standard included: approving a possible match below it releases nothing);
 * orders whose only action is to require review are satisfied by the review. Then re-checked
 * against the orders at release time. Idempotent: cases already released or withheld are left
 * alone.
 */
export async function releaseReviewed(store: Store, batchId: string, options: ReleaseReviewedOptions): Promise<BatchRunResult & { readonly released: number; readonly withheld: number }> {
  // One run of a batch at a time: a release beside another, or while `batch run` works on the
  // batch, is refused with who holds it (not failed half-way on a disclosure's unique id).
  refuseGivenTime(store.mode, 'releaseAt', options.releaseAt)
  refuseGivenTime(store.mode, 'now', options.now)
  if (!(await store.batches.get(batchId))) throw new NotFoundError(`no batch ${batchId}`)
  await requireLedgerKey(store, options.keys)
  if (options.releasedBy !== undefined) await refuseRequesterAsActor(store, batchId, options.releasedBy, 'release')
  const lock = await lockBatch(store, batchId)
  try {
    return await releaseLocked(store, batchId, options)
  } finally {
    await lock.release()
  }
}

async function releaseLocked(store: Store, batchId: string, options: ReleaseReviewedOptions): Promise<BatchRunResult & { readonly released: number; readonly withheld: number }> {
  const now = writeClock(store.mode, options.now)
  const startedAt = now().toISOString()
  const { settings, agreement, orders, match } = await loadBatch(store, batchId)
  // The people's review is what an order requiring review asks for: once it is done, such an
  // order has nothing more to say about the case. Orders with other actions still apply in full.
  const beyondReview = orders.filter((o) => !o.document.actions.every((a) => a.kind === 'require_review'))
  // Likewise the agreement's borderline band (review.matchesBelowWeight): the review satisfied it.
  const policy = compilePolicy(agreement, beyondReview, { reviewed: true })
  const cases = (await listReviewCases(store, { batchId })).filter((c) => c.state === 'approved' || c.state === 'rejected')
  let disclosed = (await store.disclosures.byBatch(batchId)).length
  const items: ReleaseItem[] = []
  for (const c of cases) {
    const stored = (await store.decisions.get(batchId, c.requestId))!
    if (c.state === 'rejected') {
      items.push({ decision: stored.decision, storedDigest: stored.digest, withholdBecause: ['REVIEW_REJECTED'] })
      continue
    }
    const evidence = (await store.evidence.get(batchId, c.requestId))!
    const resolved: MatchResult = { ...evidence.result, status: 'match', rivals: [] }
    const context = requestContext(stored.decision.requester, { day: disclosed, month: disclosed, year: disclosed, term: disclosed })
    const reviewed = policy.decide(resolved, context, stored.decision.asOf, evidence.digest)
    if (reviewed.outcome === 'disclose') {
      disclosed++
      items.push({ decision: reviewed, storedDigest: stored.digest, orders: beyondReview })
    } else {
      items.push({ decision: { ...reviewed, masterId: reviewed.masterId ?? stored.decision.masterId }, storedDigest: stored.digest, withholdBecause: ['REVIEW_APPROVED_NOT_RELEASABLE'] })
    }
  }
  const ids = await disclosedMasterIds(store, batchId)
  for (const item of items) if (item.decision.masterId) ids.add(item.decision.masterId)
  const values = await masterValuesFor(settings, ids)
  // A real store's release reads the server's clock for each transaction; a simulation's has one time.
  const releaseAt = store.mode === 'real' ? serverClock : new Date(options.releaseAt ?? now()).toISOString()
  const p = (options.progress ?? silentProgress)('Releasing reviewed cases', items.length)
  let ticked = 0
  const result = await releaseItems(store, items, {
    batchId,
    orders,
    releaseAt,
    keys: options.keys,
    masterValues: values,
    masterDigest: match.masterDigest,
    ...(options.releasedBy === undefined ? {} : { actor: options.releasedBy }),
    onChunk: (done) => {
      p.tick(done - ticked)
      ticked = done
    },
  })
  p.done()
  const finished = await finishBatch(store, batchId, {
    agreement,
    orders,
    settings,
    values,
    keys: options.keys,
    startedAt,
    now,
    resumed: true,
    timings: {},
    masterDigest: match.masterDigest,
    modelThresholds: match.thresholds,
  })
  return { ...finished, released: result.disclosed, withheld: result.withheld }
}
