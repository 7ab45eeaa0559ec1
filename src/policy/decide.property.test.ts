import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { COMPARISON_LEVELS, DISCLOSABLE_FIELDS, canonicalJson, expandDisclosureItem } from '../core/index.js'
import type { ComparedField, JsonValue, MatchResult, RequestContext } from '../core/index.js'
import { compilePolicy } from './compile-policy.js'
import { decide } from './decide.js'
import { recheckAtRelease } from './recheck.js'
import { exampleAgreement, validated } from '../../test/support/policy-fixtures.js'
import type { ValidatedAgreement, ValidatedOrder } from './validate-document.js'
import type { AgreementDocument } from './agreement-schema.js'

const DAY = 86_400_000
const EPOCH = Date.UTC(2025, 0, 1)
const day = (n: number) => new Date(EPOCH + n * DAY).toISOString().slice(0, 10)
const GRADES = ['FULL', 'STREET', 'LOCALITY'] as const
const agreeing = (f: ComparedField) => COMPARISON_LEVELS[f].filter((l) => l !== 'different' && l !== 'missing')

const standard = fc.record(
  {
    minStatus: fc.constantFrom('match', 'possible'),
    minWeight: fc.integer({ min: -5, max: 25 }),
    fields: fc.record(
      {
        given_name: fc.constantFrom(...agreeing('given_name')),
        surname: fc.constantFrom(...agreeing('surname')),
        dob: fc.constantFrom(...agreeing('dob')),
        address: fc.constantFrom(...agreeing('address')),
        tin: fc.constantFrom(...agreeing('tin')),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['minStatus', 'minWeight', 'fields'] },
)

/** Disclosure rules per path: a set of fields each with optional conditions (never overlapping). */
const rulesFor = (path: 'tin' | 'address') =>
  fc.uniqueArray(fc.constantFrom(...DISCLOSABLE_FIELDS), { minLength: 1, maxLength: 5 }).chain((fields) =>
    fc.tuple(
      ...fields.map((field) =>
        fc.record(
          { field: fc.constant(field), paths: fc.constant([path]), minRequestAddressGrade: fc.constantFrom(...GRADES), minAddressAgreement: fc.constantFrom(...agreeing('address')) },
          { requiredKeys: ['field', 'paths'] },
        ),
      ),
    ),
  )

const agreementArb: fc.Arbitrary<ValidatedAgreement> = fc
  .record({
    start: fc.integer({ min: 0, max: 300 }),
    length: fc.integer({ min: 1, max: 700 }),
    requireDobOrTin: fc.boolean(),
    tin: fc.option(standard, { nil: undefined }),
    address: standard,
    tinRules: rulesFor('tin'),
    addressRules: rulesFor('address'),
    cap: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined, freq: 2 }),
    possibleMatches: fc.boolean(),
  })
  .map((a) => {
    const disclose = [...(a.tin ? a.tinRules : []), ...a.addressRules]
    return validated<ValidatedAgreement>({
      kind: 'agreement',
      id: 'random-agreement',
      version: '1',
      title: 'A random agreement',
      parties: { disclosing: { id: 'holder', name: 'Holder' }, requesting: { id: 'requester', name: 'Requester', authorised: ['requester'] } },
      legalBasis: 'test',
      purpose: 'test',
      effective: { from: day(a.start), until: day(a.start + a.length) },
      request: { required: ['name', 'case_ref'], minNameGrade: 'PARTIAL' },
      match: { requireDobOrTin: a.requireDobOrTin, ...(a.tin ? { tin: a.tin } : {}), address: a.address },
      disclose: disclose.length > 0 ? disclose : [{ field: 'zip', paths: ['address'] }],
      caps: a.cap === undefined ? [] : [{ period: 'day', maxDisclosures: a.cap }],
      review: { possibleMatches: a.possibleMatches, approvers: 1 },
      retention: { days: 30, disposal: 'destroy' },
    })
  })

const actionArb = fc.oneof(
  fc.constant({ kind: 'forbid_disclosure' }),
  fc.record({ kind: fc.constant('forbid_fields'), fields: fc.uniqueArray(fc.constantFrom('address', 'name', ...DISCLOSABLE_FIELDS), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('require'), minRequestAddressGrade: fc.constantFrom(...GRADES) }),
  fc.record({ kind: fc.constant('require_review'), approvers: fc.integer({ min: 1, max: 3 }) }),
)

const orderArb: fc.Arbitrary<ValidatedOrder> = fc
  .record({ n: fc.nat(), start: fc.integer({ min: 0, max: 800 }), length: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }), binds: fc.constantFrom('random-agreement', 'other', 'other'), actions: fc.array(actionArb, { minLength: 1, maxLength: 3 }) })
  .map((o) =>
    validated<ValidatedOrder>({
      kind: 'order',
      id: `order-${o.n}`,
      court: 'Court',
      case: 'Case',
      title: 'Order',
      issued: day(o.start),
      effective: { from: day(o.start), ...(o.length === undefined ? {} : { until: day(o.start + o.length) }) },
      binds: { agreements: [o.binds] },
      actions: o.actions,
    }),
  )

