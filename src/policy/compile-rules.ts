/**
 * Compiling the pieces of validated documents into rule tables: an agreement's match standard
 * per path, its disclosure rules and the orders' actions as bit masks with every reason sentence
 * written out ahead of time (so `decide` never builds a string).
 */
import type { AddressGrade, ComparisonLevel, DecisionReason, DocumentRef } from '../core/index.js'
import type { PathStandard, RequestElement } from './agreement-schema.js'
import { ALL_FIELDS, ADDRESS_MASK, describeMask, maskOf } from './field-mask.js'
import { ADDRESS_LEVELS, GRADES, LEVEL_INDEX, STATUS_RANK } from './levels.js'
import type { Compared } from './levels.js'
import { reason } from './reasons.js'
import type { ReasonCode } from './reasons.js'
import { ADDRESS_GRADE_RANK, endOf, startOf } from './schema-parts.js'
import type { MatchPath } from './schema-parts.js'
import type { ValidatedAgreement, ValidatedOrder } from './validate-document.js'

/** Conditions on releasing some fields, from a disclose rule or an order's `require` action. */
export interface Unit {
  readonly mask: number
  /** Least request-address grade rank, or -1 for none. */
  readonly minGrade: number
  /** Largest address level index that agrees enough, or -1 for no check. */
  readonly maxAddressIndex: number
  /** By actual grade rank: the reason when the grade is too low. */
  readonly gradeReasons: readonly DecisionReason[]
  /** By actual address level index: the reason when the agreement is too weak. */
  readonly agreementReasons: readonly DecisionReason[]
  /** Set on agreement rules releasing address fields with no address check at all (lax). */
  readonly unchecked: DecisionReason | null
}

export interface CompiledPath {
  readonly path: MatchPath
  readonly minStatus: number
  readonly minWeight: number
  readonly required: readonly { readonly field: Compared; readonly maxIndex: number; readonly failed: DecisionReason }[]
  readonly statusFailed: DecisionReason
  readonly weightFailed: DecisionReason
  readonly verified: DecisionReason
  /** Fields the agreement permits on this path. */
  readonly permitted: number
  readonly units: readonly Unit[]
}

export interface CompiledOrder {
  readonly ref: DocumentRef
  readonly from: number
  readonly until: number
  readonly forbidAll: DecisionReason | null
  readonly forbidMask: number
  readonly forbidReason: DecisionReason | null
  readonly units: readonly Unit[]
  readonly requireDobOrTin: DecisionReason | null
  readonly reviewApprovers: number
  readonly reviewReason: DecisionReason | null
}

/** Everything that depends only on the decision time, computed once per distinct `asOf`. */
export const ELEMENT_CODES: Readonly<Record<RequestElement, ReasonCode>> = {
  name: 'REQUEST_MISSING_NAME',
  address: 'REQUEST_MISSING_ADDRESS',
  tax_periods: 'REQUEST_MISSING_TAX_PERIODS',
  statute: 'REQUEST_MISSING_STATUTE',
  reasons: 'REQUEST_MISSING_REASONS',
  case_ref: 'REQUEST_MISSING_CASE_REF',
  order_date: 'REQUEST_MISSING_ORDER_DATE',
  dob_or_tin: 'REQUEST_MISSING_DOB_OR_TIN',
}
export const ELEMENT_WORDS: Readonly<Record<RequestElement, string>> = {
  name: 'the taxpayer’s name',
  address: 'the taxpayer’s address',
  tax_periods: 'the tax periods',
  statute: 'the statutory authority',
  reasons: 'the specific reasons the information is relevant',
  case_ref: 'a case or investigation reference',
  order_date: 'the order date',
  dob_or_tin: 'a date of birth or a TIN',
}

export function unitOf(
  source: string,
  mask: number,
  minGrade: AddressGrade | undefined,
  minAgreement: ComparisonLevel<'address'> | undefined,
  order: string | undefined,
  lax: boolean,
): Unit {
  const what = describeMask(mask)
  const by = order === undefined ? `the agreement (${source})` : `order ${order}`
  const extra = order === undefined ? {} : { order }
  const minRank = minGrade === undefined ? -1 : ADDRESS_GRADE_RANK[minGrade]
  const maxIndex = minAgreement === undefined ? -1 : (LEVEL_INDEX.address[minAgreement] ?? 0)
  return {
    mask,
    minGrade: minRank,
    maxAddressIndex: maxIndex,
    gradeReasons: GRADES.map((g) =>
      reason('REQUEST_ADDRESS_INSUFFICIENT', `${what} withheld: the request’s address is graded ${g}, and ${by} requires at least ${minGrade ?? 'NONE'} (a house number and street plus city and state or ZIP)`, {
        field: what,
        ...extra,
      }),
    ),
    agreementReasons: ADDRESS_LEVELS.map((l) =>
      reason('ADDRESS_NOT_CONFIRMED', `${what} withheld: the request’s address agrees with ours only at level “${l}”, and ${by} requires at least “${minAgreement ?? 'full'}”`, {
        field: what,
        ...extra,
      }),
    ),
    unchecked:
      lax && (mask & ADDRESS_MASK) !== 0 && minGrade === undefined && minAgreement === undefined
        ? reason('ADDRESS_UNCHECKED', `${what} released without any check of the request’s address: the agreement (${source}) sets no address condition on this path`, { field: what })
        : null,
  }
}

