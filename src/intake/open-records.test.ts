import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { InvalidInputError } from '../core/index.js'
import { parseColumnMap } from './column-map.js'
import { formatOf, MAX_KEPT_ISSUES, openRecords } from './open-records.js'
import { issueKeys, readAll, writeTemp } from '../../test/support/intake-test-support.js'

describe('openRecords on CSV', () => {
  for (const [name, delimiter] of [
    ['comma', ','],
    ['semicolon', ';'],
    ['tab', '\t'],
    ['pipe', '|'],
  ] as const) {
    it(`sniffs and reads a ${name}-separated file`, async () => {
      const text = ['id,given_name,surname,zip', '1,Ana,García,10001', '2,Bo,Li,'].map((l) => l.replaceAll(',', delimiter)).join('\n')
      const { records, lines, summary } = await readAll(writeTemp('people.csv', text))
      assert.deepEqual(records, [
        { id: '1', given_name: 'Ana', surname: 'García', zip: '10001' },
        { id: '2', given_name: 'Bo', surname: 'Li' },
      ])
      assert.deepEqual(lines, [2, 3])
      assert.deepEqual(summary, { file: summary.file, rowsRead: 2, accepted: 2, rejected: 0, byCode: {} })
    })
  }

  it('uses a delimiter it is given', async () => {
    const { records } = await readAll(writeTemp('x.txt', 'id;name\n1;Ann,B\n'), { delimiter: ';' })
    assert.deepEqual(records, [{ id: '1', name: 'Ann,B' }])
  })

  it('drops a byte-order mark, reads CRLF and spaces after separators (FEBRL style)', async () => {
    const text = '\uFEFFrec_id, given_name, surname\r\nrec-1-org, michaela, "neumann, jr"\r\nrec-2-org,  , smith\r\n'
    const { records } = await readAll(writeTemp('febrl.csv', text))
    assert.deepEqual(records, [
      { id: 'rec-1-org', given_name: 'michaela', surname: 'neumann, jr' },
      { id: 'rec-2-org', surname: 'smith' },
    ])
  })

  it('reads quoted fields with line breaks and reports the line each record starts on', async () => {
    const text = 'id,address,city\n1,"12 Main St\nApt 4",Springfield\n2,"1 ""Elm"" Rd",Shelbyville\n'
    const { records, lines } = await readAll(writeTemp('a.csv', text))
    assert.deepEqual(records, [
      { id: '1', address: '12 Main St\nApt 4', city: 'Springfield' },
      { id: '2', address: '1 "Elm" Rd', city: 'Shelbyville' },
    ])
    assert.deepEqual(lines, [2, 4])
  })

  it('joins listed columns with one space, skipping blank parts', async () => {
    const map = parseColumnMap({ id: 'rec_id', street_name: ['address_1', 'address_2'], city: 'suburb' })
    const text = 'rec_id,address_1,address_2,suburb\nr1,stanley street, miami ,winston hills\nr2, ,kela,dapto\nr3,,,\n'
    const { records } = await readAll(writeTemp('f.csv', text), { map })
    assert.deepEqual(records, [
      { id: 'r1', street_name: 'stanley street miami', city: 'winston hills' },
      { id: 'r2', street_name: 'kela', city: 'dapto' },
      { id: 'r3' },
    ])
  })

  it('skips blank lines without counting them', async () => {
    const { records, summary } = await readAll(writeTemp('b.csv', '\n\nid,surname\n\n1,A\n   \n2,B\n\n'))
    assert.equal(records.length, 2)
    assert.equal(summary.rowsRead, 2)
  })

  it('refuses the whole file before reading when a mapped column is missing, listing its columns', async () => {
    const path = writeTemp('r.csv', 'rec_id,zip_code\n1,10001\n')
    await assert.rejects(openRecords(path, { map: { id: 'rec_id', zip: 'postcode' } }), (error: unknown) => {
      assert.ok(error instanceof InvalidInputError)
      assert.match(error.message, /postcode.*rec_id, zip_code/)
      assert.deepEqual(issueKeys(error.issues), [['missing_column', undefined, 'postcode']])
      return true
    })
  })

  it('refuses an empty file, a blank file and a missing file', async () => {
    for (const content of ['', '\uFEFF', '\n\n  \n']) {
      await assert.rejects(openRecords(writeTemp('e.csv', content)), (e: unknown) => e instanceof InvalidInputError && e.issues[0]?.code === 'empty_file')
    }
    await assert.rejects(openRecords('/nonexistent/verigate.csv'), (e: unknown) => e instanceof InvalidInputError && e.issues[0]?.code === 'unreadable_file')
    await assert.rejects(openRecords(mkdtempSync('/tmp/verigate-')), /not a regular file/)
  })

  it('reads a header-only file as no rows', async () => {
    const { records, summary } = await readAll(writeTemp('h.csv', 'id,surname\n'))
    assert.equal(records.length, 0)
    assert.equal(summary.rowsRead, 0)
  })

  it('notes a repeated column name and reads the first', async () => {
    const { records, issues, summary } = await readAll(writeTemp('d.csv', 'id,surname,surname\n1,A,B\n'))
    assert.deepEqual(records, [{ id: '1', surname: 'A' }])
    assert.deepEqual(issueKeys(issues), [['duplicate_column', 1, 'surname']])
    assert.equal(summary.rejected, 0)
  })

  it('refuses a duplicate id, keeping the first row', async () => {
    const { records, issues, summary } = await readAll(writeTemp('dup.csv', 'id,surname\n1,A\n2,B\n1,C\n"2",D\n3,E\n'))
    assert.deepEqual(
      records.map((r) => r.surname),
      ['A', 'B', 'E'],
    )
    assert.deepEqual(issueKeys(issues), [
      ['duplicate_id', 4, 'id'],
      ['duplicate_id', 5, 'id'],
    ])
    assert.deepEqual(summary.byCode, { duplicate_id: 2 })
  })

  it('keeps duplicate ids when asked not to check', async () => {
    const { records } = await readAll(writeTemp('dup.csv', 'id\n1\n1\n'), { checkDuplicateIds: false })
    assert.equal(records.length, 2)
  })

  it('refuses a row without an id', async () => {
    const { records, issues } = await readAll(writeTemp('m.csv', 'id,surname\n,A\n  ,B\n3,C\n'))
    assert.deepEqual(records, [{ id: '3', surname: 'C' }])
    assert.deepEqual(issueKeys(issues), [
      ['missing_id', 2, 'id'],
      ['missing_id', 3, 'id'],
    ])
  })

  it('keeps the first 10,000 issues but counts them all', async () => {
    const { issues, summary, records } = await readAll(writeTemp('many.csv', `id,surname\n${',x\n'.repeat(10_050)}1,ok\n`))
    assert.equal(issues.length, MAX_KEPT_ISSUES)
    assert.equal(summary.byCode.missing_id, 10_050)
    assert.equal(summary.rejected, 10_050)
    assert.deepEqual(records, [{ id: '1', surname: 'ok' }])
  })

  it('stops reading and releases the file when the reader breaks off', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `${i},surname-${i}`)
    const source = await openRecords(writeTemp('s.csv', `id,surname\n${rows.join('\n')}\n`))
    for await (const row of source.rows()) if (row.record.id === '0') break
    // Rows are read a batch (one 64 KiB chunk) at a time: only the first batch was read.
    assert.ok(source.summary().rowsRead < 10_000, String(source.summary().rowsRead))
    await source.close()
  })

  it('lets rows() be read only once', async () => {
    const source = await openRecords(writeTemp('o.csv', 'id\n1\n'))
    for await (const _ of source.rows()) void _
    await assert.rejects(async () => {
      for await (const _ of source.rows()) void _
    }, /already been read/)
  })
})

