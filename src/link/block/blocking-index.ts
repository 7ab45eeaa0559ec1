/**
 * One blocking rule's postings: the (key, record) pairs of every master record, sorted by key.
 * A block is the run of equal keys. A directory over the keys' top bits says where each bucket
 * of keys starts, so a lookup reads the directory and a few postings of one bucket instead of
 * binary-searching them all (twenty cache misses at ten million).
 *
 * Large postings keep only the low 16 bits of each key (`compact`): with a directory of at least
 * 16 bits, a key's top bits are its bucket, and within a bucket the low 16 bits are the rest of
 * it, so equality and order are those of the whole key. That makes a posting 6 bytes instead of
 * 8: about 28 bytes a master record over the default rules.
 */
import { sharedArray } from '../shared-memory.js'

/** The typed arrays of one rule's postings. */
export interface BlockingPostings {
  /** Keys, sorted ascending (one per posting): whole keys, or their low 16 bits when `compact`. */
  readonly keys: Uint32Array | Uint16Array
  /** `rows[i]` is the master row of posting `i`. */
  readonly rows: Int32Array
  /** Postings of keys whose top `bits` bits are `b` are `[directory[b], directory[b + 1])`. */
  readonly directory: Uint32Array
  /** Bits of the directory (1 to 24). */
  readonly bits: number
  /** True when `keys` holds only the low 16 bits of each key (then `bits` ≥ 16). */
  readonly compact: boolean
  /**
   * The rule's keys whose blocks were split (see `BlockingRule.split`), whole and ascending:
   * their records are posted under finer keys instead, and a request with one of these keys
   * looks up its finer keys. Empty when the rule splits nothing.
   */
  readonly split: Uint32Array
}

/** No split blocks. */
const NO_SPLIT = new Uint32Array(0)

/** Postings at and above this count are compact (the 64K-bucket directory is then small beside them). */
export const COMPACT_FROM = 1 << 20

/**
 * Bits of the directory for `n` postings: about eight postings a bucket for small tables; for
 * compact ones at least 16 bits and about 32 postings a bucket (two cache lines of 16-bit keys).
 */
function directoryBits(n: number, compact: boolean): number {
  if (compact) return Math.max(16, Math.min(24, Math.ceil(Math.log2(n / 32))))
  return Math.max(1, Math.min(22, Math.ceil(Math.log2(Math.max(2, n / 8)))))
}

/** The directory of sorted whole keys at `bits` bits. */
function directoryOf(keys: Uint32Array, bits: number): Uint32Array {
  const shift = 32 - bits
  const buckets = 2 ** bits
  const directory = sharedArray(Uint32Array, buckets + 1)
  let at = 0
  for (let b = 0; b <= buckets; b++) {
    while (at < keys.length && (keys[at] as number) >>> shift < b) at++
    directory[b] = at
  }
  return directory
}

/** Below this many postings they are sorted natively (the radix sort's 64K-entry counts would dominate). */
const NATIVE_SORT_BELOW = 1 << 16

/**
 * Sorts (key, row) pairs by key, stably, and adds the directory. Large tables take a two-pass
 * 16-bit LSD radix sort (linear time: ten million pairs sort in well under a second, where a
 * comparison sort takes several); small ones, the common case of a one-off job, sort as
 * `key · 2²¹ + row` numbers with the native sort, which needs no warm-up (the radix sort's loops
 * are compiled, thrown away and recompiled for every rule of a cold process).
 */
export function sortPostings(keys: Uint32Array, rows: Int32Array): BlockingPostings {
  const n = keys.length
  const compact = n >= COMPACT_FROM
  const outKeys = compact ? new Uint32Array(n) : sharedArray(Uint32Array, n)
  const outRows = sharedArray(Int32Array, n)
  if (n < NATIVE_SORT_BELOW && ascendingBelow(rows, ROW_LIMIT)) sortNatively(keys, rows, outKeys, outRows)
  else radixSort(keys, rows, outKeys, outRows)
  const bits = directoryBits(n, compact)
  const directory = directoryOf(outKeys, bits)
  if (!compact) return { keys: outKeys, rows: outRows, directory, bits, compact, split: NO_SPLIT }
  const low = sharedArray(Uint16Array, n)
  for (let i = 0; i < n; i++) low[i] = (outKeys[i] as number) & 0xffff
  return { keys: low, rows: outRows, directory, bits, compact, split: NO_SPLIT }
}

/** Rows below this pack beside a 32-bit key into a double exactly (2³² · 2²¹ = 2⁵³). */
const ROW_LIMIT = 2 ** 21

/** True when `rows` are ascending and in [0, `limit`). */
function ascendingBelow(rows: Int32Array, limit: number): boolean {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number
    if (row < 0 || row >= limit || (i > 0 && row < (rows[i - 1] as number))) return false
  }
  return true
}

