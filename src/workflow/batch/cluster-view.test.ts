import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { JobState } from '../../store/index.js'
import { clusterView } from './cluster-view.js'
import type { SeenJob } from './cluster-view.js'

const T0 = Date.parse('2026-12-08T00:00:00Z')

function job(id: string, shard: number): SeenJob {
  return { id: `${id}-0000-4000-8000-000000000000`, shard, requests: 1000, firstRequest: `R${id}001`, lastRequest: `R${id}999` }
}

function state(s: JobState<unknown>['state'], startedAt: number | null, completedAt: number | null, worker?: string): JobState<{ worker?: string }> {
  return { state: s, output: worker ? { worker } : null, retryCount: 0, startedAt, completedAt, expireInSeconds: 600 }
}

describe('clusterView', () => {
  it('counts each shard’s jobs by state, and names each worker with its shards, jobs, requests and busy rate', () => {
    const view = clusterView(2, () => T0)
    view.seen(job('a', 0), state('completed', T0 - 2_000, T0 - 1_000, 'w1:10'))
    view.seen(job('b', 1), state('completed', T0 - 2_000, T0 - 1_500, 'w2:20'))
    view.seen(job('c', 1), state('active', T0 - 100, null))
    view.seen(job('d', 0), state('created', null, null))
    // Seen completed again at the next poll: counted once.
    view.seen(job('a', 0), state('completed', T0 - 2_000, T0 - 1_000, 'w1:10'))
    assert.deepEqual(view.lines(), [
      '2 workers answered; jobs 2 done, 1 active, 1 queued; 0 stalled',
      'jobs: shard 0 1 done, 0 active, 1 queued; shard 1 1 done, 1 active, 0 queued',
      'workers: w1:10 (shard 0) 1 job, 1,000 requests, 1,000 requests/s; w2:20 (shard 1) 1 job, 1,000 requests, 2,000 requests/s',
    ])
  })

  it('names a job active past its lease, with its shard and requests', () => {
    const view = clusterView(1, () => T0)
    view.seen(job('e', 0), state('active', T0 - 645_000, null))
    assert.deepEqual(view.lines(), [
      '0 workers answered; jobs 0 done, 1 active, 0 queued; 1 stalled',
      'jobs: shard 0 0 done, 1 active, 0 queued',
      'workers: none has answered yet',
      'stalled: job e-0000-4 of shard 0 (requests Re001…Re999) active 645 s, past its 600 s lease',
    ])
  })
})
