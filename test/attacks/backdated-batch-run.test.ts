/**
 * Attack (issue 15, item 1): an operator runs a batch with a past decision or release time
 * (`batch run --as-of 2025-08-07 --release-at 2025-08-07`), so that it is decided and released as
 * if before the D.D.C. injunction. In a real store the run is refused before anything is written:
 * no batch, no ledger entry, not even a ledger key.
 */
import { strict as assert } from 'node:assert'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { makeFixture } from '../support/workflow-test-support.js'
import { openStore } from '../../src/store/index.js'
import { ATTACK_BACKENDS, REPO_ROOT } from './support.js'
import { verigate } from './clock-scene.js'

const ORDERS = join(REPO_ROOT, 'policies/orders')
const AGREEMENT = join(REPO_ROOT, 'policies/agreements/irs-ice-2025-corrected.yaml')

for (const backend of ATTACK_BACKENDS) {
  describe(`an operator runs a batch as of a past day (${backend.name})`, { skip: backend.skip }, () => {
    for (const [name, times] of [
      ['--as-of 2025-08-07', ['--as-of', '2025-08-07T12:00:00Z']],
      ['--release-at 2025-08-07', ['--release-at', '2025-08-07T16:00:00Z']],
      ['--as-of and --release-at in 2025', ['--as-of', '2025-08-07T12:00:00Z', '--release-at', '2025-08-07T16:00:00Z']],
    ] as const) {
      it(`batch run ${name} on a real store: refused, no batch, no ledger entry, no key made`, async () => {
        const place = await backend.fresh()
        const fx = await makeFixture(400, 20, 3)
        try {
          const key = join(place.dir, 'ledger.key')
          const run = verigate(
            ['batch', 'run', '--db', place.location, '--key', key, '--agreement', AGREEMENT, '--orders', ORDERS, '--master', fx.master, '--requests', fx.requests, '--out', join(place.dir, 'out'), ...times],
            place.dir,
          )
          assert.notEqual(run.status, 0, run.stdout)
          assert.match(run.stderr, new RegExp(`${times[0]} \\S+ is refused: this is a real store`))
          assert.equal(existsSync(key), false, 'no ledger key was made')
          const store = await openStore(place.location)
          try {
            assert.equal(store.mode, 'real')
            assert.deepEqual(await store.batches.list(), [])
            assert.equal(await store.ledger.size(), 0)
          } finally {
            await store.close()
          }
        } finally {
          await place.dispose()
        }
      })
    }
  })
}
