/**
 * The decision reason codes (the contract) and the requester-facing answers. Wording lives here
 * and only here; codes never change meaning once released.
 */
import type { DecisionReason } from '../core/index.js'

/** Every code a decision reason may carry. */
export const REASON_CODES = [
  // The agreement, the orders and the recipient, before any evidence is read.
  'AGREEMENT_NOT_YET_IN_EFFECT',
  'AGREEMENT_EXPIRED',
  'ORDER_FORBIDS_DISCLOSURE',
  'ORDER_FORBIDS_FIELD',
  'REQUESTER_NOT_AUTHORISED',
  'SAFEGUARD_FINDINGS_OPEN',
  'VOLUME_CAP_REACHED',
  'FIELD_NOT_REQUESTED',
  'NO_FIELD_PERMITTED',
  'NO_MATCH_PATH',
  // The request's own legal elements (26 U.S.C. 6103(i)(2)(B); docs/rules.md rule 1).
  'REQUEST_MISSING_NAME',
  'REQUEST_MISSING_ADDRESS',
  'REQUEST_MISSING_TAX_PERIODS',
  'REQUEST_MISSING_STATUTE',
  'REQUEST_MISSING_REASONS',
  'REQUEST_MISSING_CASE_REF',
  'REQUEST_MISSING_ORDER_DATE',
  'REQUEST_MISSING_DOB_OR_TIN',
  'REQUEST_NAME_INSUFFICIENT',
  // The match.
  'MATCH_NONE',
  'MATCH_AMBIGUOUS',
  'MATCH_TIE',
  'MATCH_POSSIBLE',
  'MATCH_BORDERLINE',
  'MATCH_BELOW_STANDARD',
  'MATCH_FIELD_BELOW_STANDARD',
  'MATCH_SURNAME_ADDRESS_ONLY',
  'MATCH_NO_IDENTIFIER',
  'MATCH_VERIFIED',
  // Field by field.
  'REQUEST_ADDRESS_INSUFFICIENT',
  'ADDRESS_NOT_CONFIRMED',
  'ADDRESS_UNCHECKED',
  'NOTHING_RELEASABLE',
  'ORDER_REQUIRES_REVIEW',
  'FIELDS_RELEASED',
  // At release time.
  'ORDER_BLOCKS_RELEASE',
] as const

export type ReasonCode = (typeof REASON_CODES)[number]

/** The answers a requester may receive. Deliberately coarse: see `Decision.answer`. */
export const ANSWERS = {
  DISCLOSED: 'A record was matched; the permitted fields are enclosed. The match is unverified until independently verified.',
  UNDER_REVIEW: 'The request is held for review by the disclosing agency; no information has been released.',
  NOT_VERIFIED: 'No record could be verified for this request; no information is disclosed.',
  REQUEST_INCOMPLETE: 'The request does not state every element the agreement requires; nothing was matched or disclosed.',
  NOT_PERMITTED: 'No information may be disclosed for this request under the agreement and the orders in force.',
} as const

export type AnswerCode = keyof typeof ANSWERS

/** A frozen reason (reasons are shared between decisions, so they must never be mutated). */
export function reason(code: ReasonCode, message: string, extra: { field?: string; order?: string } = {}): DecisionReason {
  return Object.freeze({ code, message, ...(extra.field === undefined ? {} : { field: extra.field }), ...(extra.order === undefined ? {} : { order: extra.order }) })
}

/** The frozen answer for a code. */
export const ANSWER_REASONS: Readonly<Record<AnswerCode, DecisionReason>> = Object.freeze(
  Object.fromEntries(Object.entries(ANSWERS).map(([code, message]) => [code, Object.freeze({ code, message })])) as Record<AnswerCode, DecisionReason>,
)

/** The notice every answer carries (5 U.S.C. 552a(p): no adverse action on an unverified match). */
export const UNVERIFIED_NOTICE =
  'A match is unverified until independently verified: no adverse action may rest on it before independent verification, notice and an opportunity to contest.'
