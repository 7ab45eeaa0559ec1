import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sharedDataFile, skipUnlessShared } from '../../test/support/shared-data.js'
import { InvalidInputError } from '../core/index.js'
import { openRecords } from './open-records.js'
import { writeParquet } from '../../test/support/parquet-fixture.js'
import { issueKeys, readAll, writeTemp } from '../../test/support/intake-test-support.js'

const HISTORICAL = 'splink_examples/historical_figures_with_errors_50k.parquet'

describe('openRecords on Parquet', () => {
  it('reads Splink historical_50k through the names it already uses', { skip: skipUnlessShared(HISTORICAL) }, async () => {
    const path = sharedDataFile(HISTORICAL) as string
    const source = await openRecords(path)
    assert.deepEqual(source.columns.slice(0, 3), ['unique_id', 'cluster', 'full_name'])
    assert.deepEqual(source.map, { id: 'unique_id', given_name: 'first_name', surname: 'surname', name: 'full_name', dob: 'dob' })
    let count = 0
    let first
    let lastLine = 0
    for await (const row of source.rows()) {
      first ??= row
      count++
      assert.ok(row.line > lastLine)
      lastLine = row.line
    }
    assert.deepEqual(first, {
      record: { id: 'Q2296770-1', given_name: 'thomas', surname: 'chudleigh', name: 'thomas clifford, 1st baron clifford of chudleigh', dob: '1630-08-01' },
      line: 1,
    })
    assert.equal(count, 50_578)
    assert.deepEqual(source.summary().byCode, {})
  })

  it('refuses the duplicate ids of a column that repeats, reading earlier rows back exactly', { skip: skipUnlessShared(HISTORICAL) }, async () => {
    const path = sharedDataFile(HISTORICAL) as string
    const { records, summary, issues } = await readAll(path, { map: { id: 'cluster', city: 'birth_place' } })
    assert.equal(records.length, 5_156)
    assert.equal(summary.byCode.duplicate_id, 50_578 - 5_156)
    assert.deepEqual(issueKeys(issues.slice(0, 1)), [['duplicate_id', 2, 'cluster']])
  })

  it('refuses a mapped column the file lacks, listing its columns', { skip: skipUnlessShared(HISTORICAL) }, async () => {
    const path = sharedDataFile(HISTORICAL) as string
    await assert.rejects(openRecords(path, { map: { id: 'unique_id', zip: 'postcode' } }), /postcode.*unique_id, cluster, full_name/)
  })

  it('reads a small file row group by row group: nulls, numbers as text, lines as row numbers', async () => {
    const path = writeTemp(
      'small.parquet',
      writeParquet(
        [
          { name: 'person_id', type: 'string', values: ['p1', 'p2', 'p3', 'p4', 'p5'] },
          { name: 'Last Name', type: 'string', values: ['García', null, 'Ng', '  ', 'Lee'] },
          { name: 'zip', type: 'int32', values: [10001, null, 80202, 7, 99801] },
        ],
        2,
      ),
    )
    const { records, lines, summary } = await readAll(path)
    assert.deepEqual(records, [
      { id: 'p1', surname: 'García', zip: '10001' },
      { id: 'p2' },
      { id: 'p3', surname: 'Ng', zip: '80202' },
      { id: 'p4', zip: '7' },
      { id: 'p5', surname: 'Lee', zip: '99801' },
    ])
    assert.deepEqual(lines, [1, 2, 3, 4, 5])
    assert.equal(summary.rowsRead, 5)
  })

  it('refuses invalid UTF-8, nested values, missing and repeated ids, naming row and column', async () => {
    const path = writeTemp(
      'bad.parquet',
      writeParquet(
        [
          { name: 'id', type: 'string', values: ['a', 'b', 'c', null, 'a', 'f', 'b'] },
          { name: 'surname', type: 'string', values: ['A', new Uint8Array([0x42, 0xff]), 'C', 'D', 'E', 'F', 'G'] },
          { name: 'tin', type: 'json', values: [null, null, '{"ssn": "1"}', null, null, null, null] },
        ],
        3,
      ),
    )
    const { records, issues, summary } = await readAll(path)
    assert.deepEqual(
      records.map((r) => r.id),
      ['a', 'f', 'b'],
    )
    // Row 5 repeats row 1's id from an earlier row group; row 7's 'b' is kept, since row 2 was refused.
    assert.deepEqual(issueKeys(issues), [
      ['invalid_utf8', 2, 'surname'],
      ['nested_value', 3, 'tin'],
      ['missing_id', 4, 'id'],
      ['duplicate_id', 5, 'id'],
    ])
    assert.equal(summary.rejected, 4)
  })

  it('reads GZIP pages and refuses a codec it cannot decode before reading any row', async () => {
    const columns = [{ name: 'id', type: 'string' as const, values: ['1', '2', '3'] }]
    const { records } = await readAll(writeTemp('gz.parquet', writeParquet(columns, 2, 'GZIP')))
    assert.deepEqual(records, [{ id: '1' }, { id: '2' }, { id: '3' }])
    await assert.rejects(openRecords(writeTemp('z.parquet', writeParquet(columns, 2, 'ZSTD'))), /compressed with ZSTD/)
  })

  it('refuses a file that is not Parquet', async () => {
    await assert.rejects(
      openRecords(writeTemp('x.parquet', 'id,name\n1,A\n')),
      (e: unknown) => e instanceof InvalidInputError && e.issues[0]?.code === 'unreadable_file',
    )
  })
})
