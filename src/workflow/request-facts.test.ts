import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { RequestRecord } from '../core/index.js'
import { compilePolicy, readAgreementFile } from '../policy/index.js'
import { standardizeRecord } from '../standardize/index.js'
import { checkAtIntake, requestFactsOf } from './request-facts.js'
import { AS_OF, CORRECTED_AGREEMENT } from '../../test/support/workflow-test-support.js'

const policy = compilePolicy(readAgreementFile(CORRECTED_AGREEMENT), [])
const context = { requester: 'dhs-ice', disclosuresSoFar: {}, safeguards: { openFindings: 0, correctivePlan: false } }
const complete: RequestRecord = {
  id: 'R1',
  given_name: 'JIMMY',
  surname: 'SCHMITZ',
  dob: '10/01/1961',
  street_number: '9437',
  street_name: '7TH RD',
  city: 'ST LOUIS',
  state: 'MO',
  zip: '65012',
  case_ref: 'ERO-2025-0000002',
  order_date: '2003-01-22',
  tax_periods: '2022-2024',
  statute: '8 U.S.C. 1253(a)(1)',
  reasons: 'Final order of removal issued.',
}

function check(record: RequestRecord) {
  return checkAtIntake(policy, record.id, requestFactsOf(standardizeRecord(record), record), context, AS_OF, '')
}

describe('checkAtIntake under the corrected agreement', () => {
  it('accepts a request that states every element', () => {
    const c = check(complete)
    assert.deepEqual(c.refused, [])
    assert.equal(c.decision, null)
  })

  it('refuses a request missing its statute and case reference, naming both, with a generic answer', () => {
    const { statute: _s, case_ref: _c, ...rest } = complete
    const c = check(rest)
    assert.deepEqual([...c.refused].sort(), ['REQUEST_MISSING_CASE_REF', 'REQUEST_MISSING_STATUTE'])
    assert.equal(c.decision?.outcome, 'withhold')
    assert.equal(c.decision?.answer.code, 'REQUEST_INCOMPLETE')
    assert.equal(c.evidence.status, 'none')
    assert.equal(c.evidence.best, undefined)
  })

  it('refuses a request with no address at all, and one with only a surname', () => {
    const { street_number: _n, street_name: _s, city: _c, state: _st, zip: _z, ...noAddress } = complete
    assert.deepEqual(check(noAddress).refused, ['REQUEST_MISSING_ADDRESS'])
    const { given_name: _g, ...surnameOnly } = complete
    assert.ok(check(surnameOnly).refused.includes('REQUEST_NAME_INSUFFICIENT'))
  })

  it('takes the request facts from the standardized record and the legal elements', () => {
    const facts = requestFactsOf(standardizeRecord({ ...complete, tin: '360-32-0837' }), complete)
    assert.equal(facts.name, 'FULL')
    assert.equal(facts.address, 'FULL')
    assert.equal(facts.hasTin, true)
    assert.equal(facts.caseRef, 'ERO-2025-0000002')
  })
})
