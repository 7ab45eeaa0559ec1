import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { standardizeAddress, standardizeAddressDetailed } from './standardize-address.js'

describe('standardizeAddress grades (docs/rules.md rule 2)', () => {
  it('grades every junk address of docs/rules.md NONE with address_junk', () => {
    for (const address of ['Failed to Provide', 'Unknown Address', 'NA NA', 'N/A', "Don't Care 12345", '00000', '99999', 'Unknown', 'NONE', 'n/a n/a']) {
      const a = standardizeAddress({ address })
      assert.equal(a.grade, 'NONE', address)
      assert.ok(a.gradeReasons.includes('address_junk'), `${address}: ${a.gradeReasons.join(',')}`)
      assert.deepEqual([a.streetNumber, a.streetName, a.poBox], ['', '', ''], address)
    }
  })
  it('grades a bare 5- or 9-digit ZIP LOCALITY with zip_only, never more', () => {
    assert.deepEqual(standardizeAddressDetailed({ address: '20500' }).address.gradeReasons, ['zip_only'])
    const nine = standardizeAddress({ address: '207311234' })
    assert.deepEqual([nine.grade, nine.zip, nine.zip4, nine.gradeReasons], ['LOCALITY', '20731', '1234', ['zip_only']])
    assert.equal(standardizeAddress({ zip: '62701' }).grade, 'LOCALITY')
  })
  it('reads a trailing state without commas or ZIP when a street suffix and a city stand before it', () => {
    const a = standardizeAddress({ address: '6215 FRANKLIN LN BEAVERTON OR' })
    assert.deepEqual([a.streetNumber, a.streetName, a.streetSuffix, a.city, a.state, a.grade], ['6215', 'FRANKLIN', 'LN', 'BEAVERTON', 'OR', 'FULL'])
    const court = standardizeAddress({ address: '123 MAIN CT' })
    assert.deepEqual([court.streetName, court.streetSuffix, court.state], ['MAIN', 'CT', ''])
  })
  it('grades a placeholder 9-digit number NONE', () => {
    for (const address of ['123456789', '000000000', '999999999']) assert.equal(standardizeAddress({ address }).grade, 'NONE', address)
  })
  it('grades a street without a house number STREET with no_house_number', () => {
    const a = standardizeAddress({ address: 'Main St, Boise, ID 83701' })
    assert.deepEqual([a.grade, a.gradeReasons], ['STREET', ['no_house_number']])
  })
  it('grades a facility without a location NONE, and with only a city LOCALITY', () => {
    assert.deepEqual(standardizeAddress({ address: 'COUNTY JAIL' }).gradeReasons, ['facility_without_location'])
    assert.equal(standardizeAddress({ address: 'COUNTY JAIL' }).grade, 'NONE')
    const located = standardizeAddress({ address: 'County Jail, Springfield, IL' })
    assert.deepEqual([located.grade, located.gradeReasons], ['LOCALITY', ['facility_without_location', 'locality_only']])
    assert.equal(standardizeAddress({ address: 'Processing Center Detention Facility' }).grade, 'NONE')
  })
  it('grades a city and state alone LOCALITY with locality_only', () => {
    const a = standardizeAddress({ city: 'Springfield', state: 'IL' })
    assert.deepEqual([a.grade, a.gradeReasons], ['LOCALITY', ['locality_only']])
  })
  it('grades a street line without any locality STREET with locality_missing, never NONE', () => {
    for (const address of ['123 Main St', 'PO Box 55', 'RR 2 Box 15', 'N1234 Cty Rd K', '350 5th Ave Fl 34']) {
      const a = standardizeAddress({ address })
      assert.deepEqual([a.grade, a.gradeReasons], ['STREET', ['locality_missing']], address)
    }
    assert.deepEqual(standardizeAddress({ street_number: '8777', street_name: 'Elliott Dr' }).grade, 'STREET')
  })
  it('grades a city without state or ZIP as not enough for FULL', () => {
    const a = standardizeAddress({ address: '5 Main St, Springfield' })
    assert.deepEqual([a.grade, a.gradeReasons], ['STREET', ['locality_incomplete']])
  })
  it('grades FULL with a box or route box in place of number and street', () => {
    assert.equal(standardizeAddress({ address: 'PO Box 55, Juneau, AK 99801' }).grade, 'FULL')
    assert.equal(standardizeAddress({ address: 'HC 3 Box 7, Pinedale, WY 82941' }).grade, 'FULL')
    assert.equal(standardizeAddress({ address: 'RR 2, Hazard, KY 41701' }).grade, 'STREET')
  })
  it('accepts city and state without a ZIP, or a ZIP without city and state, for FULL', () => {
    assert.equal(standardizeAddress({ address: '2 E Main St, St. Louis, MO' }).grade, 'FULL')
    assert.equal(standardizeAddress({ address: '123 Main St, 90210' }).grade, 'FULL')
  })
  it('grades a blank address NONE with address_missing', () => {
    assert.deepEqual(standardizeAddress({}).gradeReasons, ['address_missing'])
    assert.deepEqual(standardizeAddress({ address: '   ' }).gradeReasons, ['address_missing'])
  })
  it('poisons a ZIP that shares a comma-free line with junk, but not a separately stated locality', () => {
    assert.equal(standardizeAddress({ address: 'Unknown Address 62701' }).grade, 'NONE')
    assert.equal(standardizeAddress({ address: 'Unknown Address', zip: '62701' }).grade, 'LOCALITY')
  })
})

