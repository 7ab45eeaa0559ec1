import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { InvalidInputError, type CanonicalRecord } from '../core/index.js'
import { openRecords } from './open-records.js'
import { issueKeys, readAll, writeTemp } from '../../test/support/intake-test-support.js'

const COLUMNS = ['id', 'given_name', 'surname', 'city'] as const
const MAX_FIELD_BYTES = 64

type Row =
  | { readonly kind: 'good'; readonly fields: readonly string[]; readonly quoteAll: boolean }
  | { readonly kind: 'unbalanced' | 'stray' | 'count' | 'utf8' | 'long' | 'noid' | 'dup'; readonly text: string }

/** Field text: starts with a letter (see csv-reader.ts on what CSV cannot tell apart), may hold anything after. */
const fieldText = fc
  .tuple(fc.constantFrom('a', 'B', 'é', 'Ñ'), fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', 'é', ';', '|', '\t', '1', '中'), maxLength: 12 }))
  .map(([head, tail]) => head + tail)
const optionalField = fc.oneof(fieldText, fc.constant(''), fc.constant('   '))
const plain = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '1', 'é'), minLength: 1, maxLength: 8 }).map((s) => `x${s}`)

const row: fc.Arbitrary<Row> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('good' as const), fields: fc.tuple(optionalField, optionalField, optionalField), quoteAll: fc.boolean() }) },
  { weight: 1, arbitrary: fc.tuple(plain, plain).map(([a, b]) => ({ kind: 'unbalanced' as const, text: `,"${a},${b},c` })) },
  { weight: 1, arbitrary: fc.tuple(plain, plain).map(([a, b]) => ({ kind: 'stray' as const, text: `,${a}"${b},c,d` })) },
  { weight: 1, arbitrary: fc.constantFrom(',a,b', ',a,b,c,d', ',').map((text) => ({ kind: 'count' as const, text })) },
  { weight: 1, arbitrary: plain.map((a) => ({ kind: 'utf8' as const, text: `,${a}\uFFFF,c,d` })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'long' as const, text: `,${'y'.repeat(MAX_FIELD_BYTES + 1)},c,d` }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'noid' as const, text: ',a,b,c' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'dup' as const, text: ',a,b,c' }) },
)

