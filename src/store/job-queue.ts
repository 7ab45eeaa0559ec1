/**
 * The job engine a distributed batch runs on: pg-boss (10.x) on the PostgreSQL a production store
 * already is, wrapped to the few calls Verigate makes. Queueing, leases (a job's expiry), retries
 * of a job whose worker died, and the archive of finished jobs are pg-boss's own; nothing here
 * adds queue, lease or retry logic beside it.
 *
 * pg-boss keeps its tables in a schema of its own (default `verigate_jobs`), not in the store's:
 * it creates and migrates them on its own version line, so they stay out of the store's numbered
 * migrations, its append-only tables and `ledger verify`, and dropping the schema loses only jobs
 * (a batch resumes from the store, which holds every written chunk).
 */
import PgBoss from 'pg-boss'
import { InvalidInputError } from '../core/index.js'

/** The schema pg-boss keeps its tables in unless told otherwise. */
export const DEFAULT_JOBS_SCHEMA = 'verigate_jobs'

/** Tries at creating a queue that PostgreSQL picked as a deadlock's victim. */
const DEADLOCK_ATTEMPTS = 8

/** How often (seconds) a queue is polled and maintained; tests make them short. */
export interface JobQueueTiming {
  /** How often an idle worker asks for a job (pg-boss's minimum is 0.5 s; default 2). */
  readonly pollingIntervalSeconds?: number
  /** How often expired jobs are failed and retried (at least 1; default 30). */
  readonly maintenanceIntervalSeconds?: number
}

/** Options of `openJobQueue`. */
export interface JobQueueOptions extends JobQueueTiming {
  /** The schema pg-boss works in (default `verigate_jobs`). */
  readonly schema?: string
  /** Told of pg-boss's own errors (a failed poll or maintenance run, which it retries by itself). */
  readonly onError?: (error: Error) => void
}

/** How the jobs of a queue are leased and retried (pg-boss's queue settings). */
export interface QueueSettings {
  /** Seconds a job may stay active before pg-boss judges its worker dead and retries it. */
  readonly expireInSeconds: number
  /** Retries after a failure or an expiry before the job is failed for good. */
  readonly retryLimit: number
}

/** A job's state and, once completed, its output. */
export interface JobState<Output> {
  readonly state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed'
  /** The handler's result when completed; pg-boss's error object when failed. */
  readonly output: Output | null
  readonly retryCount: number
  /** When a worker last took the job (epoch milliseconds), or null while it waits. */
  readonly startedAt: number | null
  /** When it completed or failed (epoch milliseconds), or null. */
  readonly completedAt: number | null
  /** Its lease: seconds it may stay active before pg-boss judges its worker dead. */
  readonly expireInSeconds: number
}

/** The columns of pg-boss's job row that `jobs` reads (those of its `getJobById`, less the data). */
interface JobRow {
  readonly state: JobState<unknown>['state']
  readonly output: unknown
  readonly retryCount: number
  readonly startedOn: Date | string | null
  readonly completedOn: Date | string | null
  /** `EXTRACT(epoch FROM expire_in)`: a numeric, which node-postgres gives as a string. */
  readonly expireInSeconds: number | string
}

/** A job row as `JobState`. */
function stateOf<Output>(row: JobRow): JobState<Output> {
  return {
    state: row.state,
    output: (row.output ?? null) as Output | null,
    retryCount: row.retryCount,
    startedAt: row.startedOn ? new Date(row.startedOn).getTime() : null,
    completedAt: row.completedOn ? new Date(row.completedOn).getTime() : null,
    expireInSeconds: Number(row.expireInSeconds),
  }
}

/** A handler of one job: its data in, its output (plain JSON) out. */
export type JobHandler<Data, Output> = (data: Data, jobId: string) => Promise<Output> | Output

