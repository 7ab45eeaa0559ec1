/**
 * `verigate link`: links a request file against a master (a data file or a `.vgx` snapshot) and
 * writes MATCHES.csv (`request_id,master_id,status,weight,probability`, one row per request) and,
 * with `--explain`, the evidence of every request as JSON Lines.
 */
import { once } from 'node:events'
import type { WriteStream } from 'node:fs'
import type { Command } from 'commander'
import { InvalidInputError, thousands } from '../../core/index.js'
import type { EmTrainingReport } from '../../link/index.js'
import { createProgress, progressMode, progressOptions, progressShown, ticksTo } from '../progress.js'
import { isStandardStream, refuseSeveralStandardOutputs, withStandardInput, withStandardOutput } from '../standard-streams.js'

const EXAMPLES = `
Statuses: match (one confident, unrivalled candidate), possible (below the match threshold),
ambiguous (a rival person within the margin: never a guess; master_id is the top candidate),
none (nothing above the possible threshold; master_id empty).

Examples:
  verigate generate --people 1000 --requests 200 --seed 7 --out data
  verigate link --master data/master.csv --requests data/requests.csv --train --out matches.csv --explain evidence.jsonl
  verigate link --master dataset4a.csv --master-map examples/maps/febrl.json \\
    --requests dataset4b.csv --requests-map examples/maps/febrl.json --train --out matches.csv   (FEBRL files)
  verigate index --master data/master.csv --out master.vgx && verigate link --master master.vgx --requests data/requests.csv --out matches.csv`

interface LinkCommandOptions {
  readonly master: string
  readonly requests: string
  readonly masterMap?: string
  readonly requestsMap?: string
  readonly blocking: string
  readonly out: string
  readonly explain?: string
  readonly threads?: string
  readonly model?: string
  readonly train?: boolean
  readonly saveModel?: string
  readonly matchThreshold?: string
  readonly possibleThreshold?: string
  readonly margin?: string
  readonly json?: boolean
  /** `--progress` (a mode) or `--no-progress` (false): read with `progressMode`. */
  readonly progress: string | boolean
}

function positiveNumber(name: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new InvalidInputError(`${name} ${value}: expected a positive ${integer ? 'integer' : 'number'}`)
  return n
}

/** Registers `verigate link`. */
export function registerLinkCommand(program: Command): void {
  program
    .command('link')
    .description('Link a request file against the master: block, compare, score (Fellegi–Sunter), resolve, explain.')
    .requiredOption('--master <file>', 'the master: a data file (CSV, JSON Lines, Parquet), an index snapshot (.vgx, from `verigate index`) or a sharded index’s manifest (.shards.json, from `verigate index --shards`: linked shard by shard, with the whole index’s answers)')
    .requiredOption('--requests <file>', 'the request file (CSV, JSON Lines, Parquet); - for standard input (CSV or JSON Lines, told apart by a first {)')
    .requiredOption('--out <file>', 'where to write MATCHES.csv: request_id,master_id,status,weight,probability; - for standard output (the summary then goes to standard error)')
    .option('--master-map <file>', 'column map (JSON) of the master file; without it, columns are taken by name')
    .option('--requests-map <file>', 'column map (JSON) of the request file; without it, columns are taken by name')
    .option('--blocking <set>', 'blocking rules when the master is a data file: auto (by the master’s size: small-file rules up to 2,500 records, national above), national (default is its older name), small-file (loose keys: a surname’s sound alone, a date of birth alone; blocks that grow with the master), or wide (the first version’s rules); a .vgx keeps its own', 'auto')
    .option('--explain <file>', 'also write the evidence (one MatchResult a line: levels, partial weights, rivals, digests) as JSON Lines; - for standard output (then --out needs a file)')
    .option('--threads <n>', 'worker threads (default: all cores; small files use fewer)')
    .option('--model <file>', 'a trained model (JSON, verigate-link-model/1); default: the built-in model')
    .option('--train', 'estimate u from random master pairs and m and the prior by EM on these requests before linking')
    .option('--save-model <file>', 'write the model used (after --train) as JSON')
    .option('--match-threshold <p>', 'match probability at or above which an unrivalled candidate is a match (default 0.95)')
    .option('--possible-threshold <p>', 'match probability at or above which a candidate is at least possible (default 0.5)')
    .option('--margin <bits>', 'a rival within this many bits of the best makes the request ambiguous (default 8)')
    .option('--json', 'print the summary as JSON instead of text')
    .addOption(progressOptions()[0])
        .addOption(progressOptions()[1])
    .addHelpText('after', EXAMPLES)
    .action(async (options: LinkCommandOptions) => {
      refuseSeveralStandardOutputs({ '--out': options.out, '--explain': options.explain })
      if (isStandardStream(options.master)) throw new InvalidInputError('--master -: the master cannot come from standard input (it is indexed before the requests are read): give its path; --requests - reads the requests from standard input')
      const summary = await withStandardInput(options.requests, '--requests', undefined, (requests) =>
        withStandardOutput(options.out, (out) =>
          withStandardOutput(options.explain ?? '', (explain) => runLink(options, { requests: requests.path, out, ...(options.explain === undefined ? {} : { explain }) })),
        ),
      )
      // With --out - or --explain -, standard output carries the data only.
      const stream = isStandardStream(options.out) || isStandardStream(options.explain) ? process.stderr : process.stdout
      stream.write(summary)
    })
}

