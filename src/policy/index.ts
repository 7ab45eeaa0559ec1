/**
 * @module policy
 * Agreements, court orders and the pure decision engine: what may be released, to whom, under
 * which law and which orders in force, decided record by record from match evidence alone.
 */
export { REQUEST_ELEMENTS, agreementSchema } from './agreement-schema.js'
export type { AgreementDocument, DeepReadonly, DiscloseRule, PathStandard, RequestElement } from './agreement-schema.js'
export { orderSchema } from './order-schema.js'
export type { OrderAction, OrderDocument } from './order-schema.js'
export { MATCH_PATHS } from './schema-parts.js'
export type { MatchPath } from './schema-parts.js'
export { isValidatedDocument, parsePolicyDocument } from './validate-document.js'
export type { PolicyIssueCode, ValidatedAgreement, ValidatedDocument, ValidatedOrder } from './validate-document.js'
export { readAgreementFile, readOrdersDir, readPolicyFile } from './load-policy.js'
export { RULE_SET_VERSION, compilePolicy } from './compile-policy.js'
export type { CompiledPolicy, CompileOptions } from './compile-policy.js'
export { decide } from './decide.js'
export { periodStarts } from './cap-periods.js'
export type { Instant } from './instant.js'
export { recheckAtRelease } from './recheck.js'
export { decideBatch, summarizeDecisions } from './decide-batch.js'
export type { DecisionSummary } from './decide-batch.js'
export { diffPolicies } from './diff-policies.js'
export type { ChangeKind, PolicyChange } from './diff-policies.js'
export { parseEvidenceLines } from './read-evidence.js'
export { ANSWERS, REASON_CODES, UNVERIFIED_NOTICE } from './reasons.js'
export type { AnswerCode, ReasonCode } from './reasons.js'
