/**
 * `verigate batch …`: run a batch end to end (intake → link → decide → release → response →
 * checkpoint → report), idempotent and resumable; release its reviewed cases; show its state.
 */
import type { Command } from 'commander'
import { InvalidInputError } from '../../core/index.js'
import type { BatchRunResult, BatchSummary, StageProgress } from '../../workflow/index.js'
import type { DbOptions } from '../db-option.js'
import { addDbOption, addKeyOption, isPostgresUrl, ledgerKeysFor, openStoreFor } from '../db-option.js'
import { jobEngineOptions, parseJobEngineOptions } from '../job-engine-options.js'
import type { JobEngineCliOptions } from '../job-engine-options.js'
import type { CredentialOptions } from '../credential.js'
import { actorFor, credentialOption } from '../credential.js'
import { SIMULATION_ONLY } from '../given-time.js'
import { progressOptions } from '../progress.js'
import { REPLAY_EXAMPLE } from './examples.js'

const EXAMPLES = `
Running the same command again finds the same batch (its id derives from the agreement version,
the request file and the master) and finishes it: nothing is disclosed or logged twice.

Examples:
${REPLAY_EXAMPLE}
  verigate review list
  verigate batch release b-… --credential supervisor.key

On the cluster (docs/scale.md): a sharded master, workers serving its shards, the same batch:
  verigate batch run --db postgres://verigate@db.internal:5432/verigate --distributed \\
    --agreement agreement.yaml --master data/master.shards.json --master-data data/master.csv \\
    --requests requests.csv --out out`

interface RunOptions extends DbOptions, JobEngineCliOptions {
  readonly distributed?: boolean
  readonly agreement: string
  readonly orders?: string
  readonly master: string
  readonly masterData?: string
  readonly requests: string
  readonly requestsMap?: string
  readonly masterMap?: string
  readonly model?: string
  /** `--truth`: the generator's truth file, for the errors by surname group. */
  readonly truth?: string
  readonly requester?: string
  readonly asOf?: string
  readonly releaseAt?: string
  readonly out: string
  readonly chunkSize?: string
  readonly threads?: string
  readonly json?: boolean
  /** `--progress` (a mode) or `--no-progress` (false): read with `progressMode`. */
  readonly progress: string | boolean
}

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidInputError(`${name} ${value}: expected a positive integer`)
  return n
}

function isoTime(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (!Number.isFinite(ms)) throw new InvalidInputError(`${name} ${value}: expected a date or an ISO 8601 time`)
  return new Date(ms).toISOString()
}

/** The progress display for a run, in the mode `--progress` names (`--no-progress` is off). */
export async function cliProgress(option: unknown): Promise<StageProgress> {
  const { silentProgress } = await import('../../workflow/index.js')
  const { createProgress, progressMode, progressShown } = await import('../progress.js')
  const mode = progressMode(option)
  if (!progressShown(mode)) return silentProgress
  return (label, total) => createProgress({ label, mode, ...(total === undefined ? {} : { total }) })
}

/** The human-readable lines of a summary. */
export function summaryLines(s: BatchSummary): string[] {
  const n = (v: number) => v.toLocaleString('en-US')
  const lines = [
    `batch ${s.batch_id} (${s.status})`,
    `  requested       ${n(s.requested)}`,
    `  intake refused  ${n(s.intake_refused)}`,
    `  matched         ${n(s.matched)}   possible ${n(s.possible)}   ambiguous ${n(s.ambiguous)}   none ${n(s.none)}`,
    `  disclosed       ${n(s.disclosed)}`,
    `  withheld        ${n(s.withheld)}`,
    `  review          ${n(s.review)} pending or approved (${n(s.review_cases.released)} released, ${n(s.review_cases.withheld)} withheld after review)`,
    '  answers:',
  ]
  for (const [code, count] of Object.entries(s.answers)) lines.push(`    ${code.padEnd(20)} ${n(count)}`)
  const unreadable = s.unreadable_rows
  if (unreadable.length > 0) {
    // Where the refused rows are, so the sender can fix them (all of them in the report and --json).
    lines.push(`  unreadable rows (${n(unreadable.length)}), refused at intake:`)
    for (const row of unreadable.slice(0, UNREADABLE_SHOWN)) lines.push(`    ${row.file}:${row.line}${row.field ? ` ${row.field}` : ''}  ${row.code}`)
    if (unreadable.length > UNREADABLE_SHOWN) lines.push(`    … and ${n(unreadable.length - UNREADABLE_SHOWN)} more: see the report or --json`)
  }
  return lines
}