function quote(field: string, always: boolean): string {
  return always || /[",\n]|^\s/.test(field) ? `"${field.replaceAll('"', '""')}"` : field
}

const CODES = {
  unbalanced: ['unbalanced_quote', undefined],
  stray: ['malformed_quote', 'given_name'],
  count: ['wrong_column_count', undefined],
  utf8: ['invalid_utf8', 'given_name'],
  long: ['field_too_long', 'given_name'],
  noid: ['missing_id', 'id'],
  dup: ['duplicate_id', 'id'],
} as const

/** Builds a file from rows and what reading it must give. */
function build(rows: readonly Row[]) {
  const parts: Buffer[] = [Buffer.from(`${COLUMNS.join(',')}\n`)]
  const records: CanonicalRecord[] = []
  const lines: number[] = []
  const issues: (string | number | undefined)[][] = []
  const goodIds: string[] = []
  let line = 2
  rows.forEach((r, n) => {
    let text: string
    if (r.kind === 'good') {
      const id = `r${n}`
      text = [id, ...r.fields].map((f) => quote(f, r.quoteAll)).join(',')
      const record: Record<string, string> = { id }
      r.fields.forEach((f, i) => {
        if (f.trim() !== '') record[COLUMNS[i + 1] as string] = f.trim()
      })
      records.push(record as CanonicalRecord)
      lines.push(line)
      goodIds.push(id)
    } else {
      const id = r.kind === 'noid' ? '' : r.kind === 'dup' ? (goodIds[n % Math.max(goodIds.length, 1)] ?? '') : `b${n}`
      if (r.kind === 'dup' && id === '') return
      text = id + r.text
      issues.push([CODES[r.kind][0], line, CODES[r.kind][1]])
    }
    const bytes = Buffer.from(`${text}\n`)
    // U+FFFF stands for a byte that is not UTF-8.
    parts.push(r.kind === 'utf8' ? Buffer.from(bytes.toString('latin1').replace('\u00ef\u00bf\u00bf', '\u00ff'), 'latin1') : bytes)
    line += 1 + (text.match(/\n/g)?.length ?? 0)
  })
  return { content: Buffer.concat(parts), records, lines, issues }
}

describe('intake under fuzzing', () => {
  it('keeps every good row and reports every bad one at its line and field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 40 }), async (rows) => {
        const expected = build(rows)
        const path = writeTemp('fuzz.csv', expected.content)
        const got = await readAll(path, { maxFieldBytes: MAX_FIELD_BYTES })
        assert.deepEqual(got.records, expected.records)
        assert.deepEqual(got.lines, expected.lines)
        assert.deepEqual(issueKeys(got.issues), expected.issues)
        assert.ok(got.issues.every((i) => i.path?.file === path))
        assert.equal(got.summary.accepted, expected.records.length)
        assert.equal(got.summary.rejected, expected.issues.length)
        assert.equal(got.summary.rowsRead, expected.records.length + expected.issues.length)
      }),
      { numRuns: 150 },
    )
  })

  it('reads every well-formed file as csv-parse does (delimiters, BOM, CRLF, quoted line breaks)', async () => {
    const value = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '|', '\t', '"', '\n', 'é', '中', '1'), maxLength: 10 })
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(value, value, value), { maxLength: 30 }),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.boolean(),
        fc.boolean(),
        async (rows, delimiter, bom, crlf) => {
          const table = [[...COLUMNS], ...rows.map((fields, i) => [`r${i}`, ...fields])]
          // A line feed is quoted whatever the line ends: in an unquoted field it ends the line
          // (csv-parse, having seen CRLF line ends, would take a lone LF as data).
          const text = stringify(table, { delimiter, record_delimiter: crlf ? '\r\n' : '\n', quoted_match: /^\s|\s$|\n/ })
          const expected = (parse(text, { delimiter, bom: true, skip_empty_lines: true }) as string[][]).slice(1).map((fields) => {
            const record: Record<string, string> = {}
            fields.forEach((f, i) => {
              if (f.trim() !== '') record[COLUMNS[i] as string] = f.trim()
            })
            return record
          })
          const got = await readAll(writeTemp('good.csv', (bom ? '\uFEFF' : '') + text), { delimiter })
          assert.deepEqual(got.records, expected)
          assert.deepEqual(got.issues, [])
        },
      ),
      { numRuns: 150 },
    )
  })

  it('survives random bytes: refused whole, or read with every row counted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.uint8Array({ maxLength: 3000 }), fc.constantFrom('csv', 'jsonl'), async (withHeader, bytes, format) => {
        const header = withHeader ? (format === 'csv' ? 'id,surname\n' : '{"id":"h"}\n') : ''
        const path = writeTemp(`random.${format}`, Buffer.concat([Buffer.from(header), bytes]))
        let source
        try {
          source = await openRecords(path, { maxFieldBytes: 32 })
        } catch (error) {
          assert.ok(error instanceof InvalidInputError, String(error))
          return
        }
        let accepted = 0
        for await (const { record } of source.rows()) {
          assert.ok(record.id.length > 0)
          accepted++
        }
        const summary = source.summary()
        assert.equal(summary.accepted, accepted)
        assert.equal(summary.rowsRead, summary.accepted + summary.rejected)
        const rowIssues = Object.entries(summary.byCode).filter(([code]) => code !== 'duplicate_column')
        assert.equal(
          rowIssues.reduce((sum, [, n]) => sum + n, 0),
          summary.rejected,
        )
        assert.ok(source.issues.every((i) => i.path?.file === path))
      }),
      { numRuns: 150 },
    )
  })

  it('refuses very long fields without losing the rows around them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 300 }), { minLength: 1, maxLength: 30 }), async (sizes) => {
        const rows = sizes.map((size, i) => `${i},${'é'.repeat(size)}`)
        const got = await readAll(writeTemp('long.csv', `id,surname\n${rows.join('\n')}\n`), { maxFieldBytes: 256 })
        const tooLong = sizes.flatMap((size, i) => (size * 2 > 256 ? [['field_too_long', i + 2, 'surname']] : []))
        assert.deepEqual(issueKeys(got.issues), tooLong)
        assert.equal(got.records.length, sizes.length - tooLong.length)
      }),
      { numRuns: 50 },
    )
  })
})