/** Sorts by (key, row) as `key · ROW_LIMIT + row` doubles: the stable order when rows are ascending. */
function sortNatively(keys: Uint32Array, rows: Int32Array, outKeys: Uint32Array, outRows: Int32Array): void {
  const n = keys.length
  const packed = new Float64Array(n)
  for (let i = 0; i < n; i++) packed[i] = (keys[i] as number) * ROW_LIMIT + (rows[i] as number)
  packed.sort()
  for (let i = 0; i < n; i++) {
    const v = packed[i] as number
    const k = Math.floor(v / ROW_LIMIT)
    outKeys[i] = k
    outRows[i] = v - k * ROW_LIMIT
  }
}

/** Sorts by key with a two-pass 16-bit LSD radix sort (stable). */
function radixSort(keys: Uint32Array, rows: Int32Array, outKeys: Uint32Array, outRows: Int32Array): void {
  const n = keys.length
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
}

/** The postings of `keys` (sorted, as `sortPostings` leaves them) with `rows` and their directory, as a snapshot stored them. */
export function postingsFrom(keys: Uint32Array | Uint16Array, rows: Int32Array, directory: Uint32Array, split: Uint32Array = NO_SPLIT): BlockingPostings {
  const bits = Math.log2(directory.length - 1)
  return { keys, rows, directory, bits, compact: keys instanceof Uint16Array, split }
}

/**
 * The whole key of posting `i` in bucket `bucket`: stored whole, or (compact postings) as its
 * low 16 bits beside a directory of at least 16 bits, whose bucket is the key's top bits.
 */
export function wholeKey(postings: BlockingPostings, bucket: number, i: number): number {
  const stored = postings.keys[i] as number
  if (!postings.compact) return stored
  return ((bucket << (32 - postings.bits)) | stored) >>> 0
}

/**
 * Calls `visit` with each block's bucket and postings `[start, end)`, in key order. Blocks never
 * straddle buckets; within one, equal stored keys are one block.
 */
function forEachBlock(postings: BlockingPostings, visit: (bucket: number, start: number, end: number) => void): void {
  const { keys, directory } = postings
  for (let b = 0; b + 1 < directory.length; b++) {
    const end = directory[b + 1] as number
    let i = directory[b] as number
    while (i < end) {
      let j = i + 1
      while (j < end && keys[j] === keys[i]) j++
      visit(b, i, j)
      i = j
    }
  }
}

/** The whole keys of the blocks of more than `above` postings, ascending. */
export function blocksAbove(postings: BlockingPostings, above: number): Uint32Array {
  const found: number[] = []
  forEachBlock(postings, (bucket, start, end) => {
    if (end - start > above) found.push(wholeKey(postings, bucket, start))
  })
  return Uint32Array.from(found)
}

/** Whether the block of `key` was split (binary search of `postings.split`). */
export function isSplit(postings: BlockingPostings, key: number): boolean {
  const split = postings.split
  let lo = 0
  let hi = split.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const k = split[mid] as number
    if (k === key) return true
    if (k < key) lo = mid + 1
    else hi = mid - 1
  }
  return false
}

/** The first posting of `key` (or where it would be within its bucket). */
export function blockStart(postings: BlockingPostings, key: number): number {
  const keys = postings.keys
  const bucket = key >>> (32 - postings.bits)
  let lo = postings.directory[bucket] as number
  let hi = postings.directory[bucket + 1] as number
  const want = postings.compact ? key & 0xffff : key
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((keys[mid] as number) < want) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The end of the block of `key` that starts at `start` (as `blockStart` found it). */
export function blockEnd(postings: BlockingPostings, key: number, start: number): number {
  const keys = postings.keys
  const limit = postings.directory[(key >>> (32 - postings.bits)) + 1] as number
  const want = postings.compact ? key & 0xffff : key
  let end = start
  while (end < limit && keys[end] === want) end++
  return end
}

/** The block of `key`: postings `[start, end)`. */
export function findBlock(postings: BlockingPostings, key: number): { start: number; end: number } {
  const start = blockStart(postings, key)
  return { start, end: blockEnd(postings, key, start) }
}

/** Sizes of the blocks: how many keys, the largest block, and how many exceed `cap`. */
export function blockStatistics(postings: BlockingPostings, cap: number): { keys: number; largest: number; oversized: number } {
  let distinct = 0
  let largest = 0
  let oversized = 0
  forEachBlock(postings, (_bucket, start, end) => {
    distinct++
    largest = Math.max(largest, end - start)
    if (end - start > cap) oversized++
  })
  return { keys: distinct, largest, oversized }
}
