import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { buildMasterIndex } from './index/index.js'
import { person, type PersonSpec } from '../../test/support/person-fixture.js'
import { standardizeRecord } from '../standardize/index.js'
import { createLinker } from './pipeline.js'

const nicknames: Record<string, number[]> = { ROBERT: [1], BOB: [1], ROB: [1], WILLIAM: [2], BILL: [2] }
const nicknameGroups = (given: string) => nicknames[given] ?? []

/** A master with households, twins, namesakes and filler people, so names have frequencies. */
function master(): PersonSpec[] {
  const filler: PersonSpec[] = []
  const givens = ['JAMES', 'MARY', 'LINDA', 'DAVID', 'SUSAN', 'KAREN', 'PAUL', 'MARK', 'NANCY', 'LISA']
  const surnames = ['SMITH', 'JOHNSON', 'WILLIAMS', 'BROWN', 'JONES', 'MILLER', 'DAVIS', 'WILSON', 'MOORE', 'TAYLOR']
  for (let i = 0; i < 400; i++) {
    filler.push({
      id: `F${i}`,
      given: givens[i % 10],
      surname: surnames[Math.floor(i / 10) % 10],
      dob: `19${50 + (i % 40)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      tin: String(100000000 + i * 7919),
      number: String(1 + i),
      street: i % 2 ? 'OAK' : 'ELM',
      streetSuffix: 'ST',
      city: 'SPRINGFIELD',
      state: 'IL',
      zip: String(62700 + (i % 5)),
    })
  }
  return [
    ...filler,
    // A household: parent and child with one name (SR/JR), a spouse, a daughter.
    { id: 'H1', given: 'ROBERT', surname: 'KOWALCZYK', suffix: 'SR', dob: '1950-03-12', tin: '900000001', number: '12', street: 'MAPLE', streetSuffix: 'AVE', city: 'SPRINGFIELD', state: 'IL', zip: '62704' },
    { id: 'H2', given: 'ROBERT', surname: 'KOWALCZYK', suffix: 'JR', dob: '1978-07-04', tin: '900000002', number: '12', street: 'MAPLE', streetSuffix: 'AVE', city: 'SPRINGFIELD', state: 'IL', zip: '62704' },
    { id: 'H3', given: 'ANNA', surname: 'KOWALCZYK', dob: '1952-11-30', tin: '900000003', number: '12', street: 'MAPLE', streetSuffix: 'AVE', city: 'SPRINGFIELD', state: 'IL', zip: '62704' },
    { id: 'H4', given: 'EWA', surname: 'KOWALCZYK', dob: '1981-01-15', tin: '900000004', number: '12', street: 'MAPLE', streetSuffix: 'AVE', city: 'SPRINGFIELD', state: 'IL', zip: '62704' },
    // Twins: one surname, one birth date, one address, two given names.
    { id: 'T1', given: 'MICHAEL', surname: 'ZIELINSKI', dob: '1990-05-05', tin: '900000011', number: '7', street: 'BIRCH', streetSuffix: 'RD', city: 'SPRINGFIELD', state: 'IL', zip: '62702' },
    { id: 'T2', given: 'MICHELLE', surname: 'ZIELINSKI', dob: '1990-05-05', tin: '900000012', number: '7', street: 'BIRCH', streetSuffix: 'RD', city: 'SPRINGFIELD', state: 'IL', zip: '62702' },
    // One person on file twice: an older address, the same TIN.
    { id: 'D1', given: 'WILLIAM', surname: 'OKONKWO', dob: '1966-09-09', tin: '900000021', number: '40', street: 'CEDAR', streetSuffix: 'LN', city: 'SPRINGFIELD', state: 'IL', zip: '62701' },
    { id: 'D2', given: 'WILLIAM', surname: 'OKONKWO', dob: '1966-09-09', tin: '900000021', number: '9', street: 'PINE', streetSuffix: 'CT', city: 'PEORIA', state: 'IL', zip: '61602' },
  ]
}

function linker() {
  const index = buildMasterIndex(master().map(person), { nicknameGroups })
  return createLinker({ index, nicknameGroups })
}

const maple = { number: '12', street: 'MAPLE', streetSuffix: 'AVE', city: 'SPRINGFIELD', state: 'IL', zip: '62704' }

describe('createLinker: link', () => {
  const l = linker()
  it('matches a clean request to its person', () => {
    const r = l.linkOne(person({ id: 'R1', given: 'ANNA', surname: 'KOWALCZYK', dob: '1952-11-30', ...maple }))
    assert.equal(r.status, 'match')
    assert.equal(r.best?.masterId, 'H3')
    assert.ok((r.best?.probability ?? 0) > 0.999)
    assert.equal(r.masterDigest, l.index.digest)
    assert.match(r.modelDigest, /^sha256:[0-9a-f]{64}$/)
  })
  it('matches through a nickname and a typo in the surname', () => {
    const r = l.linkOne(person({ id: 'R2', given: 'BILL', surname: 'OKONKOW', dob: '1966-09-09', number: '40', street: 'CEDAR', streetSuffix: 'LN', zip: '62701' }))
    assert.equal(r.status, 'match')
    assert.equal(r.best?.masterId, 'D1')
    const given = r.best?.comparisons.find((c) => c.field === 'given_name')
    assert.equal(given?.level, 'nickname')
  })
  it('does not count two rows of one person (same TIN, older address) as rivals', () => {
    const r = l.linkOne(person({ id: 'R3', given: 'WILLIAM', surname: 'OKONKWO', dob: '1966-09-09', tin: '900000021' }))
    assert.equal(r.status, 'match')
    assert.ok(['D1', 'D2'].includes(r.best?.masterId ?? ''))
    assert.ok(r.rivals.every((c) => !['D1', 'D2'].includes(c.masterId)))
  })
  it('never links a household member to another member (another given name, another DOB)', () => {
    // The other daughter, not on file: same surname and address as the whole household.
    const r = l.linkOne(person({ id: 'R4', given: 'ZOFIA', surname: 'KOWALCZYK', dob: '1984-06-02', ...maple }))
    assert.notEqual(r.status, 'match')
    assert.notEqual(r.status, 'possible')
  })
  it('tells the JR from the SR by date of birth and suffix', () => {
    const jr = l.linkOne(person({ id: 'R5', given: 'ROBERT', surname: 'KOWALCZYK', suffix: 'JR', dob: '1978-07-04', ...maple }))
    assert.equal(jr.status, 'match')
    assert.equal(jr.best?.masterId, 'H2')
    const sr = l.linkOne(person({ id: 'R6', given: 'BOB', surname: 'KOWALCZYK', suffix: 'SR', dob: '1950-03-12', ...maple }))
    assert.equal(sr.status, 'match')
    assert.equal(sr.best?.masterId, 'H1')
  })
  it('does not link a third ROBERT KOWALCZYK (another DOB) to either', () => {
    const r = l.linkOne(person({ id: 'R7', given: 'ROBERT', surname: 'KOWALCZYK', suffix: 'III', dob: '2005-02-20', ...maple }))
    assert.notEqual(r.status, 'match')
  })
  it('never decides between ROBERT SR and JR on name and address alone: rule 6 and ambiguity', () => {
    const r = l.linkOne(person({ id: 'R8', given: 'ROBERT', surname: 'KOWALCZYK', ...maple }))
    assert.notEqual(r.status, 'match')
    assert.equal(r.status, 'ambiguous')
  })
  it('keeps surname and address without DOB or TIN below match (docs/rules.md rule 6)', () => {
    const r = l.linkOne(person({ id: 'R9', given: 'EWA', surname: 'KOWALCZYK', ...maple }))
    assert.equal(r.best?.masterId, 'H4')
    assert.notEqual(r.status, 'match')
  })
  it('never links a twin to the other twin (MICHELLE is close to MICHAEL: ambiguous or correct)', () => {
    const r = l.linkOne(person({ id: 'R10', given: 'MICHELLE', surname: 'ZIELINSKI', dob: '1990-05-05', number: '7', street: 'BIRCH', streetSuffix: 'RD', zip: '62702' }))
    assert.ok(r.status === 'ambiguous' || (r.status === 'match' && r.best?.masterId === 'T2'), `${r.status} ${r.best?.masterId}`)
    assert.equal(r.best?.masterId, 'T2')
  })
  it('does not link a twin not on file to the twin on file', () => {
    const r = l.linkOne(person({ id: 'R10b', given: 'PETER', surname: 'ZIELINSKI', dob: '1990-05-05', number: '7', street: 'BIRCH', streetSuffix: 'RD', zip: '62702' }))
    assert.notEqual(r.status, 'match')
  })
  it('calls a twin request with only an initial ambiguous, never a guess', () => {
    const r = l.linkOne(person({ id: 'R11', given: 'M', surname: 'ZIELINSKI', dob: '1990-05-05', number: '7', street: 'BIRCH', streetSuffix: 'RD', zip: '62702' }))
    assert.equal(r.status, 'ambiguous')
    assert.ok(r.rivals.length >= 1)
  })
  it('finds nothing for a stranger', () => {
    const r = l.linkOne(person({ id: 'R12', given: 'XAVIER', surname: 'QUONSET', dob: '2001-01-01', number: '1', street: 'NOWHERE', zip: '99999' }))
    assert.equal(r.status, 'none')
  })
  it('treats missing values as neutral, not as disagreement', () => {
    const r = l.linkOne(person({ id: 'R13', given: 'ANNA', surname: 'KOWALCZYK', dob: '1952-11-30' }))
    const address = r.best?.comparisons.find((c) => c.field === 'address')
    assert.equal(address?.level, 'missing')
    assert.equal(address?.weight, 0)
  })
  it('recognises swapped given name and surname', () => {
    const r = l.linkOne(person({ id: 'R14', given: 'ZIELINSKI', surname: 'MICHAEL', dob: '1990-05-05', number: '7', street: 'BIRCH', streetSuffix: 'RD', zip: '62702' }))
    assert.equal(r.best?.masterId, 'T1')
    assert.equal(r.best?.comparisons.find((c) => c.field === 'given_name')?.level, 'transposed')
  })
  it('weighs agreement on a rare surname above agreement on a common one', () => {
    const rare = l.linkOne(person({ id: 'R15', given: 'ANNA', surname: 'KOWALCZYK', city: 'SPRINGFIELD' }))
    const common = l.linkOne(person({ id: 'R16', given: 'JAMES', surname: 'SMITH', city: 'SPRINGFIELD' }))
    const w = (r: typeof rare) => r.best?.comparisons.find((c) => c.field === 'surname')?.weight ?? 0
    assert.ok(w(rare) > w(common) + 3, `${w(rare)} vs ${w(common)}`)
  })
  it('fills the request facts from the standardized and canonical records', () => {
    const r = l.linkOne(person({ id: 'R17', given: 'ANNA', surname: 'KOWALCZYK', dob: '1952-11-30', ...maple }), { id: 'R17', case_ref: 'C-1', statute: '8 USC 1326', reasons: 'x' })
    assert.equal(r.request.caseRef, 'C-1')
    assert.equal(r.request.hasStatute, true)
    assert.equal(r.request.hasTaxPeriods, false)
    assert.equal(r.request.hasDob, true)
    assert.equal(r.request.address, 'FULL')
  })
  it('explains every field with its level and weight, summing to the total', () => {
    const r = l.linkOne(person({ id: 'R18', given: 'ANNA', surname: 'KOWALCZYK', dob: '1952-11-30', ...maple }))
    const best = r.best
    assert.ok(best)
    assert.deepEqual(best.comparisons.map((c) => c.field), ['given_name', 'surname', 'dob', 'address', 'tin', 'suffix'])
    const sum = best.comparisons.reduce((s, c) => s + c.weight, 0)
    assert.ok(Math.abs(best.weight - sum - (best.weight - sum)) < 1e-9)
    assert.ok(best.weight < sum, 'the prior weight is negative')
  })
})

describe('createLinker: train', () => {
  it('estimates u from random pairs and m by EM, changing the model digest', () => {
    const l = linker()
    const before = l.modelDigest
    l.train.u({ pairs: 5000 })
    const requests = master().slice(0, 200).map((s) => ({ standardized: person({ ...s, id: `Q${s.id}` }) }))
    const report = l.train.em(requests)
    assert.ok(report.pairs >= 200)
    assert.notEqual(l.modelDigest, before)
    const r = l.linkOne(person({ id: 'R1', given: 'ANNA', surname: 'KOWALCZYK', dob: '1952-11-30', ...maple }))
    assert.equal(r.status, 'match')
  })
  it('trains on canonical request records, standardizing a seeded sample, the same model each time', () => {
    const records = master()
      .slice(0, 300)
      .map((s) => ({
        id: `Q${s.id}`,
        given_name: s.given ?? '',
        surname: s.surname ?? '',
        dob: s.dob ?? '',
        street_number: s.number ?? '',
        street_name: [s.street, s.streetSuffix].filter(Boolean).join(' '),
        city: s.city ?? '',
        state: s.state ?? '',
        zip: s.zip ?? '',
      }))
    const l = linker()
    const before = l.modelDigest
    const report = l.train.records(records, { maxRequests: 100, pairs: 5000 })
    assert.equal(report.requests, 100)
    assert.notEqual(l.modelDigest, before)
    const again = linker()
    again.train.records(records, { maxRequests: 100, pairs: 5000 })
    assert.equal(again.modelDigest, l.modelDigest)
    // A record prepared for training links as one standardized afresh (the probe is reused).
    for (const record of records.slice(0, 150)) {
      assert.deepEqual(l.linkRecord(record), l.linkOne(standardizeRecord(record), record))
    }
  })
})
