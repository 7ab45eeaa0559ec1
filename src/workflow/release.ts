/**
 * Release: the one place data leaves. Every disclosure is re-checked against the orders in force
 * at release time (docs/rules.md rule 13), written with its ledger entry in one transaction (so a
 * disclosure without its entry, or an entry without its disclosure, cannot exist), and keyed by
 * its request (a second disclosure of one request is refused by the store). A decision an order
 * now stops is withheld, with its own ledger entry.
 */
import { digest } from '../core/index.js'
import type { Decision, Digest, DisclosurePayload, LedgerEntry, Pseudonym, WithholdingPayload } from '../core/index.js'
import { recheckAtRelease } from '../policy/index.js'
import type { Instant, ValidatedOrder } from '../policy/index.js'
import type { LedgerKeys } from '../ledger/index.js'
import type { Store, StoredDisclosure, StoredWithholding } from '../store/index.js'
import { hasTin, masterSubjectOf, subjectOf } from './master-values.js'
import type { MasterValues } from './master-values.js'

/** A decision to release or withhold now, with the digest of the decision as stored. */
export interface ReleaseItem {
  /** The decision to release: the batch decision, or the one made on a reviewed case. */
  readonly decision: Decision
  /** The digest of the stored decision it came from (the row an audit finds). */
  readonly storedDigest: Digest
  /** Reason codes to add when withheld (e.g. `REVIEW_REJECTED`); withheld outright when given. */
  readonly withholdBecause?: readonly string[]
  /** The orders to re-check it against, when not the release's (a reviewed case: see `releaseReviewed`). */
  readonly orders?: readonly ValidatedOrder[]
}

/** What a release wrote. */
export interface ReleaseResult {
  readonly disclosed: number
  readonly withheld: number
}

/**
 * What the requester is told about a withheld case: a case people rejected (or could not release)
 * was not verified; one an order stopped at release was not permitted.
 */
export function withheldAnswer(w: Pick<StoredWithholding, 'reasons' | 'decision'>): string {
  if (w.reasons.includes('REVIEW_REJECTED') || w.reasons.includes('REVIEW_APPROVED_NOT_RELEASABLE')) return 'NOT_VERIFIED'
  const code = w.decision.answer.code
  return code === 'DISCLOSED' || code === 'UNDER_REVIEW' ? 'NOT_PERMITTED' : code
}

/** The id of the disclosure of one request of one batch: derived, so a retry finds the same one. */
export function disclosureIdOf(batchId: string, requestId: string): string {
  return `d-${digest(`${batchId}\n${requestId}`).slice('sha256:'.length, 'sha256:'.length + 24)}`
}

/** Options of `releaseItems`. */
export interface ReleaseOptions {
  readonly batchId: string
  readonly orders: readonly ValidatedOrder[]
  /**
   * The release time: the time of the re-check and of the ledger entries. A fixed time (a
   * simulation's) for every item, or a clock (a real store's: `serverClock`) read for each
   * transaction once it holds the ledger's lock, so no other writer's entry comes between the
   * time and the append and the ledger's times never go back.
   */
  readonly releaseAt: Instant | (() => Date)
  readonly keys: LedgerKeys
  readonly masterValues: MasterValues
  /** The master index digest the evidence was computed from. */
  readonly masterDigest: string
  /** The actor of the entries: the person releasing reviewed cases (default: the disclosing party). */
  readonly actor?: string
  /** Items per transaction (default 2,000). */
  readonly chunkSize?: number
  /** Called after each committed chunk with the number of items done. */
  readonly onChunk?: (done: number) => void
}

/**
 * Releases (or withholds) items in order, in transactions of `chunkSize`: each transaction
 * appends the ledger entries and writes the disclosures and withholdings that point at them.
 */