/** The files `runLink` reads and writes: those named, or the private copies standing for `-`. */
interface LinkPaths {
  readonly requests: string
  readonly out: string
  readonly explain?: string
}

/**
 * Links and returns the summary to print. `options` are as given (their names, `-` included, are
 * what the summary says); `paths` are the files to use.
 */
async function runLink(options: LinkCommandOptions, paths: LinkPaths): Promise<string> {
  const { createPrivateWriteStream } = await import('../../core/index.js')
  const { loadColumnMap } = await import('../../intake/index.js')
  const { nicknameGroups } = await import('../../standardize/index.js')
  const link = await import('../../link/index.js')
  const threads = positiveNumber('--threads', options.threads, true)
  const matchThreshold = positiveNumber('--match-threshold', options.matchThreshold, false)
  const possibleThreshold = positiveNumber('--possible-threshold', options.possibleThreshold, false)
  const margin = positiveNumber('--margin', options.margin, false)
  const started = performance.now()
  const mode = progressMode(options.progress)
  const progress = progressShown(mode)
  if (link.isManifestPath(options.master)) {
    if (options.train) throw new InvalidInputError(`--train needs the whole master in one index; a sharded index (${options.master}) is linked with its manifest's model or --model`)
    return runShardedLink(options, paths, { ...(matchThreshold !== undefined ? { matchThreshold } : {}), ...(possibleThreshold !== undefined ? { possibleThreshold } : {}), ...(margin !== undefined ? { ambiguityMargin: margin } : {}) }, started)
  }
  const masterMap = options.masterMap ? await loadColumnMap(options.masterMap) : undefined
  const requestsMap = options.requestsMap ? await loadColumnMap(options.requestsMap) : undefined
  const model = options.model ? link.loadModel(options.model) : undefined
  const rules = options.blocking === 'auto' ? 'by-size' : link.BLOCKING_RULE_SETS[options.blocking as keyof typeof link.BLOCKING_RULE_SETS]
  if (!rules) throw new InvalidInputError(`--blocking ${options.blocking}: expected auto, national, default, small-file or wide`)
  const indexing = progress ? createProgress({ label: 'indexing the master', mode, unit: 'rows' }) : undefined
  const index = await link.openMaster(options.master, {
    rules,
    ...(masterMap ? { map: masterMap } : {}),
    ...(indexing ? { onProgress: ticksTo(indexing) } : {}),
  })
  indexing?.done()
  const indexed = performance.now()
  const { records, summary } = await link.readRequestFile(paths.requests, requestsMap)
  const linker = link.createLinker({
    index,
    nicknameGroups,
    ...(model ? { model } : {}),
    settings: {
      ...(matchThreshold !== undefined ? { matchThreshold } : {}),
      ...(possibleThreshold !== undefined ? { possibleThreshold } : {}),
      ...(margin !== undefined ? { ambiguityMargin: margin } : {}),
    },
  })
  let trained: { pairs: number; iterations: number; converged: boolean; rejected: boolean; refit?: 'leave-one-out' } | undefined
  // With --train: u from random master pairs, then EM on a seeded sample of 50,000 requests (all
  // of a smaller file), compared on the worker threads that then link (`linkRecords`' train).
  const onTrained = (report: EmTrainingReport) => {
    trained = { pairs: report.pairs, iterations: report.iterations, converged: report.converged, rejected: report.rejected, ...(report.refit ? { refit: report.refit } : {}) }
    if (options.saveModel) link.saveModel(linker.model, options.saveModel)
  }
  if (!options.train && options.saveModel) link.saveModel(linker.model, options.saveModel)
  // Owner-only: request and master ids, and with --explain the compared values of people.
  const out = createPrivateWriteStream(paths.out)
  const explain = paths.explain ? createPrivateWriteStream(paths.explain) : undefined
  const write = async (stream: WriteStream, text: string) => {
    if (!stream.write(text)) await once(stream, 'drain')
  }
  // With --explain, how many requests each hold reason kept below `match` (src/core/hold-reason.ts).
  const heldBy = new Map<string, number>()
  await write(out, `${link.MATCHES_HEADER}\n`)
  const linkStart = performance.now()
  const linking = progress ? createProgress({ label: 'linking', mode, total: records.length, unit: 'requests' }) : undefined
  const report = await link.linkRecords(
    linker,
    records,
    {
      write: async (rows, evidence) => {
        if (rows.length > 0) await write(out, `${rows.join('\n')}\n`)
        if (explain && evidence.length > 0) {
          for (const line of evidence) countHolds(line, heldBy)
          await write(explain, `${evidence.join('\n')}\n`)
        }
      },
    },
    {
      ...(threads !== undefined ? { threads } : {}),
      explain: explain !== undefined,
      ...(linking ? { onProgress: ticksTo(linking) } : {}),
      ...(options.train ? { train: { onTrained } } : {}),
    },
  )
  linking?.done()
  out.end()
  explain?.end()
  await Promise.all([once(out, 'finish'), ...(explain ? [once(explain, 'finish')] : [])])
  const finished = performance.now()
  const result = {
    requests: records.length,
    rejectedRows: summary.rejected,
    statuses: report.statuses,
    masterRecords: index.count,
    blocking: index.blockingSet,
    masterDigest: index.digest,
    modelDigest: linker.modelDigest,
    threads: report.threads,
    ...(trained ? { training: trained } : {}),
    ...(explain ? { heldBelowMatch: Object.fromEntries([...heldBy].sort(([a], [b]) => (a < b ? -1 : 1))) } : {}),
    candidatePairs: Object.fromEntries(report.counters.rules.map((r, i) => [r, report.counters.pairs[i] as number])),
    cappedBlocks: Object.fromEntries(report.counters.rules.map((r, i) => [r, report.counters.capped[i] as number])),
    distinctPairs: report.counters.distinct,
    seconds: { master: round((indexed - started) / 1000), link: round((finished - linkStart) / 1000), total: round((finished - started) / 1000) },
  }
  if (options.json) return `${JSON.stringify(result, null, 2)}\n`
  const s = report.statuses
  return [
    `linked ${thousands(records.length)} requests against ${thousands(index.count)} master records in ${result.seconds.total} s (${report.threads} thread${report.threads === 1 ? '' : 's'})`,
    `  blocking   ${index.blockingSummary}`,
    `  match      ${thousands(s.match)}`,
    `  possible   ${thousands(s.possible)}`,
    `  ambiguous  ${thousands(s.ambiguous)}`,
    `  none       ${thousands(s.none)}`,
    ...(summary.rejected > 0 ? [`  ${thousands(summary.rejected)} request rows rejected by intake (not linked)`] : []),
    ...(explain && heldBy.size > 0 ? [`  held below match, by reason (see the holds in ${options.explain}): ${[...heldBy].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, n]) => `${code} ${thousands(n)}`).join(', ')}`] : []),
    ...(trained?.rejected ? ['  EM training gave a degenerate fit (relatives taken for matches): m was kept, only the prior re-estimated'] : []),
    ...(trained?.refit === 'leave-one-out' ? ['  EM\'s free fit was degenerate (relatives taken for matches): m was estimated field by field from the pairs the other fields call matches'] : []),
    `  candidate pairs ${thousands(report.counters.distinct)}; master ${index.digest.slice(0, 19)}…; model ${linker.modelDigest.slice(0, 19)}…`,
    `  wrote ${shown(options.out)}${options.explain ? ` and ${shown(options.explain)}` : ''}`,
    '',
  ].join('\n')
}

