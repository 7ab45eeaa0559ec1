/**
 * The court-order document: a court, a case, when it was issued and is in effect, whom it binds
 * and what it does. An order outranks any agreement (docs/rules.md rule 13): it can forbid all
 * disclosure, forbid fields, add conditions, or send disclosures to human review.
 */
import { z } from 'zod'
import type { DeepReadonly } from './agreement-schema.js'
import { addressLevel, dateOrTime, day, disclosureItem, endOf, identifier, requestAddressGrade, startOf, text } from './schema-parts.js'

/** Forbids every disclosure under the agreements it binds (an injunction, a stay). */
const forbidDisclosure = z.strictObject({ kind: z.literal('forbid_disclosure') })

/** Forbids releasing some fields, e.g. residential addresses. */
const forbidFields = z.strictObject({ kind: z.literal('forbid_fields'), fields: z.array(disclosureItem).min(1) })

/** Adds conditions to the release of some fields (all fields when `fields` is absent). */
const requireConditions = z.strictObject({
  kind: z.literal('require'),
  fields: z.array(disclosureItem).min(1).optional(),
  minRequestAddressGrade: requestAddressGrade.optional(),
  minAddressAgreement: addressLevel.optional(),
  requireDobOrTin: z.literal(true).optional(),
})

/** Sends every would-be disclosure to people, with at least this many approvers. */
const requireReview = z.strictObject({ kind: z.literal('require_review'), approvers: z.int().min(1).max(9) })

const action = z.discriminatedUnion('kind', [forbidDisclosure, forbidFields, requireConditions, requireReview])

const orderBase = z.strictObject({
  kind: z.literal('order'),
  id: identifier,
  court: text,
  case: text,
  title: text,
  issued: day,
  effective: z.strictObject({ from: dateOrTime, until: dateOrTime.optional() }),
  /** Whom the order binds: agreements by id (every version) and/or parties by id. Both given: both must hold. */
  binds: z.strictObject({ agreements: z.array(identifier).min(1).optional(), parties: z.array(identifier).min(1).optional() }),
  actions: z.array(action).min(1),
})

/** The court-order schema with its cross-field checks. */
export const orderSchema = orderBase.superRefine((o, ctx) => {
  if (startOf(o.effective.from) < startOf(o.issued)) {
    ctx.addIssue({ code: 'custom', path: ['effective', 'from'], params: { code: 'dates_out_of_order' }, message: `takes effect (${o.effective.from}) before the order was issued (${o.issued})` })
  }
  if (o.effective.until !== undefined && endOf(o.effective.until) <= startOf(o.effective.from)) {
    ctx.addIssue({ code: 'custom', path: ['effective', 'until'], params: { code: 'dates_out_of_order' }, message: `until (${o.effective.until}) is not after from (${o.effective.from})` })
  }
  if (o.binds.agreements === undefined && o.binds.parties === undefined) {
    ctx.addIssue({ code: 'custom', path: ['binds'], params: { code: 'no_binding' }, message: 'an order must bind at least one agreement or party' })
  }
  o.actions.forEach((a, i) => {
    if (a.kind === 'require' && a.minRequestAddressGrade === undefined && a.minAddressAgreement === undefined && a.requireDobOrTin === undefined) {
      ctx.addIssue({ code: 'custom', path: ['actions', i], params: { code: 'empty_condition' }, message: 'a require action must add at least one condition' })
    }
  })
})

export type OrderDocument = DeepReadonly<z.output<typeof orderSchema>>
export type OrderAction = OrderDocument['actions'][number]
