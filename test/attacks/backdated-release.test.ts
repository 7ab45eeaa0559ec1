/**
 * Attack (issue 15, item 1): a supervisor releases a batch's approved cases with a past release
 * time, so that the disclosures fall before a court order (the D.D.C. injunction, in force today)
 * and outside the volume cap's period: `batch release --release-at 2025-08-09`, the same through
 * the API's `release_at`, and a release dated 1970-01-01 (once a ledger entry at time 0). In a real
 * store every one is refused before anything is written, and a release without a time carries the
 * server's clock.
 */
import { strict as assert } from 'node:assert'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildApp } from '../../src/api/index.js'
import { createBatchService } from '../../src/api/index.js'
import { openStore } from '../../src/store/index.js'
import { ATTACK_BACKENDS } from './support.js'
import type { AttackPlace } from './support.js'
import { approvedScene, supervisorKey, verigate, written } from './clock-scene.js'
import type { ApprovedScene, Written } from './clock-scene.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`a supervisor backdates a release to before the injunction (${backend.name})`, { skip: backend.skip }, () => {
    let place: AttackPlace
    let scene: ApprovedScene
    let before_: Written

    before(async () => {
      place = await backend.fresh()
      scene = await approvedScene(place)
      before_ = await written(place.location, scene.batchId)
      assert.ok(scene.approved > 0, 'the scene has approved cases waiting for release')
    })
    after(async () => {
      scene?.dispose()
      await place?.dispose()
    })

    const db = (): string[] => ['--db', place.location, '--key', scene.keyPath]

    it('batch release --release-at 2025-08-09: refused, naming the option and why, nothing written', async () => {
      const run = verigate(['batch', 'release', scene.batchId, ...db(), '--release-at', '2025-08-09'], place.dir)
      assert.notEqual(run.status, 0, run.stdout)
      assert.match(run.stderr, /--release-at 2025-08-09T00:00:00\.000Z is refused: this is a real store/)
      assert.match(run.stderr, /server's clock/)
      assert.match(run.stderr, /simulation/)
      assert.deepEqual(await written(place.location, scene.batchId), before_)
    })

    it('batch release --release-at 1970-01-01: refused, no entry at time 0', async () => {
      const run = verigate(['batch', 'release', scene.batchId, ...db(), '--release-at', '1970-01-01'], place.dir)
      assert.notEqual(run.status, 0, run.stdout)
      assert.match(run.stderr, /--release-at 1970-01-01T00:00:00\.000Z is refused: this is a real store/)
      assert.deepEqual(await written(place.location, scene.batchId), before_)
    })

    it("the API's release_at 2025-08-09: 400 release_at_refused, nothing written", async () => {
      const store = await openStore(place.location)
      try {
        const key = await supervisorKey(store)
        const batches = await createBatchService({ store, agreementPath: scene.agreementPath, masterPath: scene.masterPath, dataDir: join(place.dir, 'served'), keys: scene.keys, threads: 1 })
        const app = await buildApp({ store, batches, keys: scene.keys })
        try {
          const reply = await app.inject({ method: 'POST', url: `/v1/batches/${scene.batchId}/release`, headers: { authorization: `Bearer ${key}` }, payload: { release_at: '2025-08-09T00:00:00Z' } })
          assert.equal(reply.statusCode, 400, reply.body)
          const body = reply.json<{ error: { code: string; message: string; field?: string } }>()
          assert.equal(body.error.code, 'release_at_refused')
          assert.equal(body.error.field, 'body.release_at')
          assert.match(body.error.message, /release_at 2025-08-09T00:00:00Z is refused: this is a real store/)
        } finally {
          await app.close()
        }
      } finally {
        await store.close()
      }
      assert.deepEqual(await written(place.location, scene.batchId), before_)
    })

    it('the ledger still verifies after the refusals, as a real ledger', () => {
      const run = verigate(['ledger', 'verify', ...db()], place.dir)
      assert.equal(run.status, 0, run.stderr)
      assert.match(run.stdout, /ledger verified: /)
      assert.match(run.stdout, /mode real/)
    })

    it('batch release without a time releases at the server clock: every new entry and disclosure dated now, none before the last', async () => {
      // A release is a supervisor's act, through a key of their own (issue 15, identity).
      const setup = await openStore(place.location)
      const key = await supervisorKey(setup).finally(() => setup.close())
      const started = Date.now()
      const run = verigate(['batch', 'release', scene.batchId, ...db()], place.dir, { VERIGATE_API_KEY: key })
      assert.equal(run.status, 0, run.stderr)
      const after_ = await written(place.location, scene.batchId)
      assert.ok(after_.ledgerSize > before_.ledgerSize, 'the release wrote its entries')
      const store = await openStore(place.location)
      try {
        const added = await store.ledger.list({ from: before_.ledgerSize })
        for (const entry of added) assert.ok(Date.parse(entry.at) >= started - 1000 && Date.parse(entry.at) <= Date.now(), `${entry.kind} ${entry.seq} at ${entry.at}`)
        const released = (await store.disclosures.byBatch(scene.batchId)).filter((d) => d.ledgerSeq >= before_.ledgerSize)
        for (const d of released) assert.ok(d.disclosedAt >= (before_.lastEntryAt ?? ''), `${d.id} at ${d.disclosedAt}`)
      } finally {
        await store.close()
      }
    })
  })
}
