/**
 * Attack (issue 15, item 2): `verigate serve` started with a key file that is not the store's
 * (another store's key, or a fresh one where the real one was not found). It used to serve, and
 * every release through the API forked the ledger. It is refused before it listens.
 */
import { strict as assert } from 'node:assert'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { createLedgerKeys, loadLedgerKeys } from '../../src/ledger/index.js'
import { ATTACK_BACKENDS } from './support.js'
import { batchInputs, batchRun, keyFileOf, ledgerState, verigate } from './ledger-key-support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`an operator starts the server with a key that is not the store's (${backend.name})`, { skip: backend.skip }, () => {
    it('is refused before it listens, naming both keys; a missing key file is refused too and not made', async () => {
      const place = await backend.fresh()
      try {
        const inputs = await batchInputs(place)
        const key = keyFileOf(place)
        assert.equal(batchRun(place, inputs, inputs.requests, ['--key', key]).status, 0)
        const before = await ledgerState(place.location)
        const wrong = createLedgerKeys(join(place.dir, 'wrong.key'))

        const serve = verigate(['serve', '--db', place.location, '--key', wrong.path, '--port', '0'], { timeoutMs: 30_000 })
        assert.notEqual(serve.status, 0, 'refused, not serving (a server would have run until the timeout)')
        assert.equal(serve.status === null, false, 'it exited on its own')
        assert.ok(serve.stderr.includes(loadLedgerKeys(key).keyId) && serve.stderr.includes(wrong.keyId), serve.stderr)

        const missing = join(place.dir, 'missing.key')
        const noFile = verigate(['serve', '--db', place.location, '--key', missing, '--port', '0'], { timeoutMs: 30_000 })
        assert.notEqual(noFile.status, 0)
        assert.equal(noFile.status === null, false)
        assert.ok(noFile.stderr.includes(missing), noFile.stderr)
        assert.equal(existsSync(missing), false)
        assert.deepEqual(await ledgerState(place.location), before)
      } finally {
        await place.dispose()
      }
    })
  })
}
