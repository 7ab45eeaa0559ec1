/**
 * Deciding a batch record by record (docs/rules.md rule 7), counting the batch's own disclosures
 * against the agreement's volume caps as it goes, and summarising the decisions.
 */
import { CAP_PERIODS } from '../core/index.js'
import type { CapPeriod, Decision, Digest, MatchResult, RequestContext } from '../core/index.js'
import type { CompiledPolicy } from './compile-policy.js'
import type { Instant } from './instant.js'

/**
 * Decides every record of a batch at one decision time, in order. Each disclosure counts towards
 * every cap period (they all contain the one decision time), so a cap reached mid-batch withholds
 * the records after it.
 *
 * @example
 * const decisions = decideBatch(policy, evidence, { requester: 'dhs-ice', disclosuresSoFar: {}, safeguards: { openFindings: 0, correctivePlan: false } }, '2025-08-07')
 */
export function decideBatch(
  policy: CompiledPolicy,
  evidence: readonly MatchResult[],
  context: RequestContext,
  asOf: Instant,
  digests?: readonly Digest[],
): Decision[] {
  const counts: Record<CapPeriod, number> = { day: 0, month: 0, year: 0, term: 0 }
  for (const p of CAP_PERIODS) counts[p] = context.disclosuresSoFar[p] ?? 0
  const decisions: Decision[] = []
  for (let i = 0; i < evidence.length; i++) {
    const d = policy.decide(evidence[i]!, { ...context, disclosuresSoFar: { ...counts } }, asOf, digests?.[i])
    if (d.outcome === 'disclose') for (const p of CAP_PERIODS) counts[p] += 1
    decisions.push(d)
  }
  return decisions
}

/** Counts of decisions by outcome and by reason code. */
export interface DecisionSummary {
  readonly total: number
  readonly byOutcome: Readonly<Record<Decision['outcome'], number>>
  /** Reason code → number of decisions carrying it (a decision counts once per code). */
  readonly byReason: Readonly<Record<string, number>>
  /** Disclosed field → number of decisions releasing it. */
  readonly byField: Readonly<Record<string, number>>
}

/** Summarises decisions by outcome, reason and released field (keys sorted for stable output). */
export function summarizeDecisions(decisions: readonly Decision[]): DecisionSummary {
  const byOutcome = { disclose: 0, withhold: 0, review: 0 }
  const byReason = new Map<string, number>()
  const byField = new Map<string, number>()
  for (const d of decisions) {
    byOutcome[d.outcome] += 1
    for (const code of new Set(d.reasons.map((r) => r.code))) byReason.set(code, (byReason.get(code) ?? 0) + 1)
    for (const f of d.fields) byField.set(f, (byField.get(f) ?? 0) + 1)
  }
  const sorted = (m: Map<string, number>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return { total: decisions.length, byOutcome, byReason: sorted(byReason), byField: sorted(byField) }
}
