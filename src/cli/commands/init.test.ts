import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../../api/index.js'
import { loadLedgerKeys } from '../../ledger/index.js'
import { openStore } from '../../store/index.js'

const BIN = fileURLToPath(new URL('../../../../bin/verigate.js', import.meta.url))
const run = (cwd: string, args: readonly string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
const INIT = ['init', '--holder', 'irs', '--name', 'Internal Revenue Service', '--admin', 'dana', '--admin-key', 'dana.key']

describe('verigate init: a new installation in one step', () => {
  it('makes a real store, its ledger key, the holder and an admin key that signs in, and says what to do next', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-init-'))
    try {
      const made = run(dir, INIT)
      assert.equal(made.status, 0, made.stderr)
      assert.match(made.stdout, /^created a real store at verigate\.sqlite\n/)
      assert.match(made.stdout, /Next:\n {2}verigate party add dhs-ice .* --kind requester/)
      assert.match(made.stdout, /open http:\/\/127\.0\.0\.1:8080\/ui and sign in/)
      for (const file of ['verigate.sqlite', 'verigate.sqlite.ledger-key', 'dana.key']) assert.equal(statSync(join(dir, file)).mode & 0o077, 0, `${file} is readable by others`)
      const store = await openStore(join(dir, 'verigate.sqlite'), { mustExist: true })
      try {
        assert.equal(store.mode, 'real')
        assert.deepEqual((await store.parties.list()).map((p) => [p.id, p.kind, p.name]), [['irs', 'holder', 'Internal Revenue Service']])
        const keys = loadLedgerKeys(join(dir, 'verigate.sqlite.ledger-key'))
        assert.equal((await store.ledger.signingKeys()).at(-1)?.keyId, keys.keyId, 'the store is bound to the key made')
        // The admin's key is a working credential of the holder.
        const app = await buildApp({ store, keys })
        try {
          const whoami = await app.inject({ method: 'GET', url: '/v1/whoami', headers: { authorization: `Bearer ${readFileSync(join(dir, 'dana.key'), 'utf8').trim()}` } })
          assert.equal(whoami.statusCode, 200, whoami.body)
          assert.deepEqual(whoami.json(), { party: 'irs', credential: 'dana', role: 'admin', person: 'dana' })
        } finally {
          await app.close()
        }
      } finally {
        await store.close()
      }
      // Run again: the store is there, refused, nothing changed.
      const again = run(dir, [...INIT.slice(0, -1), 'dana2.key'])
      assert.equal(again.status, 65)
      assert.match(again.stderr, /there is a file at verigate\.sqlite already/)
      assert.equal(existsSync(join(dir, 'dana2.key')), false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('makes nothing when a key file is in the way, or the holder id is not one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-init-'))
    try {
      writeFileSync(join(dir, 'dana.key'), 'someone else’s key\n', { mode: 0o600 })
      const taken = run(dir, INIT)
      assert.equal(taken.status, 65)
      assert.match(taken.stderr, /--admin-key dana\.key: the file exists already/)
      writeFileSync(join(dir, 'verigate.sqlite.ledger-key'), 'x', { mode: 0o600 })
      const key = run(dir, [...INIT.slice(0, -1), 'new.key'])
      assert.equal(key.status, 65)
      assert.match(key.stderr, /there is a ledger key file at .*verigate\.sqlite\.ledger-key already/)
      const badId = run(dir, ['init', '--holder', 'IRS!', '--name', 'x', '--admin', 'dana', '--admin-key', 'other.key'])
      assert.equal(badId.status, 65)
      assert.match(badId.stderr, /--holder "IRS!": expected lower-case letters/)
      assert.equal(existsSync(join(dir, 'verigate.sqlite')), false, 'no store made')
      assert.equal(readFileSync(join(dir, 'dana.key'), 'utf8'), 'someone else’s key\n')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
