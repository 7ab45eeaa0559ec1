/**
 * Recording a recipient's certification of disposal against its recall notice (DOMAIN.md rule 11;
 * IRS Publication 1075: disposal is logged with what, when, how and by whom; destruction of media
 * follows NIST SP 800-88). The certificate is a JSON or YAML document validated with zod, then
 * checked against the notice: every recalled disclosure covered, nothing that was not recalled,
 * the right recipient, one certificate per notice. A certificate received after the deadline is
 * recorded and flagged late; every other problem refuses it, each with its own code. Nothing is
 * ever overwritten.
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

/** Checks a valid certificate against its notice; returns the refusals (empty when it may be recorded). */
export function checkAgainstNotice(cert: DisposalCertificate, notice: RecallNotice, receivedAtMs: number, file: string): Issue<CertificationIssueCode>[] {
  const issues: Issue<CertificationIssueCode>[] = []
  if (cert.noticeId !== notice.noticeId) issues.push(issue('notice_mismatch', `the certificate answers notice ${cert.noticeId}, not ${notice.noticeId}`, file, 'noticeId'))
  if (cert.recipient !== notice.recipient) issues.push(issue('recipient_mismatch', `the certificate is from ${cert.recipient}, but the notice went to ${notice.recipient}`, file, 'recipient'))
  const recalled = new Set(notice.disclosureIds)
  const named = new Set(cert.disclosureIds)
  const unknown = [...named].filter((id) => !recalled.has(id))
  const missing = notice.disclosureIds.filter((id) => !named.has(id))
  if (unknown.length > 0) issues.push(issue('disclosures_not_recalled', `the certificate names ${unknown.length} disclosure(s) the notice did not recall: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}`, file, 'disclosureIds'))
  if (missing.length > 0) issues.push(issue('disclosures_not_covered', `the certificate does not cover ${missing.length} recalled disclosure(s): ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`, file, 'disclosureIds'))
  if (Date.parse(cert.disposedAt) > receivedAtMs) issues.push(issue('disposed_in_future', `the certificate says the data was disposed of at ${cert.disposedAt}, after it was received`, file, 'disposedAt'))
  return issues
}

/**
 * Records a certification of disposal for a notice, with its ledger entry; or refuses it with
 * every reason. A certificate received after the notice's deadline is recorded and flagged late.
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
  if (!recall) return { ok: false, issues: [issue('notice_unknown', `there is no recall notice ${options.noticeId}`, file)] }
  const existing = await store.certifications.forRecall(recall.id)
  if (existing) return { ok: false, issues: [issue('already_certified', `notice ${recall.id} was already certified (${existing.id}, received ${existing.receivedAt}); the first certification stands`, file)] }
  const parsed = parseCertificate(options.text, file)
  if (!parsed.ok) return parsed
  const cert = parsed.value
  const notice = await loadRecallNotice(store, recall.id)
  const refusals = checkAgainstNotice(cert, notice, Date.parse(receivedAt), file)
  if (refusals.length > 0) return { ok: false, issues: refusals }
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
