/**
 * Online answers as disclosures: what each answer of online verification tells the requester
 * about a person, and the record of those that tell anything, written with its ledger entry in
 * one transaction before the answer goes out (docs/rules.md rule 10: each disclosure is accounted
 * for when it is made).
 *
 * What each answer reveals (the requester chose the person; the answer is about that person):
 *
 * - `VERIFIED`: one record in the holder's files is this person. That a person is on file with a
 *   tax agency is itself return information (26 U.S.C. 6103(b)(2)): a disclosure of the fact
 *   `verification`. Ledgered, in the accounting, and counted against the volume caps as a
 *   batch's `disclose` decision is.
 * - `REVIEW_REQUIRED`: the policy sends a case to people only when there is a candidate in the
 *   files (a possible match, a tie or an ambiguity between people on file, or a match an order or
 *   the agreement wants reviewed), so this answer tells the requester that someone close to the
 *   person is on file, where `NOT_VERIFIED` tells it nothing. Under an order that sends every
 *   match to review it says exactly what `VERIFIED` would. A disclosure of the fact
 *   `possible_match` about the best candidate: ledgered and in the accounting, but not counted
 *   against the caps, as a batch's `review` decision is not (what people then release is).
 * - `NOT_VERIFIED`: the same answer for no candidate, a candidate that failed any standard, and a
 *   verified record with nothing releasable; it never says which field failed (docs/rules.md rule 8).
 *   Nothing about anyone: not recorded.
 * - `REQUEST_INCOMPLETE` and `NOT_PERMITTED`: decided from the request's own elements, the
 *   agreement and the orders before any candidate is read. Nothing about anyone: not recorded.
 */
import { randomBytes } from 'node:crypto'
import { canonicalJson, digest } from '../core/index.js'
import type { Decision, Digest, JsonValue, LedgerEntry, Pseudonym, VerificationPayload } from '../core/index.js'
import type { Store, StoredVerification } from '../store/index.js'

/** The answers of online verification (the requester-facing codes). */
export type OnlineAnswerCode = 'VERIFIED' | 'REVIEW_REQUIRED' | 'NOT_VERIFIED' | 'REQUEST_INCOMPLETE' | 'NOT_PERMITTED'

/** What the requester is told: a coarse code that never says which field failed. */
export interface OnlineAnswer {
  readonly code: OnlineAnswerCode
  readonly message: string
}

const VERIFIED: OnlineAnswer = {
  code: 'VERIFIED',
  message: 'One record was verified. Online verification releases no fields: submit a batch to receive the permitted fields.',
}
const REVIEW_REQUIRED: OnlineAnswer = {
  code: 'REVIEW_REQUIRED',
  message: 'The record needs review by the disclosing agency before any answer: submit it in a batch.',
}

/** The online answer of a decision. */
export function onlineAnswerOf(decision: Decision): OnlineAnswer {
  if (decision.outcome === 'disclose') return VERIFIED
  if (decision.outcome === 'review') return REVIEW_REQUIRED
  return { code: decision.answer.code as OnlineAnswerCode, message: decision.answer.message }
}

/** The fact an answer discloses about the person, as a field name; null when it discloses nothing about anyone. */
export function disclosedFact(code: OnlineAnswerCode): 'verification' | 'possible_match' | null {
  return code === 'VERIFIED' ? 'verification' : code === 'REVIEW_REQUIRED' ? 'possible_match' : null
}

/** True when an answer counts against the volume caps (as a batch's `disclose` decision does). */
export function countsAgainstCaps(code: OnlineAnswerCode): boolean {
  return code === 'VERIFIED'
}

/** One online answer to record. */
export interface OnlineAnswerInput {
  readonly decision: Decision
  /** The digest of the evidence the decision was made from. */
  readonly evidenceDigest: Digest
  /** The master index the record was linked against. */
  readonly masterDigest: string
  /** The pseudonym of the person of `decision.masterId` (`subjectOf`, or `MasterSubjects.subjectOf`). */
  readonly subject: Pseudonym
  /**
   * The pseudonym of `decision.masterId` itself (`masterSubjectOf`), kept beside the subject so
   * the person's accounting finds the answer by master record id without the master file.
   */
  readonly masterSubject: Pseudonym
  /** The party whose key asked, and the key (credential id). */
  readonly requester: string
  readonly askedBy: string
  /** When it was answered: the server's clock. */
  readonly at: Date
}

/**
 * Records an answer that discloses something about a person: its ledger entry (kind
 * `verification`, the person's pseudonym as subject) and its row in `online_verifications`,
 * in one transaction. Returns null, writing nothing, for an answer that discloses nothing.
 *
 * @example
 * const recorded = await recordOnlineAnswer(store, { decision, evidenceDigest, masterDigest, subject, masterSubject, requester: 'dhs-ice', askedBy: 'key-1', at: new Date() })
 * recorded?.ledgerSeq // the entry the person's accounting names
 */
export async function recordOnlineAnswer(store: Store, input: OnlineAnswerInput): Promise<StoredVerification | null> {
  const { decision } = input
  const answer = onlineAnswerOf(decision)
  const fact = disclosedFact(answer.code)
  if (fact === null) return null
  const at = input.at.toISOString()
  const decisionJson = canonicalJson(decision as unknown as JsonValue)
  const decisionDigest = digest(decisionJson)
  // A fresh id per answer: the same request asked twice is two disclosures.
  const id = `v-${randomBytes(12).toString('hex')}`
  const payload: VerificationPayload = {
    verificationId: id,
    requestId: decision.requestId,
    recipient: decision.recipient,
    askedBy: input.askedBy,
    answer: answer.code,
    fields: [fact],
    agreementId: decision.agreement.id,
    agreementDigest: decision.agreement.digest,
    orderDigests: [...new Set(decision.orders.map((o) => o.digest))].sort(),
    evidenceDigest: input.evidenceDigest,
    decisionDigest,
    masterDigest: input.masterDigest,
    masterSubject: input.masterSubject,
  }
  const entry: LedgerEntry = { kind: 'verification', at, actor: decision.discloser, subject: input.subject, payload }
  return store.transaction(async (tx) => {
    const [recorded] = await tx.ledger.append([entry])
    const row: StoredVerification = {
      id,
      requestId: decision.requestId,
      requesterPartyId: input.requester,
      askedBy: input.askedBy,
      recipientPartyId: decision.recipient,
      subject: input.subject,
      answerCode: answer.code,
      fields: [fact],
      agreementId: decision.agreement.id,
      agreementDigest: decision.agreement.digest,
      decision,
      decisionDigest,
      evidenceDigest: input.evidenceDigest,
      answeredAt: at,
      ledgerSeq: recorded!.seq,
      masterSubject: input.masterSubject,
    }
    await tx.onlineVerifications.insert(row)
    return row
  })
}
