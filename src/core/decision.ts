/**
 * Decisions: what `policy/` makes of match evidence, and the per-request context it reads besides
 * that evidence. A decision is pure data (canonical-JSON ready: no `undefined`, no Date), so the
 * ledger can store it and an audit can re-make it bit for bit (docs/design.md, *Decisions
 * are pure*).
 */
import type { Digest } from './digest.js'
import type { ComparisonLevel, MatchStatus } from './evidence.js'
import type { PersonField } from './record.js'
import type { AddressGrade } from './standardized.js'

/**
 * What may ever be disclosed: canonical person fields (src/core/record.ts), never the unparsed
 * `name`/`address` lines nor the internal `id`. Listed in canonical order; a decision lists its
 * fields in this order.
 */
export const DISCLOSABLE_FIELDS = [
  'given_name',
  'middle_name',
  'surname',
  'dob',
  'tin',
  'street_number',
  'street_name',
  'unit',
  'city',
  'state',
  'zip',
] as const satisfies readonly PersonField[]

export type DisclosableField = (typeof DISCLOSABLE_FIELDS)[number]

/**
 * Named groups of disclosable fields that documents may use instead of listing fields one by one.
 * `address` is the last-known (residential) address: the fields a court order forbidding
 * residential addresses removes.
 */
export const DISCLOSURE_GROUPS = {
  name: ['given_name', 'middle_name', 'surname'],
  address: ['street_number', 'street_name', 'unit', 'city', 'state', 'zip'],
} as const satisfies Record<string, readonly DisclosableField[]>

export type DisclosureGroup = keyof typeof DISCLOSURE_GROUPS

/** A name a policy document may use for what is disclosed: a group or a single field. */
export type DisclosureItem = DisclosureGroup | DisclosableField

/** Every name a document may use for what is disclosed, groups first. */
export const DISCLOSURE_ITEMS: readonly DisclosureItem[] = [...(Object.keys(DISCLOSURE_GROUPS) as DisclosureGroup[]), ...DISCLOSABLE_FIELDS]

/**
 * The fields an item stands for, in canonical order.
 *
 * @example
 * expandDisclosureItem('address') // ['street_number', 'street_name', 'unit', 'city', 'state', 'zip']
 * expandDisclosureItem('dob')     // ['dob']
 */
export function expandDisclosureItem(item: DisclosureItem): readonly DisclosableField[] {
  return item in DISCLOSURE_GROUPS ? DISCLOSURE_GROUPS[item as DisclosureGroup] : [item as DisclosableField]
}

/** What a decision does: release fields, release nothing, or hand the record to people. */
export type DecisionOutcome = 'disclose' | 'withhold' | 'review'

/** The periods a volume cap may count over; `term` is the agreement's whole term. */
export const CAP_PERIODS = ['day', 'month', 'year', 'term'] as const
export type CapPeriod = (typeof CAP_PERIODS)[number]

/**
 * What `decide` reads besides the evidence: facts about the request that the evidence does not
 * carry. Kept small on purpose: everything else comes from the documents.
 */
export interface RequestContext {
  /** The party or official making the request; must be authorised by the agreement. */
  readonly requester: string
  /**
   * Disclosures already made under the agreement in each cap period containing the decision
   * time (a batch counts its own disclosures as it goes). A period not given counts as 0.
   */
  readonly disclosuresSoFar: Readonly<Partial<Record<CapPeriod, number>>>
  /** The recipient's safeguard standing (IRS Publication 1075 reviews; docs/rules.md rule 12). */
  readonly safeguards: {
    /** Safeguard findings against the recipient that are still open. */
    readonly openFindings: number
    /** Whether an accepted corrective action plan covers the open findings. */
    readonly correctivePlan: boolean
  }
  /**
   * The fields this request's purpose needs; absent means everything the agreement permits.
   * Only the minimum is released: fields not listed here are withheld.
   */
  readonly fieldsRequested?: readonly DisclosableField[]
}

