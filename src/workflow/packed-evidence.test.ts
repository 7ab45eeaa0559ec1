/**
 * The store keeps evidence and decisions packed (src/store/packed-json.ts, migration 0024): over
 * the demo's own batch and a generated incident-rate batch, run through the real batch run on
 * SQLite (and PostgreSQL when VERIGATE_TEST_PG_URL is set), every piece of evidence and every
 * decision reads back as the exact canonical JSON whose digest was stored and signed: the digest
 * of what is read equals the stored digest, and each decision names the digest of its evidence.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { canonicalJson, digest } from '../core/index.js'
import type { JsonValue } from '../core/index.js'
import { loadOrCreateLedgerKeys } from '../ledger/index.js'
import { openStore } from '../store/index.js'
import type { Store } from '../store/index.js'
import { generate } from '../synth/index.js'
import { runBatch } from './batch/index.js'
import { DEMO_AS_OF, DEMO_RELEASE_AT } from './run-demo.js'
import { CORRECTED_AGREEMENT, ORDERS_DIR } from '../../test/support/workflow-test-support.js'

const pgUrl = process.env.VERIGATE_TEST_PG_URL
const sets = [
  { name: 'the demo batch', options: { scenario: 'demo' as const } },
  { name: 'a generated incident-rate batch', options: { scenario: 'incident' as const, people: 4000, requests: 1500, seed: 3 } },
]

for (const backend of ['SQLite', ...(pgUrl ? ['PostgreSQL'] : [])]) {
  for (const set of sets) {
    describe(`packed evidence and decisions read back exactly: ${set.name} on ${backend}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'verigate-packed-'))
      after(() => rmSync(dir, { recursive: true, force: true }))

      it('gives every stored digest back from the JSON it reads, and every decision names its evidence', async () => {
        const store: Store =
          backend === 'SQLite' ? await openStore(join(dir, 'store.sqlite'), { mode: 'simulation' }) : await openStore(pgUrl!, { mode: 'simulation', schema: `packed_${randomBytes(4).toString('hex')}` })
        try {
          const dataDir = join(dir, 'data')
          await generate(set.options, dataDir)
          const batch = await runBatch(store, {
            agreementPath: CORRECTED_AGREEMENT,
            ordersDir: ORDERS_DIR,
            masterPath: join(dataDir, 'master.csv'),
            requestsPath: join(dataDir, 'requests.csv'),
            asOf: DEMO_AS_OF,
            releaseAt: DEMO_RELEASE_AT,
            outDir: join(dir, 'out'),
            keys: loadOrCreateLedgerKeys(join(dir, 'ledger.key')).keys,
          })
          const evidenceDigests = new Map<string, string>()
          for (let after = ''; ; ) {
            const page = await store.batchQueries.evidencePage(batch.batchId, after, 1000)
            if (page.length === 0) break
            for (const e of page) {
              assert.equal(digest(canonicalJson(e.result as unknown as JsonValue)), e.digest, `evidence of ${e.result.requestId}`)
              evidenceDigests.set(e.result.requestId, e.digest)
            }
            after = page[page.length - 1]!.result.requestId
          }
          let decisions = 0
          for (let after = ''; ; ) {
            const page = await store.batchQueries.decisionPage(batch.batchId, after, 1000)
            if (page.length === 0) break
            for (const d of page) {
              assert.equal(digest(canonicalJson(d.decision as unknown as JsonValue)), d.digest, `decision of ${d.decision.requestId}`)
              assert.equal(d.decision.evidenceDigest, evidenceDigests.get(d.decision.requestId), `the evidence ${d.decision.requestId}'s decision names`)
              decisions++
            }
            after = page[page.length - 1]!.decision.requestId
          }
          assert.equal(decisions, evidenceDigests.size)
          assert.equal(decisions, batch.summary.requested)
        } finally {
          await store.close()
        }
      })
    })
  }
}
