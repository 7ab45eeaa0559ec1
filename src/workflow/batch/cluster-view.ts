/**
 * What a distributed batch's coordinator shows of the cluster while it waits (issue 20: "the CLI
 * shows progress across workers"): per shard its jobs done, active and queued; which workers
 * answered, with their jobs, requests and rates; and any job active past its lease, named. All of
 * it read from the job engine's own state as the coordinator polls its jobs (pg-boss's job rows:
 * state, started and completed times, lease; the worker's id in a completed job's output), not
 * from a table of Verigate's own.
 */
import { thousands } from '../../core/index.js'
import type { JobState } from '../../store/index.js'

/** A job the coordinator sent, as it last saw it. */
export interface SeenJob {
  readonly id: string
  readonly shard: number
  /** The requests it carries: how many, the first and the last id. */
  readonly requests: number
  readonly firstRequest: string
  readonly lastRequest: string
}

/** A worker's answers so far: from the jobs it completed. */
interface WorkerFigures {
  jobs: number
  requests: number
  /** Milliseconds between its jobs' start and completion, summed: the rate is of busy time. */
  busyMs: number
  readonly shards: Set<number>
}

/** The cluster as the coordinator has seen it, and its lines. */
export interface ClusterView {
  /** Records a job's latest state (its output's `worker` once completed). */
  seen(job: SeenJob, state: JobState<{ readonly worker?: string }>): void
  /** The lines to show: jobs per shard, workers and their rates, stalled jobs. */
  lines(): string[]
}

/** The first characters of a job's id: enough to find it in pg-boss's tables with `like`. */
export const shortJobId = (id: string): string => id.slice(0, 8)

/**
 * A view of `shards` shards; `now` is the clock (epoch milliseconds) a lease is judged by.
 *
 * @example
 * const view = clusterView(2, Date.now)
 * for (const [id, state] of await queue.jobs(name, ids)) view.seen(seenJobs.get(id), state)
 * view.lines() // ['2 workers answered; jobs 3 done, …', 'jobs: shard 0 3 done, 1 active, 0 queued; …', 'workers: host:412 …']
 */
export function clusterView(shards: number, now: () => number): ClusterView {
  const jobs = new Map<string, { job: SeenJob; state: JobState<{ readonly worker?: string }> }>()
  const workers = new Map<string, WorkerFigures>()
  return {
    seen(job, state) {
      const before = jobs.get(job.id)?.state.state
      jobs.set(job.id, { job, state })
      const worker = state.output?.worker
      if (state.state !== 'completed' || before === 'completed' || typeof worker !== 'string') return
      const w = workers.get(worker) ?? { jobs: 0, requests: 0, busyMs: 0, shards: new Set<number>() }
      w.jobs++
      w.requests += job.requests
      if (state.startedAt !== null && state.completedAt !== null) w.busyMs += Math.max(state.completedAt - state.startedAt, 0)
      w.shards.add(job.shard)
      workers.set(worker, w)
    },
    lines() {
      const counts = Array.from({ length: shards }, () => ({ done: 0, active: 0, queued: 0, failed: 0 }))
      const stalled: string[] = []
      const at = now()
      for (const { job, state } of jobs.values()) {
        const c = counts[job.shard]
        if (!c) continue
        if (state.state === 'completed') c.done++
        else if (state.state === 'active') c.active++
        else if (state.state === 'created' || state.state === 'retry') c.queued++
        else c.failed++
        // pg-boss fails such a job at its next maintenance and gives it to another worker.
        if (state.state === 'active' && state.startedAt !== null && at - state.startedAt > state.expireInSeconds * 1000) {
          const late = Math.round((at - state.startedAt) / 1000)
          stalled.push(`job ${shortJobId(job.id)} of shard ${job.shard} (requests ${job.firstRequest}…${job.lastRequest}) active ${late} s, past its ${state.expireInSeconds} s lease`)
        }
      }
      const perShard = counts.map((c, s) => `shard ${s} ${c.done} done, ${c.active} active, ${c.queued} queued${c.failed > 0 ? `, ${c.failed} failed` : ''}`)
      const perWorker = [...workers.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([id, w]) => `${id} (shard${w.shards.size === 1 ? '' : 's'} ${[...w.shards].sort((a, b) => a - b).join(',')}) ${thousands(w.jobs)} job${w.jobs === 1 ? '' : 's'}, ${thousands(w.requests)} requests${w.busyMs > 0 ? `, ${thousands(Math.round((w.requests * 1000) / w.busyMs))} requests/s` : ''}`)
      const sum = (k: 'done' | 'active' | 'queued') => counts.reduce((n, c) => n + c[k], 0)
      return [
        `${workers.size} worker${workers.size === 1 ? '' : 's'} answered; jobs ${sum('done')} done, ${sum('active')} active, ${sum('queued')} queued; ${stalled.length} stalled`,
        `jobs: ${perShard.join('; ')}`,
        `workers: ${perWorker.length > 0 ? perWorker.join('; ') : 'none has answered yet'}`,
        ...(stalled.length > 0 ? [`stalled: ${stalled.join('; ')}`] : []),
      ]
    },
  }
}
