import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openRecords } from './open-records.js'

const LARGE = process.env.VERIGATE_LARGE_TESTS ? false : 'set VERIGATE_LARGE_TESTS=1 to read a 3-million-row file'

describe('intake on a large file', () => {
  it('streams 3 million rows with bounded memory and finds every duplicate id exactly', { skip: LARGE, timeout: 600_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    try {
      const path = join(dir, 'master.csv')
      const rows = 3_000_000
      writeFileSync(path, 'id,given_name,surname,zip\n')
      let block = ''
      for (let i = 0; i < rows; i++) {
        // Every 1,000th row repeats the id of the row 500 before it.
        const id = i % 1000 === 999 ? `M${i - 500}` : `M${i}`
        block += `${id},Ann${i % 97},"Lee, ${i % 89}",${10000 + (i % 89999)}\n`
        if (i % 100_000 === 99_999) {
          appendFileSync(path, block)
          block = ''
        }
      }
      appendFileSync(path, block)
      const source = await openRecords(path)
      let accepted = 0
      let peakHeap = 0
      for await (const batch of source.batches()) {
        accepted += batch.length
        if (accepted % 100_000 < batch.length) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
      }
      const summary = source.summary()
      assert.equal(summary.rowsRead, rows)
      assert.equal(summary.byCode.duplicate_id, rows / 1000)
      assert.equal(accepted, rows - rows / 1000)
      // The ids live in typed arrays off the heap; the heap holds a batch or two at a time.
      assert.ok(peakHeap < 200 * 2 ** 20, `heap reached ${Math.round(peakHeap / 2 ** 20)} MiB`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
