import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../../bin/verigate.js', import.meta.url))
const NODE_FLAGS_MODULE = new URL('../../../scripts/node-flags.mjs', import.meta.url).href

describe('verigate command', () => {
  it('prints its help and exits 0', () => {
    const run = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' })
    assert.equal(run.status, 0, run.stderr)
    assert.match(run.stdout, /Usage: verigate/)
  })
  it('exits 64 (EX_USAGE) on a usage error: an unknown command, an unknown option, a missing required option or argument', () => {
    const cases: [string[], RegExp][] = [
      [['no-such-command'], /error: (unknown command|too many arguments)/],
      [['generate', '--out', 'x', '--no-such-option'], /error: unknown option '--no-such-option'/],
      [['link', '--out', 'x.csv'], /error: required option '--master <file>' not specified/],
      [['review', 'approve', '--db', 'x.sqlite'], /error: (missing required argument|required option)/],
      [['review', 'approve', '--batch', 'b', '--reason', 'r', '--db', 'x.sqlite'], /error: missing required argument 'request'/],
    ]
    for (const [args, message] of cases) {
      const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
      assert.equal(run.status, 64, `${args.join(' ')}: ${run.stderr}`)
      assert.match(run.stderr, message)
    }
  })
  it('runs itself with the Node.js options the benchmarks and the demo use', async () => {
    const { NODE_FLAGS } = (await import(NODE_FLAGS_MODULE)) as { NODE_FLAGS: readonly string[] }
    const shebang = readFileSync(BIN, 'utf8').split('\n')[0]
    assert.equal(shebang, `#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`)
    // It runs as an executable, as `npx verigate` runs it (env -S passes the options on).
    const run = spawnSync(BIN, ['--version'], { encoding: 'utf8' })
    assert.equal(run.status, 0, run.stderr)
  })
})
