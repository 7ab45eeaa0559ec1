/**
 * The accounting of disclosures about one person (Privacy Act, 5 U.S.C. 552a(c); 26 U.S.C.
 * 6103(p)(3)(A)): every disclosure, with what went out (field names), to whom, when, and under
 * which basis, and whether it was later recalled. The person is named by TIN or master record id
 * and found through the pseudonym the ledger uses, so nothing is looked up in the clear.
 * (552a(c)(3) lets an agency withhold the accounting of a law-enforcement disclosure from the
 * person; that is the holder's call when it answers, not this function's.)
 */
import { InvalidInputError } from '../../core/index.js'
import type { Pseudonym } from '../../core/index.js'
import { pseudonymize } from '../../ledger/index.js'
import type { ReadStore, StoredDisclosure, StoredVerification } from '../../store/index.js'
import type { MasterValues } from '../master-values.js'

/** How the person is named: a TIN (any punctuation), or a master record id. */
export type SubjectRef = { readonly tin: string } | { readonly masterId: string }

/** One disclosure about the person. */
export interface AccountingEntry {
  /** How it went out: a batch's released fields, or an online verification's answer. */
  readonly channel: 'batch' | 'online'
  /** The disclosure's id, or the online verification's (`v-…`). */
  readonly disclosureId: string
  /** When it was disclosed (ISO 8601). */
  readonly disclosedAt: string
  /** To whom: the receiving party. */
  readonly recipient: string
  /**
   * What: the fields released (names only, never values); for an online answer, the fact it
   * disclosed: `verification` (the person is on file) or `possible_match` (a close record is).
   */
  readonly fields: readonly string[]
  /** Under which basis: the statute, the purpose and the agreement version. */
  readonly legalBasis: string
  readonly purpose: string
  readonly agreement: string
  /** The requester's case reference the disclosure was made for. */
  readonly caseRef: string
  /** The batch; null for an online answer. */
  readonly batchId: string | null
  readonly requestId: string
  /** The disclosure's ledger entry. */
  readonly ledgerSeq: number
  /** The recall notices that recalled it (one per audit that found it improper), and where each stands. */
  readonly recalls: readonly { readonly noticeId: string; readonly status: string }[]
}

/** The accounting for one person. */
export interface Accounting {
  /** The pseudonyms searched (the person's TIN, and the master record id when given). */
  readonly subjects: readonly Pseudonym[]
  readonly entries: readonly AccountingEntry[]
}

/**
 * Parses `--subject`: `tin:123-45-6789`, `master:M000000101`, or a bare value (nine digits with
 * any punctuation is a TIN, anything else a master record id).
 */
export function parseSubject(value: string): SubjectRef {
  const v = value.trim()
  if (v.startsWith('tin:')) return { tin: v.slice(4) }
  if (v.startsWith('master:')) return { masterId: v.slice(7) }
  if (v === '') throw new InvalidInputError('the subject is empty: give a TIN or a master record id')
  return v.replace(/[\s-]/g, '').match(/^\d{9}$/) ? { tin: v } : { masterId: v }
}

/** The pseudonyms a person may appear under (src/workflow/master-values.ts `subjectOf`). */
export function subjectPseudonyms(holderSecret: Uint8Array, subject: SubjectRef, values?: MasterValues): Pseudonym[] {
  if ('tin' in subject) return [pseudonymize(holderSecret, { scheme: 'tin', value: subject.tin })]
  const out = [pseudonymize(holderSecret, { scheme: 'master_id', value: subject.masterId })]
  const tin = values?.get(subject.masterId)?.tin?.replace(/\D/g, '') ?? ''
  if (tin.length === 9) out.push(pseudonymize(holderSecret, { scheme: 'tin', value: tin }))
  return out
}

/**
 * Lists every disclosure about one person, oldest first: the fields batches released, and the
 * online answers that told the requester the person (or a close record) is on file.
 *
 * @example
 * const a = await accountingFor(store, keys.holderSecret, parseSubject('tin:123-45-6789'))
 * a.entries.map((e) => `${e.disclosedAt} ${e.recipient} ${e.fields.join(',')}`)
 */
export async function accountingFor(store: ReadStore, holderSecret: Uint8Array, subject: SubjectRef, values?: MasterValues): Promise<Accounting> {
  const subjects = subjectPseudonyms(holderSecret, subject, values)
  const seen = new Map<string, StoredDisclosure>()
  for (const s of subjects) for (const d of await store.disclosures.bySubject(s)) seen.set(d.id, d)
  const recalledBy = new Map<string, { noticeId: string; status: string }[]>()
  for (const r of await store.recalls.list()) for (const id of r.disclosureIds) if (seen.has(id)) recalledBy.set(id, [...(recalledBy.get(id) ?? []), { noticeId: r.id, status: r.status }])
  const entries: AccountingEntry[] = []
  for (const d of seen.values()) {
    const decision = (await store.decisions.get(d.batchId, d.requestId))?.decision
    entries.push({
      channel: 'batch',
      disclosureId: d.id,
      disclosedAt: d.disclosedAt,
      recipient: d.recipientPartyId,
      fields: d.fields,
      legalBasis: decision?.useLimits.legalBasis ?? '',
      purpose: decision?.useLimits.purpose ?? '',
      agreement: decision ? `${decision.agreement.id} ${decision.agreement.version ?? ''}`.trim() : '',
      caseRef: decision?.useLimits.caseRef ?? '',
      batchId: d.batchId,
      requestId: d.requestId,
      ledgerSeq: d.ledgerSeq,
      recalls: recalledBy.get(d.id) ?? [],
    })
  }
  const answered = new Map<string, StoredVerification>()
  for (const s of subjects) for (const v of await store.onlineVerifications.bySubject(s)) answered.set(v.id, v)
  for (const v of answered.values()) {
    entries.push({
      channel: 'online',
      disclosureId: v.id,
      disclosedAt: v.answeredAt,
      recipient: v.recipientPartyId,
      fields: v.fields,
      legalBasis: v.decision.useLimits.legalBasis,
      purpose: v.decision.useLimits.purpose,
      agreement: `${v.decision.agreement.id} ${v.decision.agreement.version ?? ''}`.trim(),
      caseRef: v.decision.useLimits.caseRef,
      batchId: null,
      requestId: v.requestId,
      ledgerSeq: v.ledgerSeq,
      // Recalls name batch disclosures; an answer cannot be called back.
      recalls: [],
    })
  }
  entries.sort((a, b) => (a.disclosedAt < b.disclosedAt ? -1 : a.disclosedAt > b.disclosedAt ? 1 : a.disclosureId < b.disclosureId ? -1 : 1))
  return { subjects, entries }
}
