import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { resolveParams } from './params.js'
import { createPopulationContext, generateHousehold, householdShape, personIdOf } from './population.js'
import { buildPopulationIndex, householdAt, locate, tinBaseOf } from './population-index.js'

const ctx = createPopulationContext(resolveParams({ scenario: 'demo', people: 3_000, requests: 10, seed: 3 }))

describe('households', () => {
  it('are the same however often they are generated', () => {
    assert.deepEqual(generateHousehold(ctx, 17, false), generateHousehold(ctx, 17, false))
    assert.deepEqual(householdShape(ctx, 17, false), householdShape(ctx, 17, false))
  })

  it('build a member identically when generation stops at that member', () => {
    for (let h = 0; h < 300; h++) {
      const full = generateHousehold(ctx, h, false)
      const last = full.people.length - 1
      for (let m = 0; m <= last; m++) {
        const part = generateHousehold(ctx, h, false, Infinity, m)
        assert.deepEqual(part.people[m], full.people[m])
      }
    }
  })

  it('put a family under one address and, mostly, one surname', () => {
    let shared = 0
    let families = 0
    for (let h = 0; h < 500; h++) {
      const household = generateHousehold(ctx, h, false)
      assert.equal(household.people[0]?.role, 'head')
      for (const p of household.people) assert.equal(p.address, household.address)
      if (household.kind !== 'family' || household.people.length < 3) continue
      families += 1
      const children = household.people.filter((p) => p.role === 'child')
      if (children.every((c) => c.surname1 === household.people[0]?.surname1)) shared += 1
    }
    assert.ok(shared / families > 0.9, `${shared} of ${families}`)
  })

  it('pair a junior with his father: same name, JR and SR, each the other’s near-twin', () => {
    let pairs = 0
    for (let h = 0; h < 3000 && pairs < 5; h++) {
      const people = generateHousehold(ctx, h, false).people
      const junior = people.find((p) => p.suffix === 'JR' && p.role === 'child')
      if (!junior || !junior.hasHouseholdTwin) continue
      const father = people[0]
      assert.equal(father?.suffix, 'SR')
      assert.equal(father?.given, junior.given)
      assert.equal(father?.surname, junior.surname)
      assert.ok(father?.hasHouseholdTwin)
      assert.ok((father?.age ?? 0) > junior.age)
      pairs += 1
    }
    assert.equal(pairs, 5)
  })

  it('never make people of outside households filers', () => {
    for (let h = 10_000; h < 10_200; h++) assert.ok(generateHousehold(ctx, h, true).people.every((p) => !p.filer))
  })

  it('give every person an id and a distinct person number', () => {
    const household = generateHousehold(ctx, 42, false)
    assert.equal(personIdOf(household.people[0] as never), 'P42-0')
    assert.equal(new Set(household.people.map((p) => p.personNumber)).size, household.people.length)
  })
})

describe('the household directory', () => {
  it('numbers TINs densely: master members one after another, then eight per outside household', () => {
    const index = buildPopulationIndex(ctx)
    assert.equal(tinBaseOf(index, 0), 0)
    assert.equal(tinBaseOf(index, 1), householdAt(ctx, index, 0).people.length)
    assert.equal(tinBaseOf(index, index.households), index.persons)
    assert.equal(tinBaseOf(index, index.households + 2), index.persons + 16)
    const tins = new Set<string>()
    let people = 0
    for (let h = 0; h < index.households + 200; h++) {
      for (const p of householdAt(ctx, index, h).people) {
        tins.add(p.tin)
        people += 1
      }
    }
    assert.equal(tins.size, people)
  })

  it('holds exactly the people asked for, and finds the household of each', () => {
    const index = buildPopulationIndex(ctx)
    assert.equal(index.people, 3_000)
    assert.equal(index.cumFilers[index.households], 3_000)
    for (const rank of [0, 1, 1_500, 2_999]) {
      const { household, ordinal } = locate(index.cumFilers, rank)
      const filers = householdAt(ctx, index, household).people.filter((p) => p.filer)
      assert.ok(ordinal < filers.length, `rank ${rank}`)
    }
  })
})
