/**
 * The batch's work in a link worker (the chunk-work plug-in `LINK_PLUGINS.matchChunk` of
 * ./link-plugins.ts, which a batch's `openLinkPool` runs): for each request of a
 * chunk, standardize it once, check it against the agreement's input requirements (a refused
 * request is never matched), link it, decide it, and encode the evidence and the decision in
 * their canonical form with their digests, so that the main thread only writes rows. The policy
 * is compiled in the worker from the same documents, checked by digest.
 */
import { ConflictError } from './errors.js'
import { canonicalJson, digest, requestFactsOf } from '../core/index.js'
import type { CapPeriod, Decision, DecisionOutcome, Digest, JsonValue, MatchResult, MatchStatus, RequestContext, RequestRecord } from '../core/index.js'
import type { ChunkWork, Linker } from '../link/index.js'
import { compilePolicy, readAgreementFile, readOrdersDir } from '../policy/index.js'
import type { CompiledPolicy } from '../policy/index.js'
import { standardizeRecord } from '../standardize/index.js'
import { evidenceFiguresOf, keepLeastWording } from './batch-figures.js'
import type { EvidenceFigures } from './batch-figures.js'
import { checkAtIntake } from './request-facts.js'
import type { IntakeCheck } from './request-facts.js'

/** What each worker is given to compile the batch's policy and decide as the batch does. */
export interface MatchChunkData {
  readonly agreementPath: string
  readonly ordersDir: string | null
  /** The digests the main thread read: the worker's documents must be the same. */
  readonly agreementDigest: Digest
  readonly orderDigests: readonly Digest[]
  readonly requester: string
  /** The decision time of the batch (ISO 8601). */
  readonly asOf: string
}

/** What goes with each chunk. */
export interface MatchChunkExtra {
  /** The disclosures so far the chunk's decisions are made under (the main thread re-decides a request whose true count reaches a cap these do not). */
  readonly counts: Readonly<Partial<Record<CapPeriod, number>>>
}

/** One request, linked and decided, ready to store. */
export interface MatchedRequest {
  readonly requestId: string
  /** The intake reason codes when refused at intake (never matched); empty when accepted. */
  readonly refused: readonly string[]
  readonly status: MatchStatus
  readonly bestMasterId: string | null
  /** The evidence in canonical JSON, and its digest (what the decision names). */
  readonly evidence: string
  readonly evidenceDigest: Digest
  readonly outcome: DecisionOutcome
  readonly verified: boolean
  readonly answerCode: string
  /** The decision's released fields as a JSON array. */
  readonly fields: string
  /** The decision in canonical JSON, and its digest. */
  readonly decision: string
  readonly decisionDigest: Digest
  /** The decision's reason codes, in order (what the batch figures count). */
  readonly reasonCodes: readonly string[]
}

/** A chunk linked and decided. */
export interface MatchedChunk {
  readonly requests: readonly MatchedRequest[]
  /** The figures of the chunk's evidence (statuses, weights, field agreement). */
  readonly evidence: EvidenceFigures
  /** Reason code → its least wording in the chunk. */
  readonly messages: readonly (readonly [string, string])[]
}

/**
 * The context of a decision made by the workflow (batch, online, review release, audit): the
 * requester, the disclosures so far, and no open safeguard findings (the workflow records none;
 * the one place this value is written).
 */
export function requestContext(requester: string, counts: Readonly<Partial<Record<CapPeriod, number>>>): RequestContext {
  return { requester, disclosuresSoFar: counts, safeguards: { openFindings: 0, correctivePlan: false } }
}

/** Encodes a decision made outside the worker (a request re-decided at a volume cap) as the worker would. */
export function encodeDecision(
  base: Pick<MatchedRequest, 'requestId' | 'refused' | 'status' | 'bestMasterId' | 'evidence' | 'evidenceDigest'>,
  decision: Decision,
): MatchedRequest {
  const json = canonicalJson(decision as unknown as JsonValue)
  return {
    ...base,
    outcome: decision.outcome,
    verified: decision.verified,
    answerCode: decision.answer.code,
    fields: JSON.stringify(decision.fields),
    decision: json,
    decisionDigest: digest(json),
    reasonCodes: decision.reasons.map((r) => r.code),
  }
}

