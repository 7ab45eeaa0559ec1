/**
 * The figures of a batch, read back from the store (so a resumed run reports the whole batch, not
 * just what its last process did): the summary `--json` prints and the `BatchReport` the report
 * renders. People appear only as counts.
 */
import { COMPARISON_LEVELS, NotFoundError } from '../core/index.js'
import type { Decision, DecisionOutcome, DocumentRef } from '../core/index.js'
import { weightHistogram } from '../report/index.js'
import type { BatchReport, CheckpointSummary, FieldAgreement, OutcomeReasonCount, ReasonCount } from '../report/index.js'
import type { Store } from '../store/index.js'
import { withheldAnswer } from './release.js'

/** What a batch came to, as `verigate batch run --json` prints it. */
export interface BatchSummary {
  readonly batch_id: string
  readonly status: string
  /** Records in the request file (readable or not). */
  readonly requested: number
  /** Records refused at intake (unreadable, or missing an element the agreement requires): never matched. */
  readonly intake_refused: number
  readonly matched: number
  readonly possible: number
  readonly ambiguous: number
  readonly none: number
  /** Cases held for review and not yet released or withheld. */
  readonly review: number
  readonly disclosed: number
  /** Accepted records that released nothing (after review and the release-time check). */
  readonly withheld: number
  /** Review cases by state. */
  readonly review_cases: { readonly pending: number; readonly approved: number; readonly rejected: number; readonly released: number; readonly withheld: number }
  /** Decision reason codes → decisions carrying them, and intake issue codes of unreadable rows. */
  readonly by_reason: Readonly<Record<string, number>>
  /** The answers the requester receives, by code. */
  readonly answers: Readonly<Record<string, number>>
  /** Ledger entries written for this batch. */
  readonly ledger_entries: number
}

/** The intake step's record of the request file. */
export interface IntakeDetail {
  readonly rowsRead: number
  readonly unreadable: number
  readonly unreadableByCode: Readonly<Record<string, number>>
}

/** The final state of one decision: what the requester got. */
export type FinalState = 'disclosed' | 'withheld' | 'review'

const PAGE = 10_000

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by)
}