export async function releaseItems(store: Store, items: readonly ReleaseItem[], options: ReleaseOptions): Promise<ReleaseResult> {
  const given = options.releaseAt
  const fixedAt = typeof given === 'function' ? undefined : new Date(given).toISOString()
  const chunkSize = options.chunkSize ?? 2000
  let disclosed = 0
  let withheld = 0
  for (let start = 0; start < items.length; start += chunkSize) {
    const chunk = items.slice(start, start + chunkSize)
    const planned = await store.transaction(async (tx) => {
      let at = fixedAt
      if (at === undefined) {
        await tx.ledger.lock()
        at = (given as () => Date)().toISOString()
      }
      const planned = chunk.map((item) => {
        const checked = item.withholdBecause ? item.decision : recheckAtRelease(item.decision, item.orders ?? options.orders, at)
        return { item, checked, disclose: !item.withholdBecause && checked.outcome === 'disclose' && checked.fields.length > 0 }
      })
      const entries: LedgerEntry[] = planned.map(({ item, checked, disclose }): LedgerEntry => {
        const d = checked
        // The master record's own pseudonym, kept beside the subject (its TIN's when it has one)
        // on a disclosure: the link the person's accounting follows without the master file
        // (migration 0015). A record without a TIN is pseudonymized by its id, so it is the subject.
        const masterSubject = d.masterId === null ? undefined : masterSubjectOf(options.keys.holderSecret, d.masterId)
        const subject = d.masterId === null ? undefined : hasTin(d.masterId, options.masterValues) ? subjectOf(options.keys.holderSecret, d.masterId, options.masterValues) : masterSubject
        if (disclose) {
          const payload: DisclosurePayload = {
            batchId: options.batchId,
            requestId: d.requestId,
            recipient: d.recipient,
            fields: [...d.fields],
            agreementId: d.agreement.id,
            agreementDigest: d.agreement.digest,
            orderDigests: [...new Set([...d.orders, ...(d.releaseCheck?.orders ?? [])].map((o) => o.digest))].sort(),
            evidenceDigest: d.evidenceDigest,
            decisionDigest: item.storedDigest,
            masterDigest: options.masterDigest,
            disclosureId: disclosureIdOf(options.batchId, d.requestId),
            ...(masterSubject ? { masterSubject } : {}),
          }
          return { kind: 'disclosure', at, actor: options.actor ?? d.discloser, ...(subject ? { subject } : {}), payload }
        }
        const reasons = [...new Set([...d.reasons.map((r) => r.code), ...(item.withholdBecause ?? [])])]
        const payload: WithholdingPayload = { batchId: options.batchId, requestId: d.requestId, recipient: d.recipient, reasons, decisionDigest: item.storedDigest }
        return { kind: 'withholding', at, actor: options.actor ?? d.discloser, ...(subject ? { subject } : {}), payload }
      })
      // With the key: the store refuses pseudonyms made under any key but its ledger's.
      const recorded = await tx.ledger.append(entries, options.keys)
      const disclosures: StoredDisclosure[] = []
      const withholdings: StoredWithholding[] = []
      planned.forEach(({ item, checked, disclose }, i) => {
        const entry = recorded[i]!
        if (disclose) {
          disclosures.push({
            id: disclosureIdOf(options.batchId, checked.requestId),
            batchId: options.batchId,
            requestId: checked.requestId,
            recipientPartyId: checked.recipient,
            subject: entry.subject ?? subjectOf(options.keys.holderSecret, checked.requestId, options.masterValues),
            fields: [...checked.fields],
            decisionDigest: item.storedDigest,
            disclosedAt: at,
            ledgerSeq: entry.seq,
            masterSubject: ((entry.payload as DisclosurePayload).masterSubject as Pseudonym | undefined) ?? null,
          })
        } else {
          const payload = entry.payload as WithholdingPayload
          withholdings.push({
            batchId: options.batchId,
            requestId: checked.requestId,
            reasons: payload.reasons,
            decision: checked,
            decisionDigest: item.storedDigest,
            withheldAt: at,
            ledgerSeq: entry.seq,
          })
        }
      })
      await tx.disclosures.insertMany(disclosures)
      await tx.withholdings.insertMany(withholdings)
      return planned
    })
    for (const p of planned) {
      if (p.disclose) disclosed++
      else withheld++
    }
    options.onChunk?.(start + chunk.length)
  }
  return { disclosed, withheld }
}
