/**
 * A file linked against itself (a dedupe, as Splink's tutorials run one): every record is a
 * request against the index of the whole file. Three steps the request-by-request linker has no
 * use for:
 *
 * - the pairs of two different records, each scored once (the stronger of its two directions);
 * - the prior of a dedupe: the linker's prior is the share of requests whose person is in the
 *   master, spread over the master (a bulk request is mostly strangers: 0.05), while in a dedupe
 *   every record is in the file and many have several others of the same person; the prior is
 *   estimated from the pairs themselves, as EM estimates it with m and u held (the probability
 *   that two records of the file are one person is the mean of the pairs' match probabilities);
 * - clusters: records joined through a third record of the same person (connected components of
 *   the pairs at a threshold, as Splink's `cluster_pairwise_predictions_at_threshold`).
 */
import { priorWeight } from './model/index.js'
import type { LinkRequest, Linker } from './pipeline.js'

/** Two different records of a file and the evidence that they are one person. */
export interface DedupePair {
  /** The ids of the two records, `a` < `b`. */
  readonly a: string
  readonly b: string
  /**
   * The pair's match weight less the linker's prior (bits): what the compared fields say, to
   * which a dedupe adds its own prior (`dedupeWeight`). The stronger of the two directions.
   */
  readonly evidence: number
}

/**
 * Every candidate pair of two different records of `requests` (the records the linker's index
 * was built from), scored from both sides. A record's own row is left out by its id.
 */
export function dedupePairs(linker: Linker, requests: Iterable<LinkRequest>): DedupePair[] {
  const prior = priorWeight(linker.model, linker.index.count)
  const best = new Map<string, number>()
  for (const request of requests) {
    const id = request.standardized.id
    for (const c of linker.scoreCandidates(request)) {
      if (c.masterId === id) continue
      const key = id < c.masterId ? `${id}\t${c.masterId}` : `${c.masterId}\t${id}`
      const evidence = c.weight - prior
      const seen = best.get(key)
      if (seen === undefined || evidence > seen) best.set(key, evidence)
    }
  }
  return Array.from(best, ([key, evidence]) => {
    const tab = key.indexOf('\t')
    return { a: key.slice(0, tab), b: key.slice(tab + 1), evidence }
  })
}

/** The prior weight (bits) of a pair of records that are one person with probability `lambda`. */
export function dedupePriorWeight(lambda: number): number {
  return Math.log2(lambda / (1 - lambda))
}

/**
 * The probability that two records of a file of `records` records are one person, estimated
 * from its scored pairs: the fixed point of λ = Σ p(pair | λ) / (records · (records − 1) / 2),
 * the prior step of EM with m and u held. Pairs no blocking rule joined count as different
 * people (their probability is negligible beside the candidates'). Starts from one duplicate in
 * ten thousand pairs and stops when λ moves less than one part in a million.
 */
export function estimateDedupePrior(pairs: readonly DedupePair[], records: number, maxIterations = 200): number {
  const total = (records * (records - 1)) / 2
  if (total <= 0 || pairs.length === 0) return 0
  let lambda = 1e-4
  for (let i = 0; i < maxIterations; i++) {
    const w = dedupePriorWeight(lambda)
    let sum = 0
    for (const p of pairs) sum += 1 / (1 + 2 ** -(p.evidence + w))
    // Clamped below one half: a file in which most pairs are one person is not a dedupe task.
    const next = Math.min(0.5, sum / total)
    if (Math.abs(next - lambda) <= lambda * 1e-6) return next
    lambda = next
  }
  return lambda
}

/** A pair's match probability under a dedupe prior `lambda`. */
export function dedupeProbability(pair: DedupePair, lambda: number): number {
  return 1 / (1 + 2 ** -(pair.evidence + dedupePriorWeight(lambda)))
}

/**
 * Connected components of `pairs`: each record named in a pair mapped to its cluster's
 * representative (the smallest id in it). Two records are in one cluster when a chain of pairs
 * joins them, through any number of third records. Records in no pair are absent.
 */
export function clusterPairs(pairs: Iterable<readonly [string, string]>): Map<string, string> {
  const parent = new Map<string, string>()
  const find = (x: string): string => {
    let root = x
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up
    // Path compression: later finds from x are one step.
    for (let at = x; at !== root; ) {
      const next = parent.get(at) as string
      parent.set(at, root)
      at = next
    }
    return root
  }
  for (const [a, b] of pairs) {
    if (!parent.has(a)) parent.set(a, a)
    if (!parent.has(b)) parent.set(b, b)
    const ra = find(a)
    const rb = find(b)
    // The smaller id becomes the root, so a cluster is named by its smallest id whatever the order.
    if (ra < rb) parent.set(rb, ra)
    else if (rb < ra) parent.set(ra, rb)
  }
  const out = new Map<string, string>()
  for (const x of parent.keys()) out.set(x, find(x))
  return out
}
