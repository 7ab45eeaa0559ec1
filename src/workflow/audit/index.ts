/**
 * @module workflow/audit
 * Retroactive audit, recall and disposal (issue 8): re-decide every recorded disclosure under a
 * corrected policy or a later court order, open the incident, recall what would not be made now,
 * track the recipients' certifications of disposal, account for the disclosures about one person,
 * and build the oversight report.
 */
export { runAudit, loadAudit } from './run-audit.js'
export type { RunAuditOptions } from './run-audit.js'
export type { AuditFinding, AuditResult, IncidentContact } from './audit-types.js'
export { incidentRecordFor, incidentIdOf, INCIDENT_REPORT_HOURS } from './incident-record.js'
export {
  createRecalls,
  loadRecallNotice,
  exportRecallNotice,
  verifyRecallNotice,
  checkRecallNotice,
  recallNoticeCsv,
  recallAttachmentName,
  recallStatus,
  noticeIdOf,
  deadlineEndMs,
  DEFAULT_RECALL_DAYS,
  RECALL_NOTICE_FORMAT,
  RECALL_NOTICE_FORMAT_V1,
} from './recall.js'
export type { AlreadyRecalled, CreateRecallsOptions, CreateRecallsResult, RecallAttachment, RecallNotice, RecallNoticeCheck, SignedRecallNotice, SignedRecallNoticeV1 } from './recall.js'
export { recalledRecords, recallCsv, RECALL_CSV_COLUMNS } from './recall-attachment.js'
export type { RecalledRecord, ResponseFileRef } from './recall-attachment.js'
export { certifyDisposal, parseCertificate, checkAgainstNotice, disposalCertificateSchema } from './certify-disposal.js'
export type { CertificationIssueCode, CertifyDisposalOptions, CheckedCertificateFields, DisposalCertificate, RecordedCertification } from './certify-disposal.js'
export { acknowledgeRecall, recallAcknowledgementOf, recallTracking } from './acknowledge-recall.js'
export type { AcknowledgeRecallOptions, RecallAcknowledgement, TrackedRecallNotice } from './acknowledge-recall.js'
export { accountingFor, noDisclosureSentence, parseSubject, subjectPseudonyms } from './accounting.js'
export type { Accounting, AccountingEntry, SubjectRef } from './accounting.js'
export { buildOversightReport } from './build-oversight-report.js'
export type { OversightReportOptions } from './build-oversight-report.js'
export { reportIncident, closeIncident, incidentLifecycle, incidentLifecycles, PUBLICATION_1075_RECIPIENTS } from './incident-lifecycle.js'
export type { ReportIncidentOptions, CloseIncidentOptions } from './incident-lifecycle.js'
