import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { diffPolicies } from './diff-policies.js'
import { exampleAgreement, exampleOrder, validated } from '../../test/support/policy-fixtures.js'
import type { ValidatedOrder } from './validate-document.js'

const AS_RUN = exampleAgreement('irs-ice-2025-as-run')
const CORRECTED = exampleAgreement('irs-ice-2025-corrected')
const COURT = exampleAgreement('irs-ice-2025-court-reading')
const INJUNCTION = exampleOrder('dcd-2025-11-21-injunction')

describe('diffPolicies', () => {
  it('finds no change between a document and itself', () => {
    assert.deepEqual(diffPolicies(CORRECTED, CORRECTED), [])
  })
  it('says the court’s reading only adds address checks on the TIN path', () => {
    const changes = diffPolicies(AS_RUN, COURT).filter((c) => c.kind !== 'changed')
    assert.deepEqual(
      changes.map((c) => c.message),
      [
        'address fields: on the tin path: least request-address grade raised from none (no check) to FULL',
        'address fields: on the tin path: least address agreement raised from none (no check) to house_number_street',
      ],
    )
  })
  it('lists the standards the correction raises, in plain words', () => {
    const messages = diffPolicies(AS_RUN, CORRECTED).map((c) => `${c.kind}: ${c.message}`)
    for (const expected of [
      'raised: requests must now state address',
      'raised: a match now requires the date of birth or the TIN to agree',
      'raised: the tin path now requires address to agree at least at “house_number_street”',
      'raised: the address path’s address standard raised from “zip” to “house_number_street”',
      'raised: address fields: on the address path: least request-address grade raised from LOCALITY to FULL',
      'added: a cap of 100000 disclosures per day was added',
    ]) {
      assert.ok(messages.includes(expected), `missing "${expected}" in:\n${messages.join('\n')}`)
    }
  })
  it('reads the other way as lowered standards and removed caps', () => {
    const kinds = diffPolicies(CORRECTED, AS_RUN).map((c) => c.kind)
    assert.ok(kinds.includes('lowered'))
    assert.ok(kinds.includes('removed'))
    assert.ok(!kinds.includes('raised'))
  })
  it('reports fields added to and removed from disclosure', () => {
    const withDob = validated({ ...structuredClone(CORRECTED.document), disclose: [...CORRECTED.document.disclose, { field: 'dob' }] })
    assert.deepEqual(
      diffPolicies(CORRECTED, withDob).map((c) => `${c.kind}: ${c.message}`),
      ['added: dob: now disclosed on the tin path without any address check', 'added: dob: now disclosed on the address path without any address check'],
    )
    assert.deepEqual(
      diffPolicies(withDob, CORRECTED).map((c) => c.kind),
      ['removed', 'removed'],
    )
  })
  it('reports the borderline-review weight added, raised, lowered and removed', () => {
    const band = (w: number | undefined) => {
      const doc = structuredClone(CORRECTED.document) as { review: Record<string, unknown> }
      if (w === undefined) delete doc.review.matchesBelowWeight
      else doc.review.matchesBelowWeight = w
      return validated(doc)
    }
    const line = (a: number | undefined, b: number | undefined) => diffPolicies(band(a), band(b)).map((c) => `${c.kind} ${c.path}: ${c.message}`)
    assert.deepEqual(line(undefined, 34), ['added review.matchesBelowWeight: borderline-review weight added: matches under 34 bits now go to review before any disclosure'])
    assert.deepEqual(line(34, 40), ['raised review.matchesBelowWeight: borderline-review weight raised from 34 to 40 bits (stricter)'])
    assert.deepEqual(line(34, 30), ['lowered review.matchesBelowWeight: borderline-review weight lowered from 34 to 30 bits (laxer)'])
    assert.deepEqual(line(34, undefined), ['removed review.matchesBelowWeight: borderline-review weight removed: matches under 34 bits are no longer sent to review'])
    assert.deepEqual(line(34, 34), [])
  })
  it('reports dates moved and caps changed', () => {
    const later = validated({ ...structuredClone(CORRECTED.document), effective: { from: '2025-04-07', until: '2027-04-06' }, caps: [{ period: 'day', maxDisclosures: 500 }] })
    assert.deepEqual(
      diffPolicies(CORRECTED, later).map((c) => c.message),
      ['the expiry date moved later, from 2026-10-06 to 2027-04-06', 'the cap per day decreased from 100000 to 500 (stricter)'],
    )
  })
  it('reports an order’s dates, scope and actions', () => {
    const changed = validated<ValidatedOrder>({
      ...structuredClone(INJUNCTION.document),
      effective: { from: '2025-11-22', until: '2026-01-31' },
      binds: { agreements: ['irs-ice-2025', 'ssa-ice-2025'] },
      actions: [{ kind: 'forbid_fields', fields: ['address'] }],
    })
    assert.deepEqual(
      diffPolicies(INJUNCTION, changed).map((c) => `${c.kind}: ${c.message}`),
      [
        'moved: the effective date moved later, from 2025-11-21 to 2025-11-22',
        'added: the end date set to 2026-01-31',
        'added: now binds ssa-ice-2025',
        'added: action added: {"fields":["address"],"kind":"forbid_fields"}',
        'removed: action removed: {"kind":"forbid_disclosure"}',
      ],
    )
  })
  it('says when two documents are of different kinds', () => {
    assert.equal(diffPolicies(CORRECTED, INJUNCTION)[0]?.path, 'kind')
  })
})
