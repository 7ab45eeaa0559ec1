/**
 * The name suffix as a field of its own (issue 16): a column map may name `suffix`, a file's
 * `suffix` column is taken without a map, and CSV, JSON Lines and Parquet all carry it to the
 * standardized name, where it ends up as a suffix written inside the name does.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidInputError } from '../core/index.js'
import { standardizeRecord } from '../standardize/index.js'
import { inferColumnMap, parseColumnMap } from './column-map.js'
import { writeParquet } from '../../test/support/parquet-fixture.js'
import { readAll, writeTemp } from '../../test/support/intake-test-support.js'

describe('a column map naming the suffix', () => {
  it('is accepted, alone or joined from several columns', () => {
    assert.deepEqual(parseColumnMap({ id: 'rec_id', surname: 'last', suffix: 'sfx' }), { id: 'rec_id', surname: 'last', suffix: 'sfx' })
    assert.deepEqual(parseColumnMap({ id: 'rec_id', suffix: ['sfx', 'generation'] }), { id: 'rec_id', suffix: ['sfx', 'generation'] })
  })

  it('refuses a misspelt suffix field by name', () => {
    assert.throws(
      () => parseColumnMap({ id: 'rec_id', sufix: 'sfx' }, 'maps/bad.json'),
      (e: unknown) => e instanceof InvalidInputError && e.issues.length === 1 && e.issues[0]?.code === 'unknown_field' && e.issues[0]?.path?.field === 'sufix',
    )
  })

  it('is inferred from a suffix column without a map (as `verigate generate` writes the master)', () => {
    assert.equal(inferColumnMap(['id', 'tin', 'given_name', 'middle_name', 'surname', 'suffix', 'dob']).suffix, 'suffix')
    assert.equal(inferColumnMap(['person_id', 'Last Name', 'Name Suffix']).suffix, 'Name Suffix')
    assert.equal(inferColumnMap(['person_id', 'Last Name']).suffix, undefined)
  })
})

/** The standardized suffix of each record read from `path`. */
async function suffixesOf(path: string, map?: Parameters<typeof parseColumnMap>[0]): Promise<string[]> {
  const { records, issues } = await readAll(path, map === undefined ? {} : { map: parseColumnMap(map) })
  assert.deepEqual(issues, [])
  return records.map((r) => standardizeRecord(r).name.suffix)
}

describe('a suffix column read from each format', () => {
  const map = { id: 'rec', given_name: 'first', surname: 'last', suffix: 'sfx' }

  it('CSV: the column and the name give the same suffix', async () => {
    const path = writeTemp('master.csv', 'rec,first,last,sfx\nM1,John,Smith,Jr.\nM2,John,Smith,SENIOR\nM3,John,Smith Jr,\nM4,John,Smith,3rd\nM5,John,Smith,\n')
    assert.deepEqual(await suffixesOf(path, map), ['JR', 'SR', 'JR', 'III', ''])
    const { records } = await readAll(path, { map: parseColumnMap(map) })
    assert.deepEqual(records[0], { id: 'M1', given_name: 'John', surname: 'Smith', suffix: 'Jr.' })
  })

  it('JSON Lines: a suffix key, through the map and without one', async () => {
    const lines = [
      { rec: 'R1', first: 'John', last: 'Smith', sfx: 'jr' },
      { rec: 'R2', first: 'John', last: 'Smith', sfx: 'II' },
      { rec: 'R3', first: 'John', last: 'Smith', sfx: null },
    ]
    const path = writeTemp('requests.jsonl', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`)
    assert.deepEqual(await suffixesOf(path, map), ['JR', 'II', ''])
    const unmapped = writeTemp('requests.jsonl', `${JSON.stringify({ id: 'R1', name: 'John Smith', suffix: 'Senior' })}\n`)
    assert.deepEqual(await suffixesOf(unmapped), ['SR'])
  })

  it('Parquet: a string column', async () => {
    const path = writeTemp(
      'master.parquet',
      writeParquet(
        [
          { name: 'rec', type: 'string', values: ['P1', 'P2', 'P3'] },
          { name: 'first', type: 'string', values: ['John', 'John', 'John'] },
          { name: 'last', type: 'string', values: ['Smith', 'Smith', 'Smith Sr'] },
          { name: 'sfx', type: 'string', values: ['IV', null, null] },
        ],
        2,
      ),
    )
    assert.deepEqual(await suffixesOf(path, map), ['IV', '', 'SR'])
  })
})

describe('the suffix column in standardization', () => {
  it('reports a value that is no generational suffix, and one that contradicts the name, on the record', async () => {
    const path = writeTemp('requests.csv', 'id,given_name,surname,suffix\nQ1,John,Smith,AVE\nQ2,John,Smith Jr,Sr\n')
    const { records } = await readAll(path)
    const [street, contradicted] = records.map((r) => standardizeRecord(r))
    assert.equal(street?.name.suffix, '')
    assert.ok(street?.issues.includes('suffix_unrecognized'))
    assert.equal(contradicted?.name.suffix, 'SR')
    assert.ok(contradicted?.issues.includes('suffix_conflict'))
  })
})
