/**
 * The demo (`verigate demo`, `npm run demo`): the whole story of the product on generated data,
 * offline, in well under a minute.
 *
 * Part one, the office at work: it generates the `demo` scenario, runs a batch under the corrected
 * IRS–ICE agreement and the court orders as of a day the agreement was in force and before any
 * order, has two demo reviewers act on the review cases through keys of their own (the
 * agreement's borderline matches: the strongest approved by both, the weakest rejected; a second
 * action by the same reviewer refused), has the supervisor release them, and verifies the ledger.
 *
 * Part two, the incident of docs/rules.md replayed: a second batch, on incident-like data,
 * under the agreement as it was run (the TIN path releases the address whatever the request's
 * address says); that one recorded history audited under the corrected agreement, the agency's
 * reading and the court's reading, each count scored against the generator's truth; the incident
 * record with its 24-hour deadline (IRS Publication 1075); the recall notice, signed; a bad
 * certificate of disposal refused and a good one recorded on time; the recall status; the
 * accounting of disclosures for one person; the oversight report with the readings side by side;
 * and the ledger verified at the end.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { VerigateError, writePrivateFile } from '../core/index.js'
import type { LedgerKeys } from '../ledger/index.js'
import { readAgreementFile } from '../policy/index.js'
import { renderOversightReport } from '../report/index.js'
import type { IncidentRecord, RecallNoticeSummary } from '../report/index.js'
import { verifyStore } from '../store/index.js'
import type { Store, StoreVerification } from '../store/index.js'
import { generate } from '../synth/index.js'
import type { GenerateOptions } from '../synth/index.js'
import type { Accounting, AuditResult, CertificationIssueCode, RecallNotice, RecordedCertification } from './audit/index.js'
import { PUBLICATION_1075_RECIPIENTS, accountingFor, buildOversightReport, certifyDisposal, closeIncident, createRecalls, exportRecallNotice, recallNoticeCsv, recallStatus, reportIncident, runAudit } from './audit/index.js'
import type { BatchRunResult } from './batch/index.js'
import { runBatch } from './batch/index.js'
import { listReviewCases, releaseReviewed, reviewCase } from './review.js'
import { demoPeople } from './demo-people.js'
import type { StageProgress } from './progress.js'
import { requireNewStore } from './new-store.js'
import { numbered, scoreLine, scored } from './demo-scoring.js'
import type { ReadingScore } from './demo-scoring.js'

/** The repository root (dist/src/workflow/run-demo.js and src/workflow/run-demo.ts sit below it). */
function repoRoot(): string {
  const here = fileURLToPath(new URL('.', import.meta.url))
  return join(here, here.includes(`${join('dist', 'src')}`) ? '../../..' : '../..')
}

/** The decision day of the demo: the agreement is in force (from 7 April 2025) and no order yet is (the injunction is of 21 November 2025). */
export const DEMO_AS_OF = '2025-08-07T12:00:00.000Z'
/** When the clear disclosures go out: the same day. */
export const DEMO_RELEASE_AT = '2025-08-07T16:00:00.000Z'
/** When the reviewed cases go out: the next morning. */
export const DEMO_REVIEW_RELEASE_AT = '2025-08-08T09:00:00.000Z'
export { DEMO_REVIEWERS, DEMO_SUPERVISOR } from './demo-people.js'
export { scoreFindings } from './demo-scoring.js'
export type { ReadingScore } from './demo-scoring.js'

/**
 * The dates of the replayed incident, after docs/rules.md: the disclosure of 7 August 2025; the
 * agency's own audit in February 2026; the court's count of 26 February 2026; the recall the next
 * day; the recipient's certificate of disposal within the deadline; the oversight report.
 */
export const INCIDENT_TIMES = {
  asOf: '2025-08-07T12:00:00.000Z',
  releaseAt: '2025-08-07T16:00:00.000Z',
  correctedAudit: '2026-02-03T09:00:00.000Z',
  agencyAudit: '2026-02-10T09:00:00.000Z',
  courtAudit: '2026-02-26T15:00:00.000Z',
  /** Reported to TIGTA and the Office of Safeguards within the 24 hours after the court's audit found it. */
  incidentReported: '2026-02-27T08:00:00.000Z',
  recall: '2026-02-27T09:00:00.000Z',
  disposed: '2026-03-16T14:00:00.000Z',
  certificateReceived: '2026-03-18T10:00:00.000Z',
  /** Closed once the only recall notice's certification of disposal is in. */
  incidentClosed: '2026-03-18T12:00:00.000Z',
  report: '2026-03-31T09:00:00.000Z',
} as const