const levelArb = (f: ComparedField) => fc.constantFrom(...COMPARISON_LEVELS[f])
const candidateArb = fc.record({
  masterId: fc.constantFrom('M-1', 'M-2', 'M-3'),
  weight: fc.double({ min: -10, max: 40, noNaN: true }),
  probability: fc.constant(0.5),
  comparisons: fc.tuple(levelArb('given_name'), levelArb('surname'), levelArb('dob'), levelArb('address'), levelArb('tin')).map(([g, s, d, a, t]) => [
    { field: 'given_name' as const, level: g, weight: 1 },
    { field: 'surname' as const, level: s, weight: 1 },
    { field: 'dob' as const, level: d, weight: 1 },
    { field: 'address' as const, level: a, weight: 1 },
    { field: 'tin' as const, level: t, weight: 1 },
  ]),
})

const anyEvidence: fc.Arbitrary<MatchResult> = fc.record({
  requestId: fc.constant('R'),
  status: fc.constantFrom('match', 'possible', 'ambiguous', 'none'),
  request: fc.record({
    name: fc.constantFrom('FULL', 'PARTIAL', 'NONE'),
    address: fc.constantFrom('FULL', 'STREET', 'LOCALITY', 'NONE'),
    addressReasons: fc.constant([]),
    hasDob: fc.boolean(),
    hasTin: fc.boolean(),
    caseRef: fc.constantFrom('', 'CASE-1'),
    hasTaxPeriods: fc.boolean(),
    hasStatute: fc.boolean(),
    hasReasons: fc.boolean(),
    hasOrderDate: fc.boolean(),
  }),
  best: fc.option(candidateArb, { nil: undefined }),
  rivals: fc.array(candidateArb, { maxLength: 2 }),
  masterDigest: fc.constant('sha256:00'),
  modelDigest: fc.constant('sha256:00'),
}) as fc.Arbitrary<MatchResult>

/** A complete request with a strong candidate, so that disclosures and reviews happen too. */
const strongEvidence: fc.Arbitrary<MatchResult> = fc
  .record({
    status: fc.constantFrom('match', 'match', 'match', 'possible', 'ambiguous'),
    hasTin: fc.boolean(),
    hasDob: fc.boolean(),
    address: fc.constantFrom('FULL', 'FULL', 'STREET', 'LOCALITY'),
    rivals: fc.array(candidateArb, { maxLength: 1 }),
  })
  .map(
    (e) =>
      ({
        requestId: 'R',
        status: e.status,
        request: { name: 'FULL', address: e.address, addressReasons: [], hasDob: e.hasDob, hasTin: e.hasTin, caseRef: 'CASE-1', hasTaxPeriods: true, hasStatute: true, hasReasons: true, hasOrderDate: true },
        best: {
          masterId: 'M-1',
          weight: 30,
          probability: 0.99,
          comparisons: (['given_name', 'surname', 'dob', 'address', 'tin'] as const).map((field) => ({ field, level: COMPARISON_LEVELS[field][0], weight: 5 })),
        },
        rivals: e.rivals,
        masterDigest: 'sha256:00',
        modelDigest: 'sha256:00',
      }) as MatchResult,
  )

const evidenceArb = fc.oneof({ weight: 1, arbitrary: anyEvidence }, { weight: 2, arbitrary: strongEvidence })

const contextArb: fc.Arbitrary<RequestContext> = fc.record(
  {
    requester: fc.constantFrom('requester', 'requester', 'requester', 'requester', 'someone-else'),
    disclosuresSoFar: fc.record({ day: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: [] }),
    safeguards: fc.record({ openFindings: fc.constantFrom(0, 0, 0, 1), correctivePlan: fc.boolean() }),
    fieldsRequested: fc.uniqueArray(fc.constantFrom(...DISCLOSABLE_FIELDS), { maxLength: 6 }),
  },
  { requiredKeys: ['requester', 'disclosuresSoFar', 'safeguards'] },
)

const asOfArb = fc.integer({ min: -30, max: 1100 }).chain((d) => fc.integer({ min: 0, max: DAY - 1 }).map((ms) => EPOCH + d * DAY + ms))

/** An agreement and a decision time, mostly within the agreement's term (so disclosures happen). */
const agreementAndTime = agreementArb.chain((agreement) => {
  const from = Date.parse(`${agreement.document.effective.from}T00:00:00Z`)
  const until = Date.parse(`${agreement.document.effective.until}T00:00:00Z`) + DAY
  return fc.tuple(fc.constant(agreement), fc.oneof({ weight: 3, arbitrary: fc.integer({ min: from, max: until - 1 }) }, { weight: 1, arbitrary: asOfArb }))
})

/** What the agreement permits on the path this request takes. */
function permitted(a: AgreementDocument, hasTin: boolean): Set<string> {
  const path = hasTin && a.match.tin ? 'tin' : 'address'
  const out = new Set<string>()
  for (const rule of a.disclose) if (rule.paths === undefined || rule.paths.includes(path)) for (const f of expandDisclosureItem(rule.field)) out.add(f)
  return out
}

