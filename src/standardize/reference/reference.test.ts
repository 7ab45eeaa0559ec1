import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { sharedDataFile, skipUnlessShared } from '../../../test/support/shared-data.js'
import { directional, givenNameSex, groupsOf, isCommonGivenName, isSpanishSurname, spanishPrefix, stateCode, statesOfZip, streetSuffix, unitDesignator } from './index.js'

/** Rows of a small, unquoted CSV file under ../shared/data. */
function rows(relative: string): string[][] {
  const path = sharedDataFile(relative)
  if (path === undefined) return []
  return readFileSync(path, 'utf8').trim().split(/\r?\n/).slice(1).map((line) => line.split(','))
}

describe('the reference tables', () => {
  it('map every Publication 28 C1 variant, primary name and standard to the standard', () => {
    assert.equal(streetSuffix('AVENUE'), 'AVE')
    assert.equal(streetSuffix('STREET'), 'ST')
    assert.equal(streetSuffix('PLACE'), 'PL')
    assert.equal(streetSuffix('MDW'), 'MDWS')
    assert.equal(streetSuffix('SMITH'), undefined)
  })
  it('map C2 unit designators, Appendix B states and directionals, Appendix H Spanish prefixes', () => {
    assert.equal(unitDesignator('APARTMENT'), 'APT')
    assert.equal(unitDesignator('SUITE'), 'STE')
    assert.equal(unitDesignator('#'), '#')
    assert.equal(stateCode('NORTHERN MARIANA ISLANDS'), 'MP')
    assert.equal(stateCode('TX'), 'TX')
    assert.equal(directional('NORTHWEST'), 'NW')
    assert.equal(spanishPrefix('CLL'), 'CALLE')
  })
  it('list every state for a shared ZIP prefix and nothing for an unlisted one', () => {
    assert.deepEqual([...(statesOfZip('06390') ?? [])].sort(), ['CT', 'NY'])
    assert.deepEqual(statesOfZip('62701'), ['IL'])
    assert.equal(statesOfZip('00501'), undefined)
  })
  it('know Spanish surnames, common given names and nickname groups', () => {
    assert.equal(isSpanishSurname('GARCIA'), true)
    assert.equal(isCommonGivenName('JOSE'), true)
    assert.equal(isCommonGivenName('GARCIA'), false)
    assert.ok(groupsOf('BOB').length > 0)
  })
  it('know the sex of a given name that all but always has one, and no sex for a name of both', () => {
    assert.equal(givenNameSex('ERNEST'), 'male')
    assert.equal(givenNameSex('ERNESTINE'), 'female')
    assert.equal(givenNameSex('CHRISTOPHER'), 'male')
    assert.equal(givenNameSex('CHRISTINA'), 'female')
    for (const either of ['JEAN', 'JORDAN', 'DANA', 'KRIS', 'GARCIA']) assert.equal(givenNameSex(either), undefined, either)
  })
  it('agree with ../shared/data/reference/usps/street_suffixes.csv', { skip: skipUnlessShared('reference/usps/street_suffixes.csv') }, () => {
    const table = rows('reference/usps/street_suffixes.csv')
    assert.ok(table.length > 500)
    for (const [primary = '', variant = '', standard = ''] of table) {
      assert.equal(streetSuffix(variant), standard, variant)
      assert.equal(streetSuffix(primary), standard, primary)
    }
  })
  it('agree with ../shared/data/reference/zip3_state/zip3_state.csv', { skip: skipUnlessShared('reference/zip3_state/zip3_state.csv') }, () => {
    const table = rows('reference/zip3_state/zip3_state.csv')
    assert.ok(table.length > 900)
    for (const [zip3 = '', state = ''] of table) assert.ok(statesOfZip(`${zip3}00`)?.includes(state), `${zip3} ${state}`)
  })
  it('agree with ../shared/data/reference/nicknames/names.csv', { skip: skipUnlessShared('reference/nicknames/names.csv') }, () => {
    for (const [canonical = '', , nickname = ''] of rows('reference/nicknames/names.csv')) {
      const a = groupsOf(canonical.toUpperCase())
      assert.ok(groupsOf(nickname.toUpperCase()).some((id) => a.includes(id)), `${canonical}/${nickname}`)
    }
  })
})

describe('the surname groups of the equity report', () => {
  it('put a surname in every group a word of it belongs to, by list and by form', async () => {
    const { surnameGroupsOf } = await import('./index.js')
    assert.deepEqual(surnameGroupsOf('García-López'), ['spanish_list', 'predominantly_hispanic', 'compound', 'common'])
    assert.deepEqual(surnameGroupsOf('Nguyen'), ['predominantly_api', 'romanized_asian', 'common'])
    assert.deepEqual(surnameGroupsOf('WASHINGTON'), ['predominantly_black', 'common'])
    assert.deepEqual(surnameGroupsOf('Smith'), ['common'])
    assert.deepEqual(surnameGroupsOf('Zzyzxqa'), ['rare'])
    assert.deepEqual(surnameGroupsOf('  '), [])
  })
})
