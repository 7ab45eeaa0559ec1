/**
 * The facades retroactive audit adds to the store (issue 8): audits with their full result,
 * the incident records they open, recall notices, and the recipients' disposal certifications.
 * Everything here is written once: a second certification for one notice is a `conflict`.
 */
import type { Decision, Digest, MatchResult } from '../core/index.js'
import type { StoredDisclosure } from './store.js'

/** An audit as stored: the result is the workflow's JSON document, kept whole. */
export interface StoredAudit {
  readonly id: string
  readonly createdAt: string
  readonly agreementId: string
  readonly agreementDigest: Digest
  /** The full audit result (JSON). */
  readonly result: unknown
  readonly resultDigest: Digest
  /** The audit's ledger entry. */
  readonly ledgerSeq: number
}

/** A disclosure with the stored decision and evidence it was made on (null where missing). */
export interface DisclosureRecord {
  readonly disclosure: StoredDisclosure
  readonly decision: { readonly decision: Decision; readonly digest: Digest } | null
  readonly evidence: { readonly result: MatchResult; readonly digest: Digest } | null
}

/** Audits, oldest first. */
export interface AuditsFacade {
  /** Every disclosure of a batch with its decision and evidence, in one query, by request id. */
  disclosureRecords(batchId: string): Promise<readonly DisclosureRecord[]>
  insert(audit: StoredAudit): Promise<void>
  get(id: string): Promise<StoredAudit | undefined>
  list(): Promise<readonly StoredAudit[]>
}

/** An incident record opened by an audit. */
export interface StoredIncident {
  readonly id: string
  readonly auditId: string
  readonly openedAt: string
  /** 24 hours after the discovery (IRS Publication 1075). */
  readonly reportDeadline: string
  /** The incident record (JSON, no personal data). */
  readonly record: unknown
}

/** An incident's report to the overseers (one per incident), with its ledger entry. */
export interface StoredIncidentReport {
  readonly incidentId: string
  readonly auditId: string
  /** Whom it was reported to (e.g. `TIGTA`, `IRS Office of Safeguards`). */
  readonly reportedTo: readonly string[]
  /** The person who reported, by their credential. */
  readonly reportedBy: string
  /** When it was reported (ISO 8601 UTC). */
  readonly reportedAt: string
  /** The deadline it was due by, and whether it came after it. */
  readonly deadline: string
  readonly late: boolean
  /** The overseer's reference, or null. */
  readonly reference: string | null
  readonly ledgerSeq: number
}

/** An incident's closure (one per incident), with its ledger entry. */
export interface StoredIncidentClosure {
  readonly incidentId: string
  readonly auditId: string
  /** The person who closed it, by their credential. */
  readonly closedBy: string
  /** When it was closed (ISO 8601 UTC). */
  readonly closedAt: string
  readonly reason: string
  /** The notices still without a certification of disposal when it was closed. */
  readonly openNotices: readonly string[]
  /** Why it was closed with notices open; null when none was. */
  readonly closedAnywayReason: string | null
  readonly ledgerSeq: number
}

/** Incident records, and their lifecycle (reported, closed). */
export interface IncidentsFacade {
  insert(incident: StoredIncident): Promise<void>
  get(id: string): Promise<StoredIncident | undefined>
  byAudit(auditId: string): Promise<readonly StoredIncident[]>
  /** Every incident, oldest first. */
  list(): Promise<readonly StoredIncident[]>
  /** Records the report; a second report of one incident is a `conflict`. */
  insertReport(report: StoredIncidentReport): Promise<void>
  reportOf(incidentId: string): Promise<StoredIncidentReport | undefined>
  /** Records the closure; a second closure of one incident is a `conflict`. */
  insertClosure(closure: StoredIncidentClosure): Promise<void>
  closureOf(incidentId: string): Promise<StoredIncidentClosure | undefined>
}

/** A recall notice to one recipient. */
export interface StoredRecall {
  readonly id: string
  readonly auditId: string
  readonly recipientPartyId: string
  readonly disclosureIds: readonly string[]
  readonly fields: readonly string[]
  readonly reason: string
  /** The day by which disposal must be certified (YYYY-MM-DD). */
  readonly deadline: string
  /** `issued` until certified, then `certified` or `certified_late`. */
  readonly status: string
  readonly createdAt: string
  readonly ledgerSeq: number | null
}

/** Recall notices. */
export interface RecallsFacade {
  insertMany(rows: readonly StoredRecall[]): Promise<void>
  get(id: string): Promise<StoredRecall | undefined>
  byAudit(auditId: string): Promise<readonly StoredRecall[]>
  list(): Promise<readonly StoredRecall[]>
  /** Sets a notice's status (the only change a notice ever has). */
  setStatus(id: string, status: string): Promise<void>
}

/** A recipient's certification of disposal, as recorded. */
export interface StoredCertification {
  readonly id: string
  readonly recallId: string
  readonly certifiedBy: string
  readonly method: string
  readonly disposedAt: string
  /** The certificate as received (JSON or YAML text). */
  readonly document: string
  readonly documentDigest: Digest
  readonly receivedAt: string
  readonly late: boolean
  readonly ledgerSeq: number | null
}

/** Disposal certifications: at most one per notice (a second is a `conflict` VerigateError). */
export interface CertificationsFacade {
  insert(certification: StoredCertification): Promise<void>
  forRecall(recallId: string): Promise<StoredCertification | undefined>
  list(): Promise<readonly StoredCertification[]>
}

/** A recipient's acknowledgement that it received a recall notice (migration 0004). */
export interface StoredRecallAcknowledgement {
  readonly recallId: string
  /** The party that acknowledged: the notice's recipient. */
  readonly partyId: string
  /** Who acted for the party (an API credential id, or a person named on the command line). */
  readonly actor: string
  readonly acknowledgedAt: string
  /** The acknowledgement's ledger entry. */
  readonly ledgerSeq: number
}

/** Recall acknowledgements: at most one per notice (a second is a `conflict` VerigateError). */
export interface RecallAcknowledgementsFacade {
  insert(acknowledgement: StoredRecallAcknowledgement): Promise<void>
  forRecall(recallId: string): Promise<StoredRecallAcknowledgement | undefined>
  list(): Promise<readonly StoredRecallAcknowledgement[]>
}
