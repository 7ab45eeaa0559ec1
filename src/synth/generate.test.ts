import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { sharedDataFile, skipUnlessShared } from '../../test/support/shared-data.js'
import { ADDRESS_KINDS, MASTER_COLUMNS, REQUEST_COLUMNS, TRUTH_COLUMNS, generate, resolveParams } from './index.js'
import type { GenerateOptions, GenerateSummary, SynthParams } from './index.js'
import { createPopulationContext } from './population.js'
import type { SynthPerson } from './population.js'
import { buildPopulationIndex, householdAt } from './population-index.js'
import { RequestGenerator, twinKeyOf } from './requests.js'

type Row = Record<string, string>

function readCsv(path: string): Row[] {
  return parse(readFileSync(path, 'utf8'), { columns: true }) as Row[]
}

function header(path: string): string[] {
  return (readFileSync(path, 'utf8').split('\n')[0] ?? '').split(',')
}

/** Within four standard errors of a binomial share (plus a little slack for tiny rates). */
function assertRate(measured: number, expected: number, n: number, what: string): void {
  const tolerance = 4 * Math.sqrt((expected * (1 - expected)) / n) + 0.003
  assert.ok(Math.abs(measured - expected) <= tolerance, `${what}: measured ${measured.toFixed(4)}, configured ${expected.toFixed(4)} (±${tolerance.toFixed(4)})`)
}

const OPTIONS: GenerateOptions = { scenario: 'demo', people: 6_000, requests: 3_000, seed: 11 }

