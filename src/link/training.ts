/**
 * Training a model on the data at hand, as Splink does: u-probabilities from random pairs of
 * master records (almost all of which are different people), exact-agreement u computed exactly
 * from value frequencies (Σ p², the chance two random records share a value); then
 * m-probabilities and the match prior by EM on the blocked request–master pairs. EM estimates u
 * among blocked pairs too (blocked non-matches agree far more often than random pairs, so
 * holding the random-pair u there would push agreement into m), but only its m and λ are kept.
 */
import { COMPARISON_LEVELS } from '../core/index.js'
import { type MasterIndex, REC, RECORD_STRIDE } from './index/index.js'
import { COMPARED_FIELDS, type LinkModel, type PatternCounts, countPatterns, expectationMaximisation, leaveOneOutM, parameterArrays, withParameters } from './model/index.js'
import { type CandidateFinder, type PairComparer, type RequestProbe, DOB, F_ADDRESS, F_DOB, F_GIVEN, F_SURNAME, F_TIN, GIVEN, emptyCounters, masterProbe } from './score/index.js'

/** Options of u sampling. */
export interface USamplingOptions {
  /** Random master pairs to compare (default 50,000: enough for the common levels; exact-agreement u is computed exactly). */
  readonly pairs?: number
  readonly seed?: number
}

/** Options of EM training. */
export interface EmTrainingOptions {
  /** At most this many requests (a seeded sample) give the blocked pairs (default 50,000). */
  readonly maxRequests?: number
  readonly maxIterations?: number
  readonly seed?: number
  /**
   * Weight in pairs of the current model's m as a prior (default: 500 or 5% of the blocked
   * pairs, whichever is more; see `EmOptions.priorStrength`). A request file of mostly strangers
   * (the incident's: 4% in the master) gives blocked pairs dominated by namesakes and relatives,
   * which plain EM takes for matches.
   */
  readonly priorStrength?: number
}

/** What EM training did. */
export interface EmTrainingReport {
  readonly model: LinkModel
  readonly requests: number
  readonly pairs: number
  readonly patterns: number
  readonly iterations: number
  readonly converged: boolean
  /** The share of blocked pairs EM judged to be matches. */
  readonly lambda: number
  /**
   * True when the fit was refused as degenerate (exact agreement on the given name or date of
   * birth no more than four times as likely as disagreement among "matches"): m is then kept
   * and only the prior re-estimated, with m held.
   */
  readonly rejected: boolean
  /**
   * Set when the free fit was degenerate and m was estimated again another way, which was sane
   * and is used: `leave-one-out` (see `leaveOneOutM`).
   */
  readonly refit?: 'leave-one-out'
}

/** [field, agreeing level, disagreeing level] pairs a sane fit must keep apart. */
const DEGENERACY_CHECKS: readonly (readonly [number, number, number])[] = [
  [F_GIVEN, GIVEN.exact, GIVEN.different],
  [F_DOB, DOB.exact, DOB.different],
]

/**
 * How much likelier agreement must be than disagreement among the "matches" of a fit (see
 * DEGENERACY_CHECKS). The free fit's bar is high, since its failure (a second split) is a fit
 * that looks plausible. The leave-one-out refit cannot form that split, and files whose
 * duplicates carry many errors have a healthy ratio near 4 (scaled FEBRL: given name exact
 * 0.69, different 0.16; the refit found 0.68 and 0.17), so its bar only refuses a refit that
 * relatives swamped (agreement no likelier than twice disagreement).
 */
const FREE_FIT_FACTOR = 4
const REFIT_FACTOR = 2

/** Requests EM trains on at most, by default (a seeded sample of a larger file). */
export const EM_SAMPLE = 50_000
const EM_SEED = 7

/**
 * A seeded sample of `limit` items of `items` (all of them, in order, when there are no more):
 * a partial Fisher–Yates shuffle, so the same file and seed always train the same model.
 */
