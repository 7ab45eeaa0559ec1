import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { digest } from '../core/index.js'
import type { Decision, JsonValue, MatchResult, RequestContext } from '../core/index.js'
import { compilePolicy, RULE_SET_VERSION } from './compile-policy.js'
import { decide } from './decide.js'
import { decideBatch } from './decide-batch.js'
import { CONTEXT, DISCLOSURE_DAY, POLICIES_DIR, TIN_FULL, candidate, evidence, exampleAgreement, exampleOrder, validated } from '../../test/support/policy-fixtures.js'
import type { ValidatedAgreement, ValidatedOrder } from './validate-document.js'
import { ANSWERS } from './reasons.js'

const AS_RUN = exampleAgreement('irs-ice-2025-as-run')
const CORRECTED = exampleAgreement('irs-ice-2025-corrected')
const COURT = exampleAgreement('irs-ice-2025-court-reading')
const AGENCY = exampleAgreement('irs-ice-2025-agency-reading')
const INJUNCTION = exampleOrder('dcd-2025-11-21-injunction')
const RESIDENTIAL = exampleOrder('dmass-2026-02-05-residential')

const ADDRESS = ['street_number', 'street_name', 'unit', 'city', 'state', 'zip']

/** The corrected agreement with some settings changed. */
function variant(change: (doc: Record<string, unknown> & { disclose: unknown[]; match: Record<string, unknown>; caps: unknown[] }) => void): ValidatedAgreement {
  const doc = parse(readFileSync(`${POLICIES_DIR}agreements/irs-ice-2025-corrected.yaml`, 'utf8'))
  change(doc)
  return validated(doc)
}

function order(actions: unknown[], extra: Record<string, unknown> = {}): ValidatedOrder {
  return validated({
    kind: 'order',
    id: 'test-order',
    court: 'Test Court',
    case: 'Test v. Test',
    title: 'A test order',
    issued: '2025-06-01',
    effective: { from: '2025-06-01' },
    binds: { agreements: ['irs-ice-2025'] },
    actions,
    ...extra,
  })
}

const DOB_AND_DOC = variant((d) => {
  d.disclose = [
    { field: 'address', minRequestAddressGrade: 'FULL', minAddressAgreement: 'house_number_street' },
    { field: 'dob' },
  ]
})
const CAP_TWO = variant((d) => {
  d.caps = [{ period: 'day', maxDisclosures: 2 }]
})
const TIN_ONLY = variant((d) => {
  delete d.match.address
})
const ADDRESS_ONLY = variant((d) => {
  delete d.match.tin
})

// The corrected agreement sends matches under 34 bits to review (review.matchesBelowWeight): a
// verified match here weighs more, as the link engine's full agreements do (42 bits and up).
const NO_BAND = variant((d) => {
  delete (d.review as Record<string, unknown>).matchesBelowWeight
})

/** The request matched on name, full address and DOB, with no TIN: the address path. */
const ADDRESS_PATH = { request: { hasTin: false, hasDob: true }, best: candidate({ surname: 'exact', given_name: 'exact', address: 'full', dob: 'exact' }, 38) }
/** The address path on a ZIP-like request address: name and ZIP agree, nothing else (as in 2025). */
const ZIP_ONLY = {
  request: { hasTin: false, address: 'LOCALITY', addressReasons: ['zip_only'] },
  best: candidate({ surname: 'exact', given_name: 'exact', address: 'zip' }, 14),
} as const
/** A TIN match whose request address is junk ("Failed to Provide"). */
const TIN_JUNK = { request: { address: 'NONE', addressReasons: ['address_junk'] }, best: candidate({ tin: 'exact', surname: 'exact', given_name: 'exact', address: 'missing' }, 18) } as const

interface Case {
  readonly name: string
  readonly agreement: ValidatedAgreement
  readonly orders?: readonly ValidatedOrder[]
  readonly evidence: MatchResult
  readonly context?: Partial<RequestContext>
  readonly asOf?: string
  readonly outcome: Decision['outcome']
  readonly fields?: readonly string[]
  readonly codes?: readonly string[]
  readonly absent?: readonly string[]
  readonly answer?: keyof typeof ANSWERS
  readonly verified?: boolean
  readonly approvers?: number
}

