/**
 * A store that already holds a batch takes the next one with the planner knowing it (issue 19):
 * after a batch's rows are bulk-loaded, its tables are analyzed before their pages are read, so
 * the planner expects the batch's real size rather than the one row it guesses for a batch_id its
 * statistics have never seen (which made PostgreSQL pick nested plans taking seconds a page). On
 * SQLite and, when VERIGATE_TEST_PG_URL is set, on PostgreSQL; the mechanism is pinned, never a time.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openStore } from '../../store/index.js'
import type { AnalyzedTable, Store } from '../../store/index.js'
import { runBatch } from './index.js'
import type { BatchRunResult } from './index.js'
import { AS_OF, CORRECTED_AGREEMENT, ORDERS_DIR, RELEASE_AT, makeFixture } from '../../../test/support/workflow-test-support.js'
import type { Fixture } from '../../../test/support/workflow-test-support.js'
import { dropPgSchema } from '../../../test/support/pg-schema.js'

const PG_URL = process.env.VERIGATE_TEST_PG_URL

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`the planner knows each new batch of a store that holds earlier ones (${backend})`, { skip: backend === 'postgres' && !PG_URL ? 'VERIGATE_TEST_PG_URL is not set' : false }, () => {
    let fx: Fixture
    let store: Store
    let second: BatchRunResult
    const schema = `vg_planner_${randomBytes(4).toString('hex')}`

    before(async () => {
      fx = await makeFixture(3000, 600)
      // The request file cut in two: the first half is the store's earlier batch, the second the new one.
      const [header, ...lines] = readFileSync(fx.requests, 'utf8').split('\n').filter((l) => l.length > 0)
      const halves = [lines.slice(0, 300), lines.slice(300)].map((part, i) => {
        const path = join(fx.dir, `requests-${i + 1}.csv`)
        writeFileSync(path, `${[header, ...part].join('\n')}\n`)
        return path
      })
      store = backend === 'postgres' ? await openStore(PG_URL!, { mode: 'simulation', schema }) : await openStore(join(fx.dir, 'db.sqlite'), { mode: 'simulation' })
      const run = (requestsPath: string) =>
        runBatch(store, { agreementPath: CORRECTED_AGREEMENT, ordersDir: ORDERS_DIR, masterPath: fx.master, requestsPath, asOf: AS_OF, releaseAt: RELEASE_AT, outDir: join(fx.dir, 'out'), keys: fx.keys, chunkSize: 100, threads: 1 })
      await run(halves[0]!)
      second = await run(halves[1]!)
    })
    after(async () => {
      await store.close()
      rmSync(fx.dir, { recursive: true, force: true })
      if (backend === 'postgres') {
        await dropPgSchema(PG_URL as string, schema)
      }
    })

    it('analyzes the tables the batch bulk-loaded before their pages are read (the run times the step)', () => {
      assert.ok(second.timings.analyze !== undefined, `no analyze step in ${Object.keys(second.timings).join(', ')}`)
    })

    it('expects the new batch at its real size in every table the batch loaded, not one row', async () => {
      const stored = second.summary.requested
      assert.equal(stored, 300)
      const tables: readonly AnalyzedTable[] = ['request_records', 'decisions']
      for (const table of tables) {
        const planned = await store.batchQueries.plannedBatchRows(table, second.batchId)
        assert.ok(planned !== null, `${table}: the planner has no statistics`)
        // SQLite keeps an average per batch, PostgreSQL a count per batch: both near 300 here.
        assert.ok(planned >= stored / 2 && planned <= stored * 2, `${table}: the planner expects ${planned} rows of the new batch, which has ${stored}`)
      }
    })

    it('expects the released batch in the disclosures it wrote', async () => {
      const disclosed = second.summary.disclosed
      assert.ok(disclosed > 10, `only ${disclosed} disclosed`)
      const planned = await store.batchQueries.plannedBatchRows('disclosures', second.batchId)
      assert.ok(planned !== null && planned >= disclosed / 2 && planned <= disclosed * 2, `disclosures: the planner expects ${planned} rows of the new batch, which disclosed ${disclosed}`)
    })
  })
}