export function sampleOf<T>(items: readonly T[], limit: number, seed: number = EM_SEED): readonly T[] {
  if (items.length <= limit) return items
  const random = seededRandom(seed)
  const copy = [...items]
  for (let i = 0; i < limit; i++) {
    const j = i + Math.floor(random() * (copy.length - i))
    const t = copy[i] as T
    copy[i] = copy[j] as T
    copy[j] = t
  }
  return copy.slice(0, limit)
}

/** A small seeded PRNG (mulberry32), so training is repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Floors of u for address agreement. Fellegi–Sunter assumes fields agree independently, but
 * people who share a surname share homes: among the candidates of a request (blocked on surname
 * and place), another person at the same address is common (a spouse, a child), not the one in
 * a million that random pairs show. Without a floor a full address agreement would outweigh a
 * disagreeing given name and date of birth together, and link a request to a relative.
 */
export const ADDRESS_U_FLOOR: Readonly<Record<number, number>> = { 0: 0.000002, 1: 0.000002, 2: 0.00001 }

/** Σ p² over the values of field `field` of the records (0 and negative values are missing). */
function sumOfSquares(index: MasterIndex, field: number): number {
  const records = index.arrays.records
  const values = new Int32Array(index.count)
  let n = 0
  for (let row = 0; row < index.count; row++) {
    const v = records[row * RECORD_STRIDE + field] as number
    if (v > 0) values[n++] = v
  }
  const present = values.subarray(0, n).sort()
  if (n < 2) return 0
  let total = 0
  let i = 0
  while (i < n) {
    let j = i + 1
    while (j < n && present[j] === present[i]) j++
    total += ((j - i) / n) ** 2
    i = j
  }
  return total
}

function countSquares(counts: Int32Array, total: number): number {
  if (total < 2) return 0
  let s = 0
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as number
    if (c > 0) s += (c / total) ** 2
  }
  return s
}

/**
 * Estimates u from random master pairs and returns the model with the new u.
 */
export function estimateU(index: MasterIndex, comparer: PairComparer, model: LinkModel, options: USamplingOptions = {}): LinkModel {
  const n = index.count
  const random = seededRandom(options.seed ?? 42)
  const pairs = n < 2 ? 0 : Math.min(options.pairs ?? 50_000, (n * (n - 1)) / 2)
  const counts = COMPARED_FIELDS.map((f) => new Float64Array(COMPARISON_LEVELS[f].length))
  const levels = new Uint8Array(COMPARED_FIELDS.length)
  // The left side of each pair comes from a pool of a few thousand random rows, prepared once.
  const poolSize = Math.min(n, 4096)
  const pool = Array.from({ length: poolSize }, () => {
    const row = Math.floor(random() * n)
    return { row, probe: masterProbe(index, row, false) }
  })
  for (let k = 0; k < pairs; k++) {
    const left = pool[Math.floor(random() * poolSize)] as { row: number; probe: RequestProbe }
    let b = Math.floor(random() * n)
    if (b === left.row) b = (b + 1) % n
    comparer.compare(left.probe, b, levels)
    for (let f = 0; f < levels.length; f++) (counts[f] as Float64Array)[levels[f] as number]! += 1
  }
  const exact: Record<number, number> = {
    [F_GIVEN]: countSquares(index.arrays.givenCount, index.meta.givenTotal),
    [F_SURNAME]: countSquares(index.arrays.surnameCount, index.meta.surnameTotal),
    [F_DOB]: sumOfSquares(index, REC.dob),
    [F_TIN]: sumOfSquares(index, REC.tin),
  }
  const previous = parameterArrays(model, 'u')
  const u = counts.map((row, f) => {
    const missing = row.length - 1
    let seen = 0
    for (let l = 0; l < missing; l++) seen += row[l] as number
    if (seen === 0) return [...(previous[f] as number[])]
    const floor = 0.5 / seen
    const values = Array.from(row, (c, l) => (l === missing ? 1 : Math.max(floor, c / seen)))
    const fixed = exact[f]
    if (fixed !== undefined && fixed > 0) {
      let rest = 0
      for (let l = 1; l < missing; l++) rest += values[l] as number
      values[0] = fixed
      for (let l = 1; l < missing; l++) values[l] = ((values[l] as number) / rest) * (1 - fixed)
    } else {
      let sum = 0
      for (let l = 0; l < missing; l++) sum += values[l] as number
      for (let l = 0; l < missing; l++) values[l] = (values[l] as number) / sum
    }
    if (f === F_ADDRESS) {
      for (const [level, floor] of Object.entries(ADDRESS_U_FLOOR)) values[Number(level)] = Math.max(values[Number(level)] as number, floor)
    }
    return values
  })
  return withParameters(model, parameterArrays(model, 'm'), u, model.priorMatchRate, `u from ${pairs} random master pairs of ${index.count} records`)
}