const CASES: readonly Case[] = [
  // A lawful request, matched properly.
  { name: 'discloses the address on a TIN match whose full request address agrees', agreement: CORRECTED, evidence: evidence(), outcome: 'disclose', fields: ADDRESS, codes: ['MATCH_VERIFIED', 'FIELDS_RELEASED'], answer: 'DISCLOSED', verified: true },
  { name: 'discloses when the addresses agree at house number and street (unit differs)', agreement: CORRECTED, evidence: evidence({ best: candidate({ ...TIN_FULL, address: 'house_number_street' }) }), outcome: 'disclose', fields: ADDRESS },
  { name: 'discloses on the address path with name, full address and DOB', agreement: CORRECTED, evidence: evidence(ADDRESS_PATH), outcome: 'disclose', fields: ADDRESS, verified: true },
  { name: 'counts a day-month swapped DOB as an identifier', agreement: CORRECTED, evidence: evidence({ ...ADDRESS_PATH, best: candidate({ surname: 'exact', given_name: 'exact', address: 'full', dob: 'day_month_swapped' }, 36) }), outcome: 'disclose' },
  // The incident's TIN path.
  { name: 'corrected: a TIN match with a junk request address is refused as incomplete', agreement: CORRECTED, evidence: evidence(TIN_JUNK), outcome: 'withhold', fields: [], codes: ['REQUEST_MISSING_ADDRESS'], answer: 'REQUEST_INCOMPLETE', verified: false },
  { name: 'court reading: a TIN match with a junk request address releases no address', agreement: COURT, evidence: evidence(TIN_JUNK), outcome: 'withhold', fields: [], codes: ['REQUEST_ADDRESS_INSUFFICIENT', 'NOTHING_RELEASABLE'], answer: 'NOT_VERIFIED' },
  { name: 'agency reading: a TIN match with a junk request address releases no address', agreement: AGENCY, evidence: evidence(TIN_JUNK), outcome: 'withhold', codes: ['REQUEST_ADDRESS_INSUFFICIENT'] },
  { name: 'as run: a TIN match with a junk request address DOES release the address', agreement: AS_RUN, evidence: evidence(TIN_JUNK), outcome: 'disclose', fields: ADDRESS, codes: ['ADDRESS_UNCHECKED'], verified: true },
  { name: 'as run: a TIN match on a complete but disagreeing address releases it unchecked', agreement: AS_RUN, evidence: evidence({ best: candidate({ ...TIN_FULL, address: 'different' }) }), outcome: 'disclose', codes: ['ADDRESS_UNCHECKED'] },
  { name: 'court reading: a TIN match on a complete but disagreeing address releases nothing', agreement: COURT, evidence: evidence({ best: candidate({ ...TIN_FULL, address: 'different' }) }), outcome: 'withhold', codes: ['ADDRESS_NOT_CONFIRMED'] },
  { name: 'agency reading: a complete but disagreeing address is released (no agreement check)', agreement: AGENCY, evidence: evidence({ best: candidate({ ...TIN_FULL, address: 'different' }) }), outcome: 'disclose' },
  { name: 'corrected: a TIN match whose address agrees only on the street is not verified', agreement: CORRECTED, evidence: evidence({ best: candidate({ ...TIN_FULL, address: 'street' }) }), outcome: 'withhold', codes: ['MATCH_FIELD_BELOW_STANDARD', 'ADDRESS_NOT_CONFIRMED'], answer: 'NOT_VERIFIED', verified: false },
  // The incident's address path.
  { name: 'corrected: a ZIP-like request address never yields an address disclosure', agreement: CORRECTED, evidence: evidence(ZIP_ONLY), outcome: 'withhold', fields: [], codes: ['REQUEST_ADDRESS_INSUFFICIENT'], verified: false },
  { name: 'as run: a ZIP-like request address DOES yield an address disclosure', agreement: AS_RUN, evidence: evidence(ZIP_ONLY), outcome: 'disclose', fields: ADDRESS, verified: true },
  { name: 'agency reading: a ZIP-like request address yields no address', agreement: AGENCY, evidence: evidence(ZIP_ONLY), outcome: 'withhold', codes: ['REQUEST_ADDRESS_INSUFFICIENT'] },
  { name: 'court reading: the address path is as it was run (the court counted the TIN path)', agreement: COURT, evidence: evidence(ZIP_ONLY), outcome: 'disclose' },
  { name: 'as run: a junk request address on the address path matches nothing', agreement: AS_RUN, evidence: evidence({ ...ZIP_ONLY, request: { hasTin: false, address: 'NONE' }, best: candidate({ surname: 'exact', given_name: 'exact', address: 'missing' }, 12) }), outcome: 'withhold', codes: ['MATCH_FIELD_BELOW_STANDARD'] },
  // Locality-only request addresses (docs/rules.md's incident): never verified, never an address.
  { name: 'a city-only request address is not verified even when evidence claims a full agreement', agreement: CORRECTED, evidence: evidence({ request: { address: 'LOCALITY', addressReasons: ['city_only'] }, best: candidate(TIN_FULL) }), outcome: 'withhold', fields: [], verified: false, codes: ['MATCH_FIELD_BELOW_STANDARD', 'REQUEST_ADDRESS_INSUFFICIENT'] },
  { name: 'a city-only request address on the address path is not verified', agreement: CORRECTED, evidence: evidence({ ...ADDRESS_PATH, request: { hasTin: false, hasDob: true, address: 'LOCALITY' } }), outcome: 'withhold', fields: [], verified: false },
  { name: 'court reading: a locality-only request address on the TIN path releases no address', agreement: COURT, evidence: evidence({ request: { address: 'LOCALITY' }, best: candidate({ ...TIN_FULL, address: 'city' }) }), outcome: 'withhold', fields: [] },
  { name: 'a street without a house number is not enough for an address', agreement: CORRECTED, evidence: evidence({ request: { address: 'STREET', addressReasons: ['no_house_number'] }, best: candidate(TIN_FULL) }), outcome: 'withhold', verified: false, codes: ['REQUEST_ADDRESS_INSUFFICIENT'] },
  { name: 'as run: a street without a house number passes the ZIP-like check', agreement: AS_RUN, evidence: evidence({ ...ZIP_ONLY, request: { hasTin: false, address: 'STREET' }, best: candidate({ surname: 'exact', given_name: 'exact', address: 'street' }, 14) }), outcome: 'disclose' },
  // Rule 6: surname and address alone.
  { name: 'corrected: surname and address without DOB or TIN are never a match', agreement: CORRECTED, evidence: evidence({ request: { hasTin: false }, best: candidate({ surname: 'exact', given_name: 'different', address: 'full' }, 20) }), outcome: 'withhold', codes: ['MATCH_SURNAME_ADDRESS_ONLY'], answer: 'NOT_VERIFIED', verified: false },
  { name: 'as run: surname and address without DOB or TIN are never a match either', agreement: AS_RUN, evidence: evidence({ request: { hasTin: false }, best: candidate({ surname: 'exact', given_name: 'missing', address: 'full' }, 20) }), outcome: 'withhold', codes: ['MATCH_SURNAME_ADDRESS_ONLY'] },
  { name: 'corrected: a full name and address without DOB or TIN is not a match', agreement: CORRECTED, evidence: evidence({ request: { hasTin: false }, best: candidate({ surname: 'exact', given_name: 'exact', address: 'full' }, 20) }), outcome: 'withhold', codes: ['MATCH_NO_IDENTIFIER'] },
  { name: 'as run: a full name and address without DOB or TIN is a match (lax setting)', agreement: AS_RUN, evidence: evidence({ request: { hasTin: false }, best: candidate({ surname: 'exact', given_name: 'exact', address: 'full' }, 20) }), outcome: 'disclose' },
  { name: 'a DOB that disagrees does not identify anyone', agreement: CORRECTED, evidence: evidence({ ...ADDRESS_PATH, best: candidate({ surname: 'exact', given_name: 'exact', address: 'full', dob: 'year' }, 20) }), outcome: 'withhold', codes: ['MATCH_NO_IDENTIFIER'] },
  // Ties and ambiguity (rule 5).
  { name: 'an ambiguous match goes to review with two approvers', agreement: CORRECTED, evidence: evidence({ status: 'ambiguous', rivals: [candidate(TIN_FULL, 23, 'M-0002')] }), outcome: 'review', fields: [], codes: ['MATCH_AMBIGUOUS', 'MATCH_TIE'], answer: 'UNDER_REVIEW', approvers: 2, verified: false },
  { name: 'a tie (a rival above the threshold) goes to review even when link said match', agreement: CORRECTED, evidence: evidence({ rivals: [candidate(TIN_FULL, 12, 'M-0002')] }), outcome: 'review', codes: ['MATCH_TIE'], verified: false },
  { name: 'as run: a tie still goes to review', agreement: AS_RUN, evidence: evidence({ rivals: [candidate(TIN_FULL, 15, 'M-0002')] }), outcome: 'review', approvers: 1 },
  { name: 'a rival below the threshold does not stop a disclosure', agreement: CORRECTED, evidence: evidence({ rivals: [candidate(TIN_FULL, 11.9, 'M-0002')] }), outcome: 'disclose' },
  // The borderline band (review.matchesBelowWeight: 34 bits in the corrected agreement).
  { name: 'corrected: a match just below the borderline weight goes to review with two approvers', agreement: CORRECTED, evidence: evidence({ best: candidate(TIN_FULL, 33.99) }), outcome: 'review', fields: [], codes: ['MATCH_VERIFIED', 'MATCH_BORDERLINE'], absent: ['FIELDS_RELEASED'], answer: 'UNDER_REVIEW', approvers: 2, verified: true },
  { name: 'corrected: a match at the borderline weight is disclosed', agreement: CORRECTED, evidence: evidence({ best: candidate(TIN_FULL, 34) }), outcome: 'disclose', fields: ADDRESS, absent: ['MATCH_BORDERLINE'] },
  { name: 'a borderline match on the address path goes to review too', agreement: CORRECTED, evidence: evidence({ ...ADDRESS_PATH, best: candidate({ surname: 'exact', given_name: 'exact', address: 'full', dob: 'exact' }, 27) }), outcome: 'review', codes: ['MATCH_BORDERLINE'] },
  { name: 'without a borderline weight a match just above the standard is disclosed', agreement: NO_BAND, evidence: evidence({ best: candidate(TIN_FULL, 12) }), outcome: 'disclose', fields: ADDRESS, absent: ['MATCH_BORDERLINE'] },
  { name: 'the agreement as run has no borderline band', agreement: AS_RUN, evidence: evidence({ best: candidate(TIN_FULL, 13) }), outcome: 'disclose', absent: ['MATCH_BORDERLINE'] },
  { name: 'an order forbidding the field still wins over a borderline review', agreement: CORRECTED, orders: [RESIDENTIAL], evidence: evidence({ best: candidate(TIN_FULL, 30) }), asOf: '2026-02-05T00:00:00Z', outcome: 'withhold', fields: [], codes: ['ORDER_FORBIDS_FIELD'], absent: ['MATCH_BORDERLINE'], answer: 'NOT_PERMITTED' },
  { name: 'a borderline match failing a floor is withheld, not reviewed', agreement: CORRECTED, evidence: evidence({ best: candidate({ ...TIN_FULL, address: 'street' }, 30) }), outcome: 'withhold', codes: ['MATCH_FIELD_BELOW_STANDARD'], absent: ['MATCH_BORDERLINE'] },
  { name: 'a borderline match under an order requiring review gets both reasons and the larger number of approvers', agreement: CORRECTED, orders: [order([{ kind: 'require_review', approvers: 3 }])], evidence: evidence({ best: candidate(TIN_FULL, 30) }), outcome: 'review', codes: ['MATCH_BORDERLINE', 'ORDER_REQUIRES_REVIEW'], approvers: 3 },
  { name: 'corrected: a possible match goes to review', agreement: CORRECTED, evidence: evidence({ status: 'possible' }), outcome: 'review', codes: ['MATCH_POSSIBLE'] },
  { name: 'corrected: a possible match below the match weight still goes to review', agreement: CORRECTED, evidence: evidence({ status: 'possible', best: candidate(TIN_FULL, 9) }), outcome: 'review', codes: ['MATCH_POSSIBLE'], absent: ['MATCH_BELOW_STANDARD'] },
  { name: 'corrected: a possible match failing a field standard is withheld, not reviewed', agreement: CORRECTED, evidence: evidence({ status: 'possible', best: candidate({ ...TIN_FULL, tin: 'different' }, 9) }), outcome: 'withhold', codes: ['MATCH_FIELD_BELOW_STANDARD'] },
  { name: 'as run: a possible match is withheld', agreement: AS_RUN, evidence: evidence({ status: 'possible' }), outcome: 'withhold', codes: ['MATCH_BELOW_STANDARD'] },
  { name: 'an ambiguous match below the standard is withheld, not reviewed', agreement: CORRECTED, evidence: evidence({ status: 'ambiguous', best: candidate(TIN_FULL, 8) }), outcome: 'withhold', codes: ['MATCH_AMBIGUOUS', 'MATCH_BELOW_STANDARD'] },
  // No match.
  { name: 'no candidate: withheld with a generic answer', agreement: CORRECTED, evidence: evidence({ best: null }), outcome: 'withhold', codes: ['MATCH_NONE'], answer: 'NOT_VERIFIED', verified: false },
  { name: 'a candidate below the possible threshold is no match', agreement: CORRECTED, evidence: evidence({ status: 'none', best: candidate(TIN_FULL, 2) }), outcome: 'withhold', codes: ['MATCH_NONE'], answer: 'NOT_VERIFIED' },
  { name: 'a weight below the path standard is below standard', agreement: CORRECTED, evidence: evidence({ best: candidate(TIN_FULL, 11) }), outcome: 'withhold', codes: ['MATCH_BELOW_STANDARD'], answer: 'NOT_VERIFIED' },
  { name: 'a TIN one digit off is below the TIN path standard', agreement: CORRECTED, evidence: evidence({ best: candidate({ ...TIN_FULL, tin: 'one_digit' }) }), outcome: 'withhold', codes: ['MATCH_FIELD_BELOW_STANDARD'] },
  // The request's legal elements (rule 1).
  { name: 'a request missing its case reference is refused', agreement: CORRECTED, evidence: evidence({ request: { caseRef: '' } }), outcome: 'withhold', fields: [], codes: ['REQUEST_MISSING_CASE_REF'], answer: 'REQUEST_INCOMPLETE' },
  { name: 'a blank case reference is missing', agreement: CORRECTED, evidence: evidence({ request: { caseRef: '   ' } }), outcome: 'withhold', codes: ['REQUEST_MISSING_CASE_REF'] },
  { name: 'as run: a request missing its case reference is refused too', agreement: AS_RUN, evidence: evidence({ request: { caseRef: '' } }), outcome: 'withhold', codes: ['REQUEST_MISSING_CASE_REF'] },
  { name: 'a request missing its tax periods is refused', agreement: CORRECTED, evidence: evidence({ request: { hasTaxPeriods: false } }), outcome: 'withhold', codes: ['REQUEST_MISSING_TAX_PERIODS'] },
  { name: 'a request missing its statute is refused', agreement: CORRECTED, evidence: evidence({ request: { hasStatute: false } }), outcome: 'withhold', codes: ['REQUEST_MISSING_STATUTE'] },
  { name: 'a request missing its reasons is refused', agreement: CORRECTED, evidence: evidence({ request: { hasReasons: false } }), outcome: 'withhold', codes: ['REQUEST_MISSING_REASONS'] },
  { name: 'corrected: a request missing its order date is refused', agreement: CORRECTED, evidence: evidence({ request: { hasOrderDate: false } }), outcome: 'withhold', codes: ['REQUEST_MISSING_ORDER_DATE'] },
  { name: 'as run: the order date was not required', agreement: AS_RUN, evidence: evidence({ request: { hasOrderDate: false } }), outcome: 'disclose' },
  { name: 'a request with no usable name is refused', agreement: CORRECTED, evidence: evidence({ request: { name: 'NONE' } }), outcome: 'withhold', codes: ['REQUEST_MISSING_NAME'], absent: ['REQUEST_NAME_INSUFFICIENT'] },
  { name: 'a partial name is refused where a full one is required', agreement: CORRECTED, evidence: evidence({ request: { name: 'PARTIAL' } }), outcome: 'withhold', codes: ['REQUEST_NAME_INSUFFICIENT'], answer: 'REQUEST_INCOMPLETE' },
  { name: 'several missing elements are all reported', agreement: CORRECTED, evidence: evidence({ request: { caseRef: '', hasStatute: false, hasReasons: false } }), outcome: 'withhold', codes: ['REQUEST_MISSING_CASE_REF', 'REQUEST_MISSING_STATUTE', 'REQUEST_MISSING_REASONS'] },
  // The agreement's term.
  { name: 'an expired agreement discloses nothing', agreement: CORRECTED, evidence: evidence(), asOf: '2026-10-07T00:00:00Z', outcome: 'withhold', codes: ['AGREEMENT_EXPIRED'], answer: 'NOT_PERMITTED', verified: true },
  { name: 'the agreement is in force through its last day', agreement: CORRECTED, evidence: evidence(), asOf: '2026-10-06T23:59:59Z', outcome: 'disclose' },
  { name: 'an agreement not yet in effect discloses nothing', agreement: CORRECTED, evidence: evidence(), asOf: '2025-04-06T23:59:59Z', outcome: 'withhold', codes: ['AGREEMENT_NOT_YET_IN_EFFECT'] },
  // Court orders (rule 13).
  { name: 'the injunction does not reach back before 21 November 2025', agreement: CORRECTED, orders: [INJUNCTION], evidence: evidence(), asOf: '2025-11-20T23:59:59Z', outcome: 'disclose' },
  { name: 'the injunction forbids all disclosure from 21 November 2025', agreement: CORRECTED, orders: [INJUNCTION], evidence: evidence(), asOf: '2025-11-21T00:00:00Z', outcome: 'withhold', codes: ['ORDER_FORBIDS_DISCLOSURE'], answer: 'NOT_PERMITTED' },
  { name: 'the injunction binds the agreement as run too', agreement: AS_RUN, orders: [INJUNCTION], evidence: evidence(TIN_JUNK), asOf: '2025-12-01T00:00:00Z', outcome: 'withhold', codes: ['ORDER_FORBIDS_DISCLOSURE'], absent: ['ADDRESS_UNCHECKED'] },
  { name: 'the residential-address order does not block before 5 February 2026', agreement: CORRECTED, orders: [RESIDENTIAL], evidence: evidence(), asOf: '2026-02-04T23:59:59Z', outcome: 'disclose', fields: ADDRESS },
  { name: 'the residential-address order blocks addresses from 5 February 2026', agreement: CORRECTED, orders: [RESIDENTIAL], evidence: evidence(), asOf: '2026-02-05T00:00:00Z', outcome: 'withhold', fields: [], codes: ['ORDER_FORBIDS_FIELD', 'NO_FIELD_PERMITTED'], answer: 'NOT_PERMITTED' },
  { name: 'the residential-address order leaves the other permitted fields', agreement: DOB_AND_DOC, orders: [RESIDENTIAL], evidence: evidence(), asOf: '2026-03-01T00:00:00Z', outcome: 'disclose', fields: ['dob'], codes: ['ORDER_FORBIDS_FIELD'] },
  { name: 'an order binding another agreement has no effect', agreement: CORRECTED, orders: [order([{ kind: 'forbid_disclosure' }], { binds: { agreements: ['other-agreement'] } })], evidence: evidence(), outcome: 'disclose' },
  { name: 'an order binding the recipient by party applies', agreement: CORRECTED, orders: [order([{ kind: 'forbid_disclosure' }], { binds: { parties: ['dhs-ice'] } })], evidence: evidence(), outcome: 'withhold', codes: ['ORDER_FORBIDS_DISCLOSURE'] },
  { name: 'an order applies only when every scope it states holds', agreement: CORRECTED, orders: [order([{ kind: 'forbid_disclosure' }], { binds: { agreements: ['other-agreement'], parties: ['irs'] } })], evidence: evidence(), outcome: 'disclose' },
  { name: 'an order no longer applies after its end date', agreement: CORRECTED, orders: [order([{ kind: 'forbid_disclosure' }], { effective: { from: '2025-06-01', until: '2025-07-31' } })], evidence: evidence(), outcome: 'disclose' },
  { name: 'an order adding an address condition overrides the lax agreement', agreement: AS_RUN, orders: [order([{ kind: 'require', fields: ['address'], minRequestAddressGrade: 'FULL', minAddressAgreement: 'house_number_street' }])], evidence: evidence(TIN_JUNK), outcome: 'withhold', codes: ['REQUEST_ADDRESS_INSUFFICIENT'], absent: ['ADDRESS_UNCHECKED'] },
  { name: 'an order requiring DOB or TIN refuses a name-and-address match', agreement: AS_RUN, orders: [order([{ kind: 'require', requireDobOrTin: true }])], evidence: evidence({ request: { hasTin: false }, best: candidate({ surname: 'exact', given_name: 'exact', address: 'full' }, 20) }), outcome: 'withhold', codes: ['MATCH_NO_IDENTIFIER'] },
  { name: 'an order requiring review sends disclosures to its approvers', agreement: CORRECTED, orders: [order([{ kind: 'require_review', approvers: 3 }])], evidence: evidence(), outcome: 'review', codes: ['ORDER_REQUIRES_REVIEW'], approvers: 3, fields: [] },
  { name: 'an expired agreement under an injunction reports both', agreement: CORRECTED, orders: [INJUNCTION], evidence: evidence(), asOf: '2026-11-01T00:00:00Z', outcome: 'withhold', codes: ['AGREEMENT_EXPIRED', 'ORDER_FORBIDS_DISCLOSURE'] },
  // The recipient and the request context.
  { name: 'no disclosure to a recipient with open safeguard findings and no plan', agreement: CORRECTED, evidence: evidence(), context: { safeguards: { openFindings: 2, correctivePlan: false } }, outcome: 'withhold', codes: ['SAFEGUARD_FINDINGS_OPEN'], answer: 'NOT_PERMITTED' },
  { name: 'open findings under a corrective plan do not block', agreement: CORRECTED, evidence: evidence(), context: { safeguards: { openFindings: 2, correctivePlan: true } }, outcome: 'disclose' },
  { name: 'an unauthorised requester gets nothing', agreement: CORRECTED, evidence: evidence(), context: { requester: 'dhs-cbp' }, outcome: 'withhold', codes: ['REQUESTER_NOT_AUTHORISED'], answer: 'NOT_PERMITTED' },
  { name: 'the volume cap blocks once reached', agreement: CORRECTED, evidence: evidence(), context: { disclosuresSoFar: { day: 100000 } }, outcome: 'withhold', codes: ['VOLUME_CAP_REACHED'] },
  { name: 'the volume cap allows the last disclosure under it', agreement: CORRECTED, evidence: evidence(), context: { disclosuresSoFar: { day: 99999 } }, outcome: 'disclose' },
  { name: 'a cap period the agreement does not cap is ignored', agreement: CORRECTED, evidence: evidence(), context: { disclosuresSoFar: { month: 10 ** 9 } }, outcome: 'disclose' },
  { name: 'only the fields the purpose needs are released', agreement: CORRECTED, evidence: evidence(), context: { fieldsRequested: ['street_number', 'street_name', 'zip'] }, outcome: 'disclose', fields: ['street_number', 'street_name', 'zip'], codes: ['FIELD_NOT_REQUESTED'] },
  { name: 'a request needing no permitted field gets nothing', agreement: CORRECTED, evidence: evidence(), context: { fieldsRequested: ['dob'] }, outcome: 'withhold', codes: ['FIELD_NOT_REQUESTED'], fields: [] },
  { name: 'a suffix standard refuses a parent for a child at one address', agreement: variant((d) => ((d.match.tin as { fields: Record<string, string> }).fields.suffix = 'exact')), evidence: evidence({ best: candidate({ ...TIN_FULL, suffix: 'different' }) }), outcome: 'withhold', codes: ['MATCH_FIELD_BELOW_STANDARD'] },
  // Paths.
  { name: 'a request without a TIN under a TIN-only agreement has no path', agreement: TIN_ONLY, evidence: evidence(ADDRESS_PATH), outcome: 'withhold', codes: ['NO_MATCH_PATH'] },
  { name: 'a request with a TIN under an address-only agreement takes the address path', agreement: ADDRESS_ONLY, evidence: evidence({ best: candidate({ ...TIN_FULL, dob: 'missing' }, 40) }), outcome: 'disclose' },
]

