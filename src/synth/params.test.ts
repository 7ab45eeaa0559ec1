import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidInputError } from '../core/index.js'
import { DEMO_PARAMS, INCIDENT_PARAMS, PARAMETER_DOCS, resolveParams, validateParams } from './params.js'

describe('generator parameters', () => {
  it('documents every parameter', () => {
    assert.deepEqual(Object.keys(PARAMETER_DOCS).sort(), Object.keys(INCIDENT_PARAMS).sort())
  })

  it('calibrates the incident to about 47,000 requested people in the master', () => {
    assert.equal(INCIDENT_PARAMS.requests, 1_280_000)
    assert.equal(INCIDENT_PARAMS.people, 10_000_000)
    assert.equal(Math.round(INCIDENT_PARAMS.requests * INCIDENT_PARAMS.inMasterRate), 47_000)
    assert.equal(validateParams(INCIDENT_PARAMS).length, 0)
  })

  it('keeps the incident rates in the demo, except a higher in-master rate', () => {
    const { scenario, seed, people, requests, inMasterRate, ...rates } = DEMO_PARAMS
    const { scenario: _s, seed: _e, people: _p, requests: _r, inMasterRate: _i, ...incidentRates } = INCIDENT_PARAMS
    assert.deepEqual(rates, incidentRates)
    assert.deepEqual([scenario, people, requests, inMasterRate], ['demo', 20_000, 2_000, 0.4])
    assert.equal(seed, 1)
  })

  it('overrides scenario defaults with given options', () => {
    const params = resolveParams({ scenario: 'demo', people: 500, inMasterRate: 0.9 })
    assert.equal(params.people, 500)
    assert.equal(params.inMasterRate, 0.9)
    assert.equal(params.requests, 2_000)
  })

  it('refuses invalid parameters, listing every one', () => {
    try {
      resolveParams({ inMasterRate: 1.5, people: -1, addressKindWeights: { ...INCIDENT_PARAMS.addressKindWeights, full: -1 } })
      assert.fail('expected an error')
    } catch (error) {
      assert.ok(error instanceof InvalidInputError)
      const fields = error.issues.map((i) => i.path?.field).sort()
      assert.deepEqual(fields, ['addressKindWeights.full', 'inMasterRate', 'people'])
      assert.ok(error.issues.every((i) => i.code === 'invalid_parameter'))
    }
  })

  it('refuses unknown parameters', () => {
    const issues = validateParams({ ...INCIDENT_PARAMS, inMasterRat: 0.2 } as never)
    assert.equal(issues[0]?.message, 'unknown parameter inMasterRat')
  })
})