/** The comparison patterns of blocked request–master pairs, counted: what EM trains on. */
export interface BlockedPatterns {
  readonly patterns: PatternCounts
  /** Blocked pairs compared (the sum of the pattern counts). */
  readonly pairs: number
}

/**
 * The patterns of the blocked pairs of `chosen`, in request order. Pairs are compared into one
 * reused vector and counted as patterns at once: ten million blocked pairs need no more memory
 * than their few thousand distinct patterns.
 */
export function blockedPatterns(index: MasterIndex, comparer: PairComparer, finder: CandidateFinder, chosen: Iterable<RequestProbe>): BlockedPatterns {
  const counters = emptyCounters(index.meta.rules)
  const levels = new Uint8Array(COMPARED_FIELDS.length)
  let pairs = 0
  function* vectors(): Generator<Uint8Array> {
    for (const p of chosen) {
      const rows = finder.find(p, counters)
      for (let i = 0; i < rows.length; i++) {
        comparer.compare(p, rows[i] as number, levels)
        pairs++
        yield levels
      }
    }
  }
  const patterns = countPatterns(LEVEL_COUNTS, vectors())
  return { patterns, pairs }
}

const LEVEL_COUNTS: readonly number[] = COMPARED_FIELDS.map((f) => COMPARISON_LEVELS[f].length)

/**
 * The patterns of consecutive parts of a sample (chunks done apart, on worker threads) as one
 * `blockedPatterns` of the whole sample would count them: patterns in the order they were
 * first seen, so EM sums them in the same order and trains the same model to the last bit.
 */
export function mergePatterns(parts: readonly BlockedPatterns[]): BlockedPatterns {
  const fields = LEVEL_COUNTS.length
  const at = new Map<string, number>()
  const levels: number[] = []
  const counts: number[] = []
  let pairs = 0
  for (const part of parts) {
    pairs += part.pairs
    const { levels: partLevels, counts: partCounts } = part.patterns
    for (let k = 0; k < partCounts.length; k++) {
      let key = ''
      for (let f = 0; f < fields; f++) key += String.fromCharCode(65 + (partLevels[k * fields + f] as number))
      const seen = at.get(key)
      if (seen === undefined) {
        at.set(key, counts.length)
        counts.push(partCounts[k] as number)
        for (let f = 0; f < fields; f++) levels.push(partLevels[k * fields + f] as number)
      } else counts[seen] = (counts[seen] as number) + (partCounts[k] as number)
    }
  }
  return { patterns: { levelCounts: LEVEL_COUNTS, levels: Uint8Array.from(levels), counts: Float64Array.from(counts) }, pairs }
}

/**
 * Estimates m and the prior by EM on the blocked pairs of `chosen` (the caller samples them: see
 * `sampleOf`); returns the report with the new model (u kept from `model`).
 */
export function trainEm(index: MasterIndex, comparer: PairComparer, finder: CandidateFinder, model: LinkModel, chosen: readonly RequestProbe[], options: EmTrainingOptions = {}): EmTrainingReport {
  return fitEm(index, model, blockedPatterns(index, comparer, finder, chosen), chosen.length, options)
}

/**
 * Estimates m and the prior by EM on the counted patterns of the blocked pairs of `requests`
 * sampled requests (see `trainEm`); u is kept from `model`.
 */
