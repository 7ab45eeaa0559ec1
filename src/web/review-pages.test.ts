import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { shownValues } from './review-pages.js'

describe('a review case page, field by field', () => {
  it('shows each side’s suffix as the comparison read it, from its own column or from inside the name', () => {
    assert.equal(shownValues({ id: 'R1', given_name: 'John', surname: 'Smith Jr' }, 'suffix'), 'JR')
    assert.equal(shownValues({ id: 'R2', name: 'SMITH, JOHN', suffix: 'Junior' }, 'suffix'), 'JR')
    assert.equal(shownValues({ id: 'M1', given_name: 'JOHN', surname: 'SMITH', suffix: 'Sr.' }, 'suffix'), 'SR')
    assert.equal(shownValues({ id: 'M2', given_name: 'JOHN', surname: 'SMITH' }, 'suffix'), '')
    assert.equal(shownValues(undefined, 'suffix'), '')
  })

  it('shows the other fields as given, the TIN masked', () => {
    const record = { id: 'M1', given_name: 'JOHN', middle_name: 'Q', surname: 'SMITH', tin: '400-00-0001', street_number: '1402', street_name: 'PECAN ST', city: 'SAN ANTONIO' }
    assert.equal(shownValues(record, 'given_name'), 'JOHN Q')
    assert.equal(shownValues(record, 'tin'), '•••-••-0001')
    assert.equal(shownValues(record, 'address'), '1402, PECAN ST, SAN ANTONIO')
  })
})