/**
 * `verigate link --master FILE.shards.json`: every request scored against each shard in turn
 * (one shard in memory at a time) and each request's candidates merged as one index would
 * resolve them; MATCHES.csv and the evidence are those of the whole index.
 */
async function runShardedLink(options: LinkCommandOptions, paths: LinkPaths, settings: Record<string, number>, started: number): Promise<string> {
  const { createPrivateWriteStream } = await import('../../core/index.js')
  const { loadColumnMap } = await import('../../intake/index.js')
  const link = await import('../../link/index.js')
  const mode = progressMode(options.progress)
  const requestsMap = options.requestsMap ? await loadColumnMap(options.requestsMap) : undefined
  const model = options.model ? link.loadModel(options.model) : undefined
  const { records, summary } = await link.readRequestFile(paths.requests, requestsMap)
  const linkStart = performance.now()
  const shards = progressShown(mode) ? createProgress({ label: 'linking, shard by shard', mode, unit: 'shards' }) : undefined
  const shardDone = shards ? ticksTo(shards) : undefined
  const report = link.linkSharded(options.master, link.toLinkRequests(records), {
    ...(model ? { model } : {}),
    settings,
    ...(shardDone ? { onShard: (done: number) => shardDone(done) } : {}),
  })
  shards?.done()
  if (options.saveModel) link.saveModel(model ?? link.manifestModel(report.manifest, options.master), options.saveModel)
  const statuses = link.emptyStatusCounts()
  const heldBy = new Map<string, number>()
  // Owner-only, as for one index: request and master ids, and the compared values of people.
  const out = createPrivateWriteStream(paths.out)
  const explain = paths.explain ? createPrivateWriteStream(paths.explain) : undefined
  const write = async (stream: WriteStream, text: string) => {
    if (!stream.write(text)) await once(stream, 'drain')
  }
  await write(out, `${link.MATCHES_HEADER}\n`)
  for (let at = 0; at < report.results.length; at += 2000) {
    const chunk = report.results.slice(at, at + 2000)
    for (const r of chunk) statuses[r.status]++
    await write(out, `${chunk.map(link.matchRow).join('\n')}\n`)
    if (explain) {
      const lines = chunk.map(link.evidenceLine)
      for (const line of lines) countHolds(line, heldBy)
      await write(explain, `${lines.join('\n')}\n`)
    }
  }
  out.end()
  explain?.end()
  await Promise.all([once(out, 'finish'), ...(explain ? [once(explain, 'finish')] : [])])
  const finished = performance.now()
  const counters = report.counters
  const result = {
    requests: records.length,
    rejectedRows: summary.rejected,
    statuses,
    masterRecords: report.manifest.masterCount,
    masterDigest: report.manifest.masterDigest,
    modelDigest: report.modelDigest,
    shards: report.manifest.shards,
    ...(explain ? { heldBelowMatch: Object.fromEntries([...heldBy].sort(([a], [b]) => (a < b ? -1 : 1))) } : {}),
    candidatePairs: Object.fromEntries(counters.rules.map((r, i) => [r, counters.pairs[i] as number])),
    cappedBlocks: Object.fromEntries(counters.rules.map((r, i) => [r, counters.capped[i] as number])),
    distinctPairs: counters.distinct,
    seconds: { link: round((finished - linkStart) / 1000), total: round((finished - started) / 1000) },
  }
  if (options.json) return `${JSON.stringify(result, null, 2)}\n`
  return [
    `linked ${thousands(records.length)} requests against ${thousands(result.masterRecords)} master records in ${result.shards} shard${result.shards === 1 ? '' : 's'} in ${result.seconds.total} s`,
    `  match      ${thousands(statuses.match)}`,
    `  possible   ${thousands(statuses.possible)}`,
    `  ambiguous  ${thousands(statuses.ambiguous)}`,
    `  none       ${thousands(statuses.none)}`,
    ...(summary.rejected > 0 ? [`  ${thousands(summary.rejected)} request rows rejected by intake (not linked)`] : []),
    `  candidate pairs ${thousands(counters.distinct)}; master ${result.masterDigest.slice(0, 19)}…; model ${result.modelDigest.slice(0, 19)}…`,
    `  wrote ${shown(options.out)}${options.explain ? ` and ${shown(options.explain)}` : ''}`,
    '',
  ].join('\n')
}

/**
 * Counts the hold codes of one evidence line into `into`. The line is the linker's own JSON, in
 * which `"code"` occurs only in `holds`, so a pattern reads it without parsing the whole line
 * (a ten-million-line file would spend minutes in JSON.parse for a summary).
 */
function countHolds(line: string, into: Map<string, number>): void {
  if (!line.includes('"holds":')) return
  for (const m of line.matchAll(/"code":"([A-Z_]+)"/g)) into.set(m[1]!, (into.get(m[1]!) ?? 0) + 1)
}

/** An output's name in the summary: standard output for `-`. */
function shown(path: string): string {
  return isStandardStream(path) ? 'standard output' : path
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