describe('openRecords on JSON Lines', () => {
  it('reads objects, numbers and booleans as text and null as nothing', async () => {
    const text = '{"unique_id": 1, "first_name": "Ana", "surname": null, "zip": 10001}\n\n{"unique_id": "2", "first_name": "Bo", "ssn": 123456789, "flag": true}\n'
    const { records, lines } = await readAll(writeTemp('p.jsonl', text))
    assert.deepEqual(records, [
      { id: '1', given_name: 'Ana', zip: '10001' },
      { id: '2', given_name: 'Bo', tin: '123456789' },
    ])
    assert.deepEqual(lines, [1, 3])
  })

  it('refuses nested values, non-objects and invalid JSON, keeping the good lines', async () => {
    const text = [
      '{"id": "1", "surname": "A"}',
      '{"id": "2", "surname": {"last": "B"}}',
      '[1, 2]',
      '{"id": "4", "surname": "D"',
      '{"id": "5", "tags": ["x"]}',
      '{"id": "6", "surname": "F"}',
    ].join('\n')
    const { records, issues, summary } = await readAll(writeTemp('n.ndjson', text))
    assert.deepEqual(
      records.map((r) => r.id),
      ['1', '6'],
    )
    assert.deepEqual(issueKeys(issues), [
      ['nested_value', 2, 'surname'],
      ['not_an_object', 3, undefined],
      ['invalid_json', 4, undefined],
      ['nested_value', 5, 'tags'],
    ])
    assert.deepEqual(summary, { file: summary.file, rowsRead: 6, accepted: 2, rejected: 4, byCode: { nested_value: 2, not_an_object: 1, invalid_json: 1 } })
  })

  it('refuses a file whose objects lack a mapped column', async () => {
    await assert.rejects(openRecords(writeTemp('q.jsonl', '{"id": "1", "name": "A"}\n'), { map: { id: 'id', surname: 'last' } }), /last.*id, name/)
  })

  it('finds duplicate ids exactly', async () => {
    const { records, issues } = await readAll(writeTemp('d.jsonl', '{"id": "é1"}\n{"id": "é2"}\n{"id": "é1"}\n'))
    assert.equal(records.length, 2)
    assert.deepEqual(issueKeys(issues), [['duplicate_id', 3, 'id']])
  })
})

describe('formatOf', () => {
  it('tells the format from the extension', () => {
    assert.equal(formatOf('a.JSONL'), 'jsonl')
    assert.equal(formatOf('a.ndjson'), 'jsonl')
    assert.equal(formatOf('a.parquet'), 'parquet')
    assert.equal(formatOf('a.tsv'), 'csv')
  })
})
