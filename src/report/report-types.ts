/**
 * The data a report is drawn from: plain, readonly values that the workflow fills from the store
 * and the ledger. No personal data: people appear only as counts (or, where one must be named,
 * as a ledger pseudonym), so a report can go to an overseer as it is (docs/rules.md, Publication 1075:
 * "no tax data in the report").
 */
import type { ComparedField, ComparisonLevel, DecisionOutcome, DocumentRef } from '../core/index.js'
import type { EquityReport } from './equity.js'
import type { WeightHistogram } from './weight-histogram.js'

/** How many records (or decisions) carried one reason code, with its readable sentence. */
export interface ReasonCount {
  /** The stable code: an intake issue code (snake_case) or a decision reason (SCREAMING_SNAKE). */
  readonly code: string
  /** The readable sentence for the code, as the message table words it. */
  readonly message: string
  readonly count: number
}

/** A reason count within one decision outcome. */
export interface OutcomeReasonCount extends ReasonCount {
  readonly outcome: DecisionOutcome
}

/**
 * A signed ledger checkpoint (tree head). The same fields as `SignedCheckpoint` in `src/ledger/`,
 * declared here because `report/` may import only `core/`; a ledger checkpoint is assignable to it.
 */
export interface CheckpointSummary {
  /** Entries in the ledger at the checkpoint. */
  readonly treeSize: number
  /** Hex of the Merkle root hash (RFC 6962). */
  readonly rootHash: string
  /** When the checkpoint was made (ISO 8601 UTC). */
  readonly time: string
  /** Hex of SHA-256 over the signing key's SubjectPublicKeyInfo. */
  readonly keyId: string
  /** Base64 Ed25519 signature over the encoded checkpoint. */
  readonly signature: string
}

/**
 * The counts of one batch run. Link statuses and decision outcomes each partition the records
 * accepted at intake: `matched + possible + ambiguous + none` and `disclosed + withheld + review`
 * both equal `requested − intake_refused` (`batchReportIssues` checks it).
 */
export interface BatchCounts {
  /** Records in the request file. */
  readonly requested: number
  /** Records refused at intake for missing or insufficient elements; never matched. */
  readonly intake_refused: number
  /** Accepted records whose best candidate met the match threshold with no rival (status `match`). */
  readonly matched: number
  /** Accepted records with a candidate between the possible and the match thresholds. */
  readonly possible: number
  /** Accepted records with a rival within the margin of the best candidate. */
  readonly ambiguous: number
  /** Accepted records with no candidate above the possible threshold. */
  readonly none: number
  /** Decisions held for people to review and not yet released at the end of the run. */
  readonly review: number
  /** Decisions that released fields. */
  readonly disclosed: number
  /** Decisions that released nothing. */
  readonly withheld: number
}

/** The names of the counts, in the order a report shows them. */
export const BATCH_COUNT_NAMES = ['requested', 'intake_refused', 'matched', 'possible', 'ambiguous', 'none', 'review', 'disclosed', 'withheld'] as const satisfies readonly (keyof BatchCounts)[]

/**
 * Per compared field, how many best-candidate comparisons reached each level
 * (COMPARISON_LEVELS in `src/core/evidence.ts`). A level not listed counted 0.
 */
export type FieldAgreement = {
  readonly [F in ComparedField]: Readonly<Partial<Record<ComparisonLevel<F>, number>>>
}

/** The match and possible thresholds of the model, in bits, to mark on the weight chart. */
export interface WeightThresholds {
  readonly match: number
  readonly possible: number
}

/** A row of the request file intake could not read. */
export interface UnreadableRowRef {
  readonly file: string
  /** 1-based line of the record's first line. */
  readonly line: number
  /** The column at fault, when one is. */
  readonly field: string | null
  /** The intake issue code. */
  readonly code: string
}

