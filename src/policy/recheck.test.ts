import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { decide } from './decide.js'
import { CONTEXT, POLICIES_DIR, candidate, evidence, exampleAgreement, exampleOrder, validated } from '../../test/support/policy-fixtures.js'
import { recheckAtRelease } from './recheck.js'
import type { ValidatedAgreement, ValidatedOrder } from './validate-document.js'

const CORRECTED = exampleAgreement('irs-ice-2025-corrected')
const AS_RUN = exampleAgreement('irs-ice-2025-as-run')
const INJUNCTION = exampleOrder('dcd-2025-11-21-injunction')
const RESIDENTIAL = exampleOrder('dmass-2026-02-05-residential')

const WITH_DOB: ValidatedAgreement = (() => {
  const doc = parse(readFileSync(`${POLICIES_DIR}agreements/irs-ice-2025-corrected.yaml`, 'utf8'))
  doc.disclose.push({ field: 'dob' })
  return validated(doc)
})()

function order(actions: unknown[], from: string): ValidatedOrder {
  return validated({
    kind: 'order',
    id: `test-${from}`,
    court: 'Test Court',
    case: 'Test v. Test',
    title: 'A test order',
    issued: from.slice(0, 10),
    effective: { from },
    binds: { agreements: ['irs-ice-2025'] },
    actions,
  })
}

const DECIDED = '2026-02-04T16:00:00Z'

describe('recheckAtRelease', () => {
  it('blocks a release when an order took effect between the decision and the release', () => {
    const d = decide(evidence(), CONTEXT, CORRECTED, [RESIDENTIAL], DECIDED)
    assert.equal(d.outcome, 'disclose')
    const r = recheckAtRelease(d, [RESIDENTIAL], '2026-02-05T09:00:00Z')
    assert.equal(r.outcome, 'withhold')
    assert.deepEqual(r.fields, [])
    assert.equal(r.masterId, null)
    assert.equal(r.answer.code, 'NOT_PERMITTED')
    const codes = r.reasons.map((x) => x.code)
    assert.ok(codes.includes('ORDER_FORBIDS_FIELD') && codes.includes('ORDER_BLOCKS_RELEASE'), codes.join(', '))
    assert.deepEqual(r.releaseCheck, { at: '2026-02-05T09:00:00.000Z', orders: [{ id: 'dmass-2026-02-05-residential', digest: RESIDENTIAL.digest }] })
  })
  it('blocks a release after the injunction took effect', () => {
    const d = decide(evidence(), CONTEXT, AS_RUN, [INJUNCTION], '2025-11-20T12:00:00Z')
    const r = recheckAtRelease(d, [INJUNCTION], '2025-11-21T08:00:00Z')
    assert.equal(r.outcome, 'withhold')
    assert.ok(r.reasons.some((x) => x.code === 'ORDER_FORBIDS_DISCLOSURE'))
  })
  it('lets a release through when the order takes effect only after it', () => {
    const d = decide(evidence(), CONTEXT, CORRECTED, [RESIDENTIAL], DECIDED)
    const r = recheckAtRelease(d, [RESIDENTIAL], '2026-02-04T23:59:59Z')
    assert.equal(r.outcome, 'disclose')
    assert.deepEqual(r.fields, d.fields)
    assert.deepEqual(r.reasons, d.reasons)
    assert.deepEqual(r.releaseCheck, { at: '2026-02-04T23:59:59.000Z', orders: [] })
  })
  it('keeps the fields a new order leaves allowed', () => {
    const d = decide(evidence(), CONTEXT, WITH_DOB, [], DECIDED)
    assert.equal(d.fields.length, 7)
    const r = recheckAtRelease(d, [RESIDENTIAL], '2026-02-06T00:00:00Z')
    assert.equal(r.outcome, 'disclose')
    assert.deepEqual(r.fields, ['dob'])
  })
  it('does not apply twice an order already applied at decision time', () => {
    const d = decide(evidence(), CONTEXT, WITH_DOB, [RESIDENTIAL], '2026-02-06T00:00:00Z')
    assert.deepEqual(d.fields, ['dob'])
    const r = recheckAtRelease(d, [RESIDENTIAL], '2026-02-07T00:00:00Z')
    assert.deepEqual(r.reasons, d.reasons)
    assert.deepEqual(r.fields, ['dob'])
  })
  it('sends a release to review when a new order requires it', () => {
    const d = decide(evidence(), CONTEXT, CORRECTED, [], DECIDED)
    const r = recheckAtRelease(d, [order([{ kind: 'require_review', approvers: 3 }], '2026-02-05')], '2026-02-05T01:00:00Z')
    assert.equal(r.outcome, 'review')
    assert.deepEqual(r.review, { approvers: 3 })
    assert.deepEqual(r.fields, [])
  })
  it('applies a new order’s address conditions to the recorded basis', () => {
    const lax = decide(evidence({ request: { address: 'NONE' }, best: candidate({ tin: 'exact', surname: 'exact', address: 'missing' }, 18) }), CONTEXT, AS_RUN, [], DECIDED)
    assert.equal(lax.outcome, 'disclose')
    const strict = order([{ kind: 'require', fields: ['address'], minRequestAddressGrade: 'FULL' }], '2026-02-05')
    const r = recheckAtRelease(lax, [strict], '2026-02-05T01:00:00Z')
    assert.equal(r.outcome, 'withhold')
    assert.ok(r.reasons.some((x) => x.code === 'REQUEST_ADDRESS_INSUFFICIENT'))
  })
  it('applies a new order requiring DOB or TIN', () => {
    const lax = decide(evidence({ request: { hasTin: false }, best: candidate({ surname: 'exact', given_name: 'exact', address: 'full' }, 20) }), CONTEXT, AS_RUN, [], DECIDED)
    assert.equal(lax.outcome, 'disclose')
    const r = recheckAtRelease(lax, [order([{ kind: 'require', requireDobOrTin: true }], '2026-02-05')], '2026-02-05T01:00:00Z')
    assert.equal(r.outcome, 'withhold')
  })
  it('ignores an order that binds another agreement', () => {
    const d = decide(evidence(), CONTEXT, CORRECTED, [], DECIDED)
    const other = validated<ValidatedOrder>({ ...parse(readFileSync(`${POLICIES_DIR}orders/dcd-2025-11-21-injunction.yaml`, 'utf8')), binds: { agreements: ['another'] } })
    assert.equal(recheckAtRelease(d, [other], '2026-03-01T00:00:00Z').outcome, 'disclose')
  })
  it('leaves a withheld decision withheld and records the check', () => {
    const d = decide(evidence({ best: null }), CONTEXT, CORRECTED, [], DECIDED)
    const r = recheckAtRelease(d, [RESIDENTIAL], '2026-02-06T00:00:00Z')
    assert.equal(r.outcome, 'withhold')
    assert.notEqual(r.releaseCheck, null)
  })
})
