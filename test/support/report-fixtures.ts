/**
 * Sample reports at the scale of the incident in docs/rules.md (1.28 million requests, 47,289
 * disclosures, ~2,350 against 42,695 improper), for the tests, the browser check and anyone
 * filling the report types for the first time. The figures are invented but consistent.
 */
import { equityTable } from '../../src/report/equity.js'
import type { EquityReport, LabelledOutcome } from '../../src/report/equity.js'
import type { BatchReport, OversightReport, RecallNoticeSummary } from '../../src/report/report-types.js'
import { weightHistogram } from '../../src/report/weight-histogram.js'
import { seededRandom } from '../../src/link/index.js'

/** Weights drawn from a normal distribution (Box–Muller). */
function* normalWeights(n: number, mean: number, sd: number, random: () => number): Generator<number> {
  for (let i = 0; i < n; i++) {
    const u = 1 - random()
    const v = random()
    yield mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
}

function* sampleWeights(): Generator<number> {
  const random = seededRandom(20250807)
  yield* normalWeights(286_000, -7, 4.2, random)
  yield* normalWeights(11_660, 8.5, 1.7, random)
  yield* normalWeights(52_310, 19, 3.4, random)
}

const AGREEMENT = { id: 'treasury-dhs-mou-2025', version: '1', digest: 'sha256:3f1c9a0d7e52b84c6a1f0e9d2c7b5a4e3d2c1b0a99887766554433221100ffee' } as const
const CORRECTED = { id: 'treasury-dhs-mou-2025', version: '2', digest: 'sha256:8a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b' } as const
const COURT = { id: 'treasury-dhs-mou-2025-court-reading', version: '1', digest: 'sha256:c0ffee00d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8' } as const
const CHECKPOINT = {
  treeSize: 52_310,
  rootHash: '9d5ee4b1c0f3a2e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4',
  time: '2025-08-07T16:42:10.512Z',
  keyId: '4b7f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5',
  signature: 'x3JmQ0c2Vt4k9b1N7aZp8yR5tW2qL6sD0fH3jK9mP4uX1vB7nC5eG8iO2rT6wY0zA3dF5hJ7lN9pR1tV3xZ5bD7fH9jA==',
} as const

/**
 * A batch of 1,280,000 requests like the one in docs/rules.md, decided under Verigate's rules.
 *
 * @example
 * await renderBatchReport(sampleBatchReport())
 */
export function sampleBatchReport(): BatchReport {
  const weights = weightHistogram(sampleWeights(), 1)
  return {
    batchId: 'b-7f3a9c21e4d0',
    discloser: 'Internal Revenue Service',
    recipient: 'Immigration and Customs Enforcement',
    agreement: AGREEMENT,
    orders: [],
    masterDigest: 'sha256:5e8f1d2c3b4a59687766554433221100ffeeddccbbaa99887766554433221100',
    requestFileDigest: 'sha256:aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233',
    startedAt: '2025-08-07T16:39:28.004Z',
    finishedAt: '2025-08-07T16:42:10.377Z',
    counts: {
      requested: 1_280_000,
      intake_refused: 212_430,
      matched: 52_310,
      possible: 11_660,
      ambiguous: 3_215,
      none: 1_000_385,
      disclosed: 47_289,
      review: 3_215,
      withheld: 1_017_066,
    },
    intakeRefusals: [
      { code: 'address_locality_only', message: 'The address states only a city, a state or a ZIP code: no house number and street.', count: 121_904 },
      { code: 'address_junk', message: 'The address is not an address (for example "Failed to Provide", "Unknown Address", "NA NA", zeros).', count: 58_317 },
      { code: 'no_house_number', message: 'The address names a street but no house number, rural route or box.', count: 24_660 },
      { code: 'missing_case_ref', message: 'The record states no case or investigation reference.', count: 6_212 },
      { code: 'missing_statute', message: 'The record states no criminal statute.', count: 1_337 },
    ],
    weights,
    thresholds: { match: 12, possible: 6 },
    outcomes: [
      { outcome: 'disclose', code: 'MATCH_VERIFIED', message: 'The best candidate met the match standard with no rival.', count: 47_289 },
      { outcome: 'disclose', code: 'FIELDS_RELEASED', message: 'The permitted fields were released.', count: 47_289 },
      { outcome: 'review', code: 'MATCH_AMBIGUOUS', message: 'Another candidate scored within the margin of the best.', count: 3_215 },
      { outcome: 'withhold', code: 'MATCH_NONE', message: 'No candidate scored above the possible threshold.', count: 1_000_385 },
      { outcome: 'withhold', code: 'MATCH_POSSIBLE', message: 'The best candidate is only a possible match.', count: 11_660 },
      { outcome: 'withhold', code: 'ADDRESS_NOT_CONFIRMED', message: "The request's address does not agree with the address on file.", count: 3_409 },
      { outcome: 'withhold', code: 'MATCH_NO_IDENTIFIER', message: 'Neither the date of birth nor the TIN agreed.', count: 1_612 },
    ],
    fieldAgreement: {
      given_name: { exact: 301_112, nickname: 9_870, jaro_winkler_high: 12_004, jaro_winkler_mid: 6_550, initial: 2_310, transposed: 412, different: 17_712 },
      surname: { exact: 318_420, double_surname_part: 6_105, jaro_winkler_high: 9_630, jaro_winkler_mid: 3_980, transposed: 181, different: 11_654 },
      dob: { exact: 49_880, day_month_swapped: 310, one_digit: 1_204, year_month: 930, year: 2_115, different: 8_340, missing: 287_191 },
      address: { full: 38_210, house_number_street: 9_105, street: 4_402, zip: 21_870, city: 8_044, different: 268_339 },
      tin: { exact: 31_022, one_digit: 402, transposition: 118, different: 1_905, missing: 316_523 },
      suffix: { exact: 2_118, different: 97, missing: 347_755 },
    },
    withholdingReasons: [
      { code: 'MATCH_NONE', message: 'No candidate scored above the possible threshold.', count: 1_000_385 },
      { code: 'MATCH_POSSIBLE', message: 'The best candidate is only a possible match.', count: 11_660 },
      { code: 'ADDRESS_NOT_CONFIRMED', message: "The request's address does not agree with the address on file.", count: 3_409 },
      { code: 'MATCH_NO_IDENTIFIER', message: 'Neither the date of birth nor the TIN agreed.', count: 1_612 },
    ],
    checkpoint: CHECKPOINT,
  }
}

/** The fixture's second recall notice: past its deadline with no certification. */
const OVERDUE_NOTICE: RecallNoticeSummary = {
  noticeId: 'rn-0002',
  recipient: 'Immigration and Customs Enforcement',
  issuedAt: '2026-02-27T11:00:00.000Z',
  deadline: '2026-03-13',
  disclosures: 40_345,
  fields: ['street_number', 'street_name', 'unit', 'city', 'state', 'zip'],
  reason: "Center for Taxpayer Rights v. IRS (D.D.C. 26 Feb 2026): addresses released without confirming the request's address.",
  status: 'overdue',
  certification: null,
}

/**
 * The oversight report of the incident replay: a batch run under a flawed agreement, audited
 * under the agency's and the court's readings, recalled, certified in part.
 *
 * @example
 * await renderOversightReport(sampleOversightReport())
 */
export function sampleOversightReport(): OversightReport {
  return {
    title: 'Oversight report: the request file of 7 August 2025',
    holder: 'Internal Revenue Service',
    generatedAt: '2026-03-20T09:00:00.000Z',
    timeline: [
      { at: '2025-04-07T15:00:00.000Z', kind: 'policy_change', label: 'Agreement treasury-dhs-mou-2025 v1 in effect (accepts locality-only addresses)', ref: 'ledger #0' },
      { at: '2025-08-07T16:42:10.377Z', kind: 'batch', label: 'Batch b-7f3a9c21e4d0: 1,280,000 requests, 47,289 disclosures', ref: 'b-7f3a9c21e4d0' },
      { at: '2025-11-21T17:00:00.000Z', kind: 'order', label: 'Preliminary injunction: no further disclosures', ref: 'order-ddc-2025-11-21' },
      { at: '2026-01-12T10:30:00.000Z', kind: 'audit', label: "Audit under the agency's reading: 2,350 improper", ref: 'audit-agency' },
      { at: '2026-01-12T10:45:00.000Z', kind: 'incident', label: 'Incident opened, reported to TIGTA and the Office of Safeguards', ref: 'INC-2026-0007' },
      { at: '2026-01-13T09:00:00.000Z', kind: 'recall', label: 'Recall notice to ICE: 2,350 disclosures', ref: 'rn-0001' },
      { at: '2026-02-10T14:20:00.000Z', kind: 'certification', label: 'ICE certifies disposal of 2,350 disclosures', ref: 'rn-0001' },
      { at: '2026-02-26T16:00:00.000Z', kind: 'order', label: 'Court finds 42,695 violations (TIN path without an address check)', ref: 'order-ddc-2026-02-26' },
      { at: '2026-02-27T09:15:00.000Z', kind: 'audit', label: "Audit under the court's reading: 42,695 improper", ref: 'audit-court' },
      { at: '2026-02-27T11:00:00.000Z', kind: 'recall', label: 'Recall notice to ICE: 40,345 further disclosures', ref: 'rn-0002' },
    ],
    audit: {
      auditId: 'audit-court',
      agreement: COURT,
      orders: [{ id: 'order-ddc-2026-02-26', digest: 'sha256:1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809' }],
      asOf: '2025-08-07T16:42:10.377Z',
      batches: ['b-7f3a9c21e4d0'],
      requestsExamined: 1_280_000,
      disclosuresMade: 47_289,
      improper: 42_695,
      peopleConcerned: 42_508,
      improperByReason: [
        { code: 'ADDRESS_UNCHECKED', message: "The address was released on a name/TIN match without confirming the request's address.", count: 40_345 },
        { code: 'REQUEST_ADDRESS_INSUFFICIENT', message: "The request's address is incomplete or not an address.", count: 2_350 },
      ],
      improperByField: [
        { field: 'street_number', count: 42_695 },
        { field: 'street_name', count: 42_695 },
        { field: 'city', count: 42_695 },
        { field: 'state', count: 42_695 },
        { field: 'zip', count: 42_695 },
        { field: 'unit', count: 9_214 },
      ],
      ledgerSeq: 52_318,
    },
    readings: [
      {
        label: "Agency's reading",
        description: 'Only disclosures made on junk or incomplete request addresses are improper.',
        agreement: CORRECTED,
        improper: 2_350,
        peopleConcerned: 2_341,
      },
      {
        label: "Court's reading",
        description: "Every address disclosure made without confirming the request's address is improper.",
        agreement: COURT,
        improper: 42_695,
        peopleConcerned: 42_508,
      },
    ],
    recalls: [
      {
        noticeId: 'rn-0001',
        recipient: 'Immigration and Customs Enforcement',
        issuedAt: '2026-01-13T09:00:00.000Z',
        deadline: '2026-02-12',
        disclosures: 2_350,
        fields: ['street_number', 'street_name', 'unit', 'city', 'state', 'zip'],
        reason: "26 U.S.C. 6103(i)(2)(B)(i): the request did not state the taxpayer's address.",
        status: 'certified',
        certification: { disposedAt: '2026-02-09T18:00:00.000Z', receivedAt: '2026-02-10T14:20:00.000Z', method: 'Destroyed (NIST SP 800-88 purge)', certifiedBy: 'ICE Privacy Officer', disclosuresCovered: 2_350 },
      },
      OVERDUE_NOTICE,
    ],
    incident: {
      incidentId: 'INC-2026-0007',
      agency: 'Internal Revenue Service',
      contact: { name: 'Office of Safeguards liaison, Privacy, Governmental Liaison and Disclosure', phone: '+1 202 555 0143', email: 'safeguards-liaison@example.gov' },
      occurredFrom: '2025-08-07T16:39:28.004Z',
      occurredTo: '2025-08-07T16:42:10.377Z',
      discoveredAt: '2026-01-12T10:30:00.000Z',
      openedAt: '2026-01-12T10:45:00.000Z',
      reportDeadline: '2026-01-13T10:30:00.000Z',
      reportedAt: '2026-01-12T15:05:00.000Z',
      dataDescription: 'Last-known addresses (street number and name, unit, city, state, ZIP code) released in answer to name/address verification requests. No return data, no TINs.',
      records: 2_350,
      peopleConcerned: 2_341,
      location: 'Immigration and Customs Enforcement, Enforcement and Removal Operations (recipient systems)',
      systems: ['Verigate batch gateway', 'Secure file transfer to the recipient'],
      description: 'A batch was decided under an agreement that accepted request addresses giving only a locality. The retroactive audit under the corrected agreement found 2,350 disclosures made on incomplete or junk request addresses.',
      status: 'reported',
    },
    incidentLifecycle: {
      incidentId: 'INC-2026-0007',
      auditId: 'audit-court',
      stage: 'reported',
      openedAt: '2026-01-12T10:45:00.000Z',
      reportDeadline: '2026-01-13T10:30:00.000Z',
      reporting: 'on_time',
      report: { reportedAt: '2026-01-12T15:05:00.000Z', reportedTo: ['TIGTA', 'IRS Office of Safeguards'], reportedBy: 'disclosure officer', reference: 'TIGTA 2026-0114', late: false, ledgerSeq: 52_319 },
      closure: null,
      overdueRecalls: [OVERDUE_NOTICE],
      lateCertificates: [],
    },
    checkpoint: { ...CHECKPOINT, treeSize: 52_321, time: '2026-03-20T08:59:58.120Z' },
  }
}

/**
 * An equity table with a planted disparity: 2,000 requests with common English surnames, 2% of
 * them wrongly matched at low weights; 400 with Spanish-list surnames, 8% wrongly matched and 10%
 * of their true matches missed. The Spanish-list groups differ beyond chance, with a threshold
 * proposal; the rest do not.
 */
export function sampleEquityReport(): EquityReport {
  const outcome = (surname: string, kind: 'right' | 'wrong' | 'missed', weight: number): LabelledOutcome => ({
    surnames: [surname],
    matched: kind !== 'missed',
    weight,
    hasTrue: kind !== 'wrong',
    bestIsTrue: kind === 'right',
  })
  const of = (n: number, surname: string, kind: 'right' | 'wrong' | 'missed', weight: (i: number) => number) => Array.from({ length: n }, (_, i) => outcome(surname, kind, weight(i)))
  return equityTable(
    [
      ...of(1000, 'SMITH', 'right', (i) => 14 + (i % 10)),
      ...of(960, 'JOHNSON', 'right', (i) => 14 + (i % 9)),
      ...of(40, 'JOHNSON', 'wrong', (i) => 5 + (i % 3)),
      ...of(300, 'GARCIA', 'right', (i) => 12 + (i % 8)),
      ...of(32, 'HERNANDEZ', 'wrong', (i) => 6 + (i % 7)),
      ...of(33, 'GARCIA-LOPEZ', 'missed', () => 2),
      ...of(35, 'NGUYEN', 'right', (i) => 15 + (i % 4)),
    ],
    { truthSource: "the generator's truth file", matchThreshold: 4.25 },
  )
}