export function fitEm(index: MasterIndex, model: LinkModel, blocked: BlockedPatterns, requests: number, options: EmTrainingOptions = {}): EmTrainingReport {
  const { patterns, pairs } = blocked
  const m = parameterArrays(model, 'm')
  const u = parameterArrays(model, 'u')
  const start = { m, u: u.map((row) => row.map((x, l) => (l === row.length - 1 ? 1 : Math.max(x, 0.01)))), lambda: requests > 0 ? Math.min(0.5, requests / Math.max(1, pairs)) : 0.1 }
  const fitted = expectationMaximisation(patterns, start, { maxIterations: options.maxIterations ?? 100, floor: 1e-6, priorStrength: options.priorStrength ?? Math.max(500, 0.05 * pairs) })
  const expectedMatches = fitted.lambda * pairs
  const rate = requests > 0 ? expectedMatches / requests : model.priorMatchRate
  // EM can settle on the wrong split: with few true matches among many namesakes and relatives
  // its "match" class becomes "same surname and place", where given names and dates of birth
  // mostly disagree. Such a fit is refused and the model kept, not used to link anyone.
  const isDegenerate = (fit: readonly (readonly number[])[], factor: number) => DEGENERACY_CHECKS.some(([f, agree, differ]) => ((fit[f]?.[agree] as number) ?? 0) <= ((fit[f]?.[differ] as number) ?? 0) * factor)
  if (isDegenerate(fitted.m, FREE_FIT_FACTOR)) {
    // Keep m; estimate only the prior (and the blocked pairs' u, which is not kept) with m held
    // by an overwhelming prior, which EM cannot move.
    const held = expectationMaximisation(patterns, { ...start, m }, { maxIterations: options.maxIterations ?? 100, floor: 1e-6, priorStrength: 1e12 })
    // Then m field by field from the pairs the other fields call matches, at u from random
    // pairs (see `leaveOneOutM`): the free fit's second split cannot form there. Used when it
    // is sane itself, with the prior estimated again at its m.
    // λ per pair as the scorer takes it (the share of requests in the master over the master's
    // size), since u is that of random pairs: held at the blocked pairs' share, every pair that
    // agrees on its blocking field would count as half a match.
    const heldRate = requests > 0 ? (held.lambda * pairs) / requests : model.priorMatchRate
    const loo = leaveOneOutM(patterns, { m, u, lambda: Math.min(0.5, heldRate / Math.max(1, index.count)) }, { maxIterations: options.maxIterations ?? 50 })
    if (!isDegenerate(loo.m, REFIT_FACTOR)) {
      const prior = expectationMaximisation(patterns, { ...start, m: loo.m }, { maxIterations: options.maxIterations ?? 100, floor: 1e-6, priorStrength: 1e12 })
      const looRate = requests > 0 ? (prior.lambda * pairs) / requests : model.priorMatchRate
      const refit = withParameters(model, loo.m, u, looRate, `m field by field from the pairs the other fields call matches (the free fit was degenerate), prior by EM with that m held, on ${pairs} blocked pairs of ${requests} requests; u: ${model.description}`)
      return { model: refit, requests: requests, pairs, patterns: patterns.counts.length, iterations: fitted.iterations + held.iterations + loo.iterations + prior.iterations, converged: loo.converged && prior.converged, lambda: prior.lambda, rejected: false, refit: 'leave-one-out' }
    }
    const kept = withParameters(model, m, u, heldRate, `prior by EM with m held (the free fit was degenerate) on ${pairs} blocked pairs of ${requests} requests; u: ${model.description}`)
    return { model: kept, requests: requests, pairs, patterns: patterns.counts.length, iterations: fitted.iterations + held.iterations, converged: held.converged, lambda: held.lambda, rejected: true }
  }
  const trained = withParameters(model, fitted.m, u, rate, `m and prior by EM on ${pairs} blocked pairs of ${requests} requests; u: ${model.description}`)
  return { model: trained, requests: requests, pairs, patterns: patterns.counts.length, iterations: fitted.iterations, converged: fitted.converged, lambda: fitted.lambda, rejected: false }
}