/** One reason: a stable SCREAMING_SNAKE code (the contract) and a readable sentence. */
export interface DecisionReason {
  readonly code: string
  readonly message: string
  /** The disclosure item or compared field the reason is about, when it is about one. */
  readonly field?: string
  /** The id of the order the reason comes from, when an order is its source. */
  readonly order?: string
}

/** A policy document a decision was made under, by id and the digest of its canonical form. */
export interface DocumentRef {
  readonly id: string
  /** The agreement's version; absent for court orders. */
  readonly version?: string
  readonly digest: Digest
}

/** The limits that travel with released data (26 U.S.C. 6103(i)(2), (p)(4); docs/rules.md rule 14). */
export interface UseLimits {
  readonly purpose: string
  readonly legalBasis: string
  /** The named investigation or case the data may be used for, and for nothing else. */
  readonly caseRef: string
  /** The party receiving the data. */
  readonly recipient: string
  /** The day (YYYY-MM-DD, UTC) by which the recipient must return or destroy the data. */
  readonly disposeBy: string
  readonly disposal: 'return' | 'destroy'
  /** The data may not be disclosed further (5 U.S.C. 552a(o)(1)(H)). */
  readonly noRedisclosure: true
  /** A match is unverified until independently verified (5 U.S.C. 552a(p)). */
  readonly notice: string
}

/** What the decision rested on, kept so that a release-time re-check needs no evidence. */
export interface DecisionBasis {
  /** The matching path taken: `tin` when the request states a TIN and the agreement has one. */
  readonly path: 'tin' | 'address' | null
  readonly status: MatchStatus
  /** The best candidate's match weight in bits, or null when there was none. */
  readonly weight: number | null
  readonly requestAddress: AddressGrade
  /** How the request's address compared with the best candidate's (`missing` when none). */
  readonly addressAgreement: ComparisonLevel<'address'>
  /** Whether the date of birth or the TIN agreed (an identifier beyond name and address). */
  readonly identified: boolean
}

/** The check repeated at release time against the orders then in force. */
export interface ReleaseCheck {
  /** When the release was checked (ISO 8601, UTC). */
  readonly at: string
  /** Orders in force and binding at release time. */
  readonly orders: readonly DocumentRef[]
}

/**
 * The decision for one request: the outcome, the exact fields to release, every reason, the use
 * limits, and everything needed to replay it (document digests, evidence digest, rule-set
 * version, time).
 */
export interface Decision {
  readonly requestId: string
  readonly outcome: DecisionOutcome
  /** True when the best candidate met the agreement's match standard unambiguously. */
  readonly verified: boolean
  /** The fields to release (canonical order); empty unless `outcome` is `disclose`. */
  readonly fields: readonly DisclosableField[]
  /** The master record the fields come from (or the one a reviewer is asked about); null otherwise. */
  readonly masterId: string | null
  /** Every reason, internal ones included (which field failed, which order applied). */
  readonly reasons: readonly DecisionReason[]
  /**
   * What the requester is told. A no-match answer is generic and never says which field failed
   * (docs/rules.md rule 8; SSA's consent-based verification answers only yes or no).
   */
  readonly answer: DecisionReason
  /** Set when `outcome` is `review`: how many people must approve. */
  readonly review: { readonly approvers: number } | null
  readonly useLimits: UseLimits
  readonly basis: DecisionBasis
  readonly agreement: DocumentRef
  /** The disclosing party named in the agreement. */
  readonly discloser: string
  /** The requesting party named in the agreement (the recipient). */
  readonly recipient: string
  /** Who made the request (from the request context). */
  readonly requester: string
  /** The court orders in force and binding the agreement at `asOf`. */
  readonly orders: readonly DocumentRef[]
  readonly evidenceDigest: Digest
  /** The version of the decision rules that made this decision. */
  readonly ruleSetVersion: string
  /** The decision time (ISO 8601, UTC). */
  readonly asOf: string
  /** Set once the decision has been re-checked at release time. */
  readonly releaseCheck: ReleaseCheck | null
}
