/**
 * Checks that a report's figures hang together before it is drawn: a report whose counts do not
 * add up is a bug upstream, and a holder must not send one to an overseer. Every problem found is
 * an `Issue`; the renderers refuse a report with any.
 */
import { COMPARISON_LEVELS } from '../core/index.js'
import type { ComparedField, Issue } from '../core/index.js'
import type { BatchReport, OversightReport, ReasonCount } from './report-types.js'
import { BATCH_COUNT_NAMES } from './report-types.js'

/** Codes of the problems a report check finds. */
export type ReportIssueCode = 'invalid_count' | 'counts_do_not_add_up' | 'invalid_time' | 'times_out_of_order' | 'unknown_comparison_level' | 'histogram_total_mismatch'

type ReportIssue = Issue<ReportIssueCode>

const DAY_MS = 24 * 3600 * 1000

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0
}

function checkCount(issues: ReportIssue[], field: string, n: number): void {
  if (!isCount(n)) issues.push({ code: 'invalid_count', message: `${field} must be a non-negative integer, found ${n}`, path: { field } })
}

function checkReasons(issues: ReportIssue[], field: string, rows: readonly ReasonCount[]): void {
  rows.forEach((r, i) => checkCount(issues, `${field}[${i}].count`, r.count))
}

function checkTime(issues: ReportIssue[], field: string, iso: string): number {
  const ms = Date.parse(iso)
  if (!Number.isFinite(ms)) issues.push({ code: 'invalid_time', message: `${field} is not an ISO 8601 time`, path: { field }, input: iso.slice(0, 60) })
  return ms
}

/**
 * The problems with a batch report: counts that are not non-negative integers, link statuses or
 * outcomes that do not partition the accepted records, a histogram whose bins do not sum to its
 * total, unknown comparison levels, and times out of order.
 *
 * @example
 * batchReportIssues(report) // [] when the report is consistent
 */
export function batchReportIssues(report: BatchReport): ReportIssue[] {
  const issues: ReportIssue[] = []
  const c = report.counts
  for (const name of BATCH_COUNT_NAMES) checkCount(issues, `counts.${name}`, c[name])
  const accepted = c.requested - c.intake_refused
  if (accepted < 0) issues.push({ code: 'counts_do_not_add_up', message: `${c.intake_refused} records refused at intake out of ${c.requested} requested`, path: { field: 'counts.intake_refused' } })
  const statuses = c.matched + c.possible + c.ambiguous + c.none
  if (statuses !== accepted) {
    issues.push({ code: 'counts_do_not_add_up', message: `matched + possible + ambiguous + none is ${statuses}, but ${accepted} records were accepted at intake`, path: { field: 'counts' } })
  }
  const outcomes = c.disclosed + c.withheld + c.review
  if (outcomes !== accepted) {
    issues.push({ code: 'counts_do_not_add_up', message: `disclosed + withheld + review is ${outcomes}, but ${accepted} records were accepted at intake`, path: { field: 'counts' } })
  }
  checkReasons(issues, 'intakeRefusals', report.intakeRefusals)
  checkReasons(issues, 'outcomes', report.outcomes)
  checkReasons(issues, 'withholdingReasons', report.withholdingReasons)
  const h = report.weights
  const binTotal = h.bins.reduce((sum, b) => sum + b.count, 0)
  h.bins.forEach((b, i) => checkCount(issues, `weights.bins[${i}].count`, b.count))
  if (binTotal !== h.total) issues.push({ code: 'histogram_total_mismatch', message: `the weight bins hold ${binTotal} weights, but the histogram's total is ${h.total}`, path: { field: 'weights' } })
  if (h.total > accepted) issues.push({ code: 'counts_do_not_add_up', message: `${h.total} match weights for ${accepted} accepted records`, path: { field: 'weights.total' } })
  for (const field of Object.keys(report.fieldAgreement) as ComparedField[]) {
    const known = COMPARISON_LEVELS[field] as readonly string[] | undefined
    if (!known) {
      issues.push({ code: 'unknown_comparison_level', message: `${field} is not a compared field`, path: { field: `fieldAgreement.${field}` } })
      continue
    }
    for (const [level, n] of Object.entries(report.fieldAgreement[field] as Readonly<Record<string, number>>)) {
      if (!known.includes(level)) issues.push({ code: 'unknown_comparison_level', message: `${level} is not a comparison level of ${field}`, path: { field: `fieldAgreement.${field}` } })
      checkCount(issues, `fieldAgreement.${field}.${level}`, n)
    }
  }
  const started = checkTime(issues, 'startedAt', report.startedAt)
  const finished = checkTime(issues, 'finishedAt', report.finishedAt)
  if (finished < started) issues.push({ code: 'times_out_of_order', message: 'the batch finished before it started', path: { field: 'finishedAt' } })
  if (report.checkpoint) {
    checkTime(issues, 'checkpoint.time', report.checkpoint.time)
    checkCount(issues, 'checkpoint.treeSize', report.checkpoint.treeSize)
  }
  return issues
}

