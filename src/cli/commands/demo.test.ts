import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEMO_MARKER, demoFolderRefusal } from './demo.js'

const BIN = fileURLToPath(new URL('../../../../bin/verigate.js', import.meta.url))

describe('demoFolderRefusal', () => {
  it('lets the demo empty a missing or empty folder, a marked one, or one with an older demo’s files only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    try {
      assert.equal(demoFolderRefusal(join(dir, 'missing')), null)
      assert.equal(demoFolderRefusal(dir), null)
      writeFileSync(join(dir, 'demo.sqlite'), '')
      writeFileSync(join(dir, 'report-b-8fe0f0d000220a144b5c.html'), '')
      mkdirSync(join(dir, 'data'))
      assert.equal(demoFolderRefusal(dir), null)
      writeFileSync(join(dir, 'thesis.docx'), '')
      assert.match(demoFolderRefusal(dir) ?? '', /holds thesis\.docx, which the demo did not write/)
      writeFileSync(join(dir, DEMO_MARKER), '')
      assert.equal(demoFolderRefusal(dir), null)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses on the command line a folder that holds something else, and leaves it alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    try {
      writeFileSync(join(dir, 'notes.txt'), 'mine')
      const run = spawnSync(process.execPath, [BIN, 'demo', '--out', dir], { encoding: 'utf8' })
      assert.notEqual(run.status, 0)
      assert.match(run.stderr, /notes\.txt, which the demo did not write/)
      assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

// The whole demo on the command line, twice (src/workflow/run-demo.test.ts checks the figures in process).
describe('verigate demo', { skip: process.env.VERIGATE_LARGE_TESTS ? false : 'set VERIGATE_LARGE_TESTS to run the whole demo on the command line' }, () => {
  it('tells the whole story as one JSON object, in under a minute, and starts fresh when run again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
    try {
      const out = join(dir, 'demo')
      const started = performance.now()
      const run = spawnSync(process.execPath, [BIN, 'demo', '--out', out, '--json'], { encoding: 'utf8' })
      assert.equal(run.status, 0, run.stderr)
      assert.ok(performance.now() - started < 60_000)
      type Score = { precision: number; recall: number; improper: number }
      const s = JSON.parse(run.stdout) as {
        batch: { requested: number; review_cases: Record<string, number> }
        incident_replay: { audits: Record<'corrected' | 'agency' | 'court', { score: Score }>; incident: { reportDeadline: string; discoveredAt: string }; recall_status: { status: string }[] }
        files: Record<string, string>
        ledger: { ok: boolean }
      }
      assert.equal(s.ledger.ok, true)
      assert.equal(s.batch.requested, 2000)
      assert.equal(s.batch.review_cases.released, 1)
      const { corrected, agency, court } = s.incident_replay.audits
      for (const a of [corrected, agency, court]) assert.deepEqual([a.score.precision, a.score.recall], [1, 1])
      assert.ok(court.score.improper > agency.score.improper)
      assert.deepEqual(s.incident_replay.recall_status.map((x) => x.status), ['certified'])
      for (const [name, path] of Object.entries(s.files)) assert.ok(existsSync(path), `${name} ${path} is missing`)
      assert.ok(existsSync(join(out, 'demo.sqlite')))
      // The key sits where every command looks for it: beside the store, no --key needed.
      const verify = spawnSync(process.execPath, [BIN, 'ledger', 'verify', '--db', join(out, 'demo.sqlite'), '--json'], { encoding: 'utf8' })
      assert.equal(verify.status, 0, verify.stderr)
      assert.equal((JSON.parse(verify.stdout) as { signaturesChecked: boolean }).signaturesChecked, true)
      assert.match(readFileSync(s.files.oversight_report!, 'utf8'), /<svg/)
      const again = spawnSync(process.execPath, [BIN, 'demo', '--out', out], { encoding: 'utf8' })
      assert.equal(again.status, 0, again.stderr)
      assert.match(again.stdout, /Where everything is/)
      const newDb = spawnSync(process.execPath, [BIN, 'demo', '--out', out, '--db', join(out, 'demo.sqlite')], { encoding: 'utf8' })
      assert.notEqual(newDb.status, 0)
      assert.match(newDb.stderr, /new database/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
