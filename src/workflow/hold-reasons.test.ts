import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HOLD_CODES, HOLD_REASONS, type MatchResult } from '../core/index.js'
import { loadOrCreateLedgerKeys } from '../ledger/index.js'
import { DEFAULT_RESOLVE_SETTINGS } from '../link/index.js'
import { openStore } from '../store/index.js'
import type { Store } from '../store/index.js'
import { generate } from '../synth/index.js'
import { runBatch } from './batch/index.js'
import type { BatchRunResult } from './batch/index.js'
import { DEMO_AS_OF, DEMO_RELEASE_AT } from './run-demo.js'
import { CORRECTED_AGREEMENT, ORDERS_DIR } from '../../test/support/workflow-test-support.js'

// The demo's own batch (scenario demo, seed 1, the corrected agreement), through the real batch
// run, then every piece of evidence the store holds for it.
describe('hold reasons over the whole demo batch', () => {
  let dir: string
  let store: Store
  let batch: BatchRunResult
  const evidence: MatchResult[] = []

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-holds-'))
    const keys = loadOrCreateLedgerKeys(join(dir, 'demo.ledger-key')).keys
    store = await openStore(join(dir, 'demo.sqlite'), { mode: 'simulation' })
    const dataDir = join(dir, 'data')
    await generate({ scenario: 'demo' }, dataDir)
    batch = await runBatch(store, {
      agreementPath: CORRECTED_AGREEMENT,
      ordersDir: ORDERS_DIR,
      masterPath: join(dataDir, 'master.csv'),
      requestsPath: join(dataDir, 'requests.csv'),
      asOf: DEMO_AS_OF,
      releaseAt: DEMO_RELEASE_AT,
      outDir: join(dir, 'out'),
      keys,
    })
    let after = ''
    for (;;) {
      const page = await store.batchQueries.evidencePage(batch.batchId, after, 500)
      if (page.length === 0) break
      for (const e of page) evidence.push(e.result)
      after = page[page.length - 1]!.result.requestId
    }
  })
  after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('tells the demo story with the same figures', () => {
    const s = batch.summary
    assert.deepEqual([s.disclosed, s.withheld, s.intake_refused, s.review], [504, 1361, 104, 31])
    assert.equal(evidence.length, 2000)
  })

  it('every candidate held below match at p ≥ the match threshold carries a reason code and its plain words', () => {
    const threshold = DEFAULT_RESOLVE_SETTINGS.matchThreshold
    const held = evidence.filter((e) => (e.status === 'possible' || e.status === 'ambiguous') && e.best !== undefined && e.best.probability >= threshold)
    // The demo holds some: otherwise this test would prove nothing.
    assert.ok(held.length >= 10, `only ${held.length} held at p ≥ ${threshold}`)
    const byCode = new Map<string, number>()
    for (const e of held) {
      assert.ok(e.holds !== undefined && e.holds.length > 0, `${e.requestId} is ${e.status} at p ${e.best!.probability} with no reason`)
      for (const h of e.holds) {
        assert.ok(HOLD_CODES.includes(h.code), `${e.requestId}: unknown code ${h.code}`)
        assert.equal(h.message, HOLD_REASONS[h.code])
        byCode.set(h.code, (byCode.get(h.code) ?? 0) + 1)
      }
      // Above the threshold, the threshold itself is never the reason.
      assert.ok(!e.holds.some((h) => h.code === 'BELOW_MATCH_THRESHOLD'), e.requestId)
    }
    console.log(`held at p ≥ ${threshold}: ${held.length}; by code: ${JSON.stringify(Object.fromEntries([...byCode].sort()))}`)
  })

  it('every possible or ambiguous request carries a reason; a match or a none carries none', () => {
    for (const e of evidence) {
      if (e.status === 'possible' || e.status === 'ambiguous') assert.ok((e.holds?.length ?? 0) > 0, `${e.requestId} (${e.status}) has no reason`)
      else assert.equal(e.holds, undefined, `${e.requestId} (${e.status}) carries holds`)
    }
  })
})