/** What the orders in force at `ms` forbid (`all` when one forbids every disclosure). */
function forbidden(orders: readonly ValidatedOrder[], ms: number): { all: boolean; fields: Set<string> } {
  const fields = new Set<string>()
  let all = false
  for (const o of orders) {
    const d = o.document
    if (!d.binds.agreements?.includes('random-agreement')) continue
    const from = Date.parse(`${d.effective.from}T00:00:00Z`)
    const until = d.effective.until === undefined ? Infinity : Date.parse(`${d.effective.until}T00:00:00Z`) + DAY
    if (ms < from || ms >= until) continue
    for (const action of d.actions) {
      if (action.kind === 'forbid_disclosure') all = true
      if (action.kind === 'forbid_fields') for (const item of action.fields) for (const f of expandDisclosureItem(item)) fields.add(f)
    }
  }
  return { all, fields }
}

const RUNS = Number(process.env.VERIGATE_PROPERTY_RUNS ?? 300)

describe('decide (properties)', () => {
  it('never discloses a field the agreement does not permit or an order in force forbids', () => {
    const outcomes = { disclose: 0, withhold: 0, review: 0 }
    fc.assert(
      fc.property(agreementAndTime, fc.array(orderArb, { maxLength: 3 }), evidenceArb, contextArb, ([agreement, asOf], orders, evidence, context) => {
        const d = decide(evidence, context, agreement, orders, asOf)
        outcomes[d.outcome] += 1
        const allowed = permitted(agreement.document, evidence.request.hasTin)
        const banned = forbidden(orders, asOf)
        if (d.outcome !== 'disclose') assert.deepEqual(d.fields, [])
        if (banned.all) assert.deepEqual(d.fields, [])
        for (const f of d.fields) {
          assert.ok(allowed.has(f), `${f} is not permitted`)
          assert.ok(!banned.fields.has(f), `${f} is forbidden by an order in force`)
          if (context.fieldsRequested) assert.ok(context.fieldsRequested.includes(f), `${f} was not requested`)
        }
        if (d.outcome === 'disclose') {
          assert.ok(d.fields.length > 0)
          assert.ok(d.verified)
          assert.notEqual(evidence.request.caseRef, '')
        }
      }),
      { numRuns: RUNS },
    )
    // The generators must reach disclosures, or the property would hold vacuously.
    assert.ok(outcomes.disclose >= 3 && outcomes.withhold > 0, JSON.stringify(outcomes))
    if (process.env.VERIGATE_PROPERTY_STATS) console.log(JSON.stringify(outcomes))
  })

  it('is deterministic: the same inputs give the same canonical JSON, compiled or not', () => {
    fc.assert(
      fc.property(agreementAndTime, fc.array(orderArb, { maxLength: 2 }), evidenceArb, contextArb, ([agreement, asOf], orders, evidence, context) => {
        const a = canonicalJson(decide(evidence, context, agreement, orders, asOf) as unknown as JsonValue)
        const b = canonicalJson(compilePolicy(agreement, orders).decide(evidence, context, new Date(asOf).toISOString()) as unknown as JsonValue)
        const c = canonicalJson(decide(structuredClone(evidence), structuredClone(context), agreement, orders, asOf) as unknown as JsonValue)
        assert.equal(a, b)
        assert.equal(a, c)
      }),
      { numRuns: RUNS },
    )
  })

  it('never releases at release time a field an order then in force forbids', () => {
    fc.assert(
      fc.property(agreementAndTime, fc.array(orderArb, { maxLength: 3 }), evidenceArb, contextArb, fc.integer({ min: 0, max: 200 * DAY }), ([agreement, asOf], orders, evidence, context, delay) => {
        const releaseAt = asOf + delay
        const r = recheckAtRelease(decide(evidence, context, agreement, orders, asOf), orders, releaseAt)
        const banned = forbidden(orders, releaseAt)
        if (banned.all) assert.notEqual(r.outcome, 'disclose')
        for (const f of r.fields) assert.ok(!banned.fields.has(f), `${f} released although forbidden at release`)
        if (r.outcome !== 'disclose') assert.deepEqual(r.fields, [])
      }),
      { numRuns: RUNS },
    )
  })

  it('under the corrected agreement, an incomplete request address never yields a verified match or an address', () => {
    const corrected = exampleAgreement('irs-ice-2025-corrected')
    const incomplete = evidenceArb.map((e) => ({ ...e, request: { ...e.request, address: e.request.address === 'FULL' ? 'LOCALITY' : e.request.address } }) as MatchResult)
    fc.assert(
      fc.property(incomplete, contextArb, (evidence, context) => {
        const d = decide(evidence, { ...context, requester: 'dhs-ice' }, corrected, [], '2025-08-07T12:00:00Z')
        assert.equal(d.verified, false)
        assert.ok(!d.fields.some((f) => ['street_number', 'street_name', 'unit', 'city', 'state', 'zip'].includes(f)))
      }),
      { numRuns: RUNS },
    )
  })
})
