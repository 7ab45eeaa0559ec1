/**
 * The figures of a batch, read back from the store (so a resumed run reports the whole batch, not
 * just what its last process did): the summary `--json` prints and the `BatchReport` the report
 * renders. People appear only as counts.
 */
import { NotFoundError } from '../core/index.js'
import type { Decision, DecisionOutcome, DocumentRef, MatchResult } from '../core/index.js'
import type { BatchReport, CheckpointSummary, EquityReport, FieldAgreement, OutcomeReasonCount, ReasonCount } from '../report/index.js'
import type { Batch, BatchStep, ReadStore, StoredWithholding } from '../store/index.js'
import { evidenceFiguresOf, isFiguresStep, mergeEvidenceFigures, mergeFigures } from './batch-figures.js'
import type { ChunkFigures, DecisionFigures, EvidenceFigures } from './batch-figures.js'
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
  /** The rows of the request file that could not be read: where, and why (the first 10,000). */
  readonly unreadable_rows: readonly UnreadableRow[]
  /** Errors by surname group against the truth, when the run was given one (`--truth`; docs/equity.md). */
  readonly equity?: EquityReport
}

/** A row of the request file refused as unreadable. */
export interface UnreadableRow {
  readonly file: string
  /** 1-based line (of the record's first line); 0 for a problem of the whole file. */
  readonly line: number
  /** The column or field at fault, when the problem is one field's. */
  readonly field: string | null
  /** The intake issue code (e.g. `wrong_column_count`). */
  readonly code: string
}

/** The intake step's record of the request file. */
export interface IntakeDetail {
  readonly rowsRead: number
  readonly unreadable: number
  readonly unreadableByCode: Readonly<Record<string, number>>
  /** Where each unreadable row is (absent in batches taken in before this was kept). */
  readonly unreadableRows?: readonly UnreadableRow[]
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

/** What the summary needs besides the store. */
export interface SummaryContext {
  readonly masterDigest: string
  readonly thresholds: { match: number; possible: number }
}

/** What happened to a batch after matching: releases, withholdings, reviews. */
interface AfterMatching {
  readonly disclosures: ReadonlySet<string>
  readonly withholdings: ReadonlyMap<string, StoredWithholding>
  readonly rejectedCases: ReadonlySet<string>
  readonly approvals: ReadonlyMap<string, number>
  readonly ledgerEntries: number
}

async function afterMatching(store: ReadStore, batchId: string): Promise<AfterMatching> {
  const disclosures = await store.disclosures.byBatch(batchId)
  const withholdings = new Map((await store.withholdings.byBatch(batchId)).map((w) => [w.requestId, w]))
  const reviews = await store.reviews.byBatch(batchId)
  const approvals = new Map<string, number>()
  for (const r of reviews) if (r.action === 'approve') increment(approvals, r.requestId)
  return {
    disclosures: new Set(disclosures.map((d) => d.requestId)),
    withholdings,
    rejectedCases: new Set(reviews.filter((r) => r.action === 'reject').map((r) => r.requestId)),
    approvals,
    ledgerEntries: disclosures.length + withholdings.size + reviews.filter((r) => r.ledgerSeq !== null).length,
  }
}

/** The wording kept for a code: the least one seen, so the figures do not depend on reading order. */
function keepMessage(messages: Map<string, string>, code: string, message: string): void {
  const seen = messages.get(code)
  if (seen === undefined || message < seen) messages.set(code, message)
}

/** The decision-by-decision tally of a batch's figures. */
class Tally {
  readonly byReason = new Map<string, number>()
  readonly answers = new Map<string, number>()
  readonly messages = new Map<string, string>()
  readonly intakeRefusals = new Map<string, number>()
  readonly outcomeReasons = new Map<string, number>()
  readonly withholdingReasons = new Map<string, number>()
  readonly finals = { disclosed: 0, withheld: 0, review: 0 }
  readonly cases = { pending: 0, approved: 0, rejected: 0, released: 0, withheld: 0 }
  decisions = 0
  agreementRef: DocumentRef | null = null
  // The orders in force and binding at decision time, as the decisions name them.
  readonly inForce = new Map<string, DocumentRef>()
  discloser = ''
  recipient = ''

