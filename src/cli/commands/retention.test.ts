/**
 * `verigate retention run` as a child process on a real store made by `verigate init`: the
 * server's clock only (`--as-of` refused), a person's own key for a purge (none for a dry run),
 * a bad `--older-than` named, and the run's text and JSON answers. The purge itself on a recorded
 * history is tested in src/workflow/retention.test.ts and test/attacks/retention-run-erases-disclosure.test.ts.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RetentionRun } from '../../workflow/index.js'

const BIN = fileURLToPath(new URL('../../../../bin/verigate.js', import.meta.url))
const run = (cwd: string, args: readonly string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })

describe('verigate retention run (child process, real store)', () => {
  it('refuses --as-of in a real store, a purge without a key and a bad --older-than, each writing nothing; answers in text and JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-retention-'))
    try {
      const made = run(dir, ['init', '--holder', 'irs', '--name', 'Internal Revenue Service', '--admin', 'dana', '--admin-key', 'dana.key'])
      assert.equal(made.status, 0, made.stderr)

      const asOf = run(dir, ['retention', 'run', '--as-of', '2030-01-01', '--credential', 'dana.key'])
      assert.notEqual(asOf.status, 0)
      assert.match(asOf.stderr, /--as-of 2030-01-01T00:00:00\.000Z is refused: this is a real store/)

      const anonymous = run(dir, ['retention', 'run'])
      assert.notEqual(anonymous.status, 0)
      assert.match(anonymous.stderr, /to run a retention purge you act through a key of your own/)

      const days = run(dir, ['retention', 'run', '--dry-run', '--older-than', 'a year'])
      assert.notEqual(days.status, 0)
      assert.match(days.stderr, /--older-than a year: expected a whole number of days/)

      const text = run(dir, ['retention', 'run', '--credential', 'dana.key'])
      assert.equal(text.status, 0, text.stderr)
      assert.match(text.stdout, /^retention run at \d{4}-\d\d-\d\dT[\d:.]+Z: 0 batch\(es\)\n$/)

      const dry = run(dir, ['retention', 'run', '--dry-run', '--json'])
      assert.equal(dry.status, 0, dry.stderr)
      const parsed = JSON.parse(dry.stdout) as RetentionRun
      assert.equal(parsed.dryRun, true)
      assert.deepEqual(parsed.batches, [])
      assert.ok(Math.abs(Date.parse(parsed.at) - Date.now()) < 60_000, 'a real store judges at the server’s clock')

      const help = run(dir, ['retention', 'run', '--help'])
      assert.match(help.stdout, /verigate retention run --dry-run/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
