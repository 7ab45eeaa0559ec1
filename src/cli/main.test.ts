import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../../bin/verigate.js', import.meta.url))

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
})
