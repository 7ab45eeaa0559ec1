/**
 * Attack (issue 15, item 2): the ledger key file is not where the command looks (moved, or lost),
 * and an operator runs `batch run` anyway. It used to print "created a new ledger key", exit 0,
 * and fork the ledger: checkpoints under two keys, every person under two pseudonyms.
 */
import { strict as assert } from 'node:assert'
import { existsSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadLedgerKeys } from '../../src/ledger/index.js'
import { ATTACK_BACKENDS } from './support.js'
import { batchInputs, batchRun, keyArgsOf, keyFileOf, ledgerState, verigate } from './ledger-key-support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`an operator runs a batch with the ledger key file moved away (${backend.name})`, { skip: backend.skip }, () => {
    it('is refused naming the key id the store needs and the path it looked at; no key file is made; the ledger is unchanged and still verifies', async () => {
      const place = await backend.fresh()
      try {
        const inputs = await batchInputs(place)
        const key = keyFileOf(place)
        const first = batchRun(place, inputs, inputs.requests, ['--key', key])
        assert.equal(first.status, 0, first.stderr)
        const keyId = loadLedgerKeys(key).keyId
        const before = await ledgerState(place.location)
        assert.ok(before.size > 0)

        const moved = join(place.dir, 'moved-away.key')
        renameSync(key, moved)
        const attack = batchRun(place, inputs, inputs.requestsAgain, keyArgsOf(place))
        assert.notEqual(attack.status, 0, attack.stdout)
        assert.ok(attack.stderr.includes(keyId), attack.stderr)
        assert.ok(attack.stderr.includes(key), attack.stderr)
        assert.doesNotMatch(attack.stderr, /created/)
        assert.equal(existsSync(key), false, 'no new key file')
        assert.deepEqual(await ledgerState(place.location), before, 'nothing written: no batch, no entry, no checkpoint')

        const verify = verigate(['ledger', 'verify', '--db', place.location, '--key', moved])
        assert.equal(verify.status, 0, verify.stderr)
        assert.match(verify.stdout, /ledger verified/)
      } finally {
        await place.dispose()
      }
    })

    it('ledger verify without any key checks everything but the signatures, and says so', async () => {
      const place = await backend.fresh()
      try {
        const inputs = await batchInputs(place)
        const key = keyFileOf(place)
        assert.equal(batchRun(place, inputs, inputs.requests, ['--key', key]).status, 0)
        renameSync(key, join(place.dir, 'elsewhere.key'))
        const verify = verigate(['ledger', 'verify', '--db', place.location])
        assert.equal(verify.status, 0, verify.stderr)
        assert.match(verify.stdout, /ledger verified/)
        assert.match(verify.stdout, /signatures NOT checked/)
        const json = JSON.parse(verigate(['ledger', 'verify', '--db', place.location, '--json']).stdout) as { ok: boolean; signaturesChecked: boolean; checkpointsChecked: number }
        assert.deepEqual([json.ok, json.signaturesChecked, json.checkpointsChecked > 0], [true, false, true])
      } finally {
        await place.dispose()
      }
    })
  })
}
