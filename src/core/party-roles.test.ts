import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { API_ROLES } from './api-key.js'
import { PARTY_KINDS, ROLES_OF_KIND, distinctPeople, personKey, personNameProblem, roleFitsParty, roleMisfit, samePerson } from './party-roles.js'

describe('roles fit party kinds', () => {
  it('gives every role to exactly one kind of party', () => {
    for (const role of API_ROLES) assert.equal(PARTY_KINDS.filter((k) => ROLES_OF_KIND[k].includes(role)).length, 1, role)
  })

  it('refuses a requester’s holder roles and an unknown kind or role, naming the kind and the roles it may have', () => {
    assert.ok(roleFitsParty('requester', 'requester'))
    assert.ok(roleFitsParty('supervisor', 'holder'))
    assert.ok(roleFitsParty('overseer', 'overseer'))
    for (const role of ['supervisor', 'reviewer', 'analyst', 'admin', 'overseer']) assert.ok(!roleFitsParty(role, 'requester'), role)
    assert.ok(!roleFitsParty('requester', 'holder'))
    assert.ok(!roleFitsParty('root', 'holder'))
    assert.ok(!roleFitsParty('reviewer', 'Holder'))
    assert.equal(roleMisfit('supervisor', { id: 'dhs-ice', kind: 'requester' }), 'dhs-ice is a requester party: its keys may act only as requester, not supervisor')
    assert.equal(roleMisfit('reviewer', { id: 'irs', kind: 'holder' }), undefined)
    assert.match(roleMisfit('reviewer', { id: 'x', kind: '' })!, /unknown kind/)
  })
})

describe('people’s names', () => {
  it('compare case-insensitively, Unicode-normalised, spaces collapsed', () => {
    assert.ok(samePerson('alice', 'ALICE'))
    assert.ok(samePerson(' Ana  Lopez ', 'ana lopez'))
    assert.ok(samePerson('ﬁona', 'fiona'), 'the ligature is its letters under NFKC')
    assert.ok(!samePerson('alice', 'alicia'))
    assert.equal(personKey('Zoë'), personKey('ZOË'))
    assert.deepEqual(distinctPeople(['ana', 'ben', 'ANA', 'Ben', 'cy']), ['ana', 'ben', 'cy'])
  })

  it('refuse an empty name, control characters and a leading symbol', () => {
    assert.equal(personNameProblem('alice'), undefined)
    assert.equal(personNameProblem('Ana López'), undefined)
    assert.match(personNameProblem('  ')!, /empty/)
    assert.match(personNameProblem('a\u0000b')!, /not a person’s name/)
    assert.match(personNameProblem('-alice')!, /not a person’s name/)
    assert.match(personNameProblem('a'.repeat(65))!, /not a person’s name/)
  })
})