describe('standardizeAddress boxes and look-alikes', () => {
  it('reads BOX ELDER RD as a street, not as PO box ELDER', () => {
    const a = standardizeAddress({ address: 'Box Elder Rd, Brigham City, UT 84302' })
    assert.deepEqual([a.poBox, a.streetName, a.streetSuffix, a.grade], ['', 'BOX ELDER', 'RD', 'STREET'])
  })
  it('reads Mission St and Hotel Cir as streets, not facilities', () => {
    assert.deepEqual(standardizeAddress({ address: 'Mission St, San Francisco, CA 94103' }).gradeReasons, ['no_house_number'])
    assert.equal(standardizeAddress({ address: '500 Hotel Cir N, San Diego, CA 92108' }).grade, 'FULL')
  })
  it('needs a route number for a rural route', () => {
    assert.equal(standardizeAddress({ address: 'RR 7 Box 3, Ada, OK 74820' }).route, 'RR 7')
    assert.equal(standardizeAddress({ address: 'Rural Route Box 3, Ada, OK 74820' }).route, '')
  })
})

describe('standardizeAddress ZIP and state checks', () => {
  it('grades a street whose ZIP belongs to another state STREET, naming the mismatch as the reason', () => {
    const r = standardizeAddressDetailed({ address: '123 Main St, Springfield, IL 90210' })
    assert.equal(r.address.grade, 'STREET')
    assert.deepEqual(r.address.gradeReasons, ['zip_state_mismatch'])
    assert.deepEqual(r.issues, ['zip_state_mismatch'])
    const parts = standardizeAddressDetailed({ street_number: '123', street_name: 'Main St', city: 'Springfield', state: 'IL', zip: '90210' })
    assert.deepEqual([parts.address.grade, parts.address.gradeReasons], ['STREET', ['zip_state_mismatch']])
    // Without a street there is nothing to distrust beyond the locality itself: still LOCALITY.
    const locality = standardizeAddressDetailed({ address: 'Springfield, IL 90210' })
    assert.deepEqual([locality.address.grade, locality.issues], ['LOCALITY', ['locality_only', 'zip_state_mismatch']])
    assert.deepEqual(standardizeAddressDetailed({ address: '123 Main St, Springfield, IL 62701' }).issues, [])
  })
  it('accepts every state listed for a shared ZIP prefix (063 is CT and NY)', () => {
    assert.deepEqual(standardizeAddressDetailed({ address: '1 Main St, Fishers Island, NY 06390' }).issues, [])
    assert.deepEqual(standardizeAddressDetailed({ address: '1 Main St, Old Lyme, CT 06371' }).issues, [])
  })
  it('treats a ZIP prefix missing from the table as unknown, not invalid', () => {
    const r = standardizeAddressDetailed({ address: '1 Main St, Holtsville, NY 00501' })
    assert.equal(r.address.zip, '00501')
    assert.deepEqual(r.issues, ['zip_prefix_unknown'])
  })
  it('drops a malformed ZIP with zip_invalid', () => {
    const r = standardizeAddressDetailed({ street_number: '1', street_name: 'Main St', city: 'Dover', state: 'NH', zip: '123' })
    assert.deepEqual([r.address.zip, r.address.grade, r.issues], ['', 'FULL', ['zip_invalid']])
  })
  it("keeps a six-digit postcode (India's, China's; scaled FEBRL's shifted ones) as a non-US postal code, as four digits are", () => {
    for (const zip of ['110001', '134650', '2615']) {
      const r = standardizeAddressDetailed({ street_number: '56', street_name: 'Hacke Place', city: 'Prospect', state: 'vic', zip })
      assert.deepEqual([r.address.zip, r.issues.includes('zip_not_us'), r.issues.includes('zip_invalid')], [zip, true, false], zip)
    }
    for (const zip of ['123', '1234567']) {
      const r = standardizeAddressDetailed({ street_number: '56', street_name: 'Hacke Place', city: 'Prospect', state: 'vic', zip })
      assert.deepEqual([r.address.zip, r.issues.includes('zip_invalid')], ['', true], zip)
    }
  })
  it('turns state names into codes', () => {
    assert.equal(standardizeAddress({ state: 'Massachusetts' }).state, 'MA')
    assert.equal(standardizeAddress({ state: 'new  york' }).state, 'NY')
    assert.equal(standardizeAddress({ state: 'District of Columbia' }).state, 'DC')
    assert.equal(standardizeAddress({ state: 'pr' }).state, 'PR')
  })
})

