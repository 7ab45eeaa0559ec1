/**
 * Online verification of one record (what the API's verify route runs): the same path as a batch (`decideRecord`: standardize, the
 * pre-match check of the request's own elements, link against the loaded master index, decide
 * under the agreement and the orders in force), answered from memory in milliseconds. It answers
 * whether a record is verified and never releases master values: fields go out only through a
 * batch. An answer that tells the requester something about a person is a disclosure, recorded
 * by the route before it answers (`recordOnlineAnswer`), under the person's pseudonym, which the
 * verifier knows from the master data's TINs read at start.
 */
import { InvalidInputError } from '../core/index.js'
import type { Pseudonym, RequestRecord } from '../core/index.js'
import type { CompiledPolicy, ValidatedAgreement } from '../policy/index.js'
import type { Linker } from '../link/index.js'
import { nicknameGroups } from '../standardize/index.js'
import { UNVERIFIED_NOTICE, compilePolicy, readAgreementFile, readOrdersDir } from '../policy/index.js'
import { loadLink } from './link-plugins.js'
import { decideRecord, requestContext } from './match-chunk.js'
import type { DecidedRecord } from './match-chunk.js'
import { onlineAnswerOf } from './online-answer.js'
import type { OnlineAnswer } from './online-answer.js'
import { readMasterSubjects } from './master-subjects.js'
import type { MasterSubjects } from './master-subjects.js'
import type { CapCounts } from './volume-caps.js'

/** The answer to one verification. */
export interface VerifyAnswer {
  readonly request_id: string
  /** True when one master record met the agreement's match standard unambiguously. */
  readonly verified: boolean
  /** What the requester is told: a coarse code that never says which field failed. */
  readonly answer: OnlineAnswer
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
  /**
   * The master data file the TINs behind the people's pseudonyms are read from (default: the
   * master itself when it is a data file; required with a `.vgx` snapshot).
   */
  readonly masterDataPath?: string
  readonly agreementPath: string
  readonly ordersDir?: string
}

/** A loaded verifier. */
export interface OnlineVerifier {
  readonly agreement: ValidatedAgreement
  readonly masterDigest: string
  /** Decides one record; the decision says `VOLUME_CAP_REACHED` when a cap is reached. */
  decide(record: RequestRecord, requester: string, disclosuresSoFar: CapCounts, asOf: string): DecidedRecord
  /** The requester-facing answer of a decision. */
  answerOf(decision: DecidedRecord['decision'], asOf: string): VerifyAnswer
  /** The pseudonym of a master record's person, as a batch release names it. */
  subjectOf(holderSecret: Uint8Array, masterId: string): Pseudonym
}

/** Builds a verifier over a linker, a compiled policy and the master's people (for tests and for `createOnlineVerifier`). */
export function verifierOf(linker: Linker, policy: CompiledPolicy, agreement: ValidatedAgreement, subjects: MasterSubjects): OnlineVerifier {
  const masterDigest = linker.index.digest
  const intake = { intakeMasterDigest: masterDigest }
  return {
    agreement,
    masterDigest,
    decide(record, requester, disclosuresSoFar, asOf) {
      return decideRecord(policy, linker, record, requestContext(requester, disclosuresSoFar), asOf, intake)
    },
    answerOf(decision, asOf) {
      return { request_id: decision.requestId, verified: decision.outcome === 'disclose', answer: onlineAnswerOf(decision), notice: UNVERIFIED_NOTICE, as_of: asOf, master_digest: masterDigest }
    },
    subjectOf: (holderSecret, masterId) => subjects.subjectOf(holderSecret, masterId),
  }
}

/**
 * Loads the master index, the master's TINs and the policy, once, for the life of the server.
 *
 * @example
 * const verifier = await createOnlineVerifier({ masterPath: 'master.vgx', masterDataPath: 'master.csv', agreementPath })
 * verifier.decide(record, 'dhs-ice', {}, new Date().toISOString()).decision.outcome
 */
export async function createOnlineVerifier(options: OnlineVerifierOptions): Promise<OnlineVerifier> {
  const isSnapshot = options.masterPath.toLowerCase().endsWith('.vgx')
  const dataPath = options.masterDataPath ?? (isSnapshot ? undefined : options.masterPath)
  if (dataPath === undefined) {
    throw new InvalidInputError(
      `the master ${options.masterPath} is an index snapshot, which holds no TINs: online verification records each answer about a person under the person's pseudonym, read from the master data file it was built from (--master-data)`,
    )
  }
  const agreement = readAgreementFile(options.agreementPath)
  const orders = options.ordersDir ? readOrdersDir(options.ordersDir) : []
  const { createLinker, openMaster } = await loadLink()
  const [index, subjects] = await Promise.all([openMaster(options.masterPath), readMasterSubjects(dataPath)])
  const linker = createLinker({ index, nicknameGroups })
  return verifierOf(linker, compilePolicy(agreement, orders), agreement, subjects)
}
