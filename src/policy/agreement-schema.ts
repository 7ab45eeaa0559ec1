/**
 * The agreement document: who discloses what to whom, on which legal basis, under which match
 * standard, for how long. Modeled on a Computer Matching Act agreement (5 U.S.C. 552a(o)) and the
 * 26 U.S.C. 6103(i)(2) memorandum of docs/rules.md. Every lax rule is a setting, not a code path, so
 * the agreement "as run" in 2025 is expressible and can be replayed.
 */
import { z } from 'zod'
import { CAP_PERIODS, expandDisclosureItem } from '../core/index.js'
import {
  addressLevel,
  dateOrTime,
  disclosureItem,
  endOf,
  fieldLevels,
  identifier,
  matchPath,
  MATCH_PATHS,
  requestAddressGrade,
  startOf,
  text,
} from './schema-parts.js'

/**
 * The elements a request record may be required to state (26 U.S.C. 6103(i)(2)(B); docs/rules.md
 * rule 1). `name` and `address` count as stated when their grade is not `NONE`; `dob_or_tin`
 * when the request has either.
 */
export const REQUEST_ELEMENTS = ['name', 'address', 'tax_periods', 'statute', 'reasons', 'case_ref', 'order_date', 'dob_or_tin'] as const
export type RequestElement = (typeof REQUEST_ELEMENTS)[number]

const party = z.strictObject({ id: identifier, name: text })

/** The match standard of one path: what must hold before a candidate counts as verified. */
const pathStandard = z.strictObject({
  /** The weakest evidence status accepted: `match`, or `possible` (lax). */
  minStatus: z.enum(['match', 'possible']),
  /** The least total match weight, in bits; a rival at or above it is a tie. */
  minWeight: z.number().refine(Number.isFinite, 'must be a finite number'),
  /** Fields that must agree, each at least at the given level. */
  fields: fieldLevels,
})

/** One disclosure rule: an item that may be released on a path, and its conditions. */
const discloseRule = z.strictObject({
  field: disclosureItem,
  /** The paths on which it may be released; absent means every path the agreement defines. */
  paths: z.array(matchPath).min(1).optional(),
  /** The least grade of the request's own address (docs/rules.md rule 2); absent means no check. */
  minRequestAddressGrade: requestAddressGrade.optional(),
  /** How well the request's address must agree with ours (docs/rules.md rule 4); absent means no check. */
  minAddressAgreement: addressLevel.optional(),
})

const cap = z.strictObject({ period: z.enum(CAP_PERIODS), maxDisclosures: z.int().positive() })

const agreementBase = z.strictObject({
  kind: z.literal('agreement'),
  id: identifier,
  version: z.union([text, z.number()]).transform(String),
  title: text,
  parties: z.strictObject({
    disclosing: party,
    requesting: party.extend({
      /** The officials or units allowed to sign requests under the agreement. */
      authorised: z.array(identifier).min(1),
    }),
  }),
  legalBasis: text,
  purpose: text,
  effective: z.strictObject({ from: dateOrTime, until: dateOrTime }),
  request: z.strictObject({
    required: z.array(z.enum(REQUEST_ELEMENTS)),
    /** The least name grade accepted at all. */
    minNameGrade: z.enum(['FULL', 'PARTIAL']),
  }),
  match: z.strictObject({
    /**
     * Whether a match needs the date of birth or the TIN to agree. docs/rules.md rule 6 forbids
     * surname and address alone in every case; this setting also refuses a full name plus address.
     */
    requireDobOrTin: z.boolean(),
    tin: pathStandard.optional(),
    address: pathStandard.optional(),
  }),
  disclose: z.array(discloseRule).min(1),
  caps: z.array(cap),
  review: z.strictObject({
    /** Whether a `possible` match (below the standard's status) goes to people instead of being withheld. */
    possibleMatches: z.boolean(),
    /**
     * A disclosure whose best candidate's total match weight (bits) is below this goes to people
     * instead (`MATCH_BORDERLINE`): no adverse action on a raw match before independent
     * verification (5 U.S.C. 552a(p)), as the Census PVS clerical review band does. Absent: no band.
     */
    matchesBelowWeight: z.number().positive().refine(Number.isFinite, 'must be a finite number').optional(),
    approvers: z.int().min(1).max(9),
  }),
  retention: z.strictObject({
    /** Days the recipient may keep what it receives, counted from the decision day. */
    days: z.int().positive(),
    disposal: z.enum(['return', 'destroy']),
  }),
})

/** The agreement schema with its cross-field checks (dates in order, rules that fit the paths). */
export const agreementSchema = agreementBase.superRefine((a, ctx) => {
  if (startOf(a.effective.from) >= endOf(a.effective.until)) {
    ctx.addIssue({ code: 'custom', path: ['effective', 'until'], params: { code: 'dates_out_of_order' }, message: `until (${a.effective.until}) is not after from (${a.effective.from})` })
  }
  const defined = MATCH_PATHS.filter((p) => a.match[p] !== undefined)
  if (defined.length === 0) ctx.addIssue({ code: 'custom', path: ['match'], params: { code: 'no_match_path' }, message: 'the match standard defines no path: give tin, address or both' })
  const seen = new Map<string, number>()
  a.disclose.forEach((rule, i) => {
    for (const p of rule.paths ?? []) {
      if (a.match[p] === undefined) ctx.addIssue({ code: 'custom', path: ['disclose', i, 'paths'], params: { code: 'undefined_path' }, message: `path "${p}" has no match standard in match.${p}` })
    }
    for (const p of rule.paths ?? defined) {
      for (const f of expandDisclosureItem(rule.field)) {
        const earlier = seen.get(`${p}:${f}`)
        if (earlier !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['disclose', i, 'field'], params: { code: 'field_governed_twice' }, message: `field ${f} on the ${p} path is already governed by disclose[${earlier}]` })
        } else seen.set(`${p}:${f}`, i)
      }
    }
  })
  const periods = new Set<string>()
  a.caps.forEach((c, i) => {
    if (periods.has(c.period)) ctx.addIssue({ code: 'custom', path: ['caps', i, 'period'], params: { code: 'duplicate_cap' }, message: `a cap for the period "${c.period}" is already given` })
    periods.add(c.period)
  })
  const required = new Set<string>()
  a.request.required.forEach((r, i) => {
    if (required.has(r)) ctx.addIssue({ code: 'custom', path: ['request', 'required', i], params: { code: 'duplicate_element' }, message: `"${r}" is listed twice` })
    required.add(r)
  })
})

/** A validated agreement's content (deep read-only). */
export type AgreementDocument = DeepReadonly<z.output<typeof agreementSchema>>
export type PathStandard = DeepReadonly<z.output<typeof pathStandard>>
export type DiscloseRule = DeepReadonly<z.output<typeof discloseRule>>

/** Read-only all the way down. */
export type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T
