/** The simple pure entry of the decision engine: `decide(evidence, request, agreement, orders, asOf)`. */
import type { Decision, MatchResult, RequestContext } from '../core/index.js'
import { compilePolicy } from './compile-policy.js'
import type { CompiledPolicy } from './compile-policy.js'
import type { Instant } from './instant.js'
import type { ValidatedAgreement, ValidatedOrder } from './validate-document.js'

const compiledCache = new WeakMap<ValidatedAgreement, { readonly orders: readonly ValidatedOrder[]; readonly policy: CompiledPolicy }>()

/**
 * Decides one request: the simple pure entry. Same result as `compilePolicy(agreement,
 * orders).decide(evidence, request, asOf)` (the compiled policy is cached per agreement and
 * order list).
 *
 * @example
 * const d = decide(evidence, context, agreement, orders, '2026-02-05T09:00:00Z')
 * d.outcome // 'withhold'
 * d.reasons.map((r) => r.code) // ['ORDER_FORBIDS_FIELD', …]
 */
export function decide(
  evidence: MatchResult,
  request: RequestContext,
  agreement: ValidatedAgreement,
  orders: readonly ValidatedOrder[],
  asOf: Instant,
): Decision {
  const cached = compiledCache.get(agreement)
  if (cached !== undefined && cached.orders.length === orders.length && cached.orders.every((o, i) => o === orders[i])) {
    return cached.policy.decide(evidence, request, asOf)
  }
  const policy = compilePolicy(agreement, orders)
  compiledCache.set(agreement, { orders: [...orders], policy })
  return policy.decide(evidence, request, asOf)
}

