/**
 * `verigate worker`: a process of the cluster. It loads the shards it serves once and answers
 * their (request piece × shard) jobs from the job engine (pg-boss on the PostgreSQL of `--db`)
 * until it is stopped; `verigate batch run --distributed` sends the jobs and merges the answers.
 */
import type { Command } from 'commander'
import { InvalidInputError } from '../../core/index.js'
import { addDbOption, isPostgresUrl } from '../db-option.js'
import { jobEngineOptions, parseJobEngineOptions } from '../job-engine-options.js'
import type { JobEngineCliOptions } from '../job-engine-options.js'
import { addProgressOption, createProgress, progressMode } from '../progress.js'

const EXAMPLES = `
The worker runs until it is stopped (SIGTERM or Ctrl-C: it finishes the job in hand first). A
worker killed outright costs its job's lease (--job-expiry), then pg-boss gives the job to
another worker. Start as many as memory allows, on any machine that reaches the database and
has the shard files beside their manifest (docs/scale.md).

Examples:
  verigate index --master data/master.csv --shards 4 --out data/master.shards.json
  verigate worker --db postgres://verigate@db.internal:5432/verigate --shards data/master.shards.json
  verigate worker --db postgres://verigate@db.internal:5432/verigate --shards data/master.shards.json --serve 0,1`

interface WorkerOptions extends JobEngineCliOptions {
  readonly db: string
  readonly shards: string
  readonly serve?: string
  readonly quiet?: boolean
  /** `--progress` (a mode) or `--no-progress` (false): read with `progressMode`. */
  readonly progress: string | boolean
}

/** `--serve 0,2`: the shard numbers, each an integer from 0. */
function shardList(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined
  const shards = value.split(',').map((s) => s.trim())
  if (shards.some((s) => !/^\d+$/.test(s))) throw new InvalidInputError(`--serve ${value}: expected shard numbers from 0, separated by commas (e.g. 0,2)`)
  return [...new Set(shards.map(Number))]
}

/** Registers `verigate worker`. */
export function registerWorkerCommand(program: Command): void {
  const worker = jobEngineOptions(
    addDbOption(
      program
        .command('worker')
        .description('Serve shards of a sharded master index to distributed batches: answer their link jobs from the job engine (pg-boss on PostgreSQL) until stopped.')
        .requiredOption('--shards <manifest>', 'the sharded index’s manifest (NAME.shards.json, from `verigate index --shards`), its shard files beside it')
        .option('--serve <list>', 'the shards to serve, numbered from 0 and separated by commas (default: all); each is held in memory while the worker runs')
        .option('--quiet', 'print nothing but errors (and no progress)')
        .addHelpText('after', EXAMPLES),
    ),
  )
  addProgressOption(worker)
  worker.action(async (options: WorkerOptions) => {
    if (!isPostgresUrl(options.db)) throw new InvalidInputError(`verigate worker takes its jobs from PostgreSQL: --db must be a postgres:// URL, not ${options.db}`)
    const serve = shardList(options.serve)
    const engine = parseJobEngineOptions(options)
    const { openJobQueue } = await import('../../store/index.js')
    const { serveShards } = await import('../../workflow/index.js')
    const say = (line: string) => {
      if (!options.quiet) process.stderr.write(`${line}\n`)
    }
    const queue = await openJobQueue(options.db, { ...engine.queue, onError: (error) => process.stderr.write(`job engine: ${error.message}\n`) })
    const { workerId } = await import('../../workflow/index.js')
    // Jobs and requests answered, with the rate, as a batch's coordinator shows them across workers.
    const progress = createProgress({ label: `worker ${workerId()} answered`, unit: 'requests', mode: options.quiet ? 'off' : progressMode(options.progress) })
    const jobsByShard = new Map<number, number>()
    let answered = 0
    // pg-boss keeps timers running: a worker that cannot serve must close it, or it would not end.
    const server = await serveShards(queue, options.shards, {
      ...(serve ? { shards: serve } : {}),
      ...(engine.queueSettings ? { queueSettings: engine.queueSettings } : {}),
      onLoaded: (shard, records) => say(`loaded shard ${shard} (${records} records)`),
      onJob: (shard, requests) => {
        answered += requests
        jobsByShard.set(shard, (jobsByShard.get(shard) ?? 0) + 1)
        progress.status([`jobs: ${[...jobsByShard].sort(([a], [b]) => a - b).map(([s, n]) => `shard ${s} ${n}`).join('; ')}`])
        progress.tick(requests)
      },
    }).catch(async (error: unknown) => {
      await queue.close()
      throw error
    })
    say(`worker ${server.worker} serving shard${server.shards.length === 1 ? '' : 's'} ${server.shards.join(', ')} of ${server.manifest.shards} (build ${server.manifest.masterDigest.slice(0, 23)}…); stop with SIGTERM or Ctrl-C`)
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve)
      process.once('SIGINT', resolve)
    })
    await server.close()
    progress.done()
    say(`stopped after answering ${answered} requests`)
  })
}
