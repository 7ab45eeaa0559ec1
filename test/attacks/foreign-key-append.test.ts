/**
 * Attack (issue 15, item 2): code that holds the store bypasses the command line and appends, or
 * signs a checkpoint, under a key that is not the store's (a key file swapped, or one made
 * anew). The store itself refuses, under the ledger's lock, so no face (CLI, API, a script on
 * the workflow) can fork the ledger's checkpoints or its pseudonyms.
 */
import { strict as assert } from 'node:assert'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { IntegrityError } from '../../src/core/index.js'
import { createLedgerKeys, loadLedgerKeys, pseudonymize } from '../../src/ledger/index.js'
import { openStore } from '../../src/store/index.js'
import { runBatch } from '../../src/workflow/index.js'
import { ATTACK_BACKENDS } from './support.js'
import { batchInputs, batchRun, keyFileOf, ledgerState, verigate } from './ledger-key-support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`an append under a key that is not the store's (${backend.name})`, { skip: backend.skip }, () => {
    it('is refused by the store, the workflow and the command line; nothing written', async () => {
      const place = await backend.fresh()
      try {
        const inputs = await batchInputs(place)
        const key = keyFileOf(place)
        assert.equal(batchRun(place, inputs, inputs.requests, ['--key', key]).status, 0)
        const before = await ledgerState(place.location)
        const real = loadLedgerKeys(key)
        const foreign = createLedgerKeys(join(place.dir, 'foreign.key'))
        // The store's signing key with another pseudonym secret: every person would get a second pseudonym.
        const secretSwapped = { ...real, path: 'a doctored key file', holderSecret: Buffer.alloc(32, 7) }

        const store = await openStore(place.location)
        try {
          const entry = {
            kind: 'withholding' as const,
            at: new Date().toISOString(),
            actor: 'system',
            subject: pseudonymize(foreign.holderSecret, { scheme: 'master_id', value: 'm-1' }),
            payload: { batchId: 'b-x', requestId: 'r-x', recipient: 'dhs-ice', reasons: ['X'], decisionDigest: `sha256:${'0'.repeat(64)}` },
          }
          for (const keys of [foreign, secretSwapped]) {
            await assert.rejects(store.ledger.append([entry], keys), (error: unknown) => error instanceof IntegrityError && error.message.includes(real.keyId))
            await assert.rejects(store.ledger.checkpoint(keys, new Date()), IntegrityError)
            await assert.rejects(store.ledger.bindKey(keys, new Date()), IntegrityError)
          }
          await assert.rejects(
            runBatch(store, { agreementPath: inputs.agreement, masterPath: inputs.master, requestsPath: inputs.requestsAgain, outDir: join(place.dir, 'out-2'), keys: foreign, threads: 1 }),
            /refused, nothing written/,
          )
          await assert.rejects(store.ledger.rotateKey(foreign, createLedgerKeys(join(place.dir, 'next.key'), { holderSecret: foreign.holderSecret }), { actor: 'intruder', at: new Date() }), IntegrityError)
        } finally {
          await store.close()
        }
        const cli = batchRun(place, inputs, inputs.requestsAgain, ['--key', foreign.path])
        assert.notEqual(cli.status, 0)
        assert.ok(cli.stderr.includes(real.keyId) && cli.stderr.includes(foreign.keyId), cli.stderr)
        assert.deepEqual(await ledgerState(place.location), before, 'no batch, no entry, no checkpoint, no key')
        assert.equal(verigate(['ledger', 'verify', '--db', place.location, '--key', key]).status, 0)
      } finally {
        await place.dispose()
      }
    })
  })
}