describe('generate', () => {
  let dir = ''
  let summary: GenerateSummary
  let params: SynthParams
  let master: Row[]
  let requests: Row[]
  let truth: Row[]

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    summary = await generate(OPTIONS, join(dir, 'a'), { workers: 0 })
    params = summary.params
    master = readCsv(summary.files.master.path)
    requests = readCsv(summary.files.requests.path)
    truth = readCsv(summary.files.truth.path)
  })

  after(() => rmSync(dir, { recursive: true, force: true }))

  it('writes the four files with the documented columns', () => {
    assert.deepEqual(header(join(dir, 'a', 'master.csv')), [...MASTER_COLUMNS])
    assert.deepEqual(header(join(dir, 'a', 'requests.csv')), [...REQUEST_COLUMNS])
    assert.deepEqual(header(join(dir, 'a', 'truth.csv')), [...TRUTH_COLUMNS])
    const config = JSON.parse(readFileSync(join(dir, 'a', 'config.json'), 'utf8')) as { parameters: SynthParams; descriptions: Record<string, string> }
    assert.deepEqual(config.parameters, params)
    for (const key of Object.keys(params)) assert.ok((config.descriptions[key] ?? '').length > 10, `no description for ${key}`)
    assert.equal(requests.length, 3_000)
    assert.equal(truth.length, 3_000)
    assert.equal(master.length, summary.masterRows)
    assert.equal(summary.masterPeople, 6_000)
  })

  it('gives byte-identical files for the same seed, with or without worker threads', async () => {
    const again = await generate(OPTIONS, join(dir, 'b'), { workers: 2 })
    assert.equal(again.workers, 2)
    for (const file of ['master.csv', 'requests.csv', 'truth.csv', 'config.json']) {
      assert.ok(readFileSync(join(dir, 'a', file)).equals(readFileSync(join(dir, 'b', file))), `${file} differs`)
    }
  })

  it('gives different files for a different seed', async () => {
    await generate({ ...OPTIONS, seed: 12, people: 1_000, requests: 200 }, join(dir, 'c'), { workers: 0 })
    await generate({ ...OPTIONS, seed: 13, people: 1_000, requests: 200 }, join(dir, 'd'), { workers: 0 })
    for (const file of ['master.csv', 'requests.csv', 'truth.csv']) {
      assert.ok(!readFileSync(join(dir, 'c', file)).equals(readFileSync(join(dir, 'd', file))), `${file} is the same`)
    }
  })

  it('writes the master in plain ASCII, and requests in UTF-8 with accents where noise put them', () => {
    assert.ok(readFileSync(join(dir, 'a', 'master.csv')).every((byte) => byte < 128))
    assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(join(dir, 'a', 'requests.csv'))))
  })

  it('gives master rows unique ids, and repeats a TIN only on the same person’s older-address row', () => {
    assert.equal(new Set(master.map((r) => r.id)).size, master.length)
    const byTin = new Map<string, Row[]>()
    for (const row of master) byTin.set(row.tin as string, [...(byTin.get(row.tin as string) ?? []), row])
    for (const rows of byTin.values()) {
      if (rows.length === 1) continue
      assert.equal(rows.length, 2)
      const [a, b] = rows as [Row, Row]
      assert.equal(`${a.given_name} ${a.surname} ${a.dob}`, `${b.given_name} ${b.surname} ${b.dob}`)
      assert.ok(Number(a.address_year) > Number(b.address_year))
    }
  })

  it('keeps state and ZIP consistent in every master row', { skip: skipUnlessShared('reference/zip3_state/zip3_state.csv') }, () => {
    const table = readCsv(sharedDataFile('reference/zip3_state/zip3_state.csv') as string)
    const states = new Map<string, Set<string>>()
    for (const r of table) states.set(r.zip3 as string, (states.get(r.zip3 as string) ?? new Set()).add(r.state as string))
    for (const row of master) {
      assert.match(row.zip as string, /^\d{5}$/)
      assert.ok(states.get((row.zip as string).slice(0, 3))?.has(row.state as string), `${row.zip} is not in ${row.state}`)
    }
  })

  it('pairs every request with a master id with a master row of that very person', () => {
    const ctx = createPopulationContext(params)
    const index = buildPopulationIndex(ctx)
    const byId = new Map(master.map((r) => [r.id as string, r]))
    let checked = 0
    for (const t of truth) {
      if (t.master_id === '') continue
      const [h, m] = (t.person_id as string).slice(1).split('-').map(Number) as [number, number]
      const person = householdAt(ctx, index, h).people[m] as SynthPerson
      for (const id of [t.master_id, t.other_master_id].filter((x) => x !== '')) {
        const row = byId.get(id as string)
        assert.ok(row, `no master row ${id}`)
        assert.equal(`${row.given_name}|${row.surname}|${row.dob}`, `${person.given}|${person.surname}|${new Date(Date.UTC(1900, 0, 1 + person.dob)).toISOString().slice(0, 10)}`)
        assert.ok([person.tin, person.secondTin].includes(row.tin as string))
      }
      assert.equal(t.request_kind, 'in_master')
      checked += 1
    }
    assert.ok(checked > 1_000)
  })

  it('gives no master id to a request whose person has no master row', () => {
    const ctx = createPopulationContext(params)
    const index = buildPopulationIndex(ctx)
    const tins = new Set(master.map((r) => r.tin))
    const namesAndDobs = new Set(master.map((r) => `${r.given_name}|${r.surname}|${r.dob}`))
    let checked = 0
    for (const t of truth) {
      if (t.master_id !== '') continue
      const [h, m] = (t.person_id as string).slice(1).split('-').map(Number) as [number, number]
      const outside = h >= index.households
      assert.equal(t.request_kind, outside ? 'outside' : 'co_resident')
      const person = householdAt(ctx, index, h).people[m] as SynthPerson
      assert.equal(person.filer, false)
      assert.ok(!tins.has(person.tin))
      assert.ok(!namesAndDobs.has(`${person.given}|${person.surname}|${new Date(Date.UTC(1900, 0, 1 + person.dob)).toISOString().slice(0, 10)}`))
      checked += 1
    }
    assert.ok(checked > 1_000)
  })

  it('marks near-twins exactly as a brute-force search of the master finds them', () => {
    const ctx = createPopulationContext(params)
    const index = buildPopulationIndex(ctx)
    const owners = new Map<string, Set<number>>()
    for (let h = 0; h < index.households; h++) {
      for (const p of householdAt(ctx, index, h).people) {
        if (!p.filer) continue
        for (const a of [p.address, p.olderAddress]) {
          if (!a) continue
          const key = twinKeyOf(p, a)
          owners.set(key, (owners.get(key) ?? new Set()).add(p.personNumber))
        }
      }
    }
    const generator = new RequestGenerator(ctx, index)
    let twins = 0
    truth.forEach((t, i) => {
      const built = generator.build(i)
      const others = [...(owners.get(built.twinKey) ?? [])].filter((n) => n !== built.personNumber)
      const expected = built.person.hasHouseholdTwin || others.length > 0
      assert.equal(t.has_twin, String(expected), `request ${t.request_id}`)
      if (expected) twins += 1
    })
    assert.equal(twins, summary.requestsWithTwin)
  })

  it('matches the configured rates within tolerance', () => {
    const n = truth.length
    const share = (pred: (t: Row, i: number) => boolean, rows: Row[] = truth) => rows.filter(pred).length / rows.length
    assertRate(share((t) => t.request_kind === 'in_master'), params.inMasterRate, n, 'in-master rate')
    const notInMaster = truth.filter((t) => t.request_kind !== 'in_master' && !(t.noise as string).includes('duplicate'))
    assertRate(share((t) => t.request_kind === 'co_resident', notInMaster), params.coResidentRate, notInMaster.length, 'co-resident rate')
    assertRate(share((t) => (t.noise as string).split(';').includes('duplicate')), params.duplicateRate, n, 'duplicate rate')
    const totalWeight = ADDRESS_KINDS.reduce((s, k) => s + params.addressKindWeights[k], 0)
    for (const kind of ADDRESS_KINDS) assertRate(share((t) => t.address_kind === kind), params.addressKindWeights[kind] / totalWeight, n, `address kind ${kind}`)
    assertRate(share((t) => t.address_complete === 'true'), params.addressKindWeights.full / totalWeight, n, 'complete addresses')
    assertRate(share((r) => r.address !== '', requests), params.oneLineAddressRate * (1 - params.addressKindWeights.none / totalWeight), n, 'one-line addresses')
    const inMaster = requests.filter((_, i) => truth[i]?.request_kind === 'in_master')
    assertRate(share((r) => r.tin !== '', inMaster), params.tinRateInMaster, inMaster.length, 'TIN among in-master requests')
    const others = requests.filter((_, i) => truth[i]?.request_kind !== 'in_master')
    assertRate(share((r) => r.tin !== '', others), params.tinRateNotInMaster, others.length, 'TIN among other requests')
    assertRate(share((r) => r.dob === '', requests), params.dobMissingRate, n, 'missing dates of birth')
    assertRate(share((t) => /missing_/.test(t.noise as string)), params.legalMissingRate, n, 'requests missing a legal element')
    const inMasterTruth = truth.filter((t) => t.request_kind === 'in_master')
    assertRate(share((t) => (t.noise as string).split(';').includes('moved'), inMasterTruth), params.movedRate, inMasterTruth.length, 'movers')
    assertRate(share((t) => (t.noise as string).split(';').includes('typo_keyboard')), params.typoKeyboardRate, n, 'keyboard typos')
  })

  it('says in truth.csv exactly what requests.csv shows', () => {
    requests.forEach((r, i) => {
      const t = truth[i] as Row
      const noise = (t.noise as string).split(';')
      assert.equal(r.request_id, t.request_id)
      assert.equal(r.dob === '', noise.includes('dob_missing'))
      for (const [column, code] of [
        ['case_ref', 'missing_case_ref'],
        ['order_date', 'missing_order_date'],
        ['tax_periods', 'missing_tax_periods'],
        ['statute', 'missing_statute'],
        ['reasons', 'missing_reasons'],
      ] as const) {
        assert.equal(r[column] === '', noise.includes(code), `${r.request_id} ${column}`)
      }
      if (r.address !== '') {
        for (const part of ['street_number', 'street_name', 'unit', 'city', 'state', 'zip'] as const) assert.equal(r[part], '')
      }
      if (t.address_kind === 'none') assert.equal(Object.values(r).slice(8, 15).join(''), '')
    })
  })

  it('marks an address complete exactly when the request states a house number (or box) and street, and a city and state or a ZIP, and its ZIP is not of another state', () => {
    const box = /^(PO BOX|RR|HC) \d+/i
    requests.forEach((r, i) => {
      const t = truth[i] as Row
      if (r.address !== '') {
        const line = r.address as string
        const opensWithStreet = /^\d+[A-Z]? +[A-Z0-9]*[A-Z]/i.test(line) || box.test(line)
        if (t.address_complete === 'true') assert.ok(opensWithStreet, `${r.request_id}: ${line}`)
        else if ((t.address_kind as string).startsWith('junk:') || t.address_kind === 'locality_only' || t.address_kind === 'zip_only') assert.ok(!opensWithStreet || !/\d{5}(-\d{4})?$/.test(line) || t.address_kind === 'junk:bare_zip', `${r.request_id}: ${line}`)
        return
      }
      const hasStreet = r.street_name !== '' && (r.street_number !== '' || box.test(r.street_name as string))
      const hasLocality = (r.city !== '' && r.state !== '') || /^\d{5}(-\d{4})?$/.test(r.zip as string)
      const zipOtherState = (t.noise as string).split(';').includes('zip_other_state')
      assert.equal(hasStreet && hasLocality && !zipOtherState, t.address_complete === 'true', `${r.request_id}: ${Object.values(r).slice(9, 15).join('|')} (${t.address_kind})`)
    })
  })

  it('draws realistic names: common Hispanic names, double surnames, households sharing a surname and address', () => {
    const given = new Map<string, number>()
    for (const r of requests) given.set(r.given_name as string, (given.get(r.given_name as string) ?? 0) + 1)
    const top = [...given.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name]) => name)
    assert.ok(top.includes('JOSE') || top.includes('MARIA'), `top given names: ${top.join(', ')}`)
    assert.ok(master.some((r) => / |-/.test(r.surname as string)), 'no double or hyphenated surname')
    assert.ok(master.some((r) => r.suffix === 'JR') && master.some((r) => r.suffix === 'SR'))
    const homes = new Map<string, Set<string>>()
    for (const r of master) {
      const home = `${r.street_number} ${r.street_name} ${r.unit} ${r.zip} ${r.surname}`
      homes.set(home, (homes.get(home) ?? new Set()).add(`${r.given_name} ${r.dob}`))
    }
    assert.ok([...homes.values()].filter((people) => people.size > 1).length > 300, 'too few households of several filers')
    assert.ok(master.some((r) => /^PO BOX \d+$/.test(r.street_name as string)))
    assert.ok(master.some((r) => /^(RR|HC) \d+ BOX \d+$/.test(r.street_name as string)))
    assert.ok(master.filter((r) => r.unit !== '').length > master.length * 0.15)
  })

  it('refuses invalid parameters before writing anything', async () => {
    await assert.rejects(generate({ inMasterRate: 2 }, join(dir, 'never')), /invalid generator parameters/)
  })
})

describe('generate at scale', { skip: process.env.VERIGATE_LARGE_TESTS ? false : 'set VERIGATE_LARGE_TESTS=1 to run' }, () => {
  it('reproduces the incident’s proportions at 1,000,000 people and 128,000 requests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    try {
      const summary = await generate({ scenario: 'incident', people: 1_000_000, requests: 128_000 }, dir)
      const params = resolveParams({ scenario: 'incident' })
      assertRate(summary.requestsInMaster / 128_000, params.inMasterRate, 128_000, 'in-master')
      assert.equal(summary.masterPeople, 1_000_000)
      const truth = readCsv(summary.files.truth.path)
      const inMaster = truth.filter((t) => t.request_kind === 'in_master')
      const incomplete = inMaster.filter((t) => t.address_complete === 'false').length / inMaster.length
      assert.ok(incomplete > 0.03 && incomplete < 0.08, `incomplete share among in-master requests ${incomplete}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
