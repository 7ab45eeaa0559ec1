/**
 * The retroactive audit: every recorded disclosure re-decided from its stored evidence under a
 * given agreement and orders. `decide` is pure (docs/design.md, *Decisions are pure*), so the
 * re-decision is exact: under the policy a disclosure was made under it gives the same decision,
 * and under a corrected policy or a later court order it lists exactly what would not be made
 * (docs/rules.md rule 9). The audit is itself a ledger entry; one that finds improper disclosures
 * opens an incident record with its 24-hour reporting deadline (rule 11).
 */
import { IntegrityError, InvalidInputError, NotFoundError, canonicalJson, digest } from '../../core/index.js'
import type { AuditPayload, Decision, DecisionReason, JsonValue, RequestContext } from '../../core/index.js'
import { compilePolicy, recheckAtRelease } from '../../policy/index.js'
import type { ValidatedAgreement, ValidatedOrder } from '../../policy/index.js'
import type { FieldCount, ReasonCount } from '../../report/index.js'
import type { DisclosureRecord, ReadStore, Store, StoredDisclosure } from '../../store/index.js'
import type { AuditFinding, AuditResult, IncidentContact } from './audit-types.js'
import { incidentIdOf, incidentRecordFor } from './incident-record.js'
import { writeClock } from '../clock.js'
import { requestContext } from '../match-chunk.js'

/** Reasons that say what went right; they never explain an improper disclosure. */
const INFORMATIONAL = new Set(['MATCH_VERIFIED', 'FIELDS_RELEASED'])

/** Options of `runAudit`. */
export interface RunAuditOptions {
  /** The agreement to re-decide under (a corrected version, or a reading of the law). */
  readonly agreement: ValidatedAgreement
  /** Court orders to apply, including ones issued after the disclosures were made. */
  readonly orders?: readonly ValidatedOrder[]
  /**
   * Re-decide every disclosure at this one time. Default: each at its own decision time and
   * re-checked at its own release time, so an order counts only from the day it took effect.
   */
  readonly asOf?: string
  /** The batches to audit; default: every batch under the agreement's id. */
  readonly batchIds?: readonly string[]
  /** Who runs the audit (a staff id or `system`). */
  readonly actor?: string
  /** The agency's contact for the incident report; default: the disclosing agency's disclosure office, no phone or e-mail. */
  readonly contact?: IncidentContact
  /** The systems involved, for the incident report. */
  readonly systems?: readonly string[]
  /**
   * The audit's own clock (tests pass a fixed one): only in a simulation store; a real one
   * refuses it. `asOf` is free in any store: re-deciding history is a what-if.
   */
  readonly now?: () => Date
}

