import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { sharedDataFile, skipUnlessShared } from '../../test/support/shared-data.js'
import { FEBRL_ENTITIES, buildScaledFebrl } from './scaled-febrl.js'

const skip = skipUnlessShared('febrl/dataset4a.csv') || skipUnlessShared('febrl/dataset4b.csv')

/** A FEBRL file's rows by entity number, values trimmed, keyed by trimmed column names. */
function febrl(path: string): Map<number, Record<string, string>> {
  const [header = [], ...lines] = parse(readFileSync(path)) as string[][]
  const names = header.map((h) => h.trim())
  return new Map(lines.map((line) => {
    const row = Object.fromEntries(names.map((n, i) => [n, (line[i] ?? '').trim()]))
    return [Number((row.rec_id ?? '').split('-')[1]), row]
  }))
}

describe('scaled FEBRL (issue 19)', { skip }, () => {
  const a = sharedDataFile('febrl/dataset4a.csv') as string
  const b = sharedDataFile('febrl/dataset4b.csv') as string
  const k = 3
  const built = skip ? { a: [], b: [] } : buildScaledFebrl(a, b, k, 42)
  const [header = [], ...rowsA] = built.a
  const rowsB = built.b.slice(1)
  const asRecord = (row: readonly string[]) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? '']))
  const byId = (rows: readonly string[][]) => new Map(rows.map((r) => [r[0] ?? '', asRecord(r)]))

  it('has K × 5,000 records on each side, every entity of every replica once, replica 0 being FEBRL 4 itself', () => {
    assert.equal(rowsA.length, k * FEBRL_ENTITIES)
    assert.equal(rowsB.length, k * FEBRL_ENTITIES)
    const entities = (rows: readonly string[][]) => new Set(rows.map((r) => Number((r[0] ?? '').split('-')[1])))
    assert.equal(entities(rowsA).size, k * FEBRL_ENTITIES)
    assert.deepEqual(entities(rowsA), entities(rowsB))
    const original = febrl(a)
    const mine = byId(rowsA)
    for (const [n, row] of original) assert.deepEqual(mine.get(`rec-${n}-org`), row)
  })

  it("recombines each field group from one source entity alike on both sides (FEBRL's errors kept) and shifts postcodes and SSNs per replica", () => {
    const A = febrl(a)
    const B = febrl(b)
    const A2 = byId(rowsA)
    // For each group, the (org, dup) value pairs FEBRL has: a replica's pair must be one of them.
    // Shifted fields compare as numbers (FEBRL's postcode 0812 is 10812 in replica 1).
    const shifted = new Set(['postcode', 'soc_sec_id'])
    const norm = (c: string, value: string, by: number) => (shifted.has(c) && /^\d+$/.test(value) ? String(Number(value) - by) : value)
    const pairsOf = (columns: readonly string[]) => new Set([...A].map(([n, row]) => JSON.stringify(columns.map((c) => [norm(c, row[c] ?? '', 0), norm(c, B.get(n)?.[c] ?? '', 0)]))))
    const groups = [['given_name'], ['surname'], ['date_of_birth'], ['street_number', 'address_1', 'address_2', 'suburb', 'postcode', 'state'], ['soc_sec_id']]
    const known = groups.map(pairsOf)
    let recombined = 0
    for (const dup of rowsB) {
      const d = asRecord(dup)
      const n = Number((d.rec_id ?? '').split('-')[1])
      const replica = Math.floor(n / 10_000)
      const org = A2.get(`rec-${n}-org`) as Record<string, string>
      assert.ok(org, `no org record for ${d.rec_id}`)
      groups.forEach((columns, g) => {
        const pair = columns.map((c) => {
          const by = c === 'postcode' ? 10_000 * replica : c === 'soc_sec_id' ? 10_000_000 * replica : 0
          return [norm(c, org[c] ?? '', by), norm(c, d[c] ?? '', by)]
        })
        assert.ok(known[g]?.has(JSON.stringify(pair)), `${d.rec_id}: ${columns.join(', ')} ${JSON.stringify(pair)} is no FEBRL entity's`)
      })
      if (replica > 0 && org.given_name !== A.get(n % 10_000)?.given_name) recombined++
    }
    assert.ok(recombined > (k - 1) * FEBRL_ENTITIES * 0.9, `only ${recombined} replica records have another entity's given name`)
  })

  it('builds the same files from the same seed and other files from another', () => {
    const again = buildScaledFebrl(a, b, 2, 42)
    const other = buildScaledFebrl(a, b, 2, 43)
    assert.deepEqual(again, buildScaledFebrl(a, b, 2, 42))
    assert.notDeepEqual(again.a, other.a)
  })
})
