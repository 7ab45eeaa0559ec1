/**
 * The accounting of disclosures about one person (Privacy Act, 5 U.S.C. 552a(c); 26 U.S.C.
 * 6103(p)(3)(A)): every disclosure, with what went out (field names), to whom, when, and under
 * which basis, and whether it was later recalled. The person is named by TIN, master record id
 * or a request id of a batch, and found through the pseudonyms the ledger uses, so nothing is
 * looked up in the clear: each disclosure keeps the pseudonym of its master record id beside its
 * subject (migration 0015), which links every identifier that was the person at disclosure time.
 * (552a(c)(3) lets an agency withhold the accounting of a law-enforcement disclosure from the
 * person; that is the holder's call when it answers, not this function's.)
 */
import { InvalidInputError, NotFoundError } from '../../core/index.js'
import type { Decision, Pseudonym } from '../../core/index.js'
import { pseudonymize } from '../../ledger/index.js'
import type { ReadStore, StoredDisclosure, StoredVerification } from '../../store/index.js'
import type { MasterValues } from '../master-values.js'
import { disclosureIdOf } from '../release.js'

/**
 * How the person is named: a TIN (any punctuation), a master record id, or a request of a batch
 * (which names its master record through the batch's stored decision).
 */
export type SubjectRef = { readonly tin: string } | { readonly masterId: string } | { readonly batchId: string; readonly requestId: string }

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
  /**
   * How it was found: `given` by an identifier asked for (or the master file's TIN of it),
   * `linked` through another identifier that was the same person when some disclosure was made
   * (a master record's TIN, or the master record a TIN was disclosed from).
   */
  readonly foundBy: 'given' | 'linked'
}

/** The accounting for one person. */
export interface Accounting {
  /** Every pseudonym searched: those of the identifiers given, then those linked to them at disclosure time. */
  readonly subjects: readonly Pseudonym[]
  /**
   * What was searched, in words (never a TIN in the clear): the identifiers given and how many
   * more were linked to them; what an empty accounting was an answer for.
   */
  readonly searched: readonly string[]
  /**
   * Disclosures recorded before this store kept which identifiers were one person (migration
   * 0015), found through their stored decisions instead; 0 when none was needed.
   */
  readonly foundThroughDecisions: number
  readonly entries: readonly AccountingEntry[]
}

/**
 * Parses `--subject`: `tin:123-45-6789`, `master:M000000101`, `request:BATCH/REQUEST` (a request
 * id of a batch), or a bare value (nine digits with any punctuation is a TIN, anything else a
 * master record id).
 */
export function parseSubject(value: string): SubjectRef {
  const v = value.trim()
  if (v.startsWith('tin:')) {
    if (v.slice(4).replace(/\D/g, '').length !== 9) throw new InvalidInputError(`${JSON.stringify(v)} is not a TIN: a TIN has nine digits (any punctuation)`)
    return { tin: v.slice(4) }
  }
  if (v.startsWith('master:')) {
    if (v.slice(7).trim() === '') throw new InvalidInputError('the master record id after master: is empty')
    return { masterId: v.slice(7).trim() }
  }
  if (v.startsWith('request:')) {
    // A batch id (`b-` and hex digits) holds no slash: the first one ends it.
    const rest = v.slice(8)
    const slash = rest.indexOf('/')
    if (slash <= 0 || slash === rest.length - 1) throw new InvalidInputError(`${JSON.stringify(v)} names no request: write request:BATCH/REQUEST, the batch id and the request id`)
    return { batchId: rest.slice(0, slash), requestId: rest.slice(slash + 1) }
  }
  if (v === '') throw new InvalidInputError('the subject is empty: give a TIN, a master record id or a request (request:BATCH/REQUEST)')
  return v.replace(/[\s-]/g, '').match(/^\d{9}$/) ? { tin: v } : { masterId: v }
}

/** The pseudonyms of the identifiers given (a master record's TIN too, when the master file is given). */
export function subjectPseudonyms(holderSecret: Uint8Array, subject: { readonly tin: string } | { readonly masterId: string }, values?: MasterValues): Pseudonym[] {
  if ('tin' in subject) return [pseudonymize(holderSecret, { scheme: 'tin', value: subject.tin })]
  const out = [pseudonymize(holderSecret, { scheme: 'master_id', value: subject.masterId })]
  const tin = values?.get(subject.masterId)?.tin?.replace(/\D/g, '') ?? ''
  if (tin.length === 9) out.push(pseudonymize(holderSecret, { scheme: 'tin', value: tin }))
  return out
}

