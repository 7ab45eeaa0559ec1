import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { readAgreementFile } from '../../src/policy/index.js'
import { openStore } from '../../src/store/index.js'
import { ATTACK_BACKENDS, writeAgreementInForce } from './support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`the attack suite's places (${backend.name})`, { skip: backend.skip }, () => {
    it('gives a fresh, empty store and an agreement in force today', async () => {
      const place = await backend.fresh()
      try {
        const store = await openStore(place.location)
        try {
          assert.deepEqual(await store.batches.list(), [])
        } finally {
          await store.close()
        }
        const agreement = readAgreementFile(writeAgreementInForce(place.dir))
        const today = new Date().toISOString().slice(0, 10)
        assert.ok(agreement.document.effective.from <= today && today <= String(agreement.document.effective.until))
      } finally {
        await place.dispose()
      }
    })
  })
}
