import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CsvFileWriter } from './csv-writer.js'
import { finishTruth } from './generate.js'

describe('finishTruth', () => {
  it('keeps every line when the placeholders grow a block past its own size', () => {
    // 300,000 short lines: each one-byte placeholder becomes "false", so a 4 MiB read block grows
    // by far more than any fixed slack (the bug that once dropped 2,535 truth rows).
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    try {
      const lines = 300_000
      const partial = join(dir, 'truth.csv.partial')
      writeFileSync(partial, Array.from({ length: lines }, (_, i) => `R${i},?\n`).join(''))
      const truth = new CsvFileWriter(join(dir, 'truth.csv'), ['request_id', 'has_twin'])
      const twins = finishTruth(partial, truth, (i) => i % 3 === 0)
      truth.close()
      const out = readFileSync(join(dir, 'truth.csv'), 'utf8').trimEnd().split('\n')
      assert.equal(out.length, lines + 1)
      assert.equal(twins, lines / 3)
      assert.equal(out[1], 'R0,true')
      assert.equal(out[lines], `R${lines - 1},${(lines - 1) % 3 === 0 ? 'true' : 'false'}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
