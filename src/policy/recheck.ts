/**
 * The release-time re-check (docs/rules.md rule 13): a court order blocks at once, so an order that
 * took effect between a decision and its release must stop the release. Pure, like `decide`: it
 * reads only the decision (its recorded basis) and the orders.
 */
import type { Decision, DecisionReason, DocumentRef } from '../core/index.js'
import { compileOrder, orderBinds, ordersInForce } from './compile-rules.js'
import { fieldsOf, maskOf } from './field-mask.js'
import { instantMs } from './instant.js'
import type { Instant } from './instant.js'
import { ADDRESS_DIFFERENT, addressLevelIndex } from './levels.js'
import { ANSWER_REASONS, reason } from './reasons.js'
import { ADDRESS_GRADE_RANK } from './schema-parts.js'
import { isValidatedDocument } from './validate-document.js'
import type { ValidatedOrder } from './validate-document.js'
import { VerigateError } from '../core/index.js'

/**
 * Re-checks a decision against the orders in force at `releaseAt`. Orders already applied when
 * the decision was made (same digest) are not applied twice. A disclosure that an order now
 * forbids becomes `withhold` (or loses the forbidden fields); one that an order sends to review
 * becomes `review`. The result records the check in `releaseCheck`.
 *
 * @example
 * const atRelease = recheckAtRelease(decision, orders, '2026-02-05T10:00:00Z')
 * if (atRelease.outcome !== 'disclose') holdBack(atRelease)
 */
export function recheckAtRelease(decision: Decision, orders: readonly ValidatedOrder[], releaseAt: Instant): Decision {
  for (const o of orders) if (!isValidatedDocument(o) || o.kind !== 'order') throw new VerigateError('invalid_document', 'the release check uses validated court orders only')
  const ms = instantMs(releaseAt)
  const binding = orders.filter((o) => orderBinds(o, decision.agreement.id, decision.discloser, decision.recipient)).map(compileOrder)
  const active = ordersInForce(binding, ms)
  const check = { at: new Date(ms).toISOString(), orders: Object.freeze(active.map((o) => o.ref)) as readonly DocumentRef[] }
  const applied = new Set(decision.orders.map((o) => o.digest))
  const fresh = active.filter((o) => !applied.has(o.ref.digest))
  if (decision.outcome !== 'disclose' || fresh.length === 0) return { ...decision, releaseCheck: check }

  const reasons: DecisionReason[] = [...decision.reasons]
  let mask = maskOf(decision.fields)
  let blockedBy: string | null = null
  let approvers = 0
  const gradeRank = ADDRESS_GRADE_RANK[decision.basis.requestAddress]
  const address = addressLevelIndex(decision.basis.addressAgreement)
  for (const o of fresh) {
    if (o.forbidAll) {
      reasons.push(o.forbidAll)
      blockedBy ??= o.ref.id
      mask = 0
    }
    if (o.forbidReason && (o.forbidMask & mask) !== 0) {
      reasons.push(o.forbidReason)
      mask &= ~o.forbidMask
    }
    for (const u of o.units) {
      if ((u.mask & mask) === 0) continue
      if (u.minGrade >= 0 && gradeRank < u.minGrade) {
        reasons.push(u.gradeReasons[gradeRank]!)
        mask &= ~u.mask
      } else if (u.maxAddressIndex >= 0 && (address > u.maxAddressIndex || address >= ADDRESS_DIFFERENT)) {
        reasons.push(u.agreementReasons[address]!)
        mask &= ~u.mask
      }
    }
    if (o.requireDobOrTin && !decision.basis.identified && mask !== 0) {
      reasons.push(o.requireDobOrTin)
      mask = 0
    }
    if (o.reviewReason) {
      reasons.push(o.reviewReason)
      approvers = Math.max(approvers, o.reviewApprovers)
    }
  }
  if (mask === 0) {
    reasons.push(
      reason('ORDER_BLOCKS_RELEASE', `an order that took effect after the decision (${decision.asOf}) and before the release (${check.at}) blocks it${blockedBy ? `: ${blockedBy}` : ''}`),
    )
    return { ...decision, outcome: 'withhold', fields: fieldsOf(0), masterId: null, reasons, answer: ANSWER_REASONS.NOT_PERMITTED, review: null, releaseCheck: check }
  }
  if (approvers > 0) {
    return { ...decision, outcome: 'review', fields: fieldsOf(0), reasons, answer: ANSWER_REASONS.UNDER_REVIEW, review: { approvers }, releaseCheck: check }
  }
  const kept = fieldsOf(mask)
  if (kept.length !== decision.fields.length) reasons.push(reason('FIELDS_RELEASED', `released after the release-time check: ${kept.join(', ')}`))
  return { ...decision, fields: kept, reasons, releaseCheck: check }
}
