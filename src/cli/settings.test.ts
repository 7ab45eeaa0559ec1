import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../../bin/verigate.js', import.meta.url))

/** Runs the CLI in `cwd` with only the environment given (plus PATH). */
function run(cwd: string, args: readonly string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } })
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'verigate-settings-'))
}

describe('settings: the command line, then the environment, then the settings file, then the default', () => {
  it('takes --db over VERIGATE_DB over verigate.yaml over verigate.sqlite, and names the file it used', () => {
    const dir = scratch()
    try {
      // `ledger verify` on a store that is not there names the database it looked for.
      const none = run(dir, ['ledger', 'verify'])
      assert.equal(none.status, 66)
      assert.match(none.stderr, /no database at verigate\.sqlite/)
      writeFileSync(join(dir, 'verigate.yaml'), 'db: from-file.sqlite\n', { mode: 0o600 })
      const file = run(dir, ['ledger', 'verify'])
      assert.match(file.stderr, /settings from verigate\.yaml: db\n/)
      assert.match(file.stderr, /no database at from-file\.sqlite/)
      const env = run(dir, ['ledger', 'verify'], { VERIGATE_DB: 'from-env.sqlite' })
      assert.match(env.stderr, /no database at from-env\.sqlite/)
      assert.doesNotMatch(env.stderr, /settings from/, 'the file set nothing the environment had not')
      const line = run(dir, ['ledger', 'verify', '--db', 'from-line.sqlite'], { VERIGATE_DB: 'from-env.sqlite' })
      assert.match(line.stderr, /no database at from-line\.sqlite/)
      // --config or VERIGATE_CONFIG name another file.
      writeFileSync(join(dir, 'other.yaml'), 'db: from-other.sqlite\n', { mode: 0o600 })
      assert.match(run(dir, ['ledger', 'verify', '--config', 'other.yaml']).stderr, /no database at from-other\.sqlite/)
      assert.match(run(dir, ['ledger', 'verify'], { VERIGATE_CONFIG: 'other.yaml' }).stderr, /settings from other\.yaml: db/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('gives the commands that record a person’s act their credential file from the same file', () => {
    const dir = scratch()
    try {
      writeFileSync(join(dir, 'verigate.yaml'), 'credential: alice.key\nport: 8443\n', { mode: 0o600 })
      // `review approve` has --credential and no --port: only what it has is set, and named.
      const review = run(dir, ['review', 'approve', 'R1', '--batch', 'b', '--reason', 'r'])
      assert.match(review.stderr, /settings from verigate\.yaml: credential\n/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a file with an unknown key, a file that is not YAML, a missing --config file, and a password others can read; each naming the file', () => {
    const dir = scratch()
    try {
      const settings = join(dir, 'verigate.yaml')
      writeFileSync(settings, 'db: a.sqlite\ndatabase: b.sqlite\n', { mode: 0o600 })
      const unknown = run(dir, ['ledger', 'verify'])
      assert.equal(unknown.status, 65)
      assert.match(unknown.stderr, /verigate\.yaml: unknown setting database \(known: db, key, credential, host, port, log-level\)/)
      writeFileSync(settings, 'db: [\n')
      const broken = run(dir, ['ledger', 'verify'])
      assert.equal(broken.status, 65)
      assert.match(broken.stderr, /verigate\.yaml, line 2: not YAML/)
      const missing = run(dir, ['ledger', 'verify', '--config', 'nope.yaml'])
      assert.equal(missing.status, 66)
      assert.match(missing.stderr, /the settings file nope\.yaml does not exist/)
      writeFileSync(settings, 'db: postgres://verigate:s3cret@127.0.0.1:1/verigate\n')
      chmodSync(settings, 0o644)
      const password = run(dir, ['ledger', 'verify'])
      assert.equal(password.status, 65)
      assert.match(password.stderr, /holds a database password and can be read by others \(mode 644\): run chmod 600/)
      assert.doesNotMatch(password.stderr + password.stdout, /s3cret/, 'the password is never printed')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('leaves commands with nothing to set alone: a broken file does not stop `generate`', () => {
    const dir = scratch()
    try {
      writeFileSync(join(dir, 'verigate.yaml'), 'db: [\n', { mode: 0o600 })
      const generated = run(dir, ['generate', '--people', '20', '--requests', '5', '--seed', '1', '--out', 'data'])
      assert.equal(generated.status, 0, generated.stderr)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
