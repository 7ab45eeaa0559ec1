/**
 * Finds a request's candidates: the master rows sharing a blocking key with it under any rule,
 * deduplicated. A block larger than the cap is skipped (and counted), never truncated: which
 * rows a truncated block kept would be arbitrary, while the other rules still reach the record.
 * A block the index split (a rule's `split`) is looked up by the request's finer keys.
 */
import { type BlockingRule, blockEnd, blockStart, finerKeys, isSplit, ruleKeys } from '../block/index.js'
import { type GlobalBlocks, type MasterIndex, globalBlockSize } from '../index/index.js'
import type { RequestProbe } from './request-probe.js'

/** Counters of blocking work, per rule (in the index's rule order). */
export interface BlockingCounters {
  readonly rules: readonly string[]
  /** Candidate pairs each rule produced, before deduplication. */
  readonly pairs: Float64Array
  /** Blocks skipped for exceeding the cap. */
  readonly capped: Float64Array
  /** Distinct candidate pairs, after deduplication across rules. */
  distinct: number
}

/** Fresh counters for an index's rules. */
export function emptyCounters(rules: readonly BlockingRule[]): BlockingCounters {
  return { rules: rules.map((r) => r.name), pairs: new Float64Array(rules.length), capped: new Float64Array(rules.length), distinct: 0 }
}

/** Adds `b` into `a`. */
export function addCounters(a: BlockingCounters, b: BlockingCounters): void {
  for (let i = 0; i < a.pairs.length; i++) {
    a.pairs[i] = (a.pairs[i] as number) + (b.pairs[i] as number)
    a.capped[i] = (a.capped[i] as number) + (b.capped[i] as number)
  }
  a.distinct += b.distinct
}

/** Finds candidates for requests of one index, reusing its buffers. */
export class CandidateFinder {
  readonly #index: MasterIndex
  readonly #cap: number
  readonly #keys: number[] = []
  /** A rule's own keys, while those of split blocks are replaced by their finer keys. */
  readonly #baseKeys: number[] = []
  #buffer = new Int32Array(1024)
  /** A shard's whole-index sizes of large blocks, by rule; null for a whole index. */
  readonly #whole: readonly GlobalBlocks[] | null
  /** Whether skipped blocks are counted here: by a whole index, and of a shard's only by the first. */
  readonly #countsCapped: boolean

  constructor(index: MasterIndex, maxBlockSize: number) {
    this.#index = index
    this.#cap = maxBlockSize
    this.#whole = index.meta.shard ? index.globalBlocks : null
    this.#countsCapped = (index.meta.shard?.number ?? 0) === 0
    // A shard knows the whole index's sizes only of blocks over the floor (see GlobalBlocks).
    const floor = index.meta.shard?.blockFloor
    if (floor !== undefined && maxBlockSize < floor) throw new RangeError(`a shard cut with a block floor of ${floor} is linked with blocks capped at ${floor} or more (asked: ${maxBlockSize})`)
  }

  /**
   * The distinct candidate rows of `probe`, sorted ascending, as a view of an internal buffer
   * (valid until the next call).
   */
  find(probe: RequestProbe, counters: BlockingCounters): Int32Array {
    let n = 0
    const rules = this.#index.meta.rules
    for (let r = 0; r < rules.length; r++) {
      const postings = this.#index.postings[r]
      if (!postings) continue
      const whole = this.#whole === null ? null : (this.#whole[r] as GlobalBlocks)
      const rule = rules[r] as BlockingRule
      this.#keys.length = 0
      ruleKeys(rule, probe.features, this.#keys)
      // A key whose block the index split is looked up by its finer keys instead (BlockingRule.split).
      if (rule.split && postings.split.length > 0) {
        const base = this.#baseKeys
        base.length = 0
        for (const key of this.#keys) base.push(key)
        this.#keys.length = 0
        for (const key of base) {
          if (isSplit(postings, key)) finerKeys(rule.split, key, probe.features, this.#keys)
          else this.#keys.push(key)
        }
      }
      for (const key of this.#keys) {
        const start = blockStart(postings, key)
        const end = blockEnd(postings, key, start)
        // In a shard, the cap is the whole index's: its size of the block decides, and the first
        // shard alone counts a skipped block, so the shards' counters add up to the whole's.
        const size = whole === null ? end - start : Math.max(end - start, globalBlockSize(whole, key))
        if (size > this.#cap) {
          if (this.#countsCapped) counters.capped[r] = (counters.capped[r] as number) + 1
          continue
        }
        counters.pairs[r] = (counters.pairs[r] as number) + (end - start)
        if (n + end - start > this.#buffer.length) {
          const bigger = new Int32Array(Math.max(this.#buffer.length * 2, n + end - start))
          bigger.set(this.#buffer.subarray(0, n))
          this.#buffer = bigger
        }
        for (let i = start; i < end; i++) this.#buffer[n++] = postings.rows[i] as number
      }
    }
    const rows = this.#buffer.subarray(0, n).sort()
    let distinct = 0
    for (let i = 0; i < n; i++) if (i === 0 || rows[i] !== rows[i - 1]) rows[distinct++] = rows[i] as number
    counters.distinct += distinct
    return rows.subarray(0, distinct)
  }
}
