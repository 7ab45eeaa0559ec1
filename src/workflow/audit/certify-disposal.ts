/**
 * Recording a recipient's certification of disposal against its recall notice (docs/rules.md rule 11;
 * IRS Publication 1075: disposal is logged with what, when, how and by whom; destruction of media
 * follows NIST SP 800-88). The certificate is a JSON or YAML document validated with zod, then
 * checked against the notice: the disposal method the notice asks for (the agreement's, recorded
 * in the audit the notice cites), every recalled disclosure covered, nothing that was not
 * recalled, the right recipient, one certificate per notice. A certificate received after the
 * deadline is recorded and flagged late; every other problem refuses it, all of them at once,
 * each with its own code, so the recipient can fix its certificate in one round. Nothing is ever
 * overwritten.
 */
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { digest, freeTextIssue } from '../../core/index.js'
import type { DisposalCertificationPayload, Issue, Result } from '../../core/index.js'
import type { Store } from '../../store/index.js'
import { deadlineEndMs, loadRecallNotice } from './recall.js'
import type { RecallNotice } from './recall.js'
import { refuseGivenTime, writeClock } from '../clock.js'

const isoTime = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && Number.isFinite(Date.parse(s)), { message: 'expected an ISO 8601 date-time, e.g. 2026-03-01T10:00:00Z' })

/** Text a person wrote that reaches the ledger and the pages: no control or bidirectional-override character. */
const freeText = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    const issue = freeTextIssue(text, 'the text')
    if (issue) ctx.addIssue({ code: 'custom', message: issue.message })
  })

/** The certificate a recipient sends back: what, when, how, by whom. */
export const disposalCertificateSchema = z.strictObject({
  /** The notice it answers. */
  noticeId: z.string().min(1),
  /** The recipient party certifying. */
  recipient: z.string().min(1),
  /** What: the disclosures disposed of. */
  disclosureIds: z.array(z.string().min(1)).min(1),
  /** When the data was disposed of. */
  disposedAt: isoTime,
  /** How: returned to the holder, or destroyed. */
  method: z.enum(['return', 'destroy']),
  /** How, in detail: e.g. `NIST SP 800-88 purge of the case-system records and backups`. */
  methodDetail: freeText,
  /** By whom: the certifying official, by role or staff id. */
  certifiedBy: freeText,
  /** A witness, where destruction is witnessed (Publication 1075, destruction by a contractor). */
  witness: freeText.optional(),
})

export type DisposalCertificate = z.infer<typeof disposalCertificateSchema>

/** Why a certificate is refused, or flagged. */
export type CertificationIssueCode =
  | 'certificate_unreadable'
  | 'certificate_invalid'
  | 'notice_unknown'
  | 'notice_mismatch'
  | 'recipient_mismatch'
  | 'method_mismatch'
  | 'disclosures_not_recalled'
  | 'disclosures_not_covered'
  | 'disposed_in_future'
  | 'already_certified'
  | 'certified_late'

/** A certification as recorded. */
export interface RecordedCertification {
  readonly certificationId: string
  readonly noticeId: string
  readonly receivedAt: string
  readonly late: boolean
  /** Flags on an accepted certificate (`certified_late`). */
  readonly flags: readonly Issue<CertificationIssueCode>[]
  readonly ledgerSeq: number
}

/** Options of `certifyDisposal`. */
export interface CertifyDisposalOptions {
  readonly noticeId: string
  /** The certificate's text (JSON or YAML). */
  readonly text: string
  /** Where it came from, for messages. */
  readonly source?: string
  /** When it was received (default: now). Only in a simulation store: a real one refuses it (`GivenTimeRefused`). */
  readonly receivedAt?: string
  /** The clock, as `receivedAt`. */
  readonly now?: () => Date
}

function issue(code: CertificationIssueCode, message: string, file: string, field?: string): Issue<CertificationIssueCode> {
  return { code, message, path: { file, ...(field === undefined ? {} : { field }) } }
}

/** Parses and validates a certificate's text. */
export function parseCertificate(text: string, file = '(certificate)'): Result<DisposalCertificate, CertificationIssueCode> {
  let raw: unknown
  try {
    raw = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text)
  } catch (cause) {
    return { ok: false, issues: [issue('certificate_unreadable', `the certificate is neither JSON nor YAML: ${(cause as Error).message}`, file)] }
  }
  const parsed = disposalCertificateSchema.safeParse(raw)
  if (parsed.success) return { ok: true, value: parsed.data }
  return { ok: false, issues: parsed.error.issues.map((i) => issue('certificate_invalid', i.message, file, i.path.join('.') || undefined)) }
}

/** The fields of a certificate its notice checks; a field left out (one that did not validate) is not checked. */
export type CheckedCertificateFields = Partial<Pick<DisposalCertificate, 'noticeId' | 'recipient' | 'disclosureIds' | 'disposedAt' | 'method'>>

/** The fields of an invalid certificate that are valid each on its own, to check against the notice all the same. */
function validFieldsOf(text: string): CheckedCertificateFields {
  let raw: unknown
  try {
    raw = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text)
  } catch {
    return {}
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {}
  const shape = disposalCertificateSchema.shape
  const out: Record<string, unknown> = {}
  for (const field of ['noticeId', 'recipient', 'disclosureIds', 'disposedAt', 'method'] as const) {
    const parsed = shape[field].safeParse((raw as Record<string, unknown>)[field])
    if (parsed.success) out[field] = parsed.data
  }
  return out as CheckedCertificateFields
}

/**
 * Checks a certificate against its notice; returns the refusals (empty when it may be recorded).
 * Every difference is reported, not the first: the notice it answers, its recipient, its method
 * (the notice's disposal), the disclosures it names and covers, and a disposal after receipt.
 */
