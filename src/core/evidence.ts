/**
 * Match evidence: what `link/` produces and `policy/` reads. Matching never sees policy, and
 * policy never sees raw data (docs/design.md): a decision is made from these values alone.
 *
 * A comparison is a set of ordered levels per field, from the strongest agreement to
 * disagreement, plus `missing` when either side has no value (missing is neutral: weight 0).
 */
import type { HoldReason } from './hold-reason.js'
import type { AddressGrade, NameGrade } from './standardized.js'

/** Comparison levels of each compared field, strongest first (Splink's "comparison levels"). */
export const COMPARISON_LEVELS = {
  /**
   * `short_one_edit`: both names 4 letters or shorter and one letter apart (one substituted,
   * added, dropped, or two adjacent swapped: JON and JAN, ANA and ANN), a typo that
   * Jaro–Winkler would rate with the noise of short strings at `jaro_winkler_mid`.
   */
  given_name: ['exact', 'nickname', 'jaro_winkler_high', 'short_one_edit', 'jaro_winkler_mid', 'initial', 'transposed', 'different', 'missing'],
  surname: ['exact', 'double_surname_part', 'jaro_winkler_high', 'jaro_winkler_mid', 'transposed', 'different', 'missing'],
  /**
   * `day_month_swapped`: the same year, day and month transposed; `year_one_digit`: the same
   * month and day, the years one digit apart or two adjacent digits swapped, at most ten years
   * apart (1987/1989, 1978/1987: a keying error, not a parent); `one_digit`: any other single
   * keying error in the eight digits.
   */
  dob: ['exact', 'day_month_swapped', 'one_digit', 'year_one_digit', 'year_month', 'year', 'different', 'missing'],
  /**
   * `full`: the whole standardized address agrees; `house_number_street`: same house number and
   * street, unit differs or is missing on one side; `street`: same street, another or no house
   * number; `zip` / `city`: only the locality agrees.
   */
  address: ['full', 'house_number_street', 'street', 'zip', 'city', 'different', 'missing'],
  tin: ['exact', 'one_digit', 'transposition', 'different', 'missing'],
  /**
   * Generational suffix (JR, SR, II, III…): `exact` when both state the same one, `different`
   * when both state one and they differ (a parent and child at one address with one name),
   * `missing` when either states none.
   */
  suffix: ['exact', 'different', 'missing'],
} as const

export type ComparedField = keyof typeof COMPARISON_LEVELS
export type ComparisonLevel<F extends ComparedField = ComparedField> = (typeof COMPARISON_LEVELS)[F][number]

/** The order of levels: a lower rank is a stronger agreement (`exact` is 0). */
export function levelRank<F extends ComparedField>(field: F, level: ComparisonLevel<F>): number {
  return (COMPARISON_LEVELS[field] as readonly string[]).indexOf(level)
}

/** True when `level` is at least as strong as `minimum` for this field (and neither is `missing`). */
export function levelAtLeast<F extends ComparedField>(field: F, level: ComparisonLevel<F>, minimum: ComparisonLevel<F>): boolean {
  if (level === 'missing' || level === 'different') return false
  return levelRank(field, level) <= levelRank(field, minimum)
}

/** One field's comparison between a request and a candidate. */
export interface FieldComparison<F extends ComparedField = ComparedField> {
  readonly field: F
  readonly level: ComparisonLevel<F>
  /** Partial match weight in bits: log2(m/u), term-frequency adjusted; 0 for `missing`. */
  readonly weight: number
}

/** A scored master candidate for one request. */
export interface Candidate {
  readonly masterId: string
  /** Total match weight in bits: prior weight plus the sum of the partial weights. */
  readonly weight: number
  /** Match probability from the weight: 2^w / (1 + 2^w). */
  readonly probability: number
  readonly comparisons: readonly FieldComparison[]
}

/**
 * A request's status after resolution:
 * `match` — one confident candidate; `possible` — a candidate below the match threshold but
 * above the possible one; `ambiguous` — a rival within the margin of the best (never guess between
 * two people); `none` — no candidate above the possible threshold.
 */
export type MatchStatus = 'match' | 'possible' | 'ambiguous' | 'none'

/**
 * What the request itself offered: the completeness grades and which of the legal elements of a
 * request (26 U.S.C. 6103(i)(2); docs/rules.md rule 1) the record states. Policy checks these before
 * it looks at any candidate; link copies them from the standardized request unchanged.
 */
export interface RequestFacts {
  readonly name: NameGrade
  readonly address: AddressGrade
  /** Why the address got its grade, e.g. `address_junk`, `no_house_number`, `zip_only`. */
  readonly addressReasons: readonly string[]
  readonly hasDob: boolean
  readonly hasTin: boolean
  /** The request's case or investigation reference; empty when the record has none. */
  readonly caseRef: string
  /** Which legal elements the record states (non-blank): tax periods, statute, reasons, order date. */
  readonly hasTaxPeriods: boolean
  readonly hasStatute: boolean
  readonly hasReasons: boolean
  readonly hasOrderDate: boolean
}

/**
 * The evidence for one request: its status, best candidate and rivals, and the digests of the
 * master snapshot and model it was computed from, so a decision can be replayed exactly.
 */
export interface MatchResult {
  readonly requestId: string
  readonly status: MatchStatus
  readonly request: RequestFacts
  /** The best candidate; absent when `status` is `none` and nothing was scored. */
  readonly best?: Candidate
  /** Other candidates, strongest first (at most a few). */
  readonly rivals: readonly Candidate[]
  /**
   * Why the best candidate is held below `match` (status `possible` or `ambiguous`), in the
   * order the linker checked: at least one whenever the status is one of those two. Absent when
   * the status is `match` or `none`, and in evidence written before hold reasons existed.
   */
  readonly holds?: readonly HoldReason[]
  readonly masterDigest: string
  readonly modelDigest: string
}
