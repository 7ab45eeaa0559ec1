import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { batchReportIssues, oversightReportIssues } from './check-report.js'
import { sampleBatchReport, sampleOversightReport } from '../../test/support/report-fixtures.js'
import type { BatchReport, OversightReport } from './report-types.js'

describe('batchReportIssues', () => {
  it('finds nothing wrong with a consistent report', () => {
    assert.deepEqual(batchReportIssues(sampleBatchReport()), [])
  })

  it('finds counts that do not partition the accepted records', () => {
    const report = sampleBatchReport()
    const issues = batchReportIssues({ ...report, counts: { ...report.counts, disclosed: report.counts.disclosed + 1 } })
    assert.deepEqual(
      issues.map((i) => i.code),
      ['counts_do_not_add_up'],
    )
    assert.match(issues[0]?.message ?? '', /disclosed \+ withheld \+ review/)
  })

  it('finds negative or fractional counts, unknown levels, a wrong histogram total and times out of order', () => {
    const report = sampleBatchReport()
    const bad: BatchReport = {
      ...report,
      intakeRefusals: [{ code: 'x', message: 'x', count: -1 }],
      fieldAgreement: { ...report.fieldAgreement, address: { ...report.fieldAgreement.address, ['somewhere' as 'full']: 3 } },
      weights: { ...report.weights, total: report.weights.total + 1 },
      finishedAt: '2025-08-07T16:00:00.000Z',
    }
    assert.deepEqual(new Set(batchReportIssues(bad).map((i) => i.code)), new Set(['invalid_count', 'unknown_comparison_level', 'histogram_total_mismatch', 'times_out_of_order']))
  })
})

describe('oversightReportIssues', () => {
  it('finds nothing wrong with a consistent report', () => {
    assert.deepEqual(oversightReportIssues(sampleOversightReport()), [])
  })

  it('finds more improper disclosures than were made, and a reading beyond them', () => {
    const report = sampleOversightReport()
    const bad: OversightReport = { ...report, audit: { ...report.audit, improper: 50_000 }, readings: [{ ...report.readings[0]!, improper: 50_000 }] }
    assert.deepEqual(
      oversightReportIssues(bad).map((i) => i.code),
      ['counts_do_not_add_up', 'counts_do_not_add_up'],
    )
  })

  it('finds a reporting deadline more than 24 hours after the discovery (Publication 1075)', () => {
    const report = sampleOversightReport()
    const bad: OversightReport = { ...report, incident: { ...report.incident!, reportDeadline: '2026-01-14T10:30:00.000Z' } }
    assert.deepEqual(
      oversightReportIssues(bad).map((i) => i.path?.field),
      ['incident.reportDeadline'],
    )
  })

  it('finds a recall deadline that is not a day', () => {
    const report = sampleOversightReport()
    const bad: OversightReport = { ...report, recalls: [{ ...report.recalls[0]!, deadline: 'soon' }] }
    assert.deepEqual(
      oversightReportIssues(bad).map((i) => i.code),
      ['invalid_time'],
    )
  })
})