/** Everything the batch report shows about one run of `verigate batch run`. */
export interface BatchReport {
  readonly batchId: string
  /** The disclosing party and the recipient named in the agreement. */
  readonly discloser: string
  readonly recipient: string
  /** The agreement (id, version, digest) the batch was decided under. */
  readonly agreement: DocumentRef
  /** The court orders in force and binding at decision time. */
  readonly orders: readonly DocumentRef[]
  /** Digest of the master snapshot the requests were matched against. */
  readonly masterDigest: string
  /** Digest of the request file as received. */
  readonly requestFileDigest: string
  /** When the run started and finished (ISO 8601 UTC). */
  readonly startedAt: string
  readonly finishedAt: string
  readonly counts: BatchCounts
  /** Intake refusals by issue code; a record may carry several codes. */
  readonly intakeRefusals: readonly ReasonCount[]
  /** Where the unreadable rows of the request file are (file, line, field, code), when known. */
  readonly unreadableRows?: readonly UnreadableRowRef[]
  /** Best-candidate match weights of the accepted records that had a candidate. */
  readonly weights: WeightHistogram
  /** The model's thresholds, when known, drawn on the weight chart. */
  readonly thresholds: WeightThresholds | null
  /** Decisions by outcome and reason code; a decision carries several reasons. */
  readonly outcomes: readonly OutcomeReasonCount[]
  /** How each field of the best candidates compared with the request. */
  readonly fieldAgreement: FieldAgreement
  /** The most frequent reasons among withheld decisions, most frequent first. */
  readonly withholdingReasons: readonly ReasonCount[]
  /** The signed ledger checkpoint taken at the end of the batch; null when none was taken. */
  readonly checkpoint: CheckpointSummary | null
  /** Errors by surname group against the truth, when a truth was given (`--truth`); absent otherwise. */
  readonly equity?: EquityReport | null
}

// ---------------------------------------------------------------------------------------------
// Oversight (issue 8): audit, recall, disposal and incident.

/** The kinds of event the oversight timeline shows. */
export const TIMELINE_EVENT_KINDS = ['batch', 'policy_change', 'order', 'audit', 'incident', 'recall', 'certification', 'report'] as const
export type TimelineEventKind = (typeof TIMELINE_EVENT_KINDS)[number]

/** One event on the oversight timeline. */
export interface TimelineEvent {
  /** When it happened (ISO 8601 UTC). */
  readonly at: string
  readonly kind: TimelineEventKind
  /** A short label for the chart and the table, e.g. `Batch b-7f3a disclosed 47,289`. */
  readonly label: string
  /** The id of the thing (batch, audit, notice, ledger entry), when it has one. */
  readonly ref?: string
}

/** How many improper disclosures released one field. */
export interface FieldCount {
  readonly field: string
  readonly count: number
}

/** The figures of one retroactive audit (`verigate audit`). */
export interface AuditSummary {
  readonly auditId: string
  /** The policy the history was re-decided under. */
  readonly agreement: DocumentRef
  readonly orders: readonly DocumentRef[]
  /** The as-of time the disclosures were re-decided at (ISO 8601). */
  readonly asOf: string
  /** The batches audited. */
  readonly batches: readonly string[]
  /** Requests in those batches. */
  readonly requestsExamined: number
  /** Disclosures made in those batches. */
  readonly disclosuresMade: number
  /** Disclosures that would not be made under the audit's policy. */
  readonly improper: number
  /** Distinct people (pseudonyms) the improper disclosures were about. */
  readonly peopleConcerned: number
  /** Improper disclosures by reason code; one disclosure may carry several. */
  readonly improperByReason: readonly ReasonCount[]
  /** Improper disclosures by field released; one disclosure releases several fields. */
  readonly improperByField: readonly FieldCount[]
  /** The audit's ledger entry (its sequence number), once recorded. */
  readonly ledgerSeq: number | null
}

/**
 * One reading of the law applied to the same recorded history: the agency's, a court's. Two
 * readings side by side show how one history gives two counts (docs/rules.md: ~2,350 against 42,695).
 */
export interface Reading {
  /** A short name, e.g. `Agency's reading`. */
  readonly label: string
  /** What the reading counts as improper, in one sentence. */
  readonly description: string
  /** The policy that encodes the reading. */
  readonly agreement: DocumentRef
  readonly improper: number
  readonly peopleConcerned: number
}

/** Where a recall notice stands. */
export type RecallStatus = 'outstanding' | 'overdue' | 'certified' | 'certified_late'

/** A recall notice and the recipient's certification of disposal, if any. */
export interface RecallNoticeSummary {
  readonly noticeId: string
  readonly recipient: string
  /** When the notice was issued (ISO 8601 UTC). */
  readonly issuedAt: string
  /** The day by which disposal must be certified (YYYY-MM-DD). */
  readonly deadline: string
  /** How many disclosures the notice recalls. */
  readonly disclosures: number
  /** The fields to destroy. */
  readonly fields: readonly string[]
  /** The legal reason for the recall. */
  readonly reason: string
  readonly status: RecallStatus
  /** The certification, once received. */
  readonly certification: {
    /** When the recipient says it disposed of the data (ISO 8601). */
    readonly disposedAt: string
    /** When the certificate was recorded (ISO 8601). */
    readonly receivedAt: string
    readonly method: string
    /** The certifying official, by role or staff id. */
    readonly certifiedBy: string
    /** Disclosures the certificate covers. */
    readonly disclosuresCovered: number
  } | null
}

