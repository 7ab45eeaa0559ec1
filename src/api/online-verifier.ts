/**
 * Online verification of one record: the same path as a batch (standardize, the pre-match check
 * of the request's own elements, link against the loaded master index, decide under the
 * agreement and the orders in force), answered from memory in milliseconds. It answers whether
 * a record is verified and never releases master values: fields go out only through a batch,
 * whose release is recorded in the ledger.
 */
import { canonicalJson, digest } from '../core/index.js'
import type { CapPeriod, Decision, JsonValue, RequestRecord } from '../core/index.js'
import type { CompiledPolicy, ValidatedAgreement } from '../policy/index.js'
import type { Linker } from '../link/index.js'
import { createLinker, openMaster } from '../link/index.js'
import { nicknameGroups, standardizeRecord } from '../standardize/index.js'
import { UNVERIFIED_NOTICE, compilePolicy, readAgreementFile, readOrdersDir } from '../policy/index.js'
import { checkAtIntake, requestFactsOf } from '../workflow/index.js'

/** The answer to one verification. */
export interface VerifyAnswer {
  readonly request_id: string
  /** True when one master record met the agreement's match standard unambiguously. */
  readonly verified: boolean
  /** What the requester is told: a coarse code that never says which field failed. */
  readonly answer: { readonly code: string; readonly message: string }
  /** A match is unverified until independently verified (5 U.S.C. 552a(p)). */
  readonly notice: string
  /** The decision time. */
  readonly as_of: string
  /** The master index the record was linked against. */
  readonly master_digest: string
}

/** Options of `createOnlineVerifier`. */
export interface OnlineVerifierOptions {
  /** A `.vgx` snapshot (loaded in a second for a million rows) or a master data file (indexed now). */
  readonly masterPath: string
  readonly agreementPath: string
  readonly ordersDir?: string
}

/** A loaded verifier. */
export interface OnlineVerifier {
  readonly agreement: ValidatedAgreement
  readonly masterDigest: string
  /** Decides one record; the decision says `VOLUME_CAP_REACHED` when a cap is reached. */
  decide(record: RequestRecord, requester: string, disclosuresSoFar: Partial<Record<CapPeriod, number>>, asOf: string): Decision
  /** The requester-facing answer of a decision. */
  answerOf(decision: Decision, asOf: string): VerifyAnswer
}

const VERIFIED = {
  code: 'VERIFIED',
  message: 'One record was verified. Online verification releases no fields: submit a batch to receive the permitted fields.',
} as const
const REVIEW_REQUIRED = {
  code: 'REVIEW_REQUIRED',
  message: 'The record needs review by the disclosing agency before any answer: submit it in a batch.',
} as const

/** Builds a verifier over a linker and a compiled policy (for tests and for `createOnlineVerifier`). */
export function verifierOf(linker: Linker, policy: CompiledPolicy, agreement: ValidatedAgreement): OnlineVerifier {
  const masterDigest = linker.index.digest
  return {
    agreement,
    masterDigest,
    decide(record, requester, disclosuresSoFar, asOf) {
      const context = { requester, disclosuresSoFar, safeguards: { openFindings: 0, correctivePlan: false } }
      const standardized = standardizeRecord(record)
      const check = checkAtIntake(policy, record.id, requestFactsOf(standardized, record), context, asOf, masterDigest)
      if (check.decision) return check.decision
      const result = linker.linkOne(standardized, record)
      return policy.decide(result, context, asOf, digest(canonicalJson(result as unknown as JsonValue)))
    },
    answerOf(decision, asOf) {
      const answer = decision.outcome === 'disclose' ? VERIFIED : decision.outcome === 'review' ? REVIEW_REQUIRED : { code: decision.answer.code, message: decision.answer.message }
      return { request_id: decision.requestId, verified: decision.outcome === 'disclose', answer, notice: UNVERIFIED_NOTICE, as_of: asOf, master_digest: masterDigest }
    },
  }
}

/**
 * Loads the master index and the policy, once, for the life of the server.
 *
 * @example
 * const verifier = await createOnlineVerifier({ masterPath: 'master.vgx', agreementPath })
 * verifier.answerOf(verifier.decide(record, 'dhs-ice', {}, new Date().toISOString()), asOf).verified
 */
export async function createOnlineVerifier(options: OnlineVerifierOptions): Promise<OnlineVerifier> {
  const agreement = readAgreementFile(options.agreementPath)
  const orders = options.ordersDir ? readOrdersDir(options.ordersDir) : []
  const index = await openMaster(options.masterPath)
  const linker = createLinker({ index, nicknameGroups })
  return verifierOf(linker, compilePolicy(agreement, orders), agreement)
}