/** Days the recipient has to certify disposal. */
export const INCIDENT_RECALL_DAYS = 30

/**
 * The incident-like data: the demo scenario's people and rates, with the incident's kinds of bad
 * request address at a higher rate so a small file holds dozens of them, more requests about
 * people on file so the TIN path discloses often, and most of those people no longer at the
 * address the request states (the court counted about 90% of the real disclosures as made without
 * confirming the request's address; the agency about 5%). Street typos and missing ZIP codes are off: the
 * standardizer grades "123 Main St Springfield OR" (no ZIP) below complete where docs/rules.md rule 2
 * calls it complete, and a street typo lowers the address agreement where the truth says the
 * address is the same; either would make the truth and the decisions disagree for reasons that
 * are not the audit's (test/support/audit-test-support.ts generates its histories with the same address kinds).
 */
export const INCIDENT_DATA: GenerateOptions = Object.freeze({
  scenario: 'demo',
  seed: 7,
  people: 3000,
  requests: 600,
  inMasterRate: 0.6,
  movedRate: 0.8,
  zipMissingRate: 0,
  streetTypoRate: 0,
  addressKindWeights: Object.freeze({
    full: 0.7,
    street_only: 0.03,
    locality_only: 0.05,
    zip_only: 0.04,
    none: 0.03,
    'junk:failed_to_provide': 0.03,
    'junk:unknown_address': 0.02,
    'junk:na_na': 0.02,
    'junk:zeros': 0.02,
    'junk:bare_zip': 0.03,
    'junk:no_house_number': 0.02,
    'junk:facility': 0.01,
  }),
})

/** The share of incident-like requests drawn with an address other than a full one. */
function incompleteShare(): number {
  const weights = Object.entries(INCIDENT_DATA.addressKindWeights ?? {})
  const total = weights.reduce((sum, [, w]) => sum + w, 0)
  return total === 0 ? 0 : weights.reduce((sum, [kind, w]) => sum + (kind === 'full' ? 0 : w), 0) / total
}

/** One line of what the demo did, for the narration. */
export interface DemoStep {
  readonly what: string
  readonly detail: string
}

/** The incident replay: one recorded history, audited, recalled, certified and reported on. */
export interface IncidentReplay {
  readonly dataDir: string
  readonly batch: BatchRunResult
  readonly disclosuresMade: number
  readonly audits: { readonly corrected: AuditResult; readonly agency: AuditResult; readonly court: AuditResult }
  readonly scores: { readonly corrected: ReadingScore; readonly agency: ReadingScore; readonly court: ReadingScore }
  readonly incident: IncidentRecord
  readonly incidentPath: string
  readonly notices: readonly RecallNotice[]
  /** The first notice as a signed document for the recipient. */
  readonly signedNoticePath: string
  /** The codes a bad certificate (one naming a disclosure never recalled) was refused with. */
  readonly refusedCertificate: readonly CertificationIssueCode[]
  readonly certification: RecordedCertification
  readonly recallStatus: readonly RecallNoticeSummary[]
  /** The accounting of disclosures for one person concerned, and that person's TIN with all but the last four digits masked. */
  readonly accounting: Accounting
  readonly accountingSubject: string
  readonly oversightReportPath: string
}

/** What the demo produced. */
export interface DemoResult {
  readonly dataDir: string
  readonly batch: BatchRunResult
  /** The batch after the reviewed cases were released: how many went out and how many were withheld. */
  readonly afterReview: BatchRunResult & { readonly released: number; readonly withheld: number }
  readonly incident: IncidentReplay
  readonly steps: readonly DemoStep[]
  /** The ledger verified at the end, after everything. */
  readonly verification: StoreVerification
  readonly seconds: number
}