function sortedRecord(map: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

function reasonCounts(map: ReadonlyMap<string, number>, messages: ReadonlyMap<string, string>): ReasonCount[] {
  return [...map.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([code, count]) => ({ code, message: messages.get(code) ?? code, count }))
}

/** Everything `summarizeBatch` computes. */
export interface BatchFigures {
  readonly summary: BatchSummary
  /** The report, less the times and the checkpoint the caller knows. */
  readonly report: Omit<BatchReport, 'startedAt' | 'finishedAt' | 'checkpoint'>
}

/** Reads a batch's figures from the store; `NotFoundError` for a batch the store does not have. */
export async function summarizeBatch(store: Store, batchId: string, context: { readonly masterDigest: string; readonly thresholds: { match: number; possible: number } }): Promise<BatchFigures> {
  const batch = await store.batches.get(batchId)
  if (!batch) throw new NotFoundError(`no batch ${batchId}`)
  const intake = ((await store.batchSteps.get(batchId, 'intake'))?.detail ?? { rowsRead: 0, unreadable: 0, unreadableByCode: {} }) as IntakeDetail
  const disclosures = new Set((await store.disclosures.byBatch(batchId)).map((d) => d.requestId))
  const withholdings = new Map((await store.withholdings.byBatch(batchId)).map((w) => [w.requestId, w]))
  const reviews = await store.reviews.byBatch(batchId)
  const rejectedCases = new Set(reviews.filter((r) => r.action === 'reject').map((r) => r.requestId))
  const approvals = new Map<string, number>()
  for (const r of reviews) if (r.action === 'approve') increment(approvals, r.requestId)

  const statuses = { match: 0, possible: 0, ambiguous: 0, none: 0 }
  const weights: number[] = []
  const agreement: Record<string, Record<string, number>> = {}
  for (const f of Object.keys(COMPARISON_LEVELS)) agreement[f] = {}
  const refused = new Set<string>()
  for (let after = ''; ; ) {
    const page = await store.batchQueries.evidencePage(batchId, after, PAGE)
    if (page.length === 0) break
    for (const { result } of page) {
      // Evidence made at intake (no model) belongs to a refused request: it was never matched.
      if (result.modelDigest === '') {
        refused.add(result.requestId)
        continue
      }
      statuses[result.status]++
      if (result.best) {
        weights.push(result.best.weight)
        for (const c of result.best.comparisons) {
          const levels = agreement[c.field]!
          levels[c.level] = (levels[c.level] ?? 0) + 1
        }
      }
    }
    after = page[page.length - 1]!.result.requestId
  }

  const byReason = new Map<string, number>()
  const answers = new Map<string, number>()
  const messages = new Map<string, string>()
  const intakeRefusals = new Map<string, number>()
  const outcomeReasons = new Map<string, number>()
  const withholdingReasons = new Map<string, number>()
  const finals = { disclosed: 0, withheld: 0, review: 0 }
  const cases = { pending: 0, approved: 0, rejected: 0, released: 0, withheld: 0 }
  let decisions = 0
  let agreementRef: DocumentRef | null = null
  // The orders in force and binding at decision time, as the decisions name them.
  const inForce = new Map<string, DocumentRef>()
  let discloser = ''
  let recipient = ''
  for (let after = ''; ; ) {
    const page = await store.batchQueries.decisionPage(batchId, after, PAGE)
    if (page.length === 0) break
    for (const { decision } of page) {
      decisions++
      agreementRef ??= decision.agreement
      for (const o of decision.orders) inForce.set(o.digest, o)
      discloser = decision.discloser
      recipient = decision.recipient
      for (const r of decision.reasons) messages.set(r.code, r.message)
      for (const code of new Set(decision.reasons.map((r) => r.code))) increment(byReason, code)
      const withheldLater = withholdings.get(decision.requestId)
      const state: FinalState = disclosures.has(decision.requestId) ? 'disclosed' : withheldLater || decision.outcome !== 'review' ? 'withheld' : 'review'
      const finalDecision: Decision = withheldLater?.decision ?? decision
      const answer = state === 'disclosed' ? 'DISCLOSED' : state === 'review' ? 'UNDER_REVIEW' : withheldLater ? withheldAnswer(withheldLater) : decision.answer.code
      increment(answers, answer)
      if (decision.outcome === 'review') {
        if (state === 'disclosed') cases.released++
        else if (withheldLater) cases.withheld++
        else if (rejectedCases.has(decision.requestId)) cases.rejected++
        else if ((approvals.get(decision.requestId) ?? 0) >= (decision.review?.approvers ?? 1)) cases.approved++
        else cases.pending++
      }
      if (refused.has(decision.requestId)) {
        for (const code of new Set(decision.reasons.map((r) => r.code))) if (code.startsWith('REQUEST_')) increment(intakeRefusals, code)
        for (const r of finalDecision.reasons) increment(withholdingReasons, r.code)
        continue
      }
      finals[state]++
      const outcome: DecisionOutcome = state === 'disclosed' ? 'disclose' : state === 'review' ? 'review' : 'withhold'
      for (const code of new Set(finalDecision.reasons.map((r) => r.code))) {
        increment(outcomeReasons, `${outcome}\u0000${code}`)
        if (outcome === 'withhold') increment(withholdingReasons, code)
      }
      for (const r of finalDecision.reasons) messages.set(r.code, r.message)
    }
    after = page[page.length - 1]!.decision.requestId
  }
  for (const [code, n] of Object.entries(intake.unreadableByCode)) {
    increment(intakeRefusals, code, n)
    increment(byReason, code, n)
    messages.set(code, `the row could not be read (${code.replace(/_/g, ' ')})`)
  }
  if (intake.unreadable > 0) increment(answers, 'UNREADABLE', intake.unreadable)

  const requested = decisions + intake.unreadable
  const intakeRefused = refused.size + intake.unreadable
  const ledgerEntries = (await store.disclosures.byBatch(batchId)).length + withholdings.size + reviews.filter((r) => r.ledgerSeq !== null).length
  const summary: BatchSummary = {
    batch_id: batchId,
    status: batch.status,
    requested,
    intake_refused: intakeRefused,
    matched: statuses.match,
    possible: statuses.possible,
    ambiguous: statuses.ambiguous,
    none: statuses.none,
    review: finals.review,
    disclosed: finals.disclosed,
    withheld: finals.withheld,
    review_cases: cases,
    by_reason: sortedRecord(byReason),
    answers: sortedRecord(answers),
    ledger_entries: ledgerEntries,
  }
  const outcomes: OutcomeReasonCount[] = [...outcomeReasons.entries()]
    .map(([key, count]) => {
      const [outcome, code] = key.split('\u0000') as [DecisionOutcome, string]
      return { outcome, code, message: messages.get(code) ?? code, count }
    })
    .sort((a, b) => (a.outcome < b.outcome ? -1 : a.outcome > b.outcome ? 1 : b.count - a.count))
  const report: BatchFigures['report'] = {
    batchId,
    discloser,
    recipient,
    agreement: agreementRef ?? { id: batch.agreementId, version: batch.agreementVersion, digest: batch.agreementDigest },
    orders: [...inForce.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    masterDigest: context.masterDigest,
    requestFileDigest: batch.requestFileDigest,
    counts: {
      requested,
      intake_refused: intakeRefused,
      matched: statuses.match,
      possible: statuses.possible,
      ambiguous: statuses.ambiguous,
      none: statuses.none,
      review: finals.review,
      disclosed: finals.disclosed,
      withheld: finals.withheld,
    },
    intakeRefusals: reasonCounts(intakeRefusals, messages),
    weights: weightHistogram(weights, 2),
    thresholds: context.thresholds,
    outcomes,
    fieldAgreement: agreement as unknown as FieldAgreement,
    withholdingReasons: reasonCounts(withholdingReasons, messages).slice(0, 10),
  }
  return { summary, report }
}

/** A checkpoint as the report shows it. */
export function checkpointSummary(c: CheckpointSummary): CheckpointSummary {
  return { treeSize: c.treeSize, rootHash: c.rootHash, time: c.time, keyId: c.keyId, signature: c.signature }
}

