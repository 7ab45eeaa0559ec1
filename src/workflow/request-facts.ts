/**
 * The facts about a request that policy checks before any matching (the agreement's input
 * requirements, docs/rules.md rule 1), and the pre-match check itself. A request refused here is never
 * matched: its decision is made from evidence that holds its facts and no candidate, and that
 * evidence is stored like any other, so an audit can re-decide it exactly.
 */
import { requestFactsOf, type Decision, type Digest, type MatchResult, type RequestContext, type RequestFacts } from '../core/index.js'
import type { CompiledPolicy, Instant } from '../policy/index.js'

/** The reason codes of a request's own missing or insufficient elements (src/policy/reasons.ts). */
export const INTAKE_REASON_CODES: ReadonlySet<string> = new Set([
  'REQUEST_MISSING_NAME',
  'REQUEST_MISSING_ADDRESS',
  'REQUEST_MISSING_TAX_PERIODS',
  'REQUEST_MISSING_STATUTE',
  'REQUEST_MISSING_REASONS',
  'REQUEST_MISSING_CASE_REF',
  'REQUEST_MISSING_ORDER_DATE',
  'REQUEST_MISSING_DOB_OR_TIN',
  'REQUEST_NAME_INSUFFICIENT',
])

/** The evidence digest of a trial decision that is never kept. */
const UNDIGESTED: Digest = 'sha256:'

/** The facts policy reads about a request: the one definition in core, re-exported for the workflow's callers. */
export { requestFactsOf }

/** The result of the pre-match check of one request. */
export interface IntakeCheck {
  /** Set when the request is refused: the intake reason codes, in the decision's order. */
  readonly refused: readonly string[]
  /** The evidence with no candidate the refusal decision was made from (kept for audit). */
  readonly evidence: MatchResult
  /** The decision when refused; null when accepted. */
  readonly decision: Decision | null
}

/**
 * Checks a request's own elements against the agreement before any matching, with the decision
 * engine itself: the request is decided on evidence with no candidate, and refused when that
 * decision names a missing or insufficient element of the request.
 *
 * @example
 * const check = checkAtIntake(policy, 'R1', facts, context, '2025-08-07T12:00:00Z')
 * if (check.refused.length > 0) store(check.decision)
 */
export function checkAtIntake(
  policy: CompiledPolicy,
  requestId: string,
  facts: RequestFacts,
  context: RequestContext,
  asOf: Instant,
  masterDigest: string,
): IntakeCheck {
  const evidence: MatchResult = { requestId, status: 'none', request: facts, rivals: [], masterDigest, modelDigest: '' }
  // Most requests are accepted and this decision is dropped: it is made without digesting the
  // evidence first, and made again with the digest only for a request it refuses.
  const trial = policy.decide(evidence, context, asOf, UNDIGESTED)
  const refused = trial.reasons.filter((r) => INTAKE_REASON_CODES.has(r.code)).map((r) => r.code)
  return { refused, evidence, decision: refused.length > 0 ? policy.decide(evidence, context, asOf) : null }
}

