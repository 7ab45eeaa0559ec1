import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { CsvFileWriter, csvField } from './csv-writer.js'

describe('CSV output', () => {
  it('quotes a field only when it holds a comma, a quote or a line break', () => {
    assert.equal(csvField('GARCIA LOPEZ'), 'GARCIA LOPEZ')
    assert.equal(csvField('123 MAIN ST, HOUSTON, TX'), '"123 MAIN ST, HOUSTON, TX"')
    assert.equal(csvField('say "locate"'), '"say ""locate"""')
    assert.equal(csvField('two\nlines'), '"two\nlines"')
  })

  it('writes the header, lines and byte blocks in order, counting lines and bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    try {
      const writer = new CsvFileWriter(join(dir, 'out.csv'), ['a', 'b'], 8)
      writer.writeLine(`1,${csvField('x, y')}`)
      writer.writeBytes(Buffer.from('2,z\n3,w\n'), 2)
      writer.writeLine('4,v')
      writer.close()
      const text = readFileSync(join(dir, 'out.csv'), 'utf8')
      assert.deepEqual(parse(text, { columns: true }), [
        { a: '1', b: 'x, y' },
        { a: '2', b: 'z' },
        { a: '3', b: 'w' },
        { a: '4', b: 'v' },
      ])
      assert.equal(writer.lines, 4)
      assert.equal(writer.bytes, Buffer.byteLength(text))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