export function compilePath(agreement: ValidatedAgreement, path: MatchPath, standard: PathStandard): CompiledPath {
  const doc = agreement.document
  const source = `${doc.id} ${doc.version}`
  let permitted = 0
  const units: Unit[] = []
  for (const rule of doc.disclose) {
    if (rule.paths !== undefined && !rule.paths.includes(path)) continue
    const mask = maskOf([rule.field])
    permitted |= mask
    units.push(unitOf(source, mask, rule.minRequestAddressGrade, rule.minAddressAgreement, undefined, true))
  }
  const fields = standard.fields as Partial<Record<Compared, string>>
  const required = (Object.keys(fields) as Compared[]).sort().map((field) => {
    const min = fields[field] as string
    return {
      field,
      maxIndex: LEVEL_INDEX[field][min] ?? 0,
      failed: reason('MATCH_FIELD_BELOW_STANDARD', `the ${field} comparison is below the ${path} path’s standard (at least “${min}”)`, { field }),
    }
  })
  return {
    path,
    minStatus: STATUS_RANK[standard.minStatus] ?? 0,
    minWeight: standard.minWeight,
    required,
    statusFailed: reason('MATCH_BELOW_STANDARD', `the match status is below the ${path} path’s standard (at least “${standard.minStatus}”)`),
    weightFailed: reason('MATCH_BELOW_STANDARD', `the match weight is below the ${path} path’s standard (at least ${standard.minWeight} bits)`),
    verified: reason('MATCH_VERIFIED', `the best candidate meets the ${path} path’s match standard, with no rival at or above ${standard.minWeight} bits`),
    permitted,
    units,
  }
}

/**
 * True when an order binds an agreement (by its id) between two parties: every scope the order
 * states must include it.
 */
export function orderBinds(order: ValidatedOrder, agreementId: string, discloser: string, recipient: string): boolean {
  const { agreements, parties } = order.document.binds
  if (agreements !== undefined && !agreements.includes(agreementId)) return false
  if (parties !== undefined && !parties.includes(discloser) && !parties.includes(recipient)) return false
  return true
}

/** Compiles one order (already known to bind the agreement). */
export function compileOrder(order: ValidatedOrder): CompiledOrder {
  const o = order.document
  const id = o.id
  const ref: DocumentRef = Object.freeze({ id, digest: order.digest })
  let forbidAll: DecisionReason | null = null
  let forbidMask = 0
  const units: Unit[] = []
  let requireDobOrTin: DecisionReason | null = null
  let reviewApprovers = 0
  for (const action of o.actions) {
    switch (action.kind) {
      case 'forbid_disclosure':
        forbidAll = reason('ORDER_FORBIDS_DISCLOSURE', `order ${id} (${o.court}, ${o.case}) forbids all disclosure under this agreement from ${o.effective.from}`, { order: id })
        break
      case 'forbid_fields':
        forbidMask |= maskOf(action.fields)
        break
      case 'require': {
        const mask = action.fields === undefined ? ALL_FIELDS : maskOf(action.fields)
        if (action.minRequestAddressGrade !== undefined || action.minAddressAgreement !== undefined) {
          units.push(unitOf(id, mask, action.minRequestAddressGrade, action.minAddressAgreement, id, false))
        }
        if (action.requireDobOrTin === true) {
          requireDobOrTin = reason('MATCH_NO_IDENTIFIER', `order ${id} requires the date of birth or the TIN to agree, and neither does`, { order: id })
        }
        break
      }
      case 'require_review':
        reviewApprovers = Math.max(reviewApprovers, action.approvers)
        break
    }
  }
  return {
    ref,
    from: startOf(o.effective.from),
    until: o.effective.until === undefined ? Number.POSITIVE_INFINITY : endOf(o.effective.until),
    forbidAll,
    forbidMask,
    forbidReason:
      forbidMask === 0 ? null : reason('ORDER_FORBIDS_FIELD', `order ${id} (${o.court}, ${o.case}) forbids disclosing ${describeMask(forbidMask)} from ${o.effective.from}`, { order: id, field: describeMask(forbidMask) }),
    units,
    requireDobOrTin,
    reviewApprovers,
    reviewReason: reviewApprovers === 0 ? null : reason('ORDER_REQUIRES_REVIEW', `order ${id} requires review by ${reviewApprovers} approver(s) before any disclosure`, { order: id }),
  }
}

/** The orders of a list in force at `ms` (from inclusive, until exclusive). */
export function ordersInForce(orders: readonly CompiledOrder[], ms: number): CompiledOrder[] {
  return orders.filter((o) => o.from <= ms && ms < o.until)
}

