/** The stored rows more than one facade reads or writes: a batch's request records, and disclosures. */
import type { Digest, Pseudonym, RequestRecord } from '../core/index.js'

/** A request record of a batch with its intake result. */
export interface StoredRequest {
  readonly batchId: string
  readonly requestId: string
  readonly line: number
  readonly record: RequestRecord
  readonly intakeStatus: 'accepted' | 'refused'
  readonly intakeReasons: readonly string[]
}

/** A disclosure as the store keeps it. */
export interface StoredDisclosure {
  readonly id: string
  readonly batchId: string
  readonly requestId: string
  readonly recipientPartyId: string
  readonly subject: Pseudonym
  readonly fields: readonly string[]
  readonly decisionDigest: Digest
  readonly disclosedAt: string
  /** The ledger entry recording it. */
  readonly ledgerSeq: number
  /**
   * The pseudonym of the master record id disclosed from, as its entry's `masterSubject`
   * (migration 0015); null (or absent) for a disclosure recorded before links were kept.
   */
  readonly masterSubject?: Pseudonym | null
}