describe('standardizeAddress on non-US input (FEBRL)', () => {
  const febrl = standardizeAddressDetailed({ street_number: '8', street_name: 'stanley street', unit: 'miami', city: 'winston hills', state: 'nsw', zip: '4223' })
  it('keeps the postcode, state, street and building name, upper-cased', () => {
    const a = febrl.address
    assert.deepEqual([a.streetNumber, a.streetName, a.streetSuffix, a.unit, a.city, a.state, a.zip], ['8', 'STANLEY', 'ST', 'MIAMI', 'WINSTON HILLS', 'NSW', '4223'])
  })
  it('flags them zip_not_us and state_unknown, and does not count them for the grade', () => {
    assert.deepEqual(febrl.issues, ['locality_incomplete', 'zip_not_us', 'state_unknown'])
    assert.equal(febrl.address.grade, 'STREET')
  })
  it('keeps a building name that follows the street in the street field as the unit', () => {
    const a = standardizeAddress({ street_number: '905', street_name: 'macquoid place broadbridge manor' })
    assert.deepEqual([a.streetName, a.streetSuffix, a.unit], ['MACQUOID', 'PL', 'BROADBRIDGE MANOR'])
  })
})

describe('standardizeAddress parts and originals', () => {
  it('joins the parts into the original text', () => {
    const a = standardizeAddress({ street_number: '12', street_name: 'Main St', unit: 'Apt 4', city: 'Dover', state: 'NH', zip: '03820' })
    assert.equal(a.original, '12 Main St, Apt 4, Dover, NH 03820')
  })
  it('combines a one-line delivery address with separate city, state and ZIP fields', () => {
    const a = standardizeAddress({ address: '12 Main St Apt 4', city: 'Dover', state: 'NH', zip: '03820' })
    assert.deepEqual([a.streetNumber, a.streetName, a.unitType, a.unit, a.city, a.state, a.zip, a.grade], ['12', 'MAIN', 'APT', '4', 'DOVER', 'NH', '03820', 'FULL'])
  })
  it('reads a unit field with or without a designator', () => {
    assert.deepEqual(((a) => [a.unitType, a.unit])(standardizeAddress({ street_number: '1', street_name: 'Elm St', unit: 'Suite 300' })), ['STE', '300'])
    assert.deepEqual(((a) => [a.unitType, a.unit])(standardizeAddress({ street_number: '1', street_name: 'Elm St', unit: '4B' })), ['', '4B'])
  })
  it('reports words that fit no field', () => {
    assert.ok(standardizeAddressDetailed({ address: '5 Main St Extra Words, Dover, NH 03820' }).issues.length >= 0)
  })
})

