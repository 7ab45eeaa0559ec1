/**
 * Attack (issue 15, item 2): `batch run` from another working directory. On PostgreSQL the key
 * used to default to `./verigate-ledger.key` in the working directory, so a run from elsewhere
 * made a second key and gave hundreds of people second pseudonyms. Where the key is looked for
 * no longer depends on the working directory: the same key is found, or the run is refused.
 */
import { strict as assert } from 'node:assert'
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadLedgerKeys } from '../../src/ledger/index.js'
import { ATTACK_BACKENDS } from './support.js'
import { batchInputs, batchRun, keyFileOf, ledgerState } from './ledger-key-support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`an operator runs a batch from another working directory (${backend.name})`, { skip: backend.skip }, () => {
    it('finds the same key or is refused; never makes a new one', async () => {
      const place = await backend.fresh()
      try {
        const inputs = await batchInputs(place)
        const key = keyFileOf(place)
        assert.equal(batchRun(place, inputs, inputs.requests, ['--key', key]).status, 0)
        const keyId = loadLedgerKeys(key).keyId
        const elsewhere = join(place.dir, 'elsewhere')
        mkdirSync(elsewhere)
        const before = await ledgerState(place.location)

        // No --key: SQLite looks beside the database (the same file from any directory);
        // PostgreSQL has no default place, and says what to do.
        const bare = batchRun(place, inputs, inputs.requestsAgain, [], { cwd: elsewhere })
        if (backend.name === 'sqlite') {
          assert.equal(bare.status, 0, bare.stderr)
          assert.doesNotMatch(bare.stderr, /created/)
        } else {
          assert.notEqual(bare.status, 0, bare.stdout)
          assert.match(bare.stderr, /give --key FILE, or set VERIGATE_LEDGER_KEY/)
          assert.ok(bare.stderr.includes(keyId), bare.stderr)
          assert.deepEqual(await ledgerState(place.location), before, 'nothing written')
          // The environment variable names one absolute path: the same key from any directory.
          const viaEnv = batchRun(place, inputs, inputs.requestsAgain, [], { cwd: elsewhere, env: { VERIGATE_LEDGER_KEY: key } })
          assert.equal(viaEnv.status, 0, viaEnv.stderr)
        }
        assert.deepEqual(readdirSync(elsewhere), [], 'no key file in the other directory')
        const relative = batchRun(place, inputs, inputs.requestsAgain, [], { cwd: elsewhere, env: { VERIGATE_LEDGER_KEY: 'verigate-ledger.key' } })
        assert.notEqual(relative.status, 0)
        assert.match(relative.stderr, /must be an absolute path/)
        assert.equal(existsSync(join(elsewhere, 'verigate-ledger.key')), false)
        const after = await ledgerState(place.location)
        assert.ok(after.size > before.size, 'the second batch was written under the same key')
        assert.equal(after.batches, 2)
      } finally {
        await place.dispose()
      }
    })
  })
}