/** Options of `runDemo`. */
export interface DemoOptions {
  /** The folder for the generated data, the responses, the reports and the records. */
  readonly outDir: string
  readonly keys: LedgerKeys
  readonly progress?: StageProgress
}

/** The columns of truth.csv the replay reads. */
interface TruthRow {
  readonly request_id: string
  readonly master_id: string
  readonly noise: string
  readonly address_complete: string
}

function readCsv<T>(path: string): T[] {
  return parse(readFileSync(path), { columns: true }) as T[]
}

function maskTin(tin: string): string {
  const digits = tin.replace(/\D/g, '')
  return `***-**-${digits.slice(-4)}`
}

/**
 * Part two of the demo: the incident replayed into the same store and ledger.
 */
async function replayIncident(store: Store, options: DemoOptions, root: string, steps: DemoStep[], officer: string): Promise<IncidentReplay> {
  const outDir = join(options.outDir, 'incident')
  const dataDir = join(outDir, 'data')
  const generated = await generate(INCIDENT_DATA, dataDir)
  steps.push({ what: 'generated again', detail: `incident-like data: ${numbered(generated.files.master.rows)} master rows and ${numbered(generated.files.requests.rows)} requests, ${Math.round(incompleteShare() * 100)}% of them drawn with an incomplete or junk address, in ${dataDir}` })
  const agreement = (version: string) => join(root, `policies/agreements/irs-ice-2025-${version}.yaml`)
  const batch = await runBatch(store, {
    agreementPath: agreement('as-run'),
    masterPath: join(dataDir, 'master.csv'),
    requestsPath: join(dataDir, 'requests.csv'),
    asOf: INCIDENT_TIMES.asOf,
    releaseAt: INCIDENT_TIMES.releaseAt,
    outDir,
    // The generator's truth: the batch report counts the errors by surname group (docs/equity.md).
    truthPath: join(dataDir, 'truth.csv'),
    keys: options.keys,
    ...(options.progress ? { progress: options.progress } : {}),
  })
  const s = batch.summary
  steps.push({ what: 'batch as run', detail: `${batch.batchId} under the flawed agreement (the TIN path never checks the request's address): ${numbered(s.disclosed)} disclosed, ${numbered(s.intake_refused)} refused at intake` })

  // One history, three readings: each audit re-decides exactly this batch's disclosures.
  const batchIds = [batch.batchId]
  const audit = (version: string, at: string) => runAudit(store, { agreement: readAgreementFile(agreement(version)), batchIds, actor: 'oversight-office', systems: ['verigate batch gateway', 'verigate ledger'], now: () => new Date(at) })
  const corrected = await audit('corrected', INCIDENT_TIMES.correctedAudit)
  const agency = await audit('agency-reading', INCIDENT_TIMES.agencyAudit)
  const court = await audit('court-reading', INCIDENT_TIMES.courtAudit)

  // The generator's truth: which request addresses were incomplete, who moved, who gave a TIN.
  const truth = new Map(readCsv<TruthRow>(join(dataDir, 'truth.csv')).map((r) => [r.request_id, r]))
  const requestTin = new Map(readCsv<{ request_id: string; tin: string }>(join(dataDir, 'requests.csv')).map((r) => [r.request_id, r.tin.trim()]))
  const masterTin = new Map(readCsv<{ id: string; tin: string }>(join(dataDir, 'master.csv')).map((r) => [r.id, r.tin.trim()]))
  const disclosures = await store.disclosures.byBatch(batch.batchId)
  const truthOf = (requestId: string): TruthRow => {
    const t = truth.get(requestId)
    if (!t) throw new VerigateError('internal', `request ${requestId} is not in the generator's truth`)
    return t
  }
  const incomplete = new Set(disclosures.filter((d) => truthOf(d.requestId).address_complete !== 'true').map((d) => d.id))
  const unconfirmed = new Set(
    disclosures
      .filter((d) => {
        const t = truthOf(d.requestId)
        return (requestTin.get(d.requestId) ?? '') !== '' && (t.address_complete !== 'true' || t.noise.split(';').includes('moved'))
      })
      .map((d) => d.id),
  )
  const ids = (a: AuditResult, code?: string) => new Set(a.findings.filter((f) => code === undefined || f.reasons.some((r) => r.code === code)).map((f) => f.disclosureId))
  const scores = {
    corrected: scored(corrected, ids(corrected, 'REQUEST_ADDRESS_INSUFFICIENT'), incomplete, 'disclosed on an incomplete request address'),
    agency: scored(agency, ids(agency), incomplete, 'disclosed on an incomplete request address'),
    court: scored(court, ids(court), unconfirmed, 'disclosed by TIN without a complete request address that is the one on file'),
  }
  steps.push({ what: 'audit: corrected', detail: `${corrected.auditId}: ${scoreLine(scores.corrected)}` })
  steps.push({ what: 'audit: agency', detail: `${agency.auditId}: ${scoreLine(scores.agency)}` })
  steps.push({ what: 'audit: court', detail: `${court.auditId}: ${scoreLine(scores.court)}` })

  const [storedIncident] = await store.incidents.byAudit(court.auditId)
  if (!storedIncident) throw new VerigateError('internal', `audit ${court.auditId} found ${court.improper} improper disclosures but opened no incident`)
  const incident = storedIncident.record as IncidentRecord
  const incidentPath = join(outDir, `incident-${incident.incidentId}.json`)
  writeFileSync(incidentPath, `${JSON.stringify(incident, null, 2)}\n`)
  steps.push({ what: 'incident opened', detail: `${incident.incidentId}: ${numbered(incident.records)} records, found ${incident.discoveredAt}, report to TIGTA and the Office of Safeguards by ${incident.reportDeadline} (24 hours, IRS Publication 1075)` })

  const reported = await reportIncident(store, { incidentId: incident.incidentId, to: PUBLICATION_1075_RECIPIENTS, actor: officer, at: INCIDENT_TIMES.incidentReported })
  steps.push({ what: 'incident reported', detail: `${incident.incidentId} to ${reported.reportedTo.join(' and ')} at ${reported.reportedAt} by ${reported.reportedBy}: ${reported.late ? 'LATE, after the 24-hour deadline' : 'on time, within the 24-hour deadline'} (ledger entry ${reported.ledgerSeq})` })

  const { notices } = await createRecalls(store, { auditId: court.auditId, days: INCIDENT_RECALL_DAYS, actor: 'disclosure-office', now: () => new Date(INCIDENT_TIMES.recall) })
  const notice = notices[0]
  if (!notice) throw new VerigateError('internal', `the recall of audit ${court.auditId} issued no notice`)
  const signed = await exportRecallNotice(store, notice.noticeId, options.keys)
  const signedNoticePath = join(outDir, `recall-notice-${notice.noticeId}.json`)
  writePrivateFile(signedNoticePath, `${JSON.stringify(signed, null, 2)}\n`)
  // Its CSV attachment beside it: one row per recalled record, as the recipient knows it (owner-only).
  writePrivateFile(signedNoticePath.replace(/\.json$/, '.csv'), recallNoticeCsv(signed))
  steps.push({ what: 'recall issued', detail: `${notice.noticeId} to ${notice.recipient}: ${numbered(notice.disclosureIds.length)} disclosures, ${notice.disposal} ${notice.fields.join(', ')} by ${notice.deadline} (signed, key ${signed.keyId.slice(0, 16)}…)` })

  const certificate = (disclosureIds: readonly string[]) =>
    JSON.stringify({ noticeId: notice.noticeId, recipient: notice.recipient, disclosureIds, disposedAt: INCIDENT_TIMES.disposed, method: notice.disposal, methodDetail: 'NIST SP 800-88 purge of the case-system records and their backups', certifiedBy: 'ICE Privacy Officer (demo)' })
  const bad = await certifyDisposal(store, { noticeId: notice.noticeId, text: certificate([...notice.disclosureIds, 'd-never-recalled']), source: 'certificate-with-an-unknown-disclosure.json', receivedAt: INCIDENT_TIMES.certificateReceived })
  if (bad.ok) throw new VerigateError('internal', 'a certificate naming a disclosure that was never recalled was recorded')
  const refusedCertificate = bad.issues.map((i) => i.code)
  steps.push({ what: 'certificate refused', detail: `one naming a disclosure that was not recalled: ${bad.issues.map((i) => `${i.code} (${i.message})`).join('; ')}` })
  const good = await certifyDisposal(store, { noticeId: notice.noticeId, text: certificate(notice.disclosureIds), source: 'certificate.json', receivedAt: INCIDENT_TIMES.certificateReceived })
  if (!good.ok) throw new VerigateError('internal', `the demo certificate was refused: ${good.issues.map((i) => i.code).join(', ')}`)
  const certification = good.value
  steps.push({ what: 'certificate recorded', detail: `${certification.certificationId} received ${certification.receivedAt}, ${certification.late ? 'LATE' : 'on time'} (ledger entry ${certification.ledgerSeq})` })
  const closed = await closeIncident(store, { incidentId: incident.incidentId, reason: 'every recall notice of the audit has its certification of disposal', actor: officer, at: INCIDENT_TIMES.incidentClosed })
  steps.push({ what: 'incident closed', detail: `${incident.incidentId} at ${closed.closedAt} by ${closed.closedBy}: ${closed.reason} (ledger entry ${closed.ledgerSeq})` })
  const status = await recallStatus(store, new Date(INCIDENT_TIMES.report))
  steps.push({ what: 'recall status', detail: status.map((r) => `${r.noticeId} ${r.status} (${numbered(r.disclosures)} disclosures, deadline ${r.deadline})`).join('; ') })

  // The accounting for one person the court's audit found, named by the TIN on file.
  const recalled = new Set(notice.disclosureIds)
  const person = disclosures.map((d) => masterTin.get(truthOf(d.requestId).master_id) ?? '').find((tin, i) => recalled.has(disclosures[i]!.id) && tin.replace(/\D/g, '').length === 9)
  if (person === undefined) throw new VerigateError('internal', 'no recalled disclosure is about a person with a TIN on file')
  const accounting = await accountingFor(store, options.keys.holderSecret, { tin: person })
  const accountingSubject = maskTin(person)
  steps.push({ what: 'accounting', detail: `for the person with TIN ${accountingSubject}: ${accounting.entries.map((e) => `${e.disclosedAt} to ${e.recipient}: ${e.fields.join(',')} under ${e.legalBasis}${e.recalls.length ? ` (recalled, ${e.recalls.map((r) => r.status).join(', ')})` : ''}`).join('; ')}` })

  const built = await buildOversightReport(store, { auditId: court.auditId, compareWith: [agency.auditId, corrected.auditId], title: 'Oversight report: the request file of 7 August 2025, replayed', keys: options.keys, now: () => new Date(INCIDENT_TIMES.report) })
  // The audited batch's errors by surname group, counted against the generator's truth with the batch.
  const report = s.equity ? { ...built, equity: s.equity } : built
  const oversightReportPath = join(outDir, `oversight-${court.auditId}.html`)
  writeFileSync(oversightReportPath, await renderOversightReport(report))
  steps.push({ what: 'oversight report', detail: `${report.readings.map((r) => `${r.label} ${numbered(r.improper)}`).join(' | ')}; ${report.timeline.length} events on the timeline` })

  return {
    dataDir,
    batch,
    disclosuresMade: disclosures.length,
    audits: { corrected, agency, court },
    scores,
    incident,
    incidentPath,
    notices,
    signedNoticePath,
    refusedCertificate,
    certification,
    recallStatus: status,
    accounting,
    accountingSubject,
    oversightReportPath,
  }
}