  constructor(readonly after: AfterMatching) {}

  /** The parties and documents a decision names (the same for every decision of a batch). */
  names(decision: Decision): void {
    this.agreementRef ??= decision.agreement
    for (const o of decision.orders) this.inForce.set(o.digest, o)
    this.discloser = decision.discloser
    this.recipient = decision.recipient
  }

  decision(decision: Decision, refused: boolean): void {
    const a = this.after
    this.decisions++
    this.names(decision)
    for (const r of decision.reasons) keepMessage(this.messages, r.code, r.message)
    for (const code of new Set(decision.reasons.map((r) => r.code))) increment(this.byReason, code)
    const withheldLater = a.withholdings.get(decision.requestId)
    const state: FinalState = a.disclosures.has(decision.requestId) ? 'disclosed' : withheldLater || decision.outcome !== 'review' ? 'withheld' : 'review'
    const finalDecision: Decision = withheldLater?.decision ?? decision
    const answer = state === 'disclosed' ? 'DISCLOSED' : state === 'review' ? 'UNDER_REVIEW' : withheldLater ? withheldAnswer(withheldLater) : decision.answer.code
    increment(this.answers, answer)
    if (decision.outcome === 'review') {
      if (state === 'disclosed') this.cases.released++
      else if (withheldLater) this.cases.withheld++
      else if (a.rejectedCases.has(decision.requestId)) this.cases.rejected++
      else if ((a.approvals.get(decision.requestId) ?? 0) >= (decision.review?.approvers ?? 1)) this.cases.approved++
      else this.cases.pending++
    }
    if (refused) {
      for (const code of new Set(decision.reasons.map((r) => r.code))) if (code.startsWith('REQUEST_')) increment(this.intakeRefusals, code)
      for (const r of finalDecision.reasons) increment(this.withholdingReasons, r.code)
      return
    }
    this.finals[state]++
    const outcome: DecisionOutcome = state === 'disclosed' ? 'disclose' : state === 'review' ? 'review' : 'withhold'
    for (const code of new Set(finalDecision.reasons.map((r) => r.code))) {
      increment(this.outcomeReasons, `${outcome}\u0000${code}`)
      if (outcome === 'withhold') increment(this.withholdingReasons, code)
    }
    for (const r of finalDecision.reasons) keepMessage(this.messages, r.code, r.message)
  }

