/**
 * The match-weight distribution as a histogram: a batch of 1.28 million requests has as many
 * weights, far too many to carry into a report one by one, so the report takes counts per bin.
 * Fellegi & Sunter (1969) weights are log2 likelihood ratios, so fixed-width bins in bits read
 * directly against the match and possible thresholds.
 */
import { InvalidInputError } from '../core/index.js'

/** One bin: the weights `w` with `start <= w < end`, and how many there were. */
export interface HistogramBin {
  /** Lower bound in bits (inclusive), a multiple of the bin width. */
  readonly start: number
  /** Upper bound in bits (exclusive): `start + binWidth`. */
  readonly end: number
  readonly count: number
}

/** The distribution of match weights over a batch. */
export interface WeightHistogram {
  /** Width of every bin in bits. */
  readonly binWidth: number
  /** Every bin from the lowest non-empty one to the highest, empty ones between included, ascending. */
  readonly bins: readonly HistogramBin[]
  /** How many weights were counted (the sum of the bin counts). */
  readonly total: number
  /** The smallest and largest weight counted; null when there were none. */
  readonly min: number | null
  readonly max: number | null
}

/** Bins beyond this many mean a bin width far too small for a readable chart (or a stray weight). */
export const MAX_HISTOGRAM_BINS = 2000

/**
 * Counts match weights into bins of `binWidth` bits, in one pass and constant memory per bin, so
 * it can take a generator over millions of stored weights.
 *
 * @example
 * weightHistogram([-3.2, 0.5, 0.9, 12.1], 5)
 * // { binWidth: 5, total: 4, min: -3.2, max: 12.1, bins: [
 * //   { start: -5, end: 0, count: 1 }, { start: 0, end: 5, count: 2 },
 * //   { start: 5, end: 10, count: 0 }, { start: 10, end: 15, count: 1 } ] }
 */
export function weightHistogram(weights: Iterable<number>, binWidth: number): WeightHistogram {
  const counter = createWeightCounter(binWidth)
  for (const w of weights) counter.add(w)
  return counter.histogram()
}

/** Counts weights one at a time, for callers that see them one by one (a batch tally). */
export interface WeightCounter {
  /** Counts one weight; throws `InvalidInputError` when it is not finite. */
  add(weight: number): void
  /** The histogram of the weights counted so far. */
  histogram(): WeightHistogram
}

/**
 * A weight counter with bins of `binWidth` bits: constant memory per bin.
 *
 * @example
 * const counter = createWeightCounter(1)
 * counter.add(3.5)
 * counter.histogram().bins // [{ start: 3, end: 4, count: 1 }]
 */
export function createWeightCounter(binWidth: number): WeightCounter {
  if (!Number.isFinite(binWidth) || binWidth <= 0) throw new InvalidInputError(`a histogram's bin width must be a positive number, not ${binWidth}`)
  const counts = new Map<number, number>()
  let total = 0
  let min = Infinity
  let max = -Infinity
  return {
    add(w) {
      if (!Number.isFinite(w)) throw new InvalidInputError(`a match weight must be a finite number, not ${w}`)
      const index = Math.floor(w / binWidth)
      counts.set(index, (counts.get(index) ?? 0) + 1)
      total += 1
      if (w < min) min = w
      if (w > max) max = w
    },
    histogram() {
      if (total === 0) return { binWidth, bins: [], total: 0, min: null, max: null }
      return { binWidth, bins: denseBins(counts, binWidth), total, min, max }
    },
  }
}

/**
 * Adds histograms of the same bin width (shards of one batch, or a batch and its resumption).
 *
 * @example
 * mergeWeightHistograms([weightHistogram([1], 2), weightHistogram([3], 2)]).total // 2
 */
export function mergeWeightHistograms(histograms: readonly WeightHistogram[]): WeightHistogram {
  const first = histograms[0]
  if (!first) throw new InvalidInputError('there are no histograms to merge')
  const counts = new Map<number, number>()
  let total = 0
  let min = Infinity
  let max = -Infinity
  for (const h of histograms) {
    if (h.binWidth !== first.binWidth) throw new InvalidInputError(`histograms of bin widths ${first.binWidth} and ${h.binWidth} cannot be merged`)
    for (const bin of h.bins) {
      if (bin.count === 0) continue
      const index = Math.round(bin.start / h.binWidth)
      counts.set(index, (counts.get(index) ?? 0) + bin.count)
    }
    total += h.total
    if (h.min !== null && h.min < min) min = h.min
    if (h.max !== null && h.max > max) max = h.max
  }
  if (total === 0) return { binWidth: first.binWidth, bins: [], total: 0, min: null, max: null }
  return { binWidth: first.binWidth, bins: denseBins(counts, first.binWidth), total, min, max }
}

/** The bins from the lowest index to the highest, with the empty ones between. */
function denseBins(counts: ReadonlyMap<number, number>, binWidth: number): HistogramBin[] {
  let low = Infinity
  let high = -Infinity
  for (const i of counts.keys()) {
    if (i < low) low = i
    if (i > high) high = i
  }
  if (high - low + 1 > MAX_HISTOGRAM_BINS) {
    throw new InvalidInputError(`a bin width of ${binWidth} bits gives ${high - low + 1} bins, more than ${MAX_HISTOGRAM_BINS}: choose a wider bin`)
  }
  const bins: HistogramBin[] = []
  for (let i = low; i <= high; i++) {
    bins.push({ start: round(i * binWidth), end: round((i + 1) * binWidth), count: counts.get(i) ?? 0 })
  }
  return bins
}

/** Removes the binary noise of `i * 0.1` (0.30000000000000004) from bin bounds. */
function round(value: number): number {
  return Number(value.toPrecision(12))
}