export function checkAgainstNotice(cert: CheckedCertificateFields, notice: RecallNotice, receivedAtMs: number, file: string): Issue<CertificationIssueCode>[] {
  const issues: Issue<CertificationIssueCode>[] = []
  if (cert.noticeId !== undefined && cert.noticeId !== notice.noticeId) issues.push(issue('notice_mismatch', `the certificate answers notice ${cert.noticeId}, not ${notice.noticeId}`, file, 'noticeId'))
  if (cert.recipient !== undefined && cert.recipient !== notice.recipient) issues.push(issue('recipient_mismatch', `the certificate is from ${cert.recipient}, but the notice went to ${notice.recipient}`, file, 'recipient'))
  // The notice asks for one way of disposal (the agreement's); a certificate of the other does not
  // answer it: data returned is not data destroyed, and the other way round.
  if (cert.method !== undefined && cert.method !== notice.disposal) issues.push(issue('method_mismatch', `the certificate says the data was disposed of by ${cert.method}, but notice ${notice.noticeId} asks for ${notice.disposal === 'return' ? 'its return' : 'its destruction'} (method: ${notice.disposal})`, file, 'method'))
  if (cert.disclosureIds !== undefined) {
    const recalled = new Set(notice.disclosureIds)
    const named = new Set(cert.disclosureIds)
    const unknown = [...named].filter((id) => !recalled.has(id))
    const missing = notice.disclosureIds.filter((id) => !named.has(id))
    if (unknown.length > 0) issues.push(issue('disclosures_not_recalled', `the certificate names ${unknown.length} disclosure(s) the notice did not recall: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}`, file, 'disclosureIds'))
    if (missing.length > 0) issues.push(issue('disclosures_not_covered', `the certificate does not cover ${missing.length} recalled disclosure(s): ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`, file, 'disclosureIds'))
  }
  if (cert.disposedAt !== undefined && Date.parse(cert.disposedAt) > receivedAtMs) issues.push(issue('disposed_in_future', `the certificate says the data was disposed of at ${cert.disposedAt}, after it was received`, file, 'disposedAt'))
  return issues
}

/**
 * Records a certification of disposal for a notice, with its ledger entry; or refuses it with
 * every reason at once (a notice already certified, a certificate that cannot be read, and every
 * way it differs from its notice). A certificate received after the notice's deadline is recorded
 * and flagged late.
 *
 * @example
 * const r = await certifyDisposal(store, { noticeId, text: readFileSync('cert.yaml', 'utf8') })
 * if (!r.ok) console.log(r.issues.map((i) => i.code)) // e.g. ['disclosures_not_recalled']
 */
export async function certifyDisposal(store: Store, options: CertifyDisposalOptions): Promise<Result<RecordedCertification, CertificationIssueCode>> {
  const file = options.source ?? '(certificate)'
  // When it was received is the server's clock in a real store; what the recipient says of its
  // disposal (`disposedAt`) is its own claim, checked against that.
  refuseGivenTime(store.mode, 'receivedAt', options.receivedAt)
  const receivedAt = new Date(options.receivedAt ?? writeClock(store.mode, options.now)()).toISOString()
  const recall = await store.recalls.get(options.noticeId)
  const parsed = parseCertificate(options.text, file)
  // Without its notice a certificate can be checked for nothing else.
  if (!recall) return { ok: false, issues: [issue('notice_unknown', `there is no recall notice ${options.noticeId}`, file), ...(parsed.ok ? [] : parsed.issues)] }
  const existing = await store.certifications.forRecall(recall.id)
  const notice = await loadRecallNotice(store, recall.id)
  const refusals: Issue<CertificationIssueCode>[] = []
  if (existing) refusals.push(issue('already_certified', `notice ${recall.id} was already certified (${existing.id}, received ${existing.receivedAt}); the first certification stands`, file))
  if (!parsed.ok) refusals.push(...parsed.issues)
  // An invalid certificate is still checked against its notice on the fields that are valid.
  refusals.push(...checkAgainstNotice(parsed.ok ? parsed.value : validFieldsOf(options.text), notice, Date.parse(receivedAt), file))
  if (refusals.length > 0 || !parsed.ok) return { ok: false, issues: refusals }
  const cert = parsed.value
  const late = Date.parse(receivedAt) >= deadlineEndMs(notice.deadline)
  const flags = late ? [issue('certified_late', `received ${receivedAt}, after the deadline ${notice.deadline}: recorded and flagged late`, file)] : []
  const documentDigest = digest(options.text)
  const certificationId = `dc-${documentDigest.slice('sha256:'.length, 'sha256:'.length + 20)}`
  const payload: DisposalCertificationPayload = {
    noticeId: notice.noticeId,
    recipient: notice.recipient,
    disclosureIds: [...notice.disclosureIds],
    disposedAt: new Date(cert.disposedAt).toISOString(),
    method: `${cert.method}: ${cert.methodDetail}`,
    certifiedBy: cert.certifiedBy,
    documentDigest,
    late,
  }
  const ledgerSeq = await store.transaction(async (tx) => {
    const [entry] = await tx.ledger.append([{ kind: 'disposal_certification', at: receivedAt, actor: notice.recipient, payload }])
    await tx.certifications.insert({
      id: certificationId,
      recallId: notice.noticeId,
      certifiedBy: cert.certifiedBy,
      method: payload.method,
      disposedAt: payload.disposedAt,
      document: options.text,
      documentDigest,
      receivedAt,
      late,
      ledgerSeq: entry!.seq,
    })
    await tx.recalls.setStatus(notice.noticeId, late ? 'certified_late' : 'certified')
    return entry!.seq
  })
  return { ok: true, value: { certificationId, noticeId: notice.noticeId, receivedAt, late, flags, ledgerSeq } }
}
