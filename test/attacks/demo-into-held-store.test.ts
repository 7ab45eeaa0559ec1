/**
 * Attack (issue 15, item 2): `verigate demo --db` pointed at a store that already holds a ledger
 * (a production store, say). The demo used to write its synthetic batches, disclosures and
 * ledger entries into it. It is refused, naming the store, before anything is written: not the
 * store (not even its migrations), not the demo's folder.
 */
import { strict as assert } from 'node:assert'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ATTACK_BACKENDS } from './support.js'
import { batchInputs, batchRun, keyFileOf, ledgerState, verigate } from './ledger-key-support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`someone runs the demo into a store that holds a ledger (${backend.name})`, { skip: backend.skip }, () => {
    it('is refused naming the store and what it holds; nothing is written', async () => {
      const place = await backend.fresh()
      try {
        const inputs = await batchInputs(place)
        assert.equal(batchRun(place, inputs, inputs.requests, ['--key', keyFileOf(place)]).status, 0)
        const before = await ledgerState(place.location)
        const out = join(place.dir, 'demo-out')
        const demo = verigate(['demo', '--db', place.location, '--out', out, '--no-progress'])
        assert.notEqual(demo.status, 0, demo.stdout)
        if (backend.name === 'sqlite') assert.match(demo.stderr, /exists: the demo needs a new database file/)
        else assert.match(demo.stderr, new RegExp(`writes only into a new, empty store, and .* holds ${before.size.toLocaleString('en-US')} ledger entries`))
        assert.equal(existsSync(out), false, 'the demo folder was not even made')
        assert.deepEqual(await ledgerState(place.location), before)
      } finally {
        await place.dispose()
      }
    })
  })
}