/** Where the search starts: the pseudonyms and master record ids given, and what they are, in words. */
interface Seeds {
  readonly pseudonyms: Pseudonym[]
  readonly masterIds: string[]
  readonly searched: string[]
}

/**
 * The identifiers a subject gives. A request resolves through its batch's stored decision to
 * its master record; a request that is not there, or that matched no record, is refused with
 * what is missing, never answered with an empty accounting.
 */
async function seedsOf(store: ReadStore, holderSecret: Uint8Array, subject: SubjectRef, values?: MasterValues): Promise<Seeds> {
  if ('tin' in subject) {
    const digits = subject.tin.replace(/\D/g, '')
    const searched = [`the TIN given (ending ${digits.slice(-4)})`]
    if (values === undefined) return { pseudonyms: subjectPseudonyms(holderSecret, subject), masterIds: [], searched }
    // With the master file: the records that have this TIN today, whatever TIN they were disclosed under.
    const masterIds = [...values.values()].filter((r) => r.tin?.replace(/\D/g, '') === digits).map((r) => r.id)
    searched.push(masterIds.length === 0 ? '(no record of the master file given has this TIN)' : `the master ${masterIds.length === 1 ? 'record' : 'records'} with this TIN in the master file given (${masterIds.join(', ')})`)
    return { pseudonyms: [...subjectPseudonyms(holderSecret, subject), ...masterIds.map((id) => pseudonymize(holderSecret, { scheme: 'master_id', value: id }))], masterIds, searched }
  }
  let masterId: string
  const searched: string[] = []
  const pseudonyms: Pseudonym[] = []
  if ('masterId' in subject) {
    masterId = subject.masterId
  } else {
    if ((await store.batches.get(subject.batchId)) === undefined) throw new NotFoundError(`batch ${subject.batchId} is not in this store: no request of it can be looked up (verigate batch list shows the batch ids)`)
    const stored = await store.decisions.get(subject.batchId, subject.requestId)
    if (stored === undefined) throw new NotFoundError(`request ${JSON.stringify(subject.requestId)} is not in batch ${subject.batchId}: the person it would name cannot be told`)
    if (stored.decision.masterId === null) {
      throw new InvalidInputError(`request ${JSON.stringify(subject.requestId)} of batch ${subject.batchId} matched no master record, so it names no person on file: look the person up by master record id or TIN instead`)
    }
    masterId = stored.decision.masterId
    searched.push(`request ${subject.requestId} of batch ${subject.batchId}`)
    // The request's own disclosure, under whatever subject it was recorded (before links were kept too).
    const own = await store.disclosures.get(disclosureIdOf(subject.batchId, subject.requestId))
    if (own) pseudonyms.push(own.subject)
  }
  pseudonyms.push(...subjectPseudonyms(holderSecret, { masterId }, values))
  searched.push(`master record ${masterId}`)
  if (values !== undefined) {
    const tin = values.get(masterId)?.tin?.replace(/\D/g, '') ?? ''
    searched.push(
      !values.has(masterId) ? `(master record ${masterId} is not in the master file given: its current TIN is not known)` : tin.length === 9 ? `its TIN in the master file given (ending ${tin.slice(-4)})` : '(it has no TIN in the master file given)',
    )
  }
  return { pseudonyms, masterIds: [masterId], searched }
}

/**
 * Lists every disclosure about one person, oldest first: the fields batches released, and the
 * online answers that told the requester the person (or a close record) is on file. Starting from
 * the identifiers given, it follows the links kept at disclosure time (each disclosure's subject
 * and the pseudonym of its master record id) until no new identifier turns up, so a master record
 * id finds what was disclosed under the record's TIN, and a TIN what was disclosed under any of
 * its records, without the master file. Disclosures recorded before links were kept are found
 * through the master record their stored decision names. `values` are master records from the
 * master file, when given: for a master record id, that record (its current TIN is searched too);
 * for a TIN, the records that have it today (`readMasterRecordsByTin`).
 *
 * @example
 * const a = await accountingFor(store, keys.holderSecret, parseSubject('master:M000000101'))
 * a.entries.map((e) => `${e.disclosedAt} ${e.recipient} ${e.fields.join(',')}`)
 */