/**
 * The problems with an oversight report: invalid counts or times, more improper disclosures than
 * were made, and an incident whose reporting deadline is later than 24 hours after its
 * discovery (Publication 1075).
 */
export function oversightReportIssues(report: OversightReport): ReportIssue[] {
  const issues: ReportIssue[] = []
  const a = report.audit
  checkTime(issues, 'generatedAt', report.generatedAt)
  for (const [name, n] of [
    ['audit.requestsExamined', a.requestsExamined],
    ['audit.disclosuresMade', a.disclosuresMade],
    ['audit.improper', a.improper],
    ['audit.peopleConcerned', a.peopleConcerned],
  ] as const) {
    checkCount(issues, name, n)
  }
  if (a.improper > a.disclosuresMade) issues.push({ code: 'counts_do_not_add_up', message: `${a.improper} improper disclosures out of ${a.disclosuresMade} made`, path: { field: 'audit.improper' } })
  if (a.peopleConcerned > a.improper) issues.push({ code: 'counts_do_not_add_up', message: `${a.peopleConcerned} people concerned by ${a.improper} improper disclosures`, path: { field: 'audit.peopleConcerned' } })
  checkReasons(issues, 'audit.improperByReason', a.improperByReason)
  a.improperByField.forEach((f, i) => checkCount(issues, `audit.improperByField[${i}].count`, f.count))
  report.readings.forEach((r, i) => {
    checkCount(issues, `readings[${i}].improper`, r.improper)
    if (r.improper > a.disclosuresMade) issues.push({ code: 'counts_do_not_add_up', message: `the reading “${r.label}” counts ${r.improper} improper out of ${a.disclosuresMade} made`, path: { field: `readings[${i}].improper` } })
  })
  report.timeline.forEach((e, i) => checkTime(issues, `timeline[${i}].at`, e.at))
  report.recalls.forEach((n, i) => {
    checkTime(issues, `recalls[${i}].issuedAt`, n.issuedAt)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(n.deadline) || !Number.isFinite(Date.parse(n.deadline))) {
      issues.push({ code: 'invalid_time', message: 'a recall deadline is a day, YYYY-MM-DD', path: { field: `recalls[${i}].deadline` }, input: n.deadline.slice(0, 60) })
    }
    checkCount(issues, `recalls[${i}].disclosures`, n.disclosures)
  })
  const inc = report.incident
  if (inc) {
    const opened = checkTime(issues, 'incident.openedAt', inc.openedAt)
    const deadline = checkTime(issues, 'incident.reportDeadline', inc.reportDeadline)
    const discovered = checkTime(issues, 'incident.discoveredAt', inc.discoveredAt)
    checkTime(issues, 'incident.occurredFrom', inc.occurredFrom)
    checkTime(issues, 'incident.occurredTo', inc.occurredTo)
    if (inc.reportedAt !== null) checkTime(issues, 'incident.reportedAt', inc.reportedAt)
    // Publication 1075: report "immediately, but no later than 24 hours after identification".
    if (Number.isFinite(discovered) && Number.isFinite(deadline) && (deadline < discovered || deadline - discovered > DAY_MS)) {
      issues.push({ code: 'times_out_of_order', message: 'the reporting deadline must fall within 24 hours of the discovery (IRS Publication 1075)', path: { field: 'incident.reportDeadline' } })
    }
    if (Number.isFinite(opened) && Number.isFinite(discovered) && opened < discovered) {
      issues.push({ code: 'times_out_of_order', message: 'the incident was opened before it was discovered', path: { field: 'incident.openedAt' } })
    }
    checkCount(issues, 'incident.records', inc.records)
  }
  return issues
}
