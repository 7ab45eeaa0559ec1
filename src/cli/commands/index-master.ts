/**
 * `verigate index`: builds the master index from a master file and writes it as a snapshot
 * (`.vgx`) that `verigate link --master FILE.vgx` loads in a fraction of the build time; with
 * `--shards K`, as K shard snapshots and a manifest (`FILE.shards.json`) that `verigate link
 * --master FILE.shards.json` links against shard by shard, with the whole index's answers.
 */
import type { Command } from 'commander'
import { InvalidInputError } from '../../core/index.js'
import { createProgress, progressMode, progressOptions, progressShown, ticksTo } from '../progress.js'

interface IndexCommandOptions {
  readonly master: string
  readonly map?: string
  readonly blocking: string
  readonly out: string
  readonly shards?: string
  readonly model?: string
  readonly json?: boolean
  /** `--progress` (a mode) or `--no-progress` (false): read with `progressMode`. */
  readonly progress: string | boolean
}

/** Registers `verigate index`. */
export function registerIndexCommand(program: Command): void {
  program
    .command('index')
    .description('Build the master index (standardized, dictionary-encoded, with blocking postings) and save it as a .vgx snapshot.')
    .requiredOption('--master <file>', 'the master file (CSV, JSON Lines, Parquet)')
    .requiredOption('--out <file>', 'where to write the snapshot (FILE.vgx), or with --shards the manifest (FILE.shards.json; the shards FILE.shard-<i>-of-<K>.vgx beside it)')
    .option('--shards <k>', 'cut the index into K shards by contiguous row ranges, each carrying the whole master’s name statistics, plus a manifest')
    .option('--model <file>', 'with --shards: the model (JSON, verigate-link-model/1) the manifest carries for every shard; default: the built-in model')
    .option('--map <file>', 'column map (JSON) of the master file; without it, columns are taken by name')
    .option('--blocking <set>', 'blocking rules: auto (by the master’s size: small-file rules up to 2,500 records, national above), national (default is its older name), small-file (loose keys: a surname’s sound alone, a date of birth alone; blocks that grow with the master), or wide (the first version’s rules)', 'auto')
    .option('--json', 'print the summary as JSON instead of text')
    .addOption(progressOptions()[0])
    .addOption(progressOptions()[1])
    .addHelpText(
      'after',
      '\nExamples:\n  verigate generate --people 1000 --requests 200 --seed 7 --out data\n  verigate index --master data/master.csv --out master.vgx\n  verigate link --master master.vgx --requests data/requests.csv --out matches.csv\n  verigate index --master data/master.csv --shards 4 --out master.shards.json\n  verigate link --master master.shards.json --requests data/requests.csv --out matches.csv',
    )
    .action(async (options: IndexCommandOptions) => {
      process.stdout.write(await runIndex(options))
    })
}

async function runIndex(options: IndexCommandOptions): Promise<string> {
  const link = await import('../../link/index.js')
  const shards = options.shards === undefined ? undefined : Number(options.shards)
  if (shards !== undefined && (!Number.isInteger(shards) || shards < 1)) throw new InvalidInputError(`--shards ${options.shards}: expected a positive integer`)
  if (shards === undefined && options.model) throw new InvalidInputError('--model is for a sharded index (--shards K): a .vgx snapshot carries no model')
  if (shards === undefined && !options.out.toLowerCase().endsWith('.vgx')) throw new InvalidInputError(`--out ${options.out}: a snapshot's name must end in .vgx`)
  if (shards !== undefined && !link.isManifestPath(options.out)) throw new InvalidInputError(`--out ${options.out}: with --shards, --out names the manifest, which must end in ${link.MANIFEST_SUFFIX}`)
  const { loadColumnMap } = await import('../../intake/index.js')
  const model = options.model ? link.loadModel(options.model) : link.DEFAULT_MODEL
  const mode = progressMode(options.progress)
  const map = options.map ? await loadColumnMap(options.map) : undefined
  const rules = options.blocking === 'auto' ? 'by-size' : link.BLOCKING_RULE_SETS[options.blocking as keyof typeof link.BLOCKING_RULE_SETS]
  if (!rules) throw new InvalidInputError(`--blocking ${options.blocking}: expected auto, national, default, small-file or wide`)
  const started = performance.now()
  const progress = progressShown(mode) ? createProgress({ label: 'indexing', mode, unit: 'rows' }) : undefined
  const { index, summary } = await link.indexMasterFile(options.master, {
    rules,
    ...(map ? { map } : {}),
    ...(progress ? { onProgress: ticksTo(progress) } : {}),
  })
  progress?.done()
  const built = performance.now()
  const manifest = shards === undefined ? undefined : link.saveShardedIndex(index, options.out, { shards, model, modelDigest: link.modelDigest(model) })
  if (!manifest) link.saveMasterIndex(index, options.out)
  const saved = performance.now()
  const result = {
    records: index.count,
    rejectedRows: summary.rejected,
    digest: index.digest,
    bytes: index.byteLength,
    bytesPerRecord: Math.round(index.byteLength / Math.max(1, index.count)),
    blocking: index.blockingSet,
    rules: index.ruleStatistics(1000),
    ...(manifest ? { shards: manifest.files.map((f) => ({ file: f.file, records: f.records, sha256: f.sha256 })), modelDigest: manifest.modelDigest } : {}),
    seconds: { build: Math.round(built - started) / 1000, save: Math.round(saved - built) / 1000 },
  }
  if (options.json) return `${JSON.stringify(result, null, 2)}\n`
  return [
    `indexed ${index.count.toLocaleString('en-US')} master records in ${result.seconds.build} s; wrote ${options.out} in ${result.seconds.save} s`,
    `  blocking: ${index.blockingSummary}`,
    `  ${result.bytes.toLocaleString('en-US')} bytes of arrays (${result.bytesPerRecord} per record); digest ${index.digest}`,
    ...(summary.rejected > 0 ? [`  ${summary.rejected.toLocaleString('en-US')} rows rejected by intake (not indexed)`] : []),
    ...(manifest ? [`  ${manifest.shards} shard${manifest.shards === 1 ? '' : 's'}: ${manifest.files.map((f) => `${f.file} (${f.records.toLocaleString('en-US')} records)`).join(', ')}; model ${manifest.modelDigest.slice(0, 19)}…`] : []),
    ...result.rules.map((r) => `  rule ${r.rule}: ${r.keys.toLocaleString('en-US')} blocks, largest ${r.largest}, ${r.oversized} over the cap`),
    '',
  ].join('\n')
}