describe('standardizeAddress on the kinds hand-written addresses failed (issue 18)', () => {
  it('grades a facility named with its city and state LOCALITY, with or without commas', () => {
    for (const [address, name, city, state] of [
      ['Krome Service Processing Center, Miami, FL 33194', 'KROME SERVICE PROCESSING CENTER', 'MIAMI', 'FL'],
      ['Stewart Detention Center Lumpkin Georgia', 'STEWART DETENTION CENTER', 'LUMPKIN', 'GA'],
      ['Mercy Hospital Springfield MO', 'MERCY HOSPITAL', 'SPRINGFIELD', 'MO'],
      ['Denver International Airport, Denver, CO', 'DENVER INTERNATIONAL AIRPORT', 'DENVER', 'CO'],
      ['Lackland AFB, San Antonio, TX 78236', 'LACKLAND AFB', 'SAN ANTONIO', 'TX'],
      ['Camp East Montana, El Paso, TX', 'CAMP EAST MONTANA', 'EL PASO', 'TX'],
    ] as const) {
      const a = standardizeAddress({ address })
      assert.deepEqual([a.grade, a.gradeReasons, a.streetName, a.city, a.state], ['LOCALITY', ['facility_without_location', 'locality_only'], name, city, state], address)
    }
  })
  it('keeps streets named for a facility, towns named CAMP or FORT, and a facility followed by its street', () => {
    assert.equal(standardizeAddress({ address: 'Airport Rd, Dallas, TX 75201' }).grade, 'STREET')
    assert.equal(standardizeAddress({ address: '12 Medical Center Dr, Houston, TX 77030' }).grade, 'FULL')
    assert.deepEqual(standardizeAddress({ address: 'Camp Verde, AZ' }).city, 'CAMP VERDE')
    const jail = standardizeAddress({ address: 'Cook County Jail 2700 S California Ave Chicago IL 60608' })
    assert.deepEqual([jail.grade, jail.streetNumber, jail.streetName, jail.city], ['FULL', '2700', 'CALIFORNIA', 'CHICAGO'])
    // A unit number after a facility's name is no house number.
    assert.notEqual(standardizeAddress({ address: 'Camp East Montana Bldg 2 Rm 101, El Paso, TX' }).grade, 'FULL')
  })
  it('reads a unit id with letters and a hyphen mid-line, before a city without a comma', () => {
    for (const [address, type, unit, city] of [
      ['500 Oak Ave STE B-12 Dallas TX 75201', 'STE', 'B12', 'DALLAS'],
      ['123 Main St Apt 4-B Springfield IL 62701', 'APT', '4B', 'SPRINGFIELD'],
      ['77 Pine Rd Unit 3A-2 Portland OR 97205', 'UNIT', '3A2', 'PORTLAND'],
      ['88 Harbor Dr # D-4 San Diego CA 92101', '#', 'D4', 'SAN DIEGO'],
    ] as const) {
      const a = standardizeAddress({ address })
      assert.deepEqual([a.grade, a.unitType, a.unit, a.city], ['FULL', type, unit, city], address)
    }
  })
  it('reads Wisconsin grid numbers on county and state highways, and Utah grid streets, without commas', () => {
    const wi = standardizeAddress({ address: 'N1234 CTY RD K Poynette WI 53955' })
    assert.deepEqual([wi.grade, wi.streetNumber, wi.streetName, wi.city], ['FULL', 'N1234', 'COUNTY ROAD K', 'POYNETTE'])
    const hyphen = standardizeAddress({ address: 'W123 WI-57 Plymouth WI' })
    assert.deepEqual([hyphen.grade, hyphen.streetNumber, hyphen.streetName, hyphen.city, hyphen.state], ['FULL', 'W123', 'WI HIGHWAY 57', 'PLYMOUTH', 'WI'])
    const ut = standardizeAddress({ address: '1234 S 500 E Salt Lake City UT 84111' })
    assert.deepEqual([ut.grade, ut.predirectional, ut.streetName, ut.postdirectional, ut.city], ['FULL', 'S', '500', 'E', 'SALT LAKE CITY'])
  })
  it('reads a state spelled out after a city with no comma and no ZIP, whatever the street', () => {
    for (const [address, city, state] of [
      ['123 Broadway Albany New York', 'ALBANY', 'NY'],
      ['500 Calle del Sol Santa Fe New Mexico', 'SANTA FE', 'NM'],
      ['1200 N 500 W Provo Utah', 'PROVO', 'UT'],
      ['PO Box 12 Boise Idaho', 'BOISE', 'ID'],
    ] as const) {
      const a = standardizeAddress({ address })
      assert.deepEqual([a.grade, a.city, a.state], ['FULL', city, state], address)
    }
  })
  it('grades GENERAL DELIVERY as no street: LOCALITY with its city, NONE alone', () => {
    const a = standardizeAddress({ address: 'General Delivery, Juneau, AK 99801' })
    assert.deepEqual([a.grade, a.gradeReasons, a.streetName], ['LOCALITY', ['general_delivery', 'locality_only'], ''])
    assert.deepEqual(standardizeAddress({ address: 'GENERAL DELIVERY' }).grade, 'NONE')
    assert.deepEqual(standardizeAddress({ street_name: 'Gen Del', city: 'Bethel', state: 'AK' }).grade, 'LOCALITY')
  })
  it('drops c/o and ATTN lines and grades the street before or after them', () => {
    for (const address of ['c/o John Smith, 123 Main St, Springfield, IL 62701', '123 Main St c/o Mary Jones, Springfield, IL 62701', 'ATTN Billing, 123 Main St, Springfield, IL 62701', 'C/O Acme Corp 123 Main St Springfield IL 62701']) {
      const a = standardizeAddress({ address })
      assert.deepEqual([a.grade, a.streetNumber, a.streetName, a.city], ['FULL', '123', 'MAIN', 'SPRINGFIELD'], address)
    }
    assert.equal(standardizeAddress({ address: 'c/o John Smith, Springfield, IL 62701' }).grade, 'LOCALITY')
  })
})
