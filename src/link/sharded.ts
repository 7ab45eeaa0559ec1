/**
 * Linking against a sharded master index in one process: the shards are loaded one after
 * another (only one in memory at a time), every request is scored against each, and each
 * request's candidates from all shards are merged (`mergeCandidates`) into the result one
 * linker over the whole index gives. The job engine of issue 20 will run the same two steps, a
 * (request chunk × shard) job per worker and a merge per chunk, across processes.
 */
import type { MatchResult } from '../core/index.js'
import { nicknameGroups } from '../standardize/index.js'
import { type ShardManifest, loadShard, readShardManifest } from './index/index.js'
import { type LinkModel, modelDigest, parseModel } from './model/index.js'
import { type LinkRequest, type LinkSettings, createLinker } from './pipeline.js'
import { type BlockingCounters, type ShardCandidates, addCounters, emptyCounters, mergeCandidates } from './score/index.js'

/** Options of `linkSharded`. */
export interface ShardedLinkOptions {
  /** The model to score with; default: the manifest's (the build's) model. */
  readonly model?: LinkModel
  readonly settings?: Partial<LinkSettings>
  /** Called after each shard with the shards done. */
  readonly onShard?: (done: number, of: number) => void
}

/** What `linkSharded` did. */
export interface ShardedLinkReport {
  readonly manifest: ShardManifest
  /** One result a request, in request order. */
  readonly results: MatchResult[]
  /** The blocking counters summed over the shards: the whole index's. */
  readonly counters: BlockingCounters
  readonly modelDigest: string
}

/**
 * The model a manifest carries, checked against the digest it records.
 *
 * @example
 * const model = manifestModel(readShardManifest('master.shards.json'), 'master.shards.json')
 */
export function manifestModel(manifest: ShardManifest, path: string): LinkModel {
  const model = parseModel(manifest.model, `${path} (model)`)
  const digest = modelDigest(model)
  if (digest !== manifest.modelDigest) throw new RangeError(`${path}: its model's digest is ${digest}, but the manifest records ${manifest.modelDigest}`)
  return model
}

/**
 * Links `requests` against the sharded index of the manifest at `manifestPath`.
 *
 * @example
 * const { results } = linkSharded('master.shards.json', toLinkRequests(records))
 */
export function linkSharded(manifestPath: string, requests: readonly LinkRequest[], options: ShardedLinkOptions = {}): ShardedLinkReport {
  const manifest = readShardManifest(manifestPath)
  const model = options.model ?? manifestModel(manifest, manifestPath)
  const answers: ShardCandidates[][] = requests.map(() => [])
  const counters = emptyCounters(manifest.rules)
  let settings: LinkSettings | undefined
  let digest = ''
  for (let i = 0; i < manifest.shards; i++) {
    const linker = createLinker({ index: loadShard(manifestPath, manifest, i), model, nicknameGroups, ...(options.settings ? { settings: options.settings } : {}) })
    settings = linker.settings
    digest = linker.modelDigest
    requests.forEach((request, r) => answers[r]?.push(linker.shardCandidates(request)))
    addCounters(counters, linker.blocking.counters())
    options.onShard?.(i + 1, manifest.shards)
  }
  const results = answers.map((parts) => mergeCandidates(parts, settings as LinkSettings))
  return { manifest, results, counters, modelDigest: digest }
}
