/**
 * Attack (issue 20): an operator starts a `verigate worker` on the shards of the batch's build but
 * with a manifest that carries another model (a higher prior, say), so that its answers carry
 * other weights and the coordinator decides, and perhaps discloses, on them. The shard queues are
 * named by the build (the whole index's digest), not the model, so such a worker takes the
 * batch's jobs. It must refuse them: every job carries the digest of the model the batch scores
 * with, and a worker whose manifest names another fails the job (which the coordinator reports and
 * stops on, exit 75: `src/workflow/batch/distributed.test.ts`) instead of answering. Run against a
 * real PostgreSQL through pg-boss, in this process; skipped without VERIGATE_TEST_PG_URL.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_MODEL, indexMasterFile, modelDigest, saveShardedIndex } from '../../src/link/index.js'
import type { ShardManifest } from '../../src/link/index.js'
import { openJobQueue } from '../../src/store/index.js'
import type { JobQueue } from '../../src/store/index.js'
import { generate } from '../../src/synth/index.js'
import { serveShards, shardQueueName } from '../../src/workflow/index.js'
import { dropPgSchema } from '../support/pg-schema.js'

const PG_URL = process.env.VERIGATE_TEST_PG_URL

describe('an operator starts a worker with another model on the batch’s shards', { skip: PG_URL ? false : 'VERIGATE_TEST_PG_URL is not set (this attack needs the job engine on PostgreSQL)' }, () => {
  let dir: string
  let batchBuild: ShardManifest
  let otherBuild: ShardManifest
  let otherManifest: string
  let batchManifest: string
  const schema = `vg_attack_model_${randomBytes(4).toString('hex')}`
  let queue: JobQueue

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verigate-attack-'))
    await generate({ scenario: 'demo', people: 400, requests: 10, seed: 7 }, dir)
    const { index } = await indexMasterFile(join(dir, 'master.csv'))
    const other = { ...DEFAULT_MODEL, description: 'a model the batch does not score with', priorMatchRate: 0.5 }
    batchManifest = join(dir, 'batch.shards.json')
    otherManifest = join(dir, 'other.shards.json')
    batchBuild = saveShardedIndex(index, batchManifest, { shards: 1, model: DEFAULT_MODEL, modelDigest: modelDigest(DEFAULT_MODEL) })
    otherBuild = saveShardedIndex(index, otherManifest, { shards: 1, model: other, modelDigest: modelDigest(other) })
    queue = await openJobQueue(PG_URL as string, { schema, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 })
  })

  after(async () => {
    await queue?.close()
    await dropPgSchema(PG_URL as string, schema)
    rmSync(dir, { recursive: true, force: true })
  })

  /** Sends the batch's job for shard 0 and waits until it has ended; its state and output. */
  async function sendAndWait(): Promise<{ state: string; output: unknown }> {
    const name = shardQueueName(batchBuild, 0)
    const id = randomUUID()
    assert.ok(await queue.send(name, id, { masterDigest: batchBuild.masterDigest, modelDigest: batchBuild.modelDigest, shard: 0, requests: [] }))
    for (const started = Date.now(); Date.now() - started < 30_000; ) {
      const job = (await queue.jobs(name, [id])).get(id)
      if (job && (job.state === 'completed' || job.state === 'failed')) return { state: job.state, output: job.output }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`job ${id} did not end within 30 s`)
  }

  it('the two builds share a queue (same shards) but not a model: the worker of the other model takes the job and refuses it, naming both models', async () => {
    assert.equal(otherBuild.masterDigest, batchBuild.masterDigest)
    assert.equal(shardQueueName(otherBuild, 0), shardQueueName(batchBuild, 0))
    assert.notEqual(otherBuild.modelDigest, batchBuild.modelDigest)
    await queue.ensureQueue(shardQueueName(batchBuild, 0), { expireInSeconds: 30, retryLimit: 0 })
    const server = await serveShards(queue, otherManifest, { queueSettings: { expireInSeconds: 30, retryLimit: 0 } })
    const { state, output } = await sendAndWait()
    assert.equal(state, 'failed', 'a worker scoring with another model answered the batch’s job')
    const message = JSON.stringify(output)
    assert.ok(message.includes(otherBuild.modelDigest) && message.includes(batchBuild.modelDigest), message)
    assert.match(message, /start it with the batch's manifest/)
    // Serving stops with the queue (the server has no other handle on it); a new queue serves the control.
    await server.close()
    queue = await openJobQueue(PG_URL as string, { schema, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 })
  })

  it('control: a worker with the batch’s own manifest answers the same job', async () => {
    const server = await serveShards(queue, batchManifest, { queueSettings: { expireInSeconds: 30, retryLimit: 0 } })
    const { state, output } = await sendAndWait()
    assert.equal(state, 'completed', JSON.stringify(output))
    assert.deepEqual((output as { answers: unknown[] }).answers, [])
    await server.close()
    queue = await openJobQueue(PG_URL as string, { schema, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 })
  })
})