/**
 * Runs the demo into a fresh store: the batch under the corrected agreement with its review, then
 * the incident replayed, then the ledger verified.
 *
 * @example
 * const result = await runDemo(store, { outDir: 'demo-out', keys })
 * result.afterReview.reportPath
 * result.incident.scores.court.recall // 1
 */
export async function runDemo(store: Store, options: DemoOptions): Promise<DemoResult> {
  const started = performance.now()
  // Synthetic disclosures never go into a store that holds anything real.
  await requireNewStore(store, 'the demo')
  const root = repoRoot()
  const dataDir = join(options.outDir, 'data')
  const steps: DemoStep[] = []
  const generated = await generate({ scenario: 'demo' }, dataDir)
  steps.push({ what: 'generated', detail: `${numbered(generated.files.master.rows)} master rows and ${numbered(generated.files.requests.rows)} requests (scenario demo, seed 1) in ${dataDir}` })
  const batch = await runBatch(store, {
    agreementPath: join(root, 'policies/agreements/irs-ice-2025-corrected.yaml'),
    ordersDir: join(root, 'policies/orders'),
    masterPath: join(dataDir, 'master.csv'),
    requestsPath: join(dataDir, 'requests.csv'),
    asOf: DEMO_AS_OF,
    releaseAt: DEMO_RELEASE_AT,
    outDir: options.outDir,
    keys: options.keys,
    ...(options.progress ? { progress: options.progress } : {}),
  })
  const s = batch.summary
  steps.push({ what: 'batch run', detail: `${batch.batchId} under the corrected agreement: ${s.disclosed} disclosed, ${s.withheld} withheld, ${s.intake_refused} refused at intake, ${s.review} held for review` })

  // Most cases held are borderline matches (the agreement's review.matchesBelowWeight): the
  // reviewers approve the strongest and reject the weakest, whose evidence is the thinnest.
  const cases = (await listReviewCases(store, { batchId: batch.batchId, state: 'pending' })).sort(
    (x, y) => (y.weight ?? -Infinity) - (x.weight ?? -Infinity) || (x.requestId < y.requestId ? -1 : x.requestId > y.requestId ? 1 : 0),
  )
  const people = await demoPeople(store, DEMO_AS_OF)
  const [a, b] = [people.reviewers[0].person, people.reviewers[1].person]
  const approve = cases[0]
  const reject = cases.length > 1 ? cases[cases.length - 1] : undefined
  if (approve) {
    await reviewCase(store, { batchId: batch.batchId, requestId: approve.requestId, reviewer: a, action: 'approve', reason: 'full name and date of birth agree; address agrees at house-number level; checked against the case file', at: new Date(DEMO_REVIEW_RELEASE_AT) })
    try {
      await reviewCase(store, { batchId: batch.batchId, requestId: approve.requestId, reviewer: a, action: 'approve', reason: 'approving twice', at: new Date(DEMO_REVIEW_RELEASE_AT) })
    } catch (error) {
      if (!(error instanceof VerigateError) || error.code !== 'conflict') throw error
      steps.push({ what: 'refused', detail: `${a} approving ${approve.requestId} a second time: ${error.message}` })
    }
    await reviewCase(store, { batchId: batch.batchId, requestId: approve.requestId, reviewer: b, action: 'approve', reason: 'agree: same person; the weight is low only for a common name', at: new Date(DEMO_REVIEW_RELEASE_AT) })
    steps.push({ what: 'approved', detail: `${approve.requestId} by ${a} and ${b} (${approve.approvalsNeeded} approvals needed)` })
  }
  if (reject) {
    await reviewCase(store, { batchId: batch.batchId, requestId: reject.requestId, reviewer: b, action: 'reject', reason: 'borderline weight, no TIN, a common name: nothing independent confirms it is the same person', at: new Date(DEMO_REVIEW_RELEASE_AT) })
    steps.push({ what: 'rejected', detail: `${reject.requestId} by ${b}` })
  }
  const afterReview = await releaseReviewed(store, batch.batchId, { keys: options.keys, releasedBy: people.supervisor.person, releaseAt: DEMO_REVIEW_RELEASE_AT })
  steps.push({ what: 'released reviewed', detail: `${afterReview.released} released, ${afterReview.withheld} withheld (orders re-checked at ${DEMO_REVIEW_RELEASE_AT})` })

  // The holder's supervisor reports the incident and closes it: a person, through their credential.
  const incident = await replayIncident(store, options, root, steps, people.supervisor.person)

  // The ledger, and the tables derived from it (disclosures, reviews, recalls, …) against it.
  const verification = await verifyStore(store, options.keys.publicKey)
  steps.push({ what: 'ledger verified', detail: `${verification.ok ? 'ok' : 'FAILED'}: ${numbered(verification.size)} entries, root ${verification.rootHash.slice(0, 16)}…, ${verification.checkpointsChecked} checkpoint(s) checked` })
  return { dataDir, batch, afterReview, incident, steps, verification, seconds: (performance.now() - started) / 1000 }
}
