import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../../../bin/verigate.js', import.meta.url))

// The whole demo takes some ten seconds: run with the larger suites only.
describe('verigate demo', { skip: process.env.VERIGATE_LARGE_TESTS ? false : 'set VERIGATE_LARGE_TESTS to run the whole demo' }, () => {
  it('generates, runs a batch, reviews, releases, verifies the ledger and writes the report, in under a minute', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    try {
      const out = join(dir, 'demo')
      const started = performance.now()
      const run = spawnSync(process.execPath, [BIN, 'demo', '--out', out, '--json'], { encoding: 'utf8' })
      assert.equal(run.status, 0, run.stderr)
      assert.ok(performance.now() - started < 60_000)
      const s = JSON.parse(run.stdout) as Record<string, unknown> & { review_cases: Record<string, number> }
      assert.equal(s.ledger_ok, true)
      assert.equal(s.requested, 2000)
      assert.equal(s.review_cases.released, 1)
      assert.equal(s.review_cases.withheld, 1)
      assert.equal(s.ledger_size, (s.disclosed as number) + 1 + 3)
      assert.ok(existsSync(join(out, 'demo.sqlite')))
      assert.match(readFileSync(s.report as string, 'utf8'), /<svg/)
      const again = spawnSync(process.execPath, [BIN, 'demo', '--out', out, '--db', join(out, 'demo.sqlite')], { encoding: 'utf8' })
      assert.notEqual(again.status, 0)
      assert.match(again.stderr, /new database/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
