import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { sharedDataFile, skipUnlessShared } from '../../../test/support/shared-data.js'
import { COLUMN_SYNONYMS, STANDARDIZED_COLUMNS } from '../../intake/index.js'
import { SYNONYMS_HELP } from './standardize.js'

const BIN = fileURLToPath(new URL('../../../../bin/verigate.js', import.meta.url))
const FEBRL_MAP = fileURLToPath(new URL('../../../../examples/maps/febrl.json', import.meta.url))

function verigate(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'verigate-'))
}

describe('verigate standardize', () => {
  it('writes one standardized row per good row and reports the bad ones with file:line (field)', () => {
    const dir = tempDir()
    const input = join(dir, 'requests.csv')
    writeFileSync(
      input,
      [
        'request_id,first_name,last_name,address,city,state,zipcode,date_of_birth',
        'q1,José,García López,123 Calle del Sol,Santa Fe,New Mexico,87501,3/7/1985',
        'q2,Ann,"Lee',
        'q3,Bo,Li,"456 Oak Avenue #12",Denver,CO,80202,1990-02-30',
        'q1,Dup,Licate,1 Main St,Troy,NY,12180,',
        'q4,Cy,Ng,PO Box 55,Juneau,AK,99801,19700101',
      ].join('\n'),
    )
    const out = join(dir, 'out.csv')
    const run = verigate('standardize', '--in', input, '--out', out)
    assert.equal(run.status, 0, run.stderr)
    assert.equal(run.stderr, '')
    assert.match(run.stdout, /5 rows; wrote 3 to .*out\.csv; refused 2/)
    assert.match(run.stdout, /unbalanced_quote 1, duplicate_id 1/)
    assert.match(run.stdout, /requests\.csv:3: unbalanced_quote/)
    assert.match(run.stdout, /requests\.csv:5 \(request_id\): duplicate_id/)
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[]
    assert.deepEqual(Object.keys(rows[0] ?? {}), [...STANDARDIZED_COLUMNS])
    assert.deepEqual(
      rows.map((r) => r.id),
      ['q1', 'q3', 'q4'],
    )
    const [q1, q3, q4] = rows
    assert.equal(q1?.given_name, 'JOSE')
    assert.equal(q1?.state, 'NM')
    assert.equal(q1?.dob, '1985-03-07')
    assert.equal(q1?.address_grade, 'FULL')
    assert.equal(q1?.name_grade, 'FULL')
    assert.equal(q3?.dob, '')
    assert.match(q3?.issues ?? '', /date/)
    assert.equal(q4?.po_box, '55')
  })

  it('prints a JSON summary with --json', () => {
    const dir = tempDir()
    const input = join(dir, 'people.jsonl')
    writeFileSync(input, '{"id": "1", "name": "Ann Lee", "zip": "10001"}\n{"id": "2", "name": {"x": 1}}\n')
    const run = verigate('standardize', '--in', input, '--out', join(dir, 'o.csv'), '--json')
    assert.equal(run.status, 0, run.stderr)
    const summary = JSON.parse(run.stdout) as Record<string, unknown>
    assert.equal(summary.rowsRead, 2)
    assert.equal(summary.written, 1)
    assert.deepEqual(summary.rejectedByCode, { nested_value: 1 })
    assert.deepEqual(summary.nameGrades, { FULL: 1, PARTIAL: 0, NONE: 0 })
  })

  it('refuses a file that lacks a mapped column with exit 65, listing its columns, and writes nothing', () => {
    const dir = tempDir()
    const input = join(dir, 'r.csv')
    writeFileSync(input, 'rec_id,zip_code\n1,10001\n')
    writeFileSync(join(dir, 'map.json'), '{"id": "rec_id", "zip": "postcode"}')
    const out = join(dir, 'o.csv')
    const run = verigate('standardize', '--in', input, '--map', join(dir, 'map.json'), '--out', out)
    assert.equal(run.status, 65)
    assert.match(run.stderr, /postcode.*rec_id, zip_code/)
    assert.equal(existsSync(out), false)
  })

  it('refuses an empty file and a map with an unknown field', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'e.csv'), '')
    assert.equal(verigate('standardize', '--in', join(dir, 'e.csv'), '--out', join(dir, 'o.csv')).status, 65)
    writeFileSync(join(dir, 'p.csv'), 'id\n1\n')
    writeFileSync(join(dir, 'bad.json'), '{"id": "id", "postcode": "zip"}')
    const run = verigate('standardize', '--in', join(dir, 'p.csv'), '--map', join(dir, 'bad.json'), '--out', join(dir, 'o.csv'))
    assert.equal(run.status, 65)
    assert.match(run.stderr, /postcode.*not a canonical field/)
  })

  it('lists the column names it takes without a map in --help, as intake takes them', () => {
    const run = verigate('standardize', '--help')
    assert.equal(run.status, 0)
    assert.match(run.stdout, /--map <file>/)
    assert.ok(run.stdout.includes(SYNONYMS_HELP))
    for (const [field, names] of Object.entries(COLUMN_SYNONYMS)) {
      assert.ok(SYNONYMS_HELP.includes(`${field.padEnd(15)}${names.join(', ')}`), field)
    }
  })

  it('standardizes FEBRL dataset4a with examples/maps/febrl.json', { skip: skipUnlessShared('febrl/dataset4a.csv') }, () => {
    const dir = tempDir()
    const out = join(dir, 'febrl4a.csv')
    const run = verigate('standardize', '--in', sharedDataFile('febrl/dataset4a.csv') as string, '--map', FEBRL_MAP, '--out', out, '--json')
    assert.equal(run.status, 0, run.stderr)
    const summary = JSON.parse(run.stdout) as { written: number; rejected: number }
    assert.equal(summary.written, 5000)
    assert.equal(summary.rejected, 0)
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[]
    assert.equal(rows.length, 5000)
    assert.deepEqual(
      [rows[0]?.id, rows[0]?.given_name, rows[0]?.surname, rows[0]?.dob, rows[0]?.street_number, rows[0]?.zip],
      ['rec-1070-org', 'MICHAELA', 'NEUMANN', '1915-11-11', '8', '4223'],
    )
  })
})