function run(c: Case): Decision {
  return decide(c.evidence, { ...CONTEXT, ...c.context }, c.agreement, c.orders ?? [], c.asOf ?? DISCLOSURE_DAY)
}

describe('decide (table of rules)', () => {
  it('has at least 60 cases', () => assert.ok(CASES.length >= 60, `${CASES.length} cases`))
  for (const c of CASES) {
    it(c.name, () => {
      const d = run(c)
      const codes = d.reasons.map((r) => r.code)
      assert.equal(d.outcome, c.outcome, `outcome; reasons: ${codes.join(', ')}`)
      if (c.fields) assert.deepEqual(d.fields, c.fields)
      if (d.outcome !== 'disclose') assert.deepEqual(d.fields, [])
      for (const code of c.codes ?? []) assert.ok(codes.includes(code), `expected ${code} among ${codes.join(', ')}`)
      for (const code of c.absent ?? []) assert.ok(!codes.includes(code), `did not expect ${code} among ${codes.join(', ')}`)
      if (c.answer) assert.equal(d.answer.code, c.answer)
      if (c.verified !== undefined) assert.equal(d.verified, c.verified)
      if (c.approvers !== undefined) assert.deepEqual(d.review, { approvers: c.approvers })
      if (d.outcome !== 'review') assert.equal(d.review, null)
    })
  }
})