/** One request standardized, checked at intake, linked (when accepted) and decided. */
export interface DecidedRecord {
  /** The pre-match check: `refused` is empty when the request was accepted and linked. */
  readonly check: IntakeCheck
  /** The evidence the decision was made from (with no candidate when refused at intake). */
  readonly result: MatchResult
  /** The evidence in canonical JSON, and its digest (what the decision names). */
  readonly evidence: string
  readonly evidenceDigest: Digest
  readonly decision: Decision
}

/** Options of `decideRecord`. */
export interface DecideRecordOptions {
  /** The context of the intake check (the requester, no counts), when the caller keeps one for many records. */
  readonly intakeContext?: RequestContext
  /** The master digest the evidence of a request refused at intake names (a batch leaves it empty). */
  readonly intakeMasterDigest?: string
}

/**
 * Decides one request record as every face decides it (a batch's link workers, online
 * verification): standardize it once, check its own elements against the agreement (a refused
 * request is never matched), link it, and decide the evidence under `context`. The intake check
 * asks only about the request's own elements, so it is made with no disclosure counts.
 *
 * @example
 * const { decision, evidenceDigest } = decideRecord(policy, linker, record, requestContext('dhs-ice', counts), new Date().toISOString())
 */
export function decideRecord(policy: CompiledPolicy, linker: Linker, record: RequestRecord, context: RequestContext, asOf: string, options: DecideRecordOptions = {}): DecidedRecord {
  const standardized = standardizeRecord(record)
  const intakeContext = options.intakeContext ?? requestContext(context.requester, {})
  const check = checkAtIntake(policy, record.id, requestFactsOf(standardized, record), intakeContext, asOf, options.intakeMasterDigest ?? '')
  const result = check.decision ? check.evidence : linker.linkOne(standardized, record)
  const evidence = canonicalJson(result as unknown as JsonValue)
  const evidenceDigest = digest(evidence)
  const decision = check.decision ?? policy.decide(result, context, asOf, evidenceDigest)
  return { check, result, evidence, evidenceDigest, decision }
}

/** Compiles the batch's policy from the documents at the given paths, refusing documents that changed. */
export function policyOf(data: MatchChunkData): CompiledPolicy {
  const agreement = readAgreementFile(data.agreementPath)
  if (agreement.digest !== data.agreementDigest) throw new ConflictError(`${data.agreementPath} changed while the batch ran (digest ${agreement.digest}, expected ${data.agreementDigest})`)
  const orders = data.ordersDir === null ? [] : readOrdersDir(data.ordersDir)
  if (canonicalJson(orders.map((o) => o.digest).sort()) !== canonicalJson([...data.orderDigests].sort())) {
    throw new ConflictError(`the court orders in ${data.ordersDir} changed while the batch ran`)
  }
  return compilePolicy(agreement, orders)
}

/**
 * Makes the chunk work of one worker.
 *
 * @example
 * const pool = await openLinkPool(linker, { work: matchChunkWork(data) }) // ./link-plugins.ts
 */
export function createChunkWork(linker: Linker, data: unknown): ChunkWork<MatchedChunk> {
  const d = data as MatchChunkData
  const policy = policyOf(d)
  const intake = { intakeContext: requestContext(d.requester, {}) }
  return (records: readonly RequestRecord[], extra: unknown): MatchedChunk => {
    const context = requestContext(d.requester, (extra as MatchChunkExtra | undefined)?.counts ?? {})
    const requests: MatchedRequest[] = []
    const results: MatchResult[] = []
    const messages = new Map<string, string>()
    for (const record of records) {
      const { check, result, evidence, evidenceDigest, decision } = decideRecord(policy, linker, record, context, d.asOf, intake)
      for (const r of decision.reasons) keepLeastWording(messages, r.code, r.message)
      results.push(result)
      requests.push(encodeDecision({ requestId: record.id, refused: check.refused, status: result.status, bestMasterId: result.best?.masterId ?? null, evidence, evidenceDigest }, decision))
    }
    return { requests, evidence: evidenceFiguresOf(results), messages: [...messages] }
  }
}
