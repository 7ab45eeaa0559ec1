/**
 * The store's interface for online verifications (migration 0011): each online answer that
 * disclosed something about a person, kept beside its ledger entry.
 */
import type { Decision, Digest, Pseudonym } from '../core/index.js'

/** One online answer that disclosed something about a person. */
export interface StoredVerification {
  /** `v-` and 24 hex digits; the ledger entry's `verificationId`. */
  readonly id: string
  /** The requester's id of the record asked about. */
  readonly requestId: string
  /** The party whose key asked (what the volume caps count by). */
  readonly requesterPartyId: string
  /** The credential (API key id) that asked. */
  readonly askedBy: string
  readonly recipientPartyId: string
  /** The pseudonym of the person the answer was about. */
  readonly subject: Pseudonym
  /** The answer code given: `VERIFIED` or `REVIEW_REQUIRED`. */
  readonly answerCode: string
  /** The fact disclosed, as field names (`verification`, `possible_match`). */
  readonly fields: readonly string[]
  readonly agreementId: string
  readonly agreementDigest: Digest
  /** The decision the answer was given from (its basis: legal basis, purpose, case reference). */
  readonly decision: Decision
  readonly decisionDigest: Digest
  readonly evidenceDigest: Digest
  /** When it was answered (ISO 8601, the server's clock). */
  readonly answeredAt: string
  /** Its ledger entry. */
  readonly ledgerSeq: number
  /** The pseudonym of the master record id answered about (migration 0015); null (or absent) before links were kept. */
  readonly masterSubject?: Pseudonym | null
}

/** Online verifications: written once with their ledger entry, never changed. */
export interface OnlineVerificationsFacade {
  /** Writes one (in the caller's transaction: the one that appends its ledger entry). */
  insert(row: StoredVerification): Promise<void>
  get(id: string): Promise<StoredVerification | undefined>
  /** Every answer about one person, oldest first. */
  bySubject(subject: Pseudonym): Promise<readonly StoredVerification[]>
  /** Every answer whose subject or master subject is one of `pseudonyms`, oldest first. */
  byLinkedSubjects(pseudonyms: readonly Pseudonym[]): Promise<readonly StoredVerification[]>
  /** How many answers were recorded before links were kept (no master subject). */
  countUnlinked(): Promise<number>
  /** The answers recorded before links were kept whose decision names one of `masterIds` (see `DisclosuresFacade`). */
  unlinkedOfMasterIds(masterIds: readonly string[]): Promise<readonly StoredVerification[]>
  /**
   * The `VERIFIED` answers given to the requester in `[from, until]` (ISO 8601): what online
   * verification counts against a volume cap's period.
   */
  verifiedInPeriod(requester: string, from: string, until: string): Promise<number>
  /** Every answer in ledger order, after the ledger entry `afterSeq` (-1: from the start), at most `limit`. */
  page(afterSeq: number, limit: number): Promise<readonly StoredVerification[]>
}
