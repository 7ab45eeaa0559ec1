/**
 * The merge of a sharded link: each shard answers, for each request, every candidate it found
 * with full evidence (`ShardCandidates`); `mergeCandidates` ranks the union as one index would
 * (weight, then the whole index's row) and resolves it through `resolveRanked`, the linker's own
 * decision path, so statuses, best candidates, rivals, margins, weights and holds are those of
 * one process over the whole index. Pure: no index, only what the shards sent (plain JSON, so
 * the answers can travel between processes).
 *
 * Why a shard sends all its candidates: which rivals count depends on the best of the union
 * (another shard's, perhaps) and on which candidates are the same person as it, so no shard can
 * tell alone which of its candidates a merge will skip. Blocking bounds them (blocks over the
 * cap are skipped): a few to a few dozen a request.
 */
import type { Candidate, MatchResult, RequestFacts } from '../../core/index.js'
import { weightToProbability } from '../model/index.js'
import { type PersonFacts, type RankedCandidates, type ResolveSettings, type Scored, resolveRanked, resultOf, samePersonFacts } from './resolve.js'

/** One candidate as a shard found it: what resolution reads, and the evidence a result shows. */
export interface ShardCandidate {
  /** The whole index's row (ties of weight are broken by it, as one index breaks them). */
  readonly row: number
  /** The unrounded weight (bits). */
  readonly weight: number
  /** Comparison levels, one per compared field. */
  readonly levels: readonly number[]
  readonly middleInitialsDiffer: boolean
  readonly middleInitialsAgree: boolean
  /** The given names are of different sexes (asked only of a shard's best; false for the rest). */
  readonly givenSexDiffers: boolean
  /** What `samePerson` compares. */
  readonly person: PersonFacts
  /** The evidence a result lists (master id, rounded weight, probability, comparisons). */
  readonly evidence: Candidate
}

/** One request's candidates in one shard, strongest first. */
export interface ShardCandidates {
  readonly requestId: string
  readonly facts: RequestFacts
  readonly candidates: readonly ShardCandidate[]
  /** The whole index's digest (every shard of a build carries it). */
  readonly masterDigest: string
  readonly modelDigest: string
}

/** What the merge needs of the linker's settings. */
export interface MergeSettings extends ResolveSettings {
  /** How many rivals a result lists at most. */
  readonly maxRivals: number
}

/**
 * The result of one request from its candidates in every shard (the same request, the same
 * build and model in each): exactly what one index would have decided.
 *
 * @example
 * const result = mergeCandidates([fromShard0, fromShard1], linker.settings)
 */
export function mergeCandidates(parts: readonly ShardCandidates[], settings: MergeSettings): MatchResult {
  const first = parts[0]
  if (!first) throw new RangeError('mergeCandidates: no shard answered')
  for (const p of parts) {
    if (p.requestId !== first.requestId) throw new RangeError(`mergeCandidates: answers of requests ${first.requestId} and ${p.requestId} cannot be merged`)
    if (p.masterDigest !== first.masterDigest || p.modelDigest !== first.modelDigest) throw new RangeError(`mergeCandidates: request ${first.requestId} was answered by shards of different builds or models`)
  }
  const all: ShardCandidate[] = []
  for (const p of parts) for (const c of p.candidates) all.push(c)
  all.sort((a, b) => b.weight - a.weight || a.row - b.row)
  const scored = (k: number): Scored => {
    const c = all[k] as ShardCandidate
    return { row: c.row, weight: c.weight, probability: weightToProbability(c.weight), levels: Uint8Array.from(c.levels), middleInitialsDiffer: c.middleInitialsDiffer, middleInitialsAgree: c.middleInitialsAgree }
  }
  const ranked: RankedCandidates = {
    length: all.length,
    weight: (k) => (all[k] as ShardCandidate).weight,
    sameAsBest: (k) => samePersonFacts((all[0] as ShardCandidate).person, (all[k] as ShardCandidate).person),
    scored,
    givenSexDiffers: (k) => (all[k] as ShardCandidate).givenSexDiffers,
  }
  const resolution = resolveRanked(ranked, settings, settings.maxRivals)
  return resultOf(first.requestId, first.facts, resolution, (k) => (all[k] as ShardCandidate).evidence, settings.maxRivals, first.masterDigest, first.modelDigest)
}
