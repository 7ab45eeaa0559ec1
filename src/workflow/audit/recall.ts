/**
 * Recall notices: per recipient, the disclosures an audit found improper, the fields to destroy,
 * the legal reason and a deadline (docs/rules.md rule 11; 26 U.S.C. 6103(p)(4)(F): a recipient returns
 * the data or makes it undisclosable). Each notice is a ledger entry, and can be exported as a
 * document signed with the ledger key (Ed25519, RFC 8032) that the recipient can check against
 * the holder's public key.
 */
import { verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { DISCLOSABLE_FIELDS, InvalidInputError, NotFoundError, canonicalJson, digest } from '../../core/index.js'
import type { JsonValue, RecallPayload } from '../../core/index.js'
import { keyIdOf, signWithLedgerKey, toPublicKey } from '../../ledger/index.js'
import type { LedgerKeys } from '../../ledger/index.js'
import type { RecallNoticeSummary, RecallStatus } from '../../report/index.js'
import type { ReadStore, Store, StoredRecall } from '../../store/index.js'
import type { AuditResult } from './audit-types.js'
import { recallCsv, recalledRecords, sha256Of } from './recall-attachment.js'
import type { RecalledRecord } from './recall-attachment.js'
import { loadAudit } from './run-audit.js'
import { stampedTime, writeClock } from '../clock.js'

/** Days a recipient has to certify disposal when the caller does not say (the agreements carry no recall term). */
export const DEFAULT_RECALL_DAYS = 30

/** A recall notice as issued. */
export interface RecallNotice {
  readonly noticeId: string
  readonly auditId: string
  /** The disclosing party that issues the notice. */
  readonly discloser: string
  readonly recipient: string
  readonly disclosureIds: readonly string[]
  /** The fields to destroy or return, in canonical order. */
  readonly fields: readonly string[]
  /** The legal reason, in words, with the reason codes the audit found. */
  readonly reason: string
  /** How the agreement says the data goes back: `return` or `destroy`. */
  readonly disposal: 'return' | 'destroy'
  /** The day by which disposal must be certified (YYYY-MM-DD, the whole day in UTC). */
  readonly deadline: string
  readonly issuedAt: string
  readonly ledgerSeq: number | null
}

/** Options of `createRecalls`. */
export interface CreateRecallsOptions {
  readonly auditId: string
  /** Days from the day of issue to the deadline (default 30). */
  readonly days?: number
  readonly actor?: string
  /** The clock of issue (default: the server's). Only in a simulation store: a real one refuses it (`GivenTimeRefused`). */
  readonly now?: () => Date
}

/** The id of the notice of one audit to one recipient (derived, so a retry finds the same one). */
export function noticeIdOf(auditId: string, recipient: string): string {
  return `rn-${digest(`${auditId}\n${recipient}`).slice('sha256:'.length, 'sha256:'.length + 20)}`
}

function toNotice(r: StoredRecall, audit: Pick<AuditResult, 'discloser' | 'disposal'>): RecallNotice {
  return {
    noticeId: r.id,
    auditId: r.auditId,
    discloser: audit.discloser,
    recipient: r.recipientPartyId,
    disclosureIds: r.disclosureIds,
    fields: r.fields,
    reason: r.reason,
    disposal: audit.disposal,
    deadline: r.deadline,
    issuedAt: r.createdAt,
    ledgerSeq: r.ledgerSeq,
  }
}

/** Improper disclosures of an audit that an earlier notice already recalls, by that notice. */
export interface AlreadyRecalled {
  /** The earlier notice (open or certified) that recalls them. */
  readonly noticeId: string
  /** The audit that issued it. */
  readonly auditId: string
  /** Where that notice stands: `issued`, `certified` or `certified_late`. */
  readonly status: string
  /** The disclosures of this audit's findings it already recalls, sorted. */
  readonly disclosureIds: readonly string[]
}

/** What `createRecalls` answers. */
export interface CreateRecallsResult {
  /** This audit's notices: the ones just issued, or the ones issued before (`created: false`); empty when nothing was new. */
  readonly notices: readonly RecallNotice[]
  /** True when this call issued the notices. */
  readonly created: boolean
  /**
   * The audit's improper disclosures left out because an earlier notice (of another audit)
   * already recalls them for every field this audit finds improper; empty when none.
   */
  readonly alreadyRecalled: readonly AlreadyRecalled[]
}

/**
 * Which of an audit's findings other audits' notices already recall. A notice is never
 * withdrawn: every notice stored is open (`issued`) or certified, and a disclosure under one
 * is not recalled again. A finding counts as recalled when the notices holding its disclosure
 * cover every field it finds improper; where a stricter reading finds more of a disclosure's
 * fields improper than the earlier notices asked for, it is recalled again for the fields at stake,
 * as the recipient still holds them.
 */
function splitByEarlierNotices(
  findings: AuditResult['findings'],
  auditId: string,
  recalls: readonly StoredRecall[],
): { readonly fresh: AuditResult['findings'][number][]; readonly alreadyRecalled: AlreadyRecalled[] } {
  const holding = new Map<string, StoredRecall[]>()
  for (const r of recalls) {
    if (r.auditId === auditId) continue
    for (const id of r.disclosureIds) {
      const list = holding.get(id)
      if (list) list.push(r)
      else holding.set(id, [r])
    }
  }
  const fresh: AuditResult['findings'][number][] = []
  const byNotice = new Map<string, { recall: StoredRecall; ids: string[] }>()
  for (const f of findings) {
    const earlier = holding.get(f.disclosureId) ?? []
    const covered = new Set(earlier.flatMap((r) => r.fields))
    if (earlier.length === 0 || !f.improperFields.every((field) => covered.has(field))) {
      fresh.push(f)
      continue
    }
    // Named under the first notice that recalled it (oldest first, as the store lists them).
    const first = earlier[0]!
    const slot = byNotice.get(first.id) ?? { recall: first, ids: [] }
    slot.ids.push(f.disclosureId)
    byNotice.set(first.id, slot)
  }
  const alreadyRecalled = [...byNotice.values()].map(({ recall, ids }) => ({ noticeId: recall.id, auditId: recall.auditId, status: recall.status, disclosureIds: ids.sort() }))
  return { fresh, alreadyRecalled }
}

/**
 * Issues the recall notices of an audit, one per recipient, each with its ledger entry, in one
 * transaction. A disclosure another audit's notice already recalls (open or certified) is not
 * recalled again: the notices list only what is new, and an audit whose findings are all
 * recalled already issues none (`notices` empty, `alreadyRecalled` says by which notices).
 * Issuing them again returns the notices already issued (`created: false`) and writes nothing.
 * The earlier notices are read holding the ledger's lock, so two audits recalled at once cannot
 * both recall one disclosure.
 *
 * @example
 * const { notices, alreadyRecalled } = await createRecalls(store, { auditId: result.auditId, days: 30 })
 * notices[0].deadline // 30 days after today
 */
export async function createRecalls(store: Store, options: CreateRecallsOptions): Promise<CreateRecallsResult> {
  const audit = await loadAudit(store, options.auditId)
  const existing = await store.recalls.byAudit(audit.auditId)
  if (existing.length > 0) return { notices: existing.map((r) => toNotice(r, audit)), created: false, alreadyRecalled: splitByEarlierNotices(audit.findings, audit.auditId, await store.recalls.list()).alreadyRecalled }
  if (audit.findings.length === 0) throw new InvalidInputError(`audit ${audit.auditId} found no improper disclosure: there is nothing to recall`)
  const days = options.days ?? DEFAULT_RECALL_DAYS
  if (!Number.isSafeInteger(days) || days < 1) throw new InvalidInputError(`a recall deadline of ${days} days: expected a whole number of days, at least 1`)
  const given = options.now === undefined ? undefined : writeClock(store.mode, options.now)()
  return store.transaction(async (tx) => {
    await tx.ledger.lock()
    // Read again under the lock: another caller may have issued this audit's notices, or
    // recalled some of its disclosures, since the reads above.
    const mine = await tx.recalls.byAudit(audit.auditId)
    const all = await tx.recalls.list()
    const { fresh, alreadyRecalled } = splitByEarlierNotices(audit.findings, audit.auditId, all)
    if (mine.length > 0) return { notices: mine.map((r) => toNotice(r, audit)), created: false, alreadyRecalled }
    if (fresh.length === 0) return { notices: [], created: false, alreadyRecalled }
    const issued = given ?? new Date(await stampedTime(tx, undefined))
    const at = issued.toISOString()
    const deadline = new Date(Date.UTC(issued.getUTCFullYear(), issued.getUTCMonth(), issued.getUTCDate() + days)).toISOString().slice(0, 10)
    const byRecipient = new Map<string, AuditResult['findings'][number][]>()
    for (const f of fresh) {
      const list = byRecipient.get(f.recipient)
      if (list) list.push(f)
      else byRecipient.set(f.recipient, [f])
    }
    const planned = [...byRecipient].sort(([a], [b]) => (a < b ? -1 : 1)).map(([recipient, findings]) => {
      const fieldSet = new Set(findings.flatMap((f) => f.improperFields))
      const codes = [...new Set(findings.flatMap((f) => f.reasons.map((r) => r.code)))].sort()
      const reason =
        `Disclosed contrary to ${audit.legalBasis} as re-decided by audit ${audit.auditId} under agreement ${audit.agreement.id} version ${audit.agreement.version}` +
        `${audit.orders.length > 0 ? ` and court order(s) ${audit.orders.map((o) => o.id).join(', ')}` : ''} (${codes.join(', ')}); ` +
        `the recipient must ${audit.disposal === 'return' ? 'return' : 'destroy'} the data and certify its disposal (26 U.S.C. 6103(p)(4)(F)).`
      return {
        id: noticeIdOf(audit.auditId, recipient),
        auditId: audit.auditId,
        recipientPartyId: recipient,
        disclosureIds: findings.map((f) => f.disclosureId).sort(),
        fields: DISCLOSABLE_FIELDS.filter((f) => fieldSet.has(f)),
        reason,
        deadline,
        status: 'issued',
        createdAt: at,
      }
    })
    const entries = await tx.ledger.append(
      planned.map((p) => {
        const payload: RecallPayload = { noticeId: p.id, auditId: p.auditId, recipient: p.recipientPartyId, disclosureIds: p.disclosureIds, fields: p.fields, reason: p.reason, deadline: p.deadline }
        return { kind: 'recall' as const, at, actor: options.actor ?? audit.discloser, payload }
      }),
    )
    const rows: StoredRecall[] = planned.map((p, i) => ({ ...p, ledgerSeq: entries[i]!.seq }))
    await tx.recalls.insertMany(rows)
    return { notices: rows.map((r) => toNotice(r, audit)), created: true, alreadyRecalled }
  })
}

/** Reads one notice. */
export async function loadRecallNotice(store: Store, noticeId: string): Promise<RecallNotice> {
  const r = await store.recalls.get(noticeId)
  if (!r) throw new NotFoundError(`no recall notice ${noticeId}`)
  return toNotice(r, await loadAudit(store, r.auditId))
}

/** The format tag of an exported notice: with its records as the recipient knows them and its CSV attachment's digest (issue 16). */
export const RECALL_NOTICE_FORMAT = 'verigate-recall-notice/2'

/** The format of notices exported before issue 16 (disclosure ids only, no attachment): still verifiable. */
export const RECALL_NOTICE_FORMAT_V1 = 'verigate-recall-notice/1'

/** The CSV attachment of an exported notice, as the signed document names it. */
export interface RecallAttachment {
  /** Its file name as exported (`<notice>.csv`, beside `<notice>.json`). */
  readonly file: string
  /** `sha256:` and the hex SHA-256 of its bytes. */
  readonly sha256: string
  /** Its rows, the header not counted: one per recalled record. */
  readonly rows: number
}

/**
 * A recall notice as exported: the notice, each recalled record as the recipient knows it, the
 * digest of the CSV attachment, its ledger entry, and an Ed25519 signature over all of them.
 */
export interface SignedRecallNotice {
  readonly format: typeof RECALL_NOTICE_FORMAT
  readonly notice: RecallNotice
  /** Each recalled record by request id, case reference, batch and response file (`recalledRecords`). */
  readonly records: readonly RecalledRecord[]
  /** The CSV attachment (`recallNoticeCsv`): the signature covers its digest, so the CSV is covered too. */
  readonly attachment: RecallAttachment
  /** The notice's ledger entry: its position and hash, to check against the ledger's proofs. */
  readonly ledger: { readonly seq: number; readonly hash: string }
  /** Hex SHA-256 of the signing key's SubjectPublicKeyInfo. */
  readonly keyId: string
  /** Base64 Ed25519 signature over the canonical JSON of everything above. */
  readonly signature: string
}

/** A notice exported in the first format (before issue 16): verifiable, with no records or attachment. */
export interface SignedRecallNoticeV1 {
  readonly format: typeof RECALL_NOTICE_FORMAT_V1
  readonly notice: RecallNotice
  readonly ledger: { readonly seq: number; readonly hash: string }
  readonly keyId: string
  readonly signature: string
}

function signedBytes(doc: Omit<SignedRecallNotice, 'signature'> | Omit<SignedRecallNoticeV1, 'signature'>): Buffer {
  // The first format signed exactly these four members; the second adds the records and the attachment.
  const body =
    doc.format === RECALL_NOTICE_FORMAT
      ? { format: doc.format, notice: doc.notice, records: doc.records, attachment: doc.attachment, ledger: doc.ledger, keyId: doc.keyId }
      : { format: doc.format, notice: doc.notice, ledger: doc.ledger, keyId: doc.keyId }
  return Buffer.from(canonicalJson(body as unknown as JsonValue), 'utf8')
}

/** The file name of a notice's CSV attachment. */
export function recallAttachmentName(noticeId: string): string {
  return `${noticeId}.csv`
}

/**
 * The CSV attachment of an exported notice, written from the signed document's own records: the
 * same document always gives the same bytes, whose digest the document carries.
 */
export function recallNoticeCsv(doc: Pick<SignedRecallNotice, 'notice' | 'records'>): string {
  return recallCsv({ noticeId: doc.notice.noticeId, disposal: doc.notice.disposal, deadline: doc.notice.deadline }, doc.records)
}

/**
 * Exports a notice as a signed document for the recipient, naming each recalled record as the
 * recipient received it; its CSV attachment is `recallNoticeCsv(signed)`.
 *
 * @example
 * const signed = await exportRecallNotice(store, noticeId, keys)
 * writePrivateFile('rn-….csv', recallNoticeCsv(signed))
 * verifyRecallNotice(signed, publicKeyPem(keys)) // true
 */
export async function exportRecallNotice(store: Store, noticeId: string, keys: LedgerKeys): Promise<SignedRecallNotice> {
  const notice = await loadRecallNotice(store, noticeId)
  if (notice.ledgerSeq === null) throw new NotFoundError(`recall notice ${noticeId} has no ledger entry`)
  const entry = await store.ledger.get(notice.ledgerSeq)
  if (!entry) throw new NotFoundError(`the ledger entry ${notice.ledgerSeq} of recall notice ${noticeId} is missing`)
  const records = await recalledRecords(store, await loadAudit(store, notice.auditId), notice.disclosureIds)
  const csv = recallNoticeCsv({ notice, records })
  const attachment: RecallAttachment = { file: recallAttachmentName(noticeId), sha256: sha256Of(csv), rows: records.length }
  const unsigned = { format: RECALL_NOTICE_FORMAT, notice, records, attachment, ledger: { seq: entry.seq, hash: entry.hash }, keyId: keys.keyId } as const
  return { ...unsigned, signature: signWithLedgerKey(keys, signedBytes(unsigned)).toString('base64') }
}

/**
 * True when the signed notice was signed by this public key and not changed since. A notice of
 * the first format (`verigate-recall-notice/1`) is checked as it was signed.
 */
export function verifyRecallNotice(doc: SignedRecallNotice | SignedRecallNoticeV1, publicKey: KeyObject | string): boolean {
  const key = toPublicKey(publicKey)
  if ((doc.format !== RECALL_NOTICE_FORMAT && doc.format !== RECALL_NOTICE_FORMAT_V1) || doc.keyId !== keyIdOf(key)) return false
  try {
    return verify(null, signedBytes(doc), key, Buffer.from(doc.signature, 'base64'))
  } catch {
    // A document whose members are not what the format says (canonical JSON refuses them).
    return false
  }
}

/** What `checkRecallNotice` finds. */
export interface RecallNoticeCheck {
  readonly ok: boolean
  /** The format checked. */
  readonly format: string
  /** Every problem found, in words; empty when `ok`. */
  readonly problems: readonly string[]
}

/**
 * Checks an exported notice and its CSV attachment: the signature (by this public key), and
 * that the CSV is byte for byte the one the signed document names (its SHA-256) and the one its
 * records give. A notice of the first format has no attachment, and a CSV given with it is a
 * problem.
 *
 * @example
 * checkRecallNotice(signed, readFileSync('rn-….csv'), publicKeyPem(keys)) // { ok: true, problems: [] }
 */
export function checkRecallNotice(doc: SignedRecallNotice | SignedRecallNoticeV1, csv: Uint8Array | string | undefined, publicKey: KeyObject | string): RecallNoticeCheck {
  const problems: string[] = []
  const format = typeof doc?.format === 'string' ? doc.format : 'unknown'
  if (format !== RECALL_NOTICE_FORMAT && format !== RECALL_NOTICE_FORMAT_V1) {
    return { ok: false, format, problems: [`not a recall notice: its format is ${JSON.stringify(doc?.format)}, expected ${RECALL_NOTICE_FORMAT} or ${RECALL_NOTICE_FORMAT_V1}`] }
  }
  if (!verifyRecallNotice(doc, publicKey)) problems.push('the signature does not verify under this public key: the notice was changed, or signed by another key')
  if (doc.format === RECALL_NOTICE_FORMAT) {
    if (csv === undefined) problems.push(`the CSV attachment ${doc.attachment.file} was not given`)
    else {
      const actual = sha256Of(csv)
      if (actual !== doc.attachment.sha256) problems.push(`the CSV attachment is not the one the notice names: its SHA-256 is ${actual}, the notice says ${doc.attachment.sha256} (a row changed, added or dropped)`)
      else if (Buffer.from(typeof csv === 'string' ? csv : Buffer.from(csv)).toString('utf8') !== recallNoticeCsv(doc)) problems.push('the CSV attachment does not list the notice’s records')
    }
  } else if (csv !== undefined) problems.push(`a notice of format ${RECALL_NOTICE_FORMAT_V1} has no CSV attachment`)
  return { ok: problems.length === 0, format, problems }
}

/** The end of a deadline day (YYYY-MM-DD) in epoch milliseconds: the whole day counts. */
export function deadlineEndMs(deadline: string): number {
  return Date.parse(`${deadline}T00:00:00.000Z`) + 86_400_000
}

/**
 * Where every notice stands at `asOf`: outstanding (no certification, deadline not passed),
 * overdue, certified, or certified late. Optionally only one audit's notices.
 */
export async function recallStatus(store: Pick<ReadStore, 'recalls' | 'certifications'>, asOf: Date, auditId?: string): Promise<readonly RecallNoticeSummary[]> {
  const recalls = auditId === undefined ? await store.recalls.list() : await store.recalls.byAudit(auditId)
  const out: RecallNoticeSummary[] = []
  for (const r of recalls) {
    const c = await store.certifications.forRecall(r.id)
    let status: RecallStatus
    if (c) status = c.late ? 'certified_late' : 'certified'
    else status = asOf.getTime() >= deadlineEndMs(r.deadline) ? 'overdue' : 'outstanding'
    out.push({
      noticeId: r.id,
      recipient: r.recipientPartyId,
      issuedAt: r.createdAt,
      deadline: r.deadline,
      disclosures: r.disclosureIds.length,
      fields: r.fields,
      reason: r.reason,
      status,
      certification: c ? { disposedAt: c.disposedAt, receivedAt: c.receivedAt, method: c.method, certifiedBy: c.certifiedBy, disclosuresCovered: r.disclosureIds.length } : null,
    })
  }
  return out
}
