/**
 * The options `verigate worker` and `verigate batch run --distributed` share about the job engine
 * (pg-boss): where its tables are, how often it polls and maintains, how long a job's lease is and
 * how often a job is retried. Both sides must name the same schema; the lease and retries are
 * fixed by whichever side creates a shard's queue first.
 */
import { type Command, Option } from 'commander'
import { InvalidInputError } from '../core/index.js'
import type { JobQueueOptions, QueueSettings } from '../store/index.js'

/** The options as commander parses them. */
export interface JobEngineCliOptions {
  readonly jobsSchema?: string
  readonly pollInterval?: string
  readonly maintenanceInterval?: string
  readonly jobExpiry?: string
  readonly retries?: string
}

/** The options, parsed. */
export interface JobEngineSettings {
  readonly queue: JobQueueOptions
  /** Undefined unless `--job-expiry` or `--retries` was given (then the default fills the other). */
  readonly queueSettings: QueueSettings | undefined
}

/** Adds the job engine's options to a command. */
export function jobEngineOptions(command: Command): Command {
  return command
    .addOption(new Option('--jobs-schema <name>', 'the PostgreSQL schema the job engine keeps its tables in (default verigate_jobs); workers and batch must name the same'))
    .addOption(new Option('--poll-interval <seconds>', 'how often an idle worker, or a waiting batch, asks for jobs (default 2; at least 0.5)'))
    .addOption(new Option('--maintenance-interval <seconds>', 'how often expired jobs are found and retried (default 30)'))
    .addOption(new Option('--job-expiry <seconds>', 'a job’s lease: a job not done by then is judged abandoned and retried (default 600)'))
    .addOption(new Option('--retries <n>', 'how often a job is retried after an expiry or a failure (default 5)'))
}

function seconds(name: string, value: string | undefined, least: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < least) throw new InvalidInputError(`${name} ${value}: expected a number of seconds of at least ${least}`)
  return n
}

/** Parses the job engine's options, refusing values pg-boss would refuse, by name. */
export function parseJobEngineOptions(options: JobEngineCliOptions): JobEngineSettings {
  const pollingIntervalSeconds = seconds('--poll-interval', options.pollInterval, 0.5)
  const maintenanceIntervalSeconds = seconds('--maintenance-interval', options.maintenanceInterval, 1)
  const expireInSeconds = seconds('--job-expiry', options.jobExpiry, 1)
  let retryLimit: number | undefined
  if (options.retries !== undefined) {
    retryLimit = Number(options.retries)
    if (!Number.isSafeInteger(retryLimit) || retryLimit < 0) throw new InvalidInputError(`--retries ${options.retries}: expected a whole number from 0`)
  }
  const queue: JobQueueOptions = {
    ...(options.jobsSchema ? { schema: options.jobsSchema } : {}),
    ...(pollingIntervalSeconds !== undefined ? { pollingIntervalSeconds } : {}),
    ...(maintenanceIntervalSeconds !== undefined ? { maintenanceIntervalSeconds: Math.round(maintenanceIntervalSeconds) } : {}),
  }
  const queueSettings = expireInSeconds === undefined && retryLimit === undefined ? undefined : { expireInSeconds: Math.round(expireInSeconds ?? 600), retryLimit: retryLimit ?? 5 }
  return { queue, queueSettings }
}