describe('the borderline band, once people have reviewed the case', () => {
  const borderline = evidence({ best: candidate(TIN_FULL, 30) })
  it('is satisfied by the review: the approved case is decided again and disclosed', () => {
    assert.equal(compilePolicy(CORRECTED, []).decide(borderline, CONTEXT, DISCLOSURE_DAY).outcome, 'review')
    const d = compilePolicy(CORRECTED, [], { reviewed: true }).decide(borderline, CONTEXT, DISCLOSURE_DAY)
    assert.equal(d.outcome, 'disclose')
    assert.deepEqual(d.fields, ADDRESS)
    assert.ok(!d.reasons.some((r) => r.code === 'MATCH_BORDERLINE'))
  })
  it('leaves every other rule in force for a reviewed case', () => {
    const reviewed = compilePolicy(CORRECTED, [RESIDENTIAL], { reviewed: true })
    assert.equal(reviewed.decide(borderline, CONTEXT, '2026-02-05T00:00:00Z').outcome, 'withhold')
    assert.equal(reviewed.decide(evidence({ best: candidate({ ...TIN_FULL, address: 'street' }, 30) }), CONTEXT, DISCLOSURE_DAY).outcome, 'withhold')
  })
  it('words its reason with the agreement’s weight', () => {
    const d = compilePolicy(CORRECTED, []).decide(borderline, CONTEXT, DISCLOSURE_DAY)
    assert.match(d.reasons.find((r) => r.code === 'MATCH_BORDERLINE')?.message ?? '', /below 34 bits/)
  })
})

