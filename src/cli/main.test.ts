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
  it('rejects an unknown command with a usage error', () => {
    const run = spawnSync(process.execPath, [BIN, 'no-such-command'], { encoding: 'utf8' })
    assert.notEqual(run.status, 0)
    assert.match(run.stderr, /error: (unknown command|too many arguments)/)
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