  /** Adds the figures counted while matching (the decisions settled then). */
  figures(f: DecisionFigures, messages: readonly (readonly [string, string])[]): void {
    this.decisions += f.decisions
    this.finals.withheld += f.withheld
    const add = (into: Map<string, number>, from: Readonly<Record<string, number>>) => {
      for (const [k, v] of Object.entries(from)) increment(into, k, v)
    }
    add(this.byReason, f.byReason)
    add(this.answers, f.answers)
    add(this.intakeRefusals, f.intakeRefusals)
    add(this.outcomeReasons, f.outcomeReasons)
    add(this.withholdingReasons, f.withholdingReasons)
    for (const [code, message] of messages) keepMessage(this.messages, code, message)
  }
}

/**
 * Reads a batch's figures from the store; `NotFoundError` for a batch the store does not have.
 * The figures counted while matching are used when they cover every decision of the batch (then
 * only the `disclose` and `review` decisions are read); otherwise every row is read.
 */
export async function summarizeBatch(store: ReadStore, batchId: string, context: SummaryContext): Promise<BatchFigures> {
  const batch = await store.batches.get(batchId)
  if (!batch) throw new NotFoundError(`no batch ${batchId}`)
  const steps = await store.batchSteps.list(batchId)
  const chunks = steps.filter((s) => isFiguresStep(s.step)).sort((x, y) => (x.step < y.step ? -1 : x.step > y.step ? 1 : 0))
  const stored = Object.values(await store.decisions.countByOutcome(batchId)).reduce((x, y) => x + y, 0)
  const merged = mergeFigures(chunks.map((s) => s.detail as ChunkFigures))
  if (merged.decisions.decisions + merged.decisions.deferred !== stored) return summarizeFromRows(store, batchId, context)
  const tally = new Tally(await afterMatching(store, batchId))
  tally.figures(merged.decisions, merged.messages)
  const first = (await store.batchQueries.decisionPage(batchId, '', 1))[0]
  if (first) tally.names(first.decision)
  for (let after = ''; ; ) {
    const page = await store.batchQueries.deferredDecisions(batchId, after, PAGE)
    if (page.length === 0) break
    for (const d of page) tally.decision(d.decision, d.refusedAtIntake)
    after = page[page.length - 1]!.decision.requestId
  }
  return finish(batch, steps, tally, merged.evidence, context)
}

/** The figures of a batch from a pass over every evidence and decision row (batches matched before figures were kept). */
export async function summarizeFromRows(store: ReadStore, batchId: string, context: SummaryContext): Promise<BatchFigures> {
  const batch = await store.batches.get(batchId)
  if (!batch) throw new NotFoundError(`no batch ${batchId}`)
  const steps = await store.batchSteps.list(batchId)
  const results: MatchResult[] = []
  const evidence: EvidenceFigures[] = []
  const refused = new Set<string>()
  for (let after = ''; ; ) {
    const page = await store.batchQueries.evidencePage(batchId, after, PAGE)
    if (page.length === 0) break
    for (const { result } of page) {
      if (result.modelDigest === '') refused.add(result.requestId)
      results.push(result)
    }
    evidence.push(evidenceFiguresOf(results))
    results.length = 0
    after = page[page.length - 1]!.result.requestId
  }
  const tally = new Tally(await afterMatching(store, batchId))
  for (let after = ''; ; ) {
    const page = await store.batchQueries.decisionPage(batchId, after, PAGE)
    if (page.length === 0) break
    for (const { decision } of page) tally.decision(decision, refused.has(decision.requestId))
    after = page[page.length - 1]!.decision.requestId
  }
  return finish(batch, steps, tally, mergeEvidenceFigures(evidence), context)
}

function finish(batch: Batch, steps: readonly BatchStep[], tally: Tally, evidence: EvidenceFigures, context: SummaryContext): BatchFigures {
  const batchId = batch.id
  const intake = (steps.find((s) => s.step === 'intake')?.detail ?? { rowsRead: 0, unreadable: 0, unreadableByCode: {} }) as IntakeDetail
  const { byReason, answers, messages, intakeRefusals, outcomeReasons, withholdingReasons, finals, cases } = tally
  for (const [code, n] of Object.entries(intake.unreadableByCode)) {
    increment(intakeRefusals, code, n)
    increment(byReason, code, n)
    messages.set(code, `the row could not be read (${code.replace(/_/g, ' ')})`)
  }
  if (intake.unreadable > 0) increment(answers, 'UNREADABLE', intake.unreadable)
  const statuses = evidence.statuses

  const requested = tally.decisions + intake.unreadable
  const intakeRefused = evidence.refused + intake.unreadable
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
    ledger_entries: tally.after.ledgerEntries,
    unreadable_rows: intake.unreadableRows ?? [],
  }
  const outcomes: OutcomeReasonCount[] = [...outcomeReasons.entries()]
    .map(([key, count]) => {
      const [outcome, code] = key.split('\u0000') as [DecisionOutcome, string]
      return { outcome, code, message: messages.get(code) ?? code, count }
    })
    .sort((a, b) => (a.outcome < b.outcome ? -1 : a.outcome > b.outcome ? 1 : b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)))
  const report: BatchFigures['report'] = {
    batchId,
    discloser: tally.discloser,
    recipient: tally.recipient,
    agreement: tally.agreementRef ?? { id: batch.agreementId, version: batch.agreementVersion, digest: batch.agreementDigest },
    orders: [...tally.inForce.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
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
    weights: evidence.weights,
    thresholds: context.thresholds,
    outcomes,
    fieldAgreement: evidence.fieldAgreement as unknown as FieldAgreement,
    withholdingReasons: reasonCounts(withholdingReasons, messages).slice(0, 10),
    unreadableRows: intake.unreadableRows ?? [],
  }
  return { summary, report }
}

/** A checkpoint as the report shows it. */
export function checkpointSummary(c: CheckpointSummary): CheckpointSummary {
  return { treeSize: c.treeSize, rootHash: c.rootHash, time: c.time, keyId: c.keyId, signature: c.signature }
}