/** The batches an audit covers: the ones named, or every batch under the agreement's id. */
async function batchesOf(store: Store, agreement: ValidatedAgreement, ids: readonly string[] | undefined): Promise<string[]> {
  const all = await store.batches.list()
  if (ids === undefined || ids.length === 0) return all.filter((b) => b.agreementId === agreement.document.id).map((b) => b.id).sort()
  for (const id of ids) {
    const b = all.find((x) => x.id === id)
    if (!b) throw new NotFoundError(`no batch ${id}`)
    if (b.agreementId !== agreement.document.id) throw new InvalidInputError(`batch ${id} was run under agreement ${b.agreementId}, not ${agreement.document.id}`)
  }
  return [...new Set(ids)].sort()
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function count<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

/**
 * Re-decides one disclosure. Returns the finding when the disclosure would not be made (or not
 * with all its fields), else null.
 */
function reDecide(d: StoredDisclosure, original: Decision, now: Decision): AuditFinding | null {
  let improperFields: string[]
  if (now.outcome === 'disclose') improperFields = d.fields.filter((f) => !now.fields.includes(f as Decision['fields'][number]))
  else if (now.outcome === 'review' && original.outcome === 'review') improperFields = []
  else improperFields = [...d.fields]
  if (improperFields.length === 0) return null
  const reasons: DecisionReason[] = now.reasons.filter((r) => !INFORMATIONAL.has(r.code))
  return {
    disclosureId: d.id,
    batchId: d.batchId,
    requestId: d.requestId,
    recipient: d.recipientPartyId,
    subject: d.subject,
    disclosedAt: d.disclosedAt,
    fields: [...d.fields],
    improperFields,
    outcomeNow: now.outcome,
    reasons,
  }
}

/**
 * One sentence for a reason code across many findings. A reason's sentence names the instance
 * (the grade found, the level reached), so when findings word it differently the most frequent
 * wording is shown and the others are counted.
 */
function wordingOf(seen: ReadonlyMap<string, number> | undefined): string {
  if (!seen || seen.size === 0) return ''
  const [top] = [...seen].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
  return seen.size === 1 ? top![0] : `${top![0]} (the most frequent of ${seen.size} wordings)`
}

/** The audit id: derived from what was audited and when. */
function auditIdOf(parts: JsonValue): string {
  return `a-${digest(canonicalJson(parts)).slice('sha256:'.length, 'sha256:'.length + 20)}`
}

/**
 * Runs a retroactive audit and records it: the ledger entry, the full result, and (when it finds
 * improper disclosures) the incident record, in one transaction. The audit's id derives from the
 * documents, the batches, the as-of time and the audit's own time: run again with all of them the
 * same, it returns the audit already recorded.
 *
 * @example
 * const result = await runAudit(store, { agreement: readAgreementFile('policies/agreements/irs-ice-2025-corrected.yaml') })
 * result.improper            // disclosures that would not be made under the corrected agreement
 * result.improperByReason    // [{ code: 'REQUEST_ADDRESS_INSUFFICIENT', count: … }, …]
 */
export async function runAudit(store: Store, options: RunAuditOptions): Promise<AuditResult> {
  const { agreement } = options
  const orders = options.orders ?? []
  // The audit re-decides at any time (a what-if), but its own entry carries the server's clock.
  const at = writeClock(store.mode, options.now)().toISOString()
  if (options.asOf !== undefined && !Number.isFinite(Date.parse(options.asOf))) throw new InvalidInputError(`the audit time ${options.asOf} is not a date-time`)
  const asOf = options.asOf === undefined ? null : new Date(options.asOf).toISOString()
  const batches = await batchesOf(store, agreement, options.batchIds)
  const orderRefs = orders.map((o) => ({ id: o.document.id, digest: o.digest }))
  const auditId = auditIdOf({ agreement: agreement.digest, orders: orderRefs.map((o) => o.digest).sort(), asOf, batches, at })
  // The same documents over the same batches at the same time is the same audit: run again, it
  // returns what was recorded and records nothing twice.
  if (await store.audits.get(auditId)) return loadAudit(store, auditId)
  const policy = compilePolicy(agreement, orders)

  let requestsExamined = 0
  let records: DisclosureRecord[] = []
  for (const b of batches) {
    requestsExamined += await store.requests.count(b)
    // concat, not push(...): a batch of the incident's size holds tens of thousands of disclosures.
    records = records.concat(await store.audits.disclosureRecords(b))
  }
  // Volume caps count disclosures in the order they were made.
  records.sort((x, y) => compareText(x.disclosure.disclosedAt, y.disclosure.disclosedAt) || compareText(x.disclosure.id, y.disclosure.id))

  const findings: AuditFinding[] = []
  const properSoFar = new Map<string, number>()
  for (const { disclosure: d, decision: stored, evidence } of records) {
    if (!stored || !evidence) throw new IntegrityError(`disclosure ${d.id} (batch ${d.batchId}, request ${d.requestId}) has no stored ${stored ? 'evidence' : 'decision'}`)
    if (stored.digest !== d.decisionDigest) throw new IntegrityError(`disclosure ${d.id} names decision ${d.decisionDigest}, but the stored decision has digest ${stored.digest}`)
    // The replay stands on what the store holds, so what it holds must hash to what the ledger
    // names: the decision to the disclosure's (ledgered) digest, the evidence to the decision's.
    // Rows edited, or a batch's dictionary edited (packed storage), with the digests left as
    // they were, would otherwise let an audit re-decide on made-up evidence.
    if (digest(canonicalJson(stored.decision as unknown as JsonValue)) !== d.decisionDigest) throw new IntegrityError(`the stored decision of disclosure ${d.id} (batch ${d.batchId}, request ${d.requestId}) does not hash to ${d.decisionDigest}, the digest its ledger entry names: the store was changed (run \`verigate ledger verify\`)`)
    if (stored.decision.evidenceDigest !== evidence.digest || digest(canonicalJson(evidence.result as unknown as JsonValue)) !== evidence.digest) throw new IntegrityError(`the stored evidence of disclosure ${d.id} (batch ${d.batchId}, request ${d.requestId}) does not hash to ${stored.decision.evidenceDigest}, the digest its decision names: the store was changed (run \`verigate ledger verify\`)`)
    const original = stored.decision
    const soFar = properSoFar.get(d.batchId) ?? 0
    const context: RequestContext = requestContext(original.requester, { day: soFar, month: soFar, year: soFar, term: soFar })
    const decided = policy.decide(evidence.result, context, asOf ?? original.asOf, evidence.digest)
    const now = recheckAtRelease(decided, orders, asOf ?? d.disclosedAt)
    const finding = reDecide(d, original, now)
    if (finding) findings.push(finding)
    else properSoFar.set(d.batchId, soFar + 1)
  }

  const byReason = new Map<string, number>()
  const wordings = new Map<string, Map<string, number>>()
  const byField = new Map<string, number>()
  for (const f of findings) {
    for (const code of new Set(f.reasons.map((r) => r.code))) count(byReason, code)
    for (const r of f.reasons) {
      const seen = wordings.get(r.code) ?? new Map<string, number>()
      count(seen, r.message)
      wordings.set(r.code, seen)
    }
    for (const field of f.improperFields) count(byField, field)
  }
  const improperByReason: ReasonCount[] = [...byReason]
    .map(([code, n]) => ({ code, message: wordingOf(wordings.get(code)), count: n }))
    .sort((a, b) => b.count - a.count || compareText(a.code, b.code))
  const improperByField: FieldCount[] = [...byField].map(([field, n]) => ({ field, count: n })).sort((a, b) => b.count - a.count || (a.field < b.field ? -1 : 1))
  const times = findings.map((f) => f.disclosedAt).sort()
  const doc = agreement.document
  const incidentId = findings.length > 0 ? incidentIdOf(auditId) : null

  const content: Omit<AuditResult, 'ledgerSeq'> = {
    auditId,
    at,
    actor: options.actor ?? 'system',
    agreement: { id: doc.id, version: doc.version, digest: agreement.digest },
    label: doc.version,
    title: doc.title,
    orders: orderRefs,
    orderEffective: orders.map((o) => ({ id: o.document.id, from: o.document.effective.from })),
    legalBasis: doc.legalBasis,
    disposal: doc.retention.disposal,
    discloser: doc.parties.disclosing.id,
    asOf,
    batches,
    requestsExamined,
    disclosuresMade: records.length,
    improper: findings.length,
    peopleConcerned: new Set(findings.map((f) => f.subject)).size,
    improperByReason,
    improperByField,
    improperFrom: times[0] ?? null,
    improperTo: times[times.length - 1] ?? null,
    findings,
    incidentId,
  }
  const resultDigest = digest(canonicalJson(content as unknown as JsonValue))
  const payload: AuditPayload = {
    auditId,
    agreementDigest: agreement.digest,
    orderDigests: orderRefs.map((o) => o.digest).sort(),
    // The payload's as-of is one time: the audit's own when each disclosure was re-decided at its
    // own decision and release time (the full result says which).
    asOf: asOf ?? at,
    batches,
    examined: records.length,
    improper: findings.length,
    resultDigest,
  }
  return store.transaction(async (tx) => {
    const [entry] = await tx.ledger.append([{ kind: 'audit', at, actor: content.actor, payload }])
    const result: AuditResult = { ...content, ledgerSeq: entry!.seq }
    await tx.audits.insert({ id: auditId, createdAt: at, agreementId: doc.id, agreementDigest: agreement.digest, result, resultDigest, ledgerSeq: entry!.seq })
    if (incidentId) {
      const contact = options.contact ?? { name: `Disclosure office, ${doc.parties.disclosing.name}`, phone: '', email: '' }
      const record = incidentRecordFor(result, agreement, contact, options.systems ?? ['Verigate disclosure gateway', `Verigate store (${store.backend.name})`])
      await tx.incidents.insert({ id: incidentId, auditId, openedAt: record.openedAt, reportDeadline: record.reportDeadline, record })
    }
    return result
  })
}

/** Reads an audit's result back from the store. */
export async function loadAudit(store: ReadStore, auditId: string): Promise<AuditResult> {
  const a = await store.audits.get(auditId)
  if (!a) throw new NotFoundError(`no audit ${auditId}`)
  const { ledgerSeq, ...content } = a.result as AuditResult
  if (digest(canonicalJson(content as unknown as JsonValue)) !== a.resultDigest) throw new IntegrityError(`the stored result of audit ${auditId} does not match its digest ${a.resultDigest}`)
  return { ...content, ledgerSeq }
}
