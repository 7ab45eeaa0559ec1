import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { issueKeys, readAll, writeTemp } from '../../test/support/intake-test-support.js'

const HEADER = 'id,given_name,surname,city'

function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\n') + '\n'
}

describe('malformed CSV rows', () => {
  it('refuses a row with an unclosed quote and reads every line after it', async () => {
    const path = writeTemp('u.csv', csv('1,Ann,Lee,Troy', '2,"Bo,Li,Troy', '3,Cy,"Ng, Jr",Troy', '4,Di,"Oz\nEnd",Troy', '5,Ed,Fay,Troy'))
    const { records, issues, summary, lines } = await readAll(path)
    assert.deepEqual(
      records.map((r) => r.id),
      ['1', '3', '4', '5'],
    )
    assert.deepEqual(lines, [2, 4, 5, 7])
    assert.deepEqual(issueKeys(issues), [['unbalanced_quote', 3, undefined]])
    assert.equal(issues[0]?.path?.file, path)
    assert.deepEqual(summary, { file: path, rowsRead: 5, accepted: 4, rejected: 1, byCode: { unbalanced_quote: 1 } })
  })

  it('refuses an unclosed quote on the last line', async () => {
    const { records, issues } = await readAll(writeTemp('e.csv', csv('1,Ann,Lee,Troy', '2,Bo,Li,"Troy')))
    assert.equal(records.length, 1)
    assert.deepEqual(issueKeys(issues), [['unbalanced_quote', 3, undefined]])
  })

  it('gives up on an open quote once the row passes its size bound, and re-syncs', async () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `${i + 10},A,B,C`)
    const { records, issues } = await readAll(writeTemp('l.csv', csv('1,"never closed,B,C', ...filler)), { maxFieldBytes: 16 })
    assert.equal(records.length, 3000)
    assert.deepEqual(issueKeys(issues), [['unbalanced_quote', 2, undefined]])
  })

  it('refuses a stray quote inside an unquoted field, and text after a closing quote', async () => {
    const { records, issues } = await readAll(writeTemp('s.csv', csv('1,Jo"hn,Lee,Troy', '2,"Bo"x,Li,Troy', '3,Cy,Ng,Troy')))
    assert.deepEqual(
      records.map((r) => r.id),
      ['3'],
    )
    assert.deepEqual(issueKeys(issues), [
      ['malformed_quote', 2, 'given_name'],
      ['malformed_quote', 3, 'given_name'],
    ])
  })

  it('refuses rows with too few or too many columns', async () => {
    const { records, issues } = await readAll(writeTemp('c.csv', csv('1,Ann,Lee', '2,Bo,Li,Troy,extra', '3,Cy,Ng,Troy')))
    assert.deepEqual(
      records.map((r) => r.id),
      ['3'],
    )
    assert.deepEqual(issueKeys(issues), [
      ['wrong_column_count', 2, undefined],
      ['wrong_column_count', 3, undefined],
    ])
    assert.match(issues[0]?.message ?? '', /expected 4 columns, found 3/)
  })

  it('refuses a row that is not valid UTF-8, naming the field', async () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\n1,Ann,Lee,Troy\n2,Bo,`), Buffer.from([0x4c, 0xff, 0xfe]), Buffer.from(',Troy\n3,Cy,Ng,Troy\n')])
    const { records, issues } = await readAll(writeTemp('b.csv', bytes))
    assert.deepEqual(
      records.map((r) => r.id),
      ['1', '3'],
    )
    assert.deepEqual(issueKeys(issues), [['invalid_utf8', 3, 'surname']])
  })

  it('refuses a field over the size limit, counting UTF-8 bytes', async () => {
    const { records, issues } = await readAll(writeTemp('f.csv', csv('1,Ann,Lee,Troy', `2,Bo,${'é'.repeat(10)},Troy`, `3,Cy,${'x'.repeat(18)},Troy`)), { maxFieldBytes: 18 })
    assert.deepEqual(
      records.map((r) => r.id),
      ['1', '3'],
    )
    assert.deepEqual(issueKeys(issues), [['field_too_long', 3, 'surname']])
    assert.match(issues[0]?.message ?? '', /20 bytes long, over the limit of 18/)
  })

  it('skips a line too long to hold in memory and reads on', async () => {
    const huge = `2,${'x'.repeat(3_000_000)},Li,Troy`
    const { records, issues } = await readAll(writeTemp('h.csv', csv('1,Ann,Lee,Troy', huge, '3,Cy,Ng,Troy')))
    assert.deepEqual(
      records.map((r) => r.id),
      ['1', '3'],
    )
    assert.deepEqual(issueKeys(issues), [['record_too_long', 3, undefined]])
  })

  it('refuses a multi-line row with the wrong column count and re-reads its later lines', async () => {
    const { records, issues } = await readAll(writeTemp('m.csv', csv('1,"Ann\nMarie",Lee', '2,Bo,Li,Troy')))
    assert.deepEqual(
      records.map((r) => r.id),
      ['2'],
    )
    assert.deepEqual(issueKeys(issues), [
      ['wrong_column_count', 2, undefined],
      ['malformed_quote', 3, 'id'],
    ])
  })

  it('counts every kind in the summary and keeps the good rows', async () => {
    const { summary } = await readAll(writeTemp('k.csv', csv('1,A,B,C', '1,A,B,C', ',A,B,C', '2,A,B', '3,"A,B,C', '4,A,B,C')))
    assert.deepEqual(summary.byCode, { duplicate_id: 1, missing_id: 1, wrong_column_count: 1, unbalanced_quote: 1 })
    assert.equal(summary.accepted, 2)
    assert.equal(summary.rejected, 4)
    assert.equal(summary.rowsRead, 6)
  })
})
