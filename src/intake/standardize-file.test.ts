import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { InvalidInputError, type StandardizedRecord } from '../core/index.js'
import { standardizeFile, standardizedRow, STANDARDIZED_COLUMNS } from './standardize-file.js'
import { writeTemp } from '../../test/support/intake-test-support.js'

const BLANK_ADDRESS = {
  original: '',
  streetNumber: '',
  predirectional: '',
  streetName: '',
  streetSuffix: '',
  postdirectional: '',
  unitType: '',
  unit: '',
  poBox: '',
  route: '',
  city: '',
  state: '',
  zip: '',
  zip4: '',
  grade: 'NONE',
  gradeReasons: [],
} as const

describe('standardizedRow', () => {
  it('writes a rural-route box with its route, partial dates as empty and issues joined by ;', () => {
    const record: StandardizedRecord = {
      id: 'r1',
      name: { original: 'Ann Lee', given: 'ANN', middle: '', surname: 'LEE', surnameParts: ['LEE'], suffix: '', grade: 'FULL', gradeReasons: [] },
      address: { ...BLANK_ADDRESS, route: 'RR 2', poBox: '15', city: 'HAZARD', state: 'KY', zip: '41701', grade: 'FULL' },
      dob: { original: '1985', value: '1985', year: 1985, precision: 'year' },
      tin: '',
      issues: ['date_partial', 'tin_missing'],
    }
    const row = standardizedRow(record)
    assert.equal(row.length, STANDARDIZED_COLUMNS.length)
    const byColumn = Object.fromEntries(STANDARDIZED_COLUMNS.map((c, i) => [c, row[i]]))
    assert.equal(byColumn.po_box, 'RR 2 BOX 15')
    assert.equal(byColumn.dob, '')
    assert.equal(byColumn.issues, 'date_partial;tin_missing')
    assert.equal(byColumn.address_grade, 'FULL')
  })
})

describe('standardizeFile', () => {
  it('writes the header and the good rows, and counts grades', async () => {
    const input = writeTemp('in.csv', 'id,given_name,surname,zip\n1,Ann,Lee,10001\n2,"Bo\n')
    const output = join(dirname(input), 'out.csv')
    const summary = await standardizeFile({ input, output })
    assert.equal(summary.written, 1)
    assert.equal(summary.intake.rejected, 1)
    assert.equal(summary.nameGrades.FULL, 1)
    assert.equal(summary.addressGrades.LOCALITY, 1)
    const lines = readFileSync(output, 'utf8').trimEnd().split('\n')
    assert.equal(lines[0], STANDARDIZED_COLUMNS.join(','))
    assert.equal(lines.length, 2)
    assert.deepEqual(readdirSync(dirname(input)).sort(), ['in.csv', 'out.csv'])
  })

  it('leaves no output behind when the input is refused', async () => {
    const input = writeTemp('in.csv', 'name\nAnn\n')
    const output = join(dirname(input), 'out.csv')
    await assert.rejects(standardizeFile({ input, output }), InvalidInputError)
    assert.equal(existsSync(output), false)
    assert.deepEqual(readdirSync(dirname(input)), ['in.csv'])
  })
})