describe('decide (what every decision records)', () => {
  it('carries the use limits, the disposal date and the unverified notice', () => {
    const d = decide(evidence(), CONTEXT, CORRECTED, [], DISCLOSURE_DAY)
    assert.equal(d.useLimits.caseRef, 'ERO-2025-000123')
    assert.equal(d.useLimits.disposeBy, '2026-08-07')
    assert.equal(d.useLimits.disposal, 'destroy')
    assert.equal(d.useLimits.recipient, 'dhs-ice')
    assert.equal(d.useLimits.noRedisclosure, true)
    assert.match(d.useLimits.notice, /unverified until independently verified/)
    assert.match(d.useLimits.legalBasis, /6103\(i\)\(2\)/)
  })
  it('records the documents, the evidence digest, the rule set and the time', () => {
    const e = evidence()
    const d = decide(e, CONTEXT, CORRECTED, [INJUNCTION, RESIDENTIAL], '2026-03-01T00:00:00Z')
    assert.deepEqual(d.agreement, { id: 'irs-ice-2025', version: '2025-04-07-corrected', digest: CORRECTED.digest })
    assert.deepEqual(
      d.orders.map((o) => o.digest),
      [INJUNCTION.digest, RESIDENTIAL.digest],
    )
    assert.equal(d.evidenceDigest, digest(e as unknown as JsonValue))
    assert.equal(d.ruleSetVersion, RULE_SET_VERSION)
    assert.equal(d.asOf, '2026-03-01T00:00:00.000Z')
    assert.equal(d.discloser, 'irs')
    assert.equal(d.recipient, 'dhs-ice')
  })
  it('lists only the orders in force at the decision time', () => {
    const d = decide(evidence(), CONTEXT, CORRECTED, [INJUNCTION, RESIDENTIAL], '2025-12-01T00:00:00Z')
    assert.deepEqual(
      d.orders.map((o) => o.id),
      ['dcd-2025-11-21-injunction'],
    )
  })
  it('names the master record only when something goes out or to review', () => {
    assert.equal(decide(evidence(), CONTEXT, CORRECTED, [], DISCLOSURE_DAY).masterId, 'M-0001')
    assert.equal(decide(evidence({ request: { caseRef: '' } }), CONTEXT, CORRECTED, [], DISCLOSURE_DAY).masterId, null)
    assert.equal(decide(evidence({ status: 'ambiguous' }), CONTEXT, CORRECTED, [], DISCLOSURE_DAY).masterId, 'M-0001')
  })
  it('records the basis a release-time check needs', () => {
    const d = decide(evidence(ZIP_ONLY), CONTEXT, AS_RUN, [], DISCLOSURE_DAY)
    assert.deepEqual(d.basis, { path: 'address', status: 'match', weight: 14, requestAddress: 'LOCALITY', addressAgreement: 'zip', identified: false })
  })
  it('never tells the requester which field failed', () => {
    const failures = [
      evidence({ best: null }),
      evidence({ best: candidate({ ...TIN_FULL, tin: 'one_digit' }) }),
      evidence({ best: candidate({ ...TIN_FULL, address: 'street' }) }),
      evidence({ best: candidate(TIN_FULL, 11) }),
      evidence({ request: { hasTin: false }, best: candidate({ surname: 'exact', given_name: 'different', address: 'full' }, 20) }),
      evidence(ZIP_ONLY),
    ]
    const answers = failures.map((e) => decide(e, CONTEXT, CORRECTED, [], DISCLOSURE_DAY))
    for (const d of answers) {
      assert.equal(d.outcome, 'withhold')
      assert.deepEqual(d.answer, { code: 'NOT_VERIFIED', message: ANSWERS.NOT_VERIFIED })
      assert.doesNotMatch(d.answer.message, /tin|surname|given|address|weight|dob|birth/i)
      assert.ok(d.reasons.length > 0, 'the internal reasons are kept')
    }
  })
  it('gives the same decision from decide() and from a compiled policy', () => {
    const e = evidence(TIN_JUNK)
    const a = decide(e, CONTEXT, AS_RUN, [INJUNCTION], DISCLOSURE_DAY)
    const b = compilePolicy(AS_RUN, [INJUNCTION]).decide(e, CONTEXT, new Date(DISCLOSURE_DAY))
    assert.deepEqual(a, b)
  })
  it('re-reads a Date that was changed between two decisions', () => {
    const policy = compilePolicy(CORRECTED, [INJUNCTION])
    const at = new Date('2025-11-20T12:00:00Z')
    assert.equal(policy.decide(evidence(), CONTEXT, at).outcome, 'disclose')
    at.setTime(Date.parse('2025-11-22T12:00:00Z'))
    assert.equal(policy.decide(evidence(), CONTEXT, at).outcome, 'withhold')
  })
  it('refuses a decision time that is not a date', () => {
    assert.throws(() => decide(evidence(), CONTEXT, CORRECTED, [], 'yesterday'), /not a valid date-time/)
  })
  it('refuses to decide under a document that did not pass validation', () => {
    const forged = { ...CORRECTED } as ValidatedAgreement
    assert.throws(() => compilePolicy(forged, []), /validated agreement/)
    assert.throws(() => compilePolicy(CORRECTED, [{ ...INJUNCTION } as ValidatedOrder]), /validated court orders/)
  })
})