export async function accountingFor(store: ReadStore, holderSecret: Uint8Array, subject: SubjectRef, values?: MasterValues): Promise<Accounting> {
  const seeds = await seedsOf(store, holderSecret, subject, values)
  const given = new Set<string>(seeds.pseudonyms)
  const searchedPseudonyms = new Set<Pseudonym>()
  const searchedIds = new Set<string>()
  let pseudonyms = [...new Set(seeds.pseudonyms)]
  let masterIds = [...seeds.masterIds]
  const disclosed = new Map<string, { d: StoredDisclosure; decision: Decision | undefined; given: boolean }>()
  const answered = new Map<string, { v: StoredVerification; given: boolean }>()
  let throughDecisions = 0
  // Each round searches the identifiers new since the last; what it finds names more of them.
  while (pseudonyms.length > 0 || masterIds.length > 0) {
    const round = { pseudonyms, masterIds }
    for (const p of pseudonyms) searchedPseudonyms.add(p)
    for (const id of masterIds) searchedIds.add(id)
    const found: { subject: Pseudonym; masterSubject: Pseudonym | null; masterId: string | null }[] = []
    const oldDisclosures = await store.disclosures.unlinkedOfMasterIds(round.masterIds)
    for (const d of [...(await store.disclosures.byLinkedSubjects(round.pseudonyms)), ...oldDisclosures]) {
      if (disclosed.has(d.id)) continue
      const decision = (await store.decisions.get(d.batchId, d.requestId))?.decision
      const isGiven = given.has(d.subject) || (d.masterSubject != null && given.has(d.masterSubject)) || (d.masterSubject == null && seeds.masterIds.includes(decision?.masterId ?? ''))
      disclosed.set(d.id, { d, decision, given: isGiven })
      if (d.masterSubject == null) throughDecisions++
      found.push({ subject: d.subject, masterSubject: d.masterSubject ?? null, masterId: d.masterSubject == null ? (decision?.masterId ?? null) : null })
    }
    const oldAnswers = await store.onlineVerifications.unlinkedOfMasterIds(round.masterIds)
    for (const v of [...(await store.onlineVerifications.byLinkedSubjects(round.pseudonyms)), ...oldAnswers]) {
      if (answered.has(v.id)) continue
      const isGiven = given.has(v.subject) || (v.masterSubject != null && given.has(v.masterSubject)) || (v.masterSubject == null && seeds.masterIds.includes(v.decision.masterId ?? ''))
      answered.set(v.id, { v, given: isGiven })
      if (v.masterSubject == null) throughDecisions++
      found.push({ subject: v.subject, masterSubject: v.masterSubject ?? null, masterId: v.masterSubject == null ? v.decision.masterId : null })
    }
    const nextPseudonyms = new Set<Pseudonym>()
    const nextIds = new Set<string>()
    for (const f of found) {
      for (const p of [f.subject, f.masterSubject]) if (p !== null && !searchedPseudonyms.has(p)) nextPseudonyms.add(p)
      // A row from before links were kept names its master record only in its decision: that
      // record's own pseudonym, and the record itself for other such rows.
      if (f.masterId !== null) {
        const p = pseudonymize(holderSecret, { scheme: 'master_id', value: f.masterId })
        if (!searchedPseudonyms.has(p)) nextPseudonyms.add(p)
        if (!searchedIds.has(f.masterId)) nextIds.add(f.masterId)
      }
    }
    pseudonyms = [...nextPseudonyms]
    masterIds = [...nextIds]
  }
  const recalledBy = new Map<string, { noticeId: string; status: string }[]>()
  for (const r of await store.recalls.list()) for (const id of r.disclosureIds) if (disclosed.has(id)) recalledBy.set(id, [...(recalledBy.get(id) ?? []), { noticeId: r.id, status: r.status }])
  const entries: AccountingEntry[] = []
  for (const { d, decision, given: isGiven } of disclosed.values()) {
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
      foundBy: isGiven ? 'given' : 'linked',
    })
  }
  for (const { v, given: isGiven } of answered.values()) {
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
      foundBy: isGiven ? 'given' : 'linked',
    })
  }
  entries.sort((a, b) => (a.disclosedAt < b.disclosedAt ? -1 : a.disclosedAt > b.disclosedAt ? 1 : a.disclosureId < b.disclosureId ? -1 : 1))
  const linked = [...searchedPseudonyms].filter((p) => !given.has(p)).length
  const searched = [...seeds.searched, linked === 0 ? 'no other identifier was linked to them at disclosure time' : `${linked} more ${linked === 1 ? 'identifier' : 'identifiers'} linked to them at disclosure time (a master record and its TIN)`]
  return { subjects: [...searchedPseudonyms], searched, foundThroughDecisions: throughDecisions, entries }
}

/**
 * The sentence for an accounting with no entry: what was searched, so "none" is an answer for
 * named identifiers, never a guess.
 */
export function noDisclosureSentence(accounting: Accounting): string {
  return `no disclosure about this person is recorded under ${accounting.searched.join('; ')}`
}