/** Unreadable rows the human summary lists (the report and `--json` have them all). */
const UNREADABLE_SHOWN = 10

function printResult(result: BatchRunResult, json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...result.summary, resumed: result.resumed, response: result.responsePath, report: result.reportPath, checkpoint: { tree_size: result.checkpoint.treeSize, root_hash: result.checkpoint.rootHash } }, null, 2)}\n`)
    return
  }
  const lines = summaryLines(result.summary)
  if (result.resumed) lines.unshift('(this batch existed already: finished it from where it stood)')
  const equity = result.summary.equity
  if (equity) {
    lines.push(`  errors by surname group (against the truth; groups of names, not of people):`)
    lines.push(...(equity.findings.length > 0 ? equity.findings.map((f) => `    - ${f}`) : ['    no group differs from the overall rate beyond chance']))
  }
  lines.push(`  response        ${result.responsePath}`, `  report          ${result.reportPath}`, `  checkpoint      tree size ${result.checkpoint.treeSize}, root ${result.checkpoint.rootHash.slice(0, 16)}…`)
  process.stdout.write(`${lines.join('\n')}\n`)
}

/** Registers `verigate batch` and its sub-commands. */
export function registerBatchCommand(program: Command): void {
  const batch = program.command('batch').description('Run a batch of requests end to end under an agreement, and release its reviewed cases.')

  jobEngineOptions(addKeyOption(
    addDbOption(
      batch
        .command('run')
        .description('Intake, link, decide, release the clear disclosures, queue review cases, write the response and the report (resumable: run it again to finish a killed run).')
        .requiredOption('--agreement <file>', 'the agreement (YAML or JSON) the batch is decided under')
        .option('--orders <dir>', 'a folder of court orders (YAML or JSON); those in force bind the decisions and are re-checked at release')
        .requiredOption('--master <file>', 'the master: a data file (CSV, JSON Lines, Parquet), an index snapshot (.vgx, from `verigate index`), or with --distributed a sharded index’s manifest (.shards.json)')
        .option('--master-data <file>', 'with a .vgx or .shards.json master: the data file it was built from, for the values to disclose')
        .requiredOption('--requests <file>', 'the request file (CSV, JSON Lines, Parquet)')
        .option('--requests-map <file>', 'column map (JSON) of the request file; without it, columns are taken by name')
        .option('--master-map <file>', 'column map (JSON) of the master file; without it, columns are taken by name')
        .option('--model <file>', 'a trained link model (JSON, from `verigate link --train --save-model`); default: the built-in model. Another model is another batch')
        .option('--truth <file>', 'the truth file of the request file (the truth.csv `verigate generate` writes): the report and the summary then count false and missed matches by surname group (docs/equity.md). Personal data: read, never copied')
        .option('--requester <party>', 'who makes the request (default: the agreement’s first authorised requester)')
        .option('--as-of <time>', `the decision time, ISO 8601 (default: now, when the batch is created; a resumed batch keeps its own). ${SIMULATION_ONLY}`)
        .option('--release-at <time>', `the release time, ISO 8601: court orders in force then are re-checked (default: now). ${SIMULATION_ONLY}`)
        .option('--out <dir>', 'where to write the response, the report and the summary', 'out')
        .option('--chunk-size <n>', 'records per transaction (default 10,000)')
        .option('--threads <n>', 'link worker threads (default: all cores)')
        .option('--distributed', 'link on the cluster: --master is a sharded index’s manifest, `verigate worker` processes answer its shards’ jobs through the job engine on the PostgreSQL of --db; decisions, the ledger and the response stay here')
        .option('--json', 'print the summary as JSON')
        .addOption(progressOptions()[0])
        .addOption(progressOptions()[1])
        .addHelpText('after', EXAMPLES),
    ),
  )).action(async (options: RunOptions) => {
    const chunkSize = positiveInteger('--chunk-size', options.chunkSize)
    const threads = positiveInteger('--threads', options.threads)
    const asOf = isoTime('--as-of', options.asOf)
    const releaseAt = isoTime('--release-at', options.releaseAt)
    if (options.distributed && !isPostgresUrl(options.db)) throw new InvalidInputError(`--distributed runs on the job engine in PostgreSQL: --db must be a postgres:// URL, not ${options.db}`)
    const engine = parseJobEngineOptions(options)
    const { refuseGivenTime, runBatch } = await import('../../workflow/index.js')
    const store = await openStoreFor(options, false)
    try {
      // Refused before anything is written (a key included): a real store has one clock.
      refuseGivenTime(store.mode, '--as-of', asOf)
      refuseGivenTime(store.mode, '--release-at', releaseAt)
      const keys = await ledgerKeysFor(options, store, 'create')
      const result = await runBatch(store, {
        agreementPath: options.agreement,
        ...(options.orders ? { ordersDir: options.orders } : {}),
        masterPath: options.master,
        ...(options.masterData ? { masterDataPath: options.masterData } : {}),
        ...(options.masterMap ? { masterMapPath: options.masterMap } : {}),
        requestsPath: options.requests,
        ...(options.requestsMap ? { requestsMapPath: options.requestsMap } : {}),
        ...(options.model ? { modelPath: options.model } : {}),
        ...(options.truth ? { truthPath: options.truth } : {}),
        ...(options.requester ? { requester: options.requester } : {}),
        ...(asOf ? { asOf } : {}),
        ...(releaseAt ? { releaseAt } : {}),
        outDir: options.out,
        keys,
        ...(chunkSize ? { chunkSize } : {}),
        ...(threads ? { threads } : {}),
        progress: await cliProgress(options.progress),
        ...(options.distributed
          ? {
              distributed: {
                url: options.db,
                ...(engine.queue.schema ? { jobsSchema: engine.queue.schema } : {}),
                timing: engine.queue,
                ...(engine.queueSettings ? { queueSettings: engine.queueSettings } : {}),
                ...(engine.queue.pollingIntervalSeconds ? { pollMs: engine.queue.pollingIntervalSeconds * 1000 } : {}),
              },
            }
          : {}),
      })
      printResult(result, options.json)
    } finally {
      await store.close()
    }
  })

  addKeyOption(
    addDbOption(
      batch
        .command('release')
        .description('Release the approved review cases of a batch and withhold the rejected ones (orders re-checked at release time); rewrite the response and the report. You act as the person of your key, a supervisor key of the holder: the release is recorded under their name.')
        .addOption(credentialOption())
        .argument('<batch>', 'the batch id (b-…)')
        .option('--release-at <time>', `the release time, ISO 8601: court orders in force then are applied (default: now). ${SIMULATION_ONLY}`)
        .option('--json', 'print the summary as JSON')
        .addOption(progressOptions()[0])
        .addOption(progressOptions()[1]),
    ),
  ).action(async (batchId: string, options: DbOptions & CredentialOptions & { releaseAt?: string; json?: boolean; progress: string | boolean }) => {
    const releaseAt = isoTime('--release-at', options.releaseAt)
    const { refuseGivenTime, releaseReviewed } = await import('../../workflow/index.js')
    const store = await openStoreFor(options, true)
    try {
      refuseGivenTime(store.mode, '--release-at', releaseAt)
      const keys = await ledgerKeysFor(options, store, 'use')
      const actor = await actorFor(store, options, ['supervisor'], 'release a batch')
      const result = await releaseReviewed(store, batchId, { keys, releasedBy: actor.person, ...(releaseAt ? { releaseAt } : {}), progress: await cliProgress(options.progress) })
      if (!options.json) process.stdout.write(`released ${result.released} reviewed case(s), withheld ${result.withheld}\n`)
      printResult(result, options.json)
    } finally {
      await store.close()
    }
  })

  addDbOption(
    batch
      .command('list')
      .description('List the batches in the store with their status.')
      .option('--json', 'print the list as JSON'),
  ).action(async (options: DbOptions & { json?: boolean }) => {
    const store = await openStoreFor(options, true)
    try {
      const batches = await store.batches.list()
      if (options.json) {
        process.stdout.write(`${JSON.stringify(batches.map((b) => ({ id: b.id, agreement: `${b.agreementId} ${b.agreementVersion}`, status: b.status, created_at: b.createdAt, summary: b.summary })), null, 2)}\n`)
        return
      }
      if (batches.length === 0) process.stdout.write('no batches\n')
      for (const b of batches) process.stdout.write(`${b.id}  ${b.status.padEnd(16)} ${b.agreementId} ${b.agreementVersion}  created ${b.createdAt}\n`)
    } finally {
      await store.close()
    }
  })
}