describe('decideBatch', () => {
  it('withholds once the volume cap is reached mid-batch', () => {
    const batch = [1, 2, 3, 4].map((i) => evidence({ requestId: `R-${i}` }))
    const decisions = decideBatch(compilePolicy(CAP_TWO, []), [evidence({ requestId: 'R-0', request: { caseRef: '' } }), ...batch], CONTEXT, DISCLOSURE_DAY)
    assert.deepEqual(
      decisions.map((d) => d.outcome),
      ['withhold', 'disclose', 'disclose', 'withhold', 'withhold'],
    )
    assert.ok(decisions[3]!.reasons.some((r) => r.code === 'VOLUME_CAP_REACHED'))
  })
  it('starts from the disclosures already made in the period', () => {
    const decisions = decideBatch(compilePolicy(CAP_TWO, []), [evidence(), evidence()], { ...CONTEXT, disclosuresSoFar: { day: 1 } }, DISCLOSURE_DAY)
    assert.deepEqual(
      decisions.map((d) => d.outcome),
      ['disclose', 'withhold'],
    )
  })
})

describe('replaying the incident', () => {
  it('counts the improper disclosures under the court’s and the agency’s readings', () => {
    // A batch shaped like 2025's: most matches through the TIN path (a few on junk addresses,
    // many on complete addresses that were never compared), the rest through the address path.
    const batch: MatchResult[] = []
    const push = (n: number, e: Parameters<typeof evidence>[0]) => {
      for (let i = 0; i < n; i++) batch.push(evidence({ ...e, requestId: `R-${batch.length}` }))
    }
    push(5, TIN_JUNK) // TIN path, junk request address
    push(30, { best: candidate({ ...TIN_FULL, address: 'different' }) }) // TIN path, complete address that disagrees
    push(10, {}) // TIN path, complete address that agrees
    push(4, ZIP_ONLY) // address path, ZIP-like request address
    push(2, { request: { hasTin: false }, best: candidate({ surname: 'exact', given_name: 'exact', address: 'full' }, 20) }) // address path, full address
    const asRun = decideBatch(compilePolicy(AS_RUN, []), batch, CONTEXT, DISCLOSURE_DAY)
    const disclosed = asRun.filter((d) => d.outcome === 'disclose')
    assert.equal(disclosed.length, 51)
    const improper = (reading: ValidatedAgreement) => {
      const policy = compilePolicy(reading, [])
      const byId = new Map(batch.map((e) => [e.requestId, e]))
      return disclosed.filter((d) => policy.decide(byId.get(d.requestId)!, CONTEXT, d.asOf).outcome !== 'disclose').length
    }
    assert.equal(improper(COURT), 35) // every TIN-path disclosure without a confirmed address
    assert.equal(improper(AGENCY), 9) // only those on incomplete request addresses
    assert.equal(improper(CORRECTED), 41) // the corrected rules also refuse name + address without DOB or TIN
  })
})
