/**
 * What a retroactive audit finds and keeps: every disclosure re-decided under a policy, the ones
 * that would not be made now, and the incident's kind of figures (docs/rules.md rules 9 and 11).
 */
import type { DecisionOutcome, DecisionReason, DocumentRef, Pseudonym } from '../../core/index.js'
import type { FieldCount, IncidentRecord, ReasonCount } from '../../report/index.js'

/** One disclosure that would not be made under the audit's policy. */
export interface AuditFinding {
  readonly disclosureId: string
  readonly batchId: string
  readonly requestId: string
  /** The party that received it. */
  readonly recipient: string
  /** The person it was about, pseudonymized (never the person's identifiers). */
  readonly subject: Pseudonym
  /** When it was disclosed (ISO 8601). */
  readonly disclosedAt: string
  /** The fields that went out. */
  readonly fields: readonly string[]
  /** The fields that went out and would not go out now. */
  readonly improperFields: readonly string[]
  /** What the re-decision does: `withhold`, `review`, or `disclose` with fewer fields. */
  readonly outcomeNow: DecisionOutcome
  /** Why: the re-decision's reasons, informational ones left out. */
  readonly reasons: readonly DecisionReason[]
}

/** The full result of an audit, kept in the store; its digest is in the audit's ledger entry. */
export interface AuditResult {
  readonly auditId: string
  /** When the audit ran (ISO 8601): the discovery time of what it finds. */
  readonly at: string
  readonly actor: string
  readonly agreement: DocumentRef
  /** A short name of the reading the agreement encodes, e.g. `2025-04-07-court-reading`. */
  readonly label: string
  /** The agreement's title (what the reading is, in words). */
  readonly title: string
  readonly orders: readonly DocumentRef[]
  /** When each order took effect (YYYY-MM-DD or a date-time), for the timeline. */
  readonly orderEffective: readonly { readonly id: string; readonly from: string }[]
  /** The agreement's legal basis (the law a recall cites). */
  readonly legalBasis: string
  /** How the agreement says received data is disposed of. */
  readonly disposal: 'return' | 'destroy'
  /** The disclosing party (the holder) and the requesting party named in the agreement. */
  readonly discloser: string
  /**
   * The one time every disclosure was re-decided at, or null: each re-decided at its own
   * decision time and re-checked at its own release time (what was proper when it was made).
   */
  readonly asOf: string | null
  readonly batches: readonly string[]
  readonly requestsExamined: number
  readonly disclosuresMade: number
  readonly improper: number
  readonly peopleConcerned: number
  readonly improperByReason: readonly ReasonCount[]
  readonly improperByField: readonly FieldCount[]
  /** The first and last disclosure time among the improper ones; null when none. */
  readonly improperFrom: string | null
  readonly improperTo: string | null
  readonly findings: readonly AuditFinding[]
  /** The audit's ledger entry. */
  readonly ledgerSeq: number
  /** The incident the audit opened (when it found improper disclosures). */
  readonly incidentId: string | null
}

/** The agency's contact for an incident report (IRS Publication 1075). */
export interface IncidentContact {
  readonly name: string
  readonly phone: string
  readonly email: string
}

export type { IncidentRecord }
