/**
 * The store as the faces that only read see it (the web pages, accounting, reports): every
 * facade without its writing methods, and no transaction. A function that takes a `ReadStore`
 * shows in its signature that it writes nothing; a `Store` is a `ReadStore`.
 */
import type { StoreMode } from '../core/index.js'
import type { AuditsFacade, BatchQueriesFacade, BatchStepsFacade, BatchesFacade, CertificationsFacade, DecisionsFacade, DisclosuresFacade, DocumentVersionsFacade, EvidenceFacade, IncidentsFacade, LedgerReader, OnlineVerificationsFacade, PartiesFacade, RetentionPurgesFacade, RecallAcknowledgementsFacade, RecallsFacade, RequestsFacade, ReviewsFacade, StoreBackendInfo, WithholdingsFacade } from './store.js'

/** A read-only store (see the module's comment). */
export interface ReadStore {
  readonly backend: StoreBackendInfo
  readonly mode: StoreMode
  readonly parties: Omit<PartiesFacade, 'add' | 'addCredential' | 'revokeCredential'>
  readonly agreements: Omit<DocumentVersionsFacade, 'put'>
  readonly orders: Omit<DocumentVersionsFacade, 'put'>
  readonly batches: Omit<BatchesFacade, 'create' | 'update'>
  readonly requests: Omit<RequestsFacade, 'insertMany'>
  readonly evidence: Omit<EvidenceFacade, 'insertMany'>
  readonly decisions: Omit<DecisionsFacade, 'insertMany'>
  readonly disclosures: Omit<DisclosuresFacade, 'insertMany'>
  readonly ledger: LedgerReader
  readonly batchSteps: Omit<BatchStepsFacade, 'lock' | 'heartbeat' | 'unlock' | 'mark'>
  readonly reviews: Omit<ReviewsFacade, 'add'>
  readonly withholdings: Omit<WithholdingsFacade, 'insertMany'>
  readonly batchQueries: Omit<BatchQueriesFacade, 'insertPrepared'>
  readonly audits: Omit<AuditsFacade, 'insert'>
  readonly incidents: Omit<IncidentsFacade, 'insert' | 'insertReport' | 'insertClosure'>
  readonly recalls: Omit<RecallsFacade, 'insertMany' | 'setStatus'>
  readonly certifications: Omit<CertificationsFacade, 'insert'>
  readonly acknowledgements: Omit<RecallAcknowledgementsFacade, 'insert'>
  readonly onlineVerifications: Omit<OnlineVerificationsFacade, 'insert'>
  readonly retentionPurges: Omit<RetentionPurgesFacade, 'insert' | 'reduceRequests'>
}
