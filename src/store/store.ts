/**
 * The store: one `Store` over SQLite and PostgreSQL, grouped by concern (`store.batches.create`,
 * `store.ledger.append`). Each concern's interface lives with its implementation in facades/
 * (rows more than one reads in rows.ts, the back-end seam in backend.ts); this file puts them
 * together and re-exports their types.
 */
import type { StoreMode } from '../core/index.js'
import type { PartiesFacade } from './facades/parties.js'
import type { DocumentVersionsFacade } from './facades/document-versions.js'
import type { BatchesFacade, DecisionsFacade, EvidenceFacade, RequestsFacade } from './facades/batches.js'
import type { DisclosuresFacade } from './facades/disclosures.js'
import type { LedgerFacade } from './facades/ledger.js'
import type { BatchStepsFacade } from './facades/batch-steps.js'
import type { ReviewsFacade, WithholdingsFacade } from './facades/reviews.js'
import type { BatchQueriesFacade } from './facades/batch-queries.js'
import type { AuditsFacade } from './facades/audits.js'
import type { IncidentsFacade } from './facades/incidents.js'
import type { CertificationsFacade, RecallAcknowledgementsFacade, RecallsFacade } from './facades/recalls.js'
import type { OnlineVerificationsFacade } from './facades/online-verifications.js'
import type { RetentionPurgesFacade } from './facades/retention-purges.js'
import type { CheckpointCosignaturesFacade } from './facades/checkpoint-cosignatures.js'

// The types of the store's surface, from the files of their concerns (the facades' functions stay there).
export type * from './backend.js'
export type * from './rows.js'
export type * from './facades/parties.js'
export type * from './facades/document-versions.js'
export type * from './facades/batches.js'
export type * from './facades/disclosures.js'
export type * from './facades/ledger-keys.js'
export type * from './facades/ledger-reader.js'
export type * from './facades/ledger.js'
export type * from './facades/batch-steps.js'
export type * from './facades/reviews.js'
export type * from './facades/batch-queries.js'
export type * from './facades/audits.js'
export type * from './facades/incidents.js'
export type * from './facades/recalls.js'
export type * from './facades/online-verifications.js'
export type * from './facades/retention-purges.js'
export type * from './facades/checkpoint-cosignatures.js'

/** Everything a transaction can do: the facades, bound to one transaction. */
export interface StoreFacades {
  readonly parties: PartiesFacade
  readonly agreements: DocumentVersionsFacade
  readonly orders: DocumentVersionsFacade
  readonly batches: BatchesFacade
  readonly requests: RequestsFacade
  readonly evidence: EvidenceFacade
  readonly decisions: DecisionsFacade
  readonly disclosures: DisclosuresFacade
  readonly ledger: LedgerFacade
  /** Steps of batches recorded as done (the batch workflow's resume points). */
  readonly batchSteps: BatchStepsFacade
  /** Reviewers' actions on review cases. */
  readonly reviews: ReviewsFacade
  /** Cases withheld after review or at the release-time check. */
  readonly withholdings: WithholdingsFacade
  /** The paged reads of a batch run. */
  readonly batchQueries: BatchQueriesFacade
  /** Retroactive audits with their full results (issue 8). */
  readonly audits: AuditsFacade
  /** Incident records opened by audits. */
  readonly incidents: IncidentsFacade
  /** Recall notices, one per recipient per audit. */
  readonly recalls: RecallsFacade
  /** Recipients' certifications of disposal, one per notice. */
  readonly certifications: CertificationsFacade
  /** Recipients' acknowledgements of recall notices, one per notice (migration 0004). */
  readonly acknowledgements: RecallAcknowledgementsFacade
  /** Online answers that disclosed something about a person, each with its ledger entry (migration 0011). */
  readonly onlineVerifications: OnlineVerificationsFacade
  /** Batches whose personal values were purged after their retention period (migration 0022). */
  readonly retentionPurges: RetentionPurgesFacade
  /** Witnesses' co-signatures of checkpoints, checked when added (migration 0023). */
  readonly cosignatures: CheckpointCosignaturesFacade
}

/** Which back end a store is on and where, safe to print (no password). */
export interface StoreBackendInfo {
  /** `sqlite` or `postgres`: for messages and reports only. */
  readonly name: string
  readonly location: string
}

/** The store. */
export interface Store extends StoreFacades {
  /** The back end's name and location (its connection stays inside the store). */
  readonly backend: StoreBackendInfo
  /**
   * The store's mode, recorded once when it was created: `real` (every write carries the
   * server's clock) or `simulation` (given times are written as given). A store whose recorded
   * mode and ledger disagree counts as real here, and its ledger refuses appends.
   */
  readonly mode: StoreMode
  /** Runs `work` in one transaction: everything it writes is committed together or not at all. */
  transaction<T>(work: (tx: StoreFacades) => Promise<T>): Promise<T>
  close(): Promise<void>
}
