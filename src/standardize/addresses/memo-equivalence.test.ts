import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { clearStandardizeCaches } from '../memo.js'
import { standardizeAddressDetailed, standardizeAddressUncached, type AddressInput } from './standardize-address.js'

const number = fc.oneof(fc.integer({ min: 1, max: 99999 }).map(String), fc.constantFrom('0', '12A', '112-10', '123 1/2', 'N6W23001', 'W5678', 'c/o Ann Lee,', 'ATTN Billing', ''))
const street = fc.constantFrom('Main St', 'N Main Street', 'Oak Avenue', 'Calle del Sol', 'Avenue of the Americas', 'State Hwy 9', 'US Highway 19 N', 'PO Box 55', 'RR 2 Box 15', 'Deer Creek Rd', 'North St', 'Broadway', 'County Jail', 'Unknown', 'NA NA', '5th Ave', 'Park', 'CTY RD K', 'WI-57', 'S 500 E', 'Krome Processing Center', 'Medical Center Dr', 'General Delivery', 'Camp East Montana', 'Main St c/o Ruth Diaz', '')
const unit = fc.constantFrom('', ' Apt 4B', ' #12', ' Ste 300', ' Bldg 2 Rm 101', ' Rear', ', Apt 3', ' Apt B-12', ' Unit 3A-2')
const city = fc.constantFrom('Springfield', 'New York', 'St. Louis', 'Fort Worth', 'Santa Fe', 'Key West', 'Unknown', 'Lake Forest', '')
const state = fc.constantFrom('IL', 'NY', 'Massachusetts', 'TX', 'nsw', 'NA', 'New Mexico', 'CT', '')
const zip = fc.constantFrom('62701', '10036', '02108-1234', '00000', '4223', '90210', '12345', '')
const sep = fc.constantFrom(', ', ' ', ',')

const line = fc.tuple(number, street, unit, sep, city, sep, state, fc.constantFrom(' ', ', '), zip).map(([n, s, u, s1, c, s2, st, s3, z]) => `${n} ${s}${u}${s1}${c}${s2}${st}${s3}${z}`.trim())
const parts = fc.record({ street_number: number, street_name: street, unit: unit.map((u) => u.replace(/^[ ,]+/, '')), city, state, zip }).map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== '')) as AddressInput)

describe('the memoised address paths', () => {
  it('agree with the uncached reading on generated one-line addresses, on first sight and on a memo hit', () => {
    clearStandardizeCaches()
    fc.assert(
      fc.property(line, (address) => {
        const reference = standardizeAddressUncached({ address })
        assert.deepEqual(standardizeAddressDetailed({ address }), reference, address)
        assert.deepEqual(standardizeAddressDetailed({ address }), reference, address)
      }),
      { numRuns: 3000 },
    )
  })
  it('agree with the uncached reading on generated addresses in parts', () => {
    clearStandardizeCaches()
    fc.assert(
      fc.property(parts, (input) => {
        const reference = standardizeAddressUncached(input)
        assert.deepEqual(standardizeAddressDetailed(input), reference, JSON.stringify(input))
        assert.deepEqual(standardizeAddressDetailed(input), reference, JSON.stringify(input))
      }),
      { numRuns: 3000 },
    )
  })
  it('agree with the uncached reading while a memo steps aside for values that do not recur', () => {
    clearStandardizeCaches()
    for (let i = 0; i < 20_000; i++) {
      const address = `${i + 1} Main St Apt ${i}, Springfield, IL 62701`
      if (i % 997 === 0) assert.deepEqual(standardizeAddressDetailed({ address }), standardizeAddressUncached({ address }))
      else standardizeAddressDetailed({ address })
    }
  })
})
