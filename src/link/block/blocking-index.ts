/**
 * One blocking rule's postings: the (key, record) pairs of every master record, sorted by key,
 * as two parallel typed arrays (8 bytes per pair, no per-key offsets). A block is the run of
 * equal keys, found by binary search.
 */
import { sharedArray } from '../shared-memory.js'

/** The typed arrays of one rule's postings. */
export interface BlockingPostings {
  /** Keys, sorted ascending (with repeats: one per posting). */
  readonly keys: Uint32Array
  /** `rows[i]` is the master row of `keys[i]`. */
  readonly rows: Int32Array
  /**
   * A directory over the keys' top bits: the postings of keys whose top bits are `b` start at
   * `directory[b]` (and end at `directory[b + 1]`), so a lookup searches a few postings instead
   * of all of them (and misses the cache a few times instead of twenty). Derived from `keys`:
   * not stored in snapshots, rebuilt on load.
   */
  readonly directory?: Uint32Array
}

/** Bits of the directory for `n` postings: about eight postings a bucket, at most 2^22 buckets. */
function directoryBits(n: number): number {
  return Math.max(4, Math.min(22, Math.ceil(Math.log2(Math.max(16, n / 8)))))
}

/** Adds the directory to sorted postings. */
export function withDirectory(postings: BlockingPostings): BlockingPostings {
  const bits = directoryBits(postings.keys.length)
  const shift = 32 - bits
  const buckets = 2 ** bits
  const directory = sharedArray(Uint32Array, buckets + 1)
  const keys = postings.keys
  let at = 0
  for (let b = 0; b <= buckets; b++) {
    while (at < keys.length && (keys[at] as number) >>> shift < b) at++
    directory[b] = at
  }
  return { keys: postings.keys, rows: postings.rows, directory }
}

/**
 * Sorts (key, row) pairs by key with a two-pass 16-bit LSD radix sort (stable, linear time:
 * ten million pairs sort in well under a second, where a comparison sort takes several).
 */
export function sortPostings(keys: Uint32Array, rows: Int32Array): BlockingPostings {
  const n = keys.length
  const outKeys = sharedArray(Uint32Array, n)
  const outRows = sharedArray(Int32Array, n)
  const tmpKeys = new Uint32Array(n)
  const tmpRows = new Int32Array(n)
  const counts = new Uint32Array(65537)
  // Pass 1: low 16 bits, keys → tmp.
  for (let i = 0; i < n; i++) counts[((keys[i] as number) & 0xffff) + 1]!++
  for (let b = 1; b <= 65536; b++) counts[b]! += counts[b - 1] as number
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number
    const at = counts[k & 0xffff]!++
    tmpKeys[at] = k
    tmpRows[at] = rows[i] as number
  }
  // Pass 2: high 16 bits, tmp → out.
  counts.fill(0)
  for (let i = 0; i < n; i++) counts[((tmpKeys[i] as number) >>> 16) + 1]!++
  for (let b = 1; b <= 65536; b++) counts[b]! += counts[b - 1] as number
  for (let i = 0; i < n; i++) {
    const k = tmpKeys[i] as number
    const at = counts[k >>> 16]!++
    outKeys[at] = k
    outRows[at] = tmpRows[i] as number
  }
  return withDirectory({ keys: outKeys, rows: outRows })
}

/** The first index in sorted `keys` whose key is ≥ `key`. */
export function lowerBound(keys: Uint32Array, key: number): number {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((keys[mid] as number) < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The first posting of `key` (or where it would be), using the directory when there is one. */
export function blockStart(postings: BlockingPostings, key: number): number {
  const keys = postings.keys
  const directory = postings.directory
  let lo = 0
  let hi = keys.length
  if (directory) {
    const bits = Math.log2(directory.length - 1)
    const bucket = key >>> (32 - bits)
    lo = directory[bucket] as number
    hi = directory[bucket + 1] as number
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((keys[mid] as number) < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The block of `key`: postings `[start, end)`. */
export function findBlock(postings: BlockingPostings, key: number): { start: number; end: number } {
  const start = blockStart(postings, key)
  let end = start
  const keys = postings.keys
  while (end < keys.length && keys[end] === key) end++
  return { start, end }
}

/** Sizes of the blocks: how many keys, the largest block, and how many exceed `cap`. */
export function blockStatistics(postings: BlockingPostings, cap: number): { keys: number; largest: number; oversized: number } {
  const keys = postings.keys
  let distinct = 0
  let largest = 0
  let oversized = 0
  let i = 0
  while (i < keys.length) {
    let j = i + 1
    while (j < keys.length && keys[j] === keys[i]) j++
    distinct++
    largest = Math.max(largest, j - i)
    if (j - i > cap) oversized++
    i = j
  }
  return { keys: distinct, largest, oversized }
}
