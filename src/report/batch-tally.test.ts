import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Candidate, Decision, DecisionOutcome, MatchResult, MatchStatus } from '../core/index.js'
import { createBatchTally } from './batch-tally.js'
import { batchReportIssues } from './check-report.js'
import { renderBatchReport } from './render-batch-report.js'
import { sampleBatchReport } from '../../test/support/report-fixtures.js'

const DIGEST = `sha256:${'0'.repeat(64)}` as const

function candidate(weight: number, address: 'full' | 'zip'): Candidate {
  return {
    masterId: 'm1',
    weight,
    probability: 2 ** weight / (1 + 2 ** weight),
    comparisons: [
      { field: 'surname', level: 'exact', weight: 4 },
      { field: 'address', level: address, weight: address === 'full' ? 9 : 1 },
    ],
  }
}

function result(requestId: string, status: MatchStatus, best?: Candidate): MatchResult {
  return {
    requestId,
    status,
    request: { name: 'FULL', address: 'FULL', addressReasons: [], hasDob: true, hasTin: false, caseRef: 'c', hasTaxPeriods: true, hasStatute: true, hasReasons: true, hasOrderDate: true },
    ...(best ? { best } : {}),
    rivals: [],
    masterDigest: DIGEST,
    modelDigest: DIGEST,
  }
}

function decision(requestId: string, outcome: DecisionOutcome, codes: readonly string[]): Decision {
  const reasons = codes.map((code) => ({ code, message: `sentence for ${code}` }))
  return {
    requestId,
    outcome,
    verified: outcome === 'disclose',
    fields: [],
    masterId: null,
    reasons,
    answer: { code: 'NOT_VERIFIED', message: 'n' },
    review: outcome === 'review' ? { approvers: 2 } : null,
    useLimits: { purpose: 'p', legalBasis: 'l', caseRef: 'c', recipient: 'r', disposeBy: '2026-01-01', disposal: 'destroy', noRedisclosure: true, notice: 'n' },
    basis: { path: 'address', status: 'match', weight: null, requestAddress: 'FULL', addressAgreement: 'missing', identified: false },
    agreement: { id: 'a', version: '1', digest: DIGEST },
    discloser: 'd',
    recipient: 'r',
    requester: 'q',
    orders: [],
    evidenceDigest: DIGEST,
    ruleSetVersion: '1',
    asOf: '2025-08-07T00:00:00.000Z',
    releaseCheck: null,
  }
}

const FACTS = (() => {
  const { counts: _c, intakeRefusals: _i, weights: _w, outcomes: _o, fieldAgreement: _f, withholdingReasons: _r, ...facts } = sampleBatchReport()
  return facts
})()

describe('createBatchTally', () => {
  it('counts refusals, statuses, outcomes, weights, levels and reasons into a consistent report', async () => {
    const tally = createBatchTally({ binWidth: 5 })
    tally.refuse([
      { code: 'address_junk', message: 'line 2: junk' },
      { code: 'address_junk', message: 'line 2: junk again' },
      { code: 'missing_statute', message: 'line 2: no statute' },
    ])
    tally.refuse([{ code: 'address_junk', message: 'line 3: junk' }])
    tally.decide(result('r1', 'match', candidate(17, 'full')), decision('r1', 'disclose', ['MATCH_VERIFIED', 'FIELDS_RELEASED']))
    tally.decide(result('r2', 'match', candidate(14, 'zip')), decision('r2', 'withhold', ['ADDRESS_NOT_CONFIRMED', 'ADDRESS_NOT_CONFIRMED']))
    tally.decide(result('r3', 'ambiguous', candidate(13, 'full')), decision('r3', 'review', ['MATCH_AMBIGUOUS']))
    tally.decide(result('r4', 'none'), decision('r4', 'withhold', ['MATCH_NONE']))
    const report = tally.report(FACTS)

    assert.deepEqual(report.counts, { requested: 6, intake_refused: 2, matched: 2, possible: 0, ambiguous: 1, none: 1, review: 1, disclosed: 1, withheld: 2 })
    assert.deepEqual(report.intakeRefusals, [
      { code: 'address_junk', message: 'line 2: junk', count: 2 },
      { code: 'missing_statute', message: 'line 2: no statute', count: 1 },
    ])
    assert.deepEqual(report.weights.bins, [{ start: 10, end: 15, count: 2 }, { start: 15, end: 20, count: 1 }])
    assert.deepEqual(report.fieldAgreement.address, { full: 2, zip: 1 })
    assert.deepEqual(report.fieldAgreement.surname, { exact: 3 })
    assert.deepEqual(report.fieldAgreement.dob, {})
    assert.deepEqual(
      report.outcomes.map((o) => [o.outcome, o.code, o.count]),
      [
        ['disclose', 'MATCH_VERIFIED', 1],
        ['disclose', 'FIELDS_RELEASED', 1],
        ['withhold', 'ADDRESS_NOT_CONFIRMED', 1],
        ['withhold', 'MATCH_NONE', 1],
        ['review', 'MATCH_AMBIGUOUS', 1],
      ],
    )
    assert.deepEqual(batchReportIssues(report), [])
    assert.match(await renderBatchReport(report), /<title>Batch report b-7f3a9c21e4d0<\/title>/)
  })

  it('takes sentences from the message table and keeps only the top withholding reasons', () => {
    const tally = createBatchTally({ topWithholding: 1, describe: (code) => (code === 'MATCH_NONE' ? 'No candidate scored above the possible threshold.' : undefined) })
    tally.decide(result('r1', 'none'), decision('r1', 'withhold', ['MATCH_NONE']))
    tally.decide(result('r2', 'none'), decision('r2', 'withhold', ['MATCH_NONE', 'MATCH_POSSIBLE']))
    const report = tally.report(FACTS)
    assert.deepEqual(report.withholdingReasons, [{ code: 'MATCH_NONE', message: 'No candidate scored above the possible threshold.', count: 2 }])
    assert.equal(report.outcomes.find((o) => o.code === 'MATCH_POSSIBLE')?.message, 'sentence for MATCH_POSSIBLE')
  })
})
