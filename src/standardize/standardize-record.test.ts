import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { standardizeRecord } from './standardize-record.js'

describe('standardizeRecord', () => {
  it('standardizes every part of a full request record with no issues', () => {
    const r = standardizeRecord({ id: 'r1', name: 'Jose A. Garcia Lopez', dob: '3/7/85', tin: '512-34-8761', address: '123 Calle del Sol, Santa Fe, NM 87501' })
    assert.equal(r.id, 'r1')
    assert.deepEqual([r.name.given, r.name.surname, r.name.grade], ['JOSE', 'GARCIA LOPEZ', 'FULL'])
    assert.deepEqual([r.address.streetName, r.address.grade], ['CALLE DEL SOL', 'FULL'])
    assert.equal(r.dob.value, '1985-03-07')
    assert.equal(r.tin, '512348761')
    assert.deepEqual(r.issues, [])
  })
  it('collects the issues of every part, in the order name, address, date, TIN', () => {
    const r = standardizeRecord({ id: 'r2', given_name: 'FNU', surname: 'Smith', address: 'Failed to Provide', dob: '1985-02-30', tin: '000-00-0000' })
    assert.deepEqual(r.issues, ['name_placeholder', 'given_name_missing', 'address_junk', 'date_impossible', 'tin_invalid'])
    assert.equal(r.address.grade, 'NONE')
    assert.equal(r.dob.precision, 'none')
    assert.equal(r.tin, '')
  })
  it('does not count an absent date of birth or TIN as an issue', () => {
    const r = standardizeRecord({ id: 'r3', given_name: 'Ann', surname: 'Lee', street_number: '1', street_name: 'Elm St', city: 'Dover', state: 'NH', zip: '03820' })
    assert.deepEqual(r.issues, [])
    assert.equal(r.dob.precision, 'none')
  })
  it('standardizes a FEBRL record through a column map, keeping its non-US values', () => {
    const r = standardizeRecord({ id: 'rec-1070-org', given_name: 'michaela', surname: 'neumann', street_number: '8', street_name: 'stanley street miami', city: 'winston hills', zip: '4223', state: 'nsw', dob: '19151111', tin: '5304218' })
    assert.deepEqual([r.name.given, r.name.surname, r.name.grade], ['MICHAELA', 'NEUMANN', 'FULL'])
    assert.deepEqual([r.address.streetNumber, r.address.streetName, r.address.streetSuffix, r.address.unit, r.address.zip, r.address.state], ['8', 'STANLEY', 'ST', 'MIAMI', '4223', 'NSW'])
    assert.equal(r.dob.value, '1915-11-11')
    assert.equal(r.tin, '5304218')
    assert.deepEqual(r.issues, ['locality_incomplete', 'zip_not_us', 'state_unknown', 'tin_not_us'])
  })
})