/** The job engine, opened on one PostgreSQL database. */
export interface JobQueue {
  /** Creates the queue when missing (idempotent; its settings are those of its first creation). */
  ensureQueue(name: string, settings: QueueSettings): Promise<void>
  /** Sends a job with the given id (a UUID); false when a job of that id exists already. */
  send(name: string, id: string, data: object): Promise<boolean>
  /** Gives a job that failed for good (its retries spent) to the workers again; false when it had not failed. */
  retryFailed(name: string, id: string): Promise<boolean>
  /**
   * The jobs of those ids on one queue, in one query (archived jobs included; a missing id is
   * absent from the map). Without their data, and with the output only once a job has ended: a
   * coordinator asking about many jobs every fraction of a second reads their state, not the
   * requests it sent.
   */
  jobs<Output>(name: string, ids: readonly string[]): Promise<Map<string, JobState<Output>>>
  /** Takes jobs of the queue one at a time, as they come, until `close`. */
  work<Data, Output>(name: string, handler: JobHandler<Data, Output>): Promise<void>
  /** Stops taking jobs, waits for those running, and disconnects. */
  close(): Promise<void>
}

/**
 * Opens pg-boss on the database at `url`, creating or migrating its schema.
 *
 * @example
 * const queue = await openJobQueue('postgres://postgres@127.0.0.1:5432/verigate')
 * await queue.ensureQueue('link-1a2b-0', { expireInSeconds: 900, retryLimit: 5 })
 */
export async function openJobQueue(url: string, options: JobQueueOptions = {}): Promise<JobQueue> {
  if (!/^postgres(ql)?:\/\//i.test(url)) throw new InvalidInputError(`the job engine runs on PostgreSQL: --db must be a postgres:// URL, not ${url}`)
  const schema = options.schema ?? DEFAULT_JOBS_SCHEMA
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new InvalidInputError(`not a plain schema name: ${schema}`)
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2
  const boss = new PgBoss({
    connectionString: url,
    schema,
    max: 4,
    // No cron schedules are used; the maintenance (expiry, retries, archive) is what matters.
    schedule: false,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    monitorStateIntervalSeconds: 60,
    pollingIntervalSeconds,
  })
  // pg-boss reports failed polls and maintenance as events; without a listener Node would throw them.
  boss.on('error', options.onError ?? (() => undefined))
  await boss.start()
  return {
    async ensureQueue(name, settings) {
      // A queue is a partition of pg-boss's job table: creating one while another process polls
      // that table can be chosen as a deadlock's victim (PostgreSQL 40P01), which PostgreSQL
      // rolls back whole; creating it again is then safe (pg-boss skips a queue that exists).
      for (let attempt = 1; ; attempt++) {
        try {
          await boss.createQueue(name, { name, policy: 'standard', expireInSeconds: settings.expireInSeconds, retryLimit: settings.retryLimit, retryDelay: 0 })
          return
        } catch (error) {
          if ((error as { code?: string }).code !== '40P01' || attempt >= DEADLOCK_ATTEMPTS) throw error
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.floor(Math.random() * 100)))
        }
      }
    },
    async send(name, id, data) {
      return (await boss.send(name, data, { id })) !== null
    },
    async retryFailed(name, id) {
      // pg-boss answers how many jobs it retried, though its types say nothing.
      const result = (await boss.retry(name, id)) as unknown as { affected: number }
      return result.affected > 0
    },
    async jobs<Output>(name: string, ids: readonly string[]) {
      const found = new Map<string, JobState<Output>>()
      if (ids.length === 0) return found
      // pg-boss's own tables, read as its getJobById reads them (the columns of its job row),
      // less the data; a job is in \`job\` until archived, then in \`archive\`.
      const columns = `id, state, case when state in ('completed', 'failed', 'cancelled') then output end as output, retry_count as "retryCount", started_on as "startedOn", completed_on as "completedOn", extract(epoch from expire_in) as "expireInSeconds"`
      const { rows } = await boss.getDb().executeSql(
        `select ${columns} from ${schema}.job where name = $1 and id = any($2::uuid[]) union all select ${columns} from ${schema}.archive where name = $1 and id = any($2::uuid[])`,
        [name, ids],
      )
      for (const row of rows as (JobRow & { id: string })[]) if (!found.has(row.id)) found.set(row.id, stateOf<Output>(row))
      return found
    },
    async work<Data, Output>(name: string, handler: JobHandler<Data, Output>) {
      await boss.work<Data>(name, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
        if (!job) return undefined
        return handler(job.data, job.id)
      })
    },
    async close() {
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 })
    },
  }
}