/**
 * The incident record an improper disclosure opens, with the fields IRS Publication 1075 asks of
 * an incident report to TIGTA and the Office of Safeguards within 24 hours: agency and contact,
 * when it happened and when it was found, what data, how many records, where, which systems. It
 * holds no tax data and no personal data.
 */
export interface IncidentRecord {
  readonly incidentId: string
  /** The reporting agency (the holder). */
  readonly agency: string
  /** The agency's contact for the incident: a role or office, its telephone and e-mail. */
  readonly contact: { readonly name: string; readonly phone: string; readonly email: string }
  /** When the improper disclosures took place: first and last (ISO 8601). */
  readonly occurredFrom: string
  readonly occurredTo: string
  /** When the incident was found (ISO 8601): the audit's time. */
  readonly discoveredAt: string
  /** When the record was opened, and the reporting deadline (24 hours later). */
  readonly openedAt: string
  readonly reportDeadline: string
  /** When it was reported; null while not reported. */
  readonly reportedAt: string | null
  /** What data: the kinds of information disclosed (field names, no values). */
  readonly dataDescription: string
  /** How many records were disclosed improperly, and about how many people. */
  readonly records: number
  readonly peopleConcerned: number
  /** Where the data went and is held (the recipient and its location). */
  readonly location: string
  /** Which systems were involved. */
  readonly systems: readonly string[]
  /** What happened, in a few sentences. */
  readonly description: string
  readonly status: 'open' | 'reported' | 'closed'
}

/** Where an incident stands: opened by its audit, reported to the overseers, closed. */
export type IncidentStage = 'open' | 'reported' | 'closed'

/**
 * How the incident's report stands against Publication 1075's 24-hour deadline: `due` (not yet
 * reported, deadline ahead), `overdue` (not reported, deadline passed), `on_time`, `late`.
 */
export type IncidentReporting = 'due' | 'overdue' | 'on_time' | 'late'

/**
 * An incident's lifecycle (issue 16), each step a ledger entry: its report (`incident_report`)
 * and its closure (`incident_closure`), with the recall notices an overseer follows up: those
 * overdue and those certified late.
 */
export interface IncidentLifecycle {
  readonly incidentId: string
  readonly auditId: string
  readonly stage: IncidentStage
  /** When it was opened, and the report's deadline (24 hours later), ISO 8601 UTC. */
  readonly openedAt: string
  readonly reportDeadline: string
  readonly reporting: IncidentReporting
  /** The report, once made. */
  readonly report: {
    /** When it was reported (ISO 8601 UTC). */
    readonly reportedAt: string
    /** To whom (e.g. `TIGTA`, `IRS Office of Safeguards`). */
    readonly reportedTo: readonly string[]
    /** The person who reported, by their credential. */
    readonly reportedBy: string
    /** The overseer's reference for the report, or null. */
    readonly reference: string | null
    readonly late: boolean
    readonly ledgerSeq: number
  } | null
  /** The closure, once made. */
  readonly closure: {
    /** When it was closed (ISO 8601 UTC). */
    readonly closedAt: string
    /** The person who closed it, by their credential. */
    readonly closedBy: string
    readonly reason: string
    /** Notices still without a certification of disposal when it was closed. */
    readonly openNotices: readonly string[]
    /** Why it was closed with notices open; null when none was. */
    readonly closedAnywayReason: string | null
    readonly ledgerSeq: number
  } | null
  /** The incident's recall notices past their deadline with no certification, as of the time asked. */
  readonly overdueRecalls: readonly RecallNoticeSummary[]
  /** The incident's notices whose certification of disposal came after the deadline. */
  readonly lateCertificates: readonly RecallNoticeSummary[]
}

/** Everything the oversight report shows: from the batch to the audit, the recall and the certifications. */
export interface OversightReport {
  /** The report's title, e.g. `Oversight report: request file of 7 August 2025`. */
  readonly title: string
  /** The holder that produced the report. */
  readonly holder: string
  /** When the report was made (ISO 8601 UTC); statuses are as of this time. */
  readonly generatedAt: string
  readonly timeline: readonly TimelineEvent[]
  readonly audit: AuditSummary
  /** Readings of the same history side by side (usually two); empty when only one was run. */
  readonly readings: readonly Reading[]
  readonly recalls: readonly RecallNoticeSummary[]
  readonly incident: IncidentRecord | null
  /** The incident's lifecycle (reported, closed; overdue recalls, late certificates); null without an incident. */
  readonly incidentLifecycle: IncidentLifecycle | null
  /** The signed ledger checkpoint the report's figures rest on; null when none. */
  readonly checkpoint: CheckpointSummary | null
  /** Errors by surname group of the audited batches against their truth, when it is known; absent otherwise. */
  readonly equity?: EquityReport | null
}
