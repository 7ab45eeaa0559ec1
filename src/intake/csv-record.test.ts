import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { countQuotes, sniffDelimiter, splitCsvRecord } from './csv-record.js'

describe('sniffDelimiter', () => {
  it('finds each supported delimiter in a header', () => {
    assert.equal(sniffDelimiter('a,b,c'), ',')
    assert.equal(sniffDelimiter('a;b;c'), ';')
    assert.equal(sniffDelimiter('a\tb\tc'), '\t')
    assert.equal(sniffDelimiter('a|b|c'), '|')
  })

  it('ignores delimiters inside quotes and falls back to a comma', () => {
    assert.equal(sniffDelimiter('"a,b,c";d;e'), ';')
    assert.equal(sniffDelimiter('single_column'), ',')
  })
})

describe('splitCsvRecord', () => {
  it('splits quote-free records directly', () => {
    assert.deepEqual(splitCsvRecord('a,,c', ','), ['a', '', 'c'])
  })

  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    assert.deepEqual(splitCsvRecord('1,"Smith, Jr","say ""hi""","a\nb",', ','), ['1', 'Smith, Jr', 'say "hi"', 'a\nb', ''])
  })

  it('allows spaces around quoted fields, as FEBRL writes them', () => {
    assert.deepEqual(splitCsvRecord('1, "x, y" , z', ','), ['1', 'x, y', ' z'])
  })

  it('treats a tab delimiter as a delimiter, not as space around quotes', () => {
    assert.deepEqual(splitCsvRecord('"a"\t\t"b"', '\t'), ['a', '', 'b'])
  })

  it('refuses a quote inside an unquoted field and text after a closing quote', () => {
    assert.deepEqual(splitCsvRecord('a,b"c,d', ','), { error: 'malformed_quote', detail: 'a quote inside an unquoted field', fieldIndex: 1 })
    const after = splitCsvRecord('a,"b"c,d', ',')
    assert.ok(!Array.isArray(after) && after.error === 'malformed_quote' && after.fieldIndex === 1)
  })

  it('reports a quote that is never closed', () => {
    const open = splitCsvRecord('a,"b,c', ',')
    assert.ok(!Array.isArray(open) && open.error === 'unbalanced_quote')
  })

  it('agrees with csv-parse on every record csv-stringify writes', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', '\n', '|', 'é', '\t', '1') })
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), fc.constantFrom(',', ';', '|'), (fields, delimiter) => {
        const text = stringify([fields], { delimiter, quoted_match: /[\s"]/, record_delimiter: '\n' }).replace(/\n$/, '')
        const expected = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false })[0] ?? ['']
        assert.deepEqual(splitCsvRecord(text, delimiter), expected)
        assert.equal(countQuotes(text) % 2, 0)
      }),
      { numRuns: 500 },
    )
  })
})
