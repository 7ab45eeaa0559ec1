/**
 * Cutting a master index into shards: K indexes over contiguous row ranges of the whole, each
 * carrying the whole index's dictionary, name counts and totals, full-name table, record count
 * (the prior) and the whole index's sizes of its large blocks (the cap), so that a request
 * scored against a shard gets, pair by pair, the very weights and levels the whole index gives.
 *
 * Why ranges and not hash(id) mod K: every request is checked against every shard anyway (its
 * blocking keys reach records anywhere), so a hash buys no locality; ranges keep each shard's
 * rows in the whole index's order, so a shard row maps to the whole row by one offset (the
 * merge breaks weight ties by whole row, as one index does, without a per-record map), and they
 * split the records exactly evenly.
 */
import { type BlockingPostings, wholeKey } from '../block/index.js'
import { sharedArray } from '../shared-memory.js'
import { GrowableArray } from './growable.js'
import { type GlobalBlocks, type MasterArrays, MasterIndex, type MasterMeta, SHARD_BLOCK_FLOOR, buildRulePostings, contentDigest } from './master-index.js'
import { RECORD_STRIDE } from './record-layout.js'

/** The row range `[start, end)` of shard `number` of `of` over `count` rows. */
export function shardRange(count: number, number: number, of: number): { start: number; end: number } {
  return { start: Math.floor((count * number) / of), end: Math.floor((count * (number + 1)) / of) }
}

/** The blocks of `postings` larger than `floor`, with their sizes, by ascending key. */
export function largeBlocks(postings: BlockingPostings, floor: number): GlobalBlocks {
  const keys = new GrowableArray(Uint32Array)
  const sizes = new GrowableArray(Uint32Array)
  const { directory } = postings
  // Blocks never straddle buckets (see blockStatistics).
  for (let b = 0; b + 1 < directory.length; b++) {
    const end = directory[b + 1] as number
    let i = directory[b] as number
    while (i < end) {
      let j = i + 1
      while (j < end && postings.keys[j] === postings.keys[i]) j++
      if (j - i > floor) {
        keys.push(wholeKey(postings, b, i))
        sizes.push(j - i)
      }
      i = j
    }
  }
  return { keys: keys.toShared(), sizes: sizes.toShared() }
}

/** The whole index's size of the block of `key`, or -1 when it is not over the shard's floor. */
export function globalBlockSize(blocks: GlobalBlocks, key: number): number {
  let lo = 0
  let hi = blocks.keys.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const k = blocks.keys[mid] as number
    if (k === key) return blocks.sizes[mid] as number
    if (k < key) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

function copyOf<T extends Int32Array | Uint32Array | Uint8Array>(source: T, start: number, end: number): T {
  const make = source.constructor as new (n: number) => T
  const out = sharedArray(make as never, end - start) as unknown as T
  out.set(source.subarray(start, end) as never)
  return out
}

/**
 * Shard `number` of `of` of a whole index: its rows, their ids and postings, and everything the
 * scorer reads across the master taken from the whole. `blockFloor` (default
 * `SHARD_BLOCK_FLOOR`) is the lowest block cap the shard can be linked with exactly.
 *
 * @example
 * const shards = [0, 1, 2, 3].map((i) => cutShard(index, i, 4))
 */
export function cutShard(index: MasterIndex, number: number, of: number, blockFloor = SHARD_BLOCK_FLOOR): MasterIndex {
  if (index.meta.shard) throw new Error('cutShard: the index is already a shard; cut the whole index')
  if (!Number.isInteger(of) || of < 1 || !Number.isInteger(number) || number < 0 || number >= of) throw new RangeError(`cutShard: shard ${number} of ${of}`)
  const a = index.arrays
  const { start, end } = shardRange(index.count, number, of)
  const width = index.meta.idWidth ?? 0
  let idBytes: Uint8Array
  let idOffsets: Uint32Array
  if (width > 0) {
    idBytes = copyOf(a.idBytes, start * width, end * width)
    idOffsets = sharedArray(Uint32Array, 0)
  } else {
    const first = a.idOffsets[start] as number
    idBytes = copyOf(a.idBytes, first, a.idOffsets[end] as number)
    idOffsets = sharedArray(Uint32Array, end - start + 1)
    for (let row = start; row <= end; row++) idOffsets[row - start] = (a.idOffsets[row] as number) - first
  }
  const arrays: MasterArrays = { ...a, idBytes, idOffsets, records: copyOf(a.records, start * RECORD_STRIDE, end * RECORD_STRIDE) }
  const draftMeta: MasterMeta = {
    ...index.meta,
    count: end - start,
    shard: { number, of, firstRow: start, masterCount: index.count, masterDigest: index.digest, blockFloor },
    digest: '',
  }
  const draft = new MasterIndex(draftMeta, arrays, [])
  // Blocks are split where the whole index split them, not where this shard's part is large.
  const postings = buildRulePostings(draft, index.meta.rules, undefined, index.postings.map((p) => p.split))
  const globalBlocks = index.postings.map((p) => largeBlocks(p, blockFloor))
  const meta: MasterMeta = { ...draftMeta, digest: contentDigest(draftMeta, arrays, postings, globalBlocks) }
  return new MasterIndex(meta, arrays, postings, globalBlocks)
}
