/**
 * The RFC 6962 Merkle tree over ledger entries, kept incrementally. A node is named by its level
 * (0 for leaves) and its index in that level; node (level, index) covers the leaves
 * [index·2^level, (index+1)·2^level). Only complete nodes are ever stored: a tree of any size is
 * the fold of its compact range (the complete nodes at the set bits of its size, Trillian's
 * `merkle/compact`), and every proof element is the hash of a range of leaves that splits into
 * complete nodes. So appends write each node once, and a proof reads O(log² n) stored nodes.
 */
import { EMPTY_ROOT, HASH_SIZE, hashChildren, sha256Into } from './verify.js'

/** A complete subtree: `level` 0 is a leaf. */
export interface NodeId {
  readonly level: number
  readonly index: number
}

/** A range of leaves [start, end). */
export interface LeafRange {
  readonly start: number
  readonly end: number
}

/** The largest power of two strictly below `n` (n ≥ 2): RFC 6962's split point k. */
export function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** The nodes of the compact range of a tree of `size` leaves, largest (leftmost) first. */
export function frontierIds(size: number): NodeId[] {
  const ids: NodeId[] = []
  let start = 0
  for (let level = Math.floor(Math.log2(Math.max(size, 1))) + 1; level >= 0; level--) {
    const width = 2 ** level
    if (start + width <= size) {
      ids.push({ level, index: start / width })
      start += width
    }
  }
  return ids
}

/** Folds a compact range (largest node first) into the tree's root, right to left. */
export function rootOfFrontier(hashes: readonly Uint8Array[]): Buffer {
  if (hashes.length === 0) return Buffer.from(EMPTY_ROOT)
  let root: Buffer = Buffer.from(hashes[hashes.length - 1] as Uint8Array)
  for (let i = hashes.length - 2; i >= 0; i--) root = hashChildren(hashes[i] as Uint8Array, root)
  return root
}

/** A node completed by an append, to be stored. */
export interface NewNode extends NodeId {
  readonly hash: Buffer
}

/**
 * The frontier of a growing tree: appending a leaf completes the nodes above it and reports them,
 * so a store can keep every complete node without ever rebuilding the tree.
 *
 * @example
 * const range = CompactRange.empty()
 * range.append(hashLeaf(entry), (node) => nodes.push(node))
 * range.root()
 */
export class CompactRange {
  #size: number
  /** Hashes of the frontier nodes, largest first; `#levels[i]` is the level of `#hashes[i]`. */
  #hashes: Buffer[]
  #levels: number[]

  private constructor(size: number, hashes: Buffer[], levels: number[]) {
    this.#size = size
    this.#hashes = hashes
    this.#levels = levels
  }

  /** The frontier of the empty tree. */
  static empty(): CompactRange {
    return new CompactRange(0, [], [])
  }

  /** The frontier of a tree of `size` leaves from its nodes, as `frontierIds(size)` lists them. */
  static fromFrontier(size: number, hashes: readonly Uint8Array[]): CompactRange {
    const ids = frontierIds(size)
    if (ids.length !== hashes.length) throw new RangeError(`a tree of ${size} leaves has ${ids.length} frontier nodes, ${hashes.length} given`)
    return new CompactRange(
      size,
      hashes.map((h) => Buffer.from(h)),
      ids.map((id) => id.level),
    )
  }

  get size(): number {
    return this.#size
  }

  /** Appends a leaf hash; `onNode` hears of every interior node it completes, lowest first. */
  append(leafHash: Uint8Array, onNode?: (node: NewNode) => void): void {
    if (leafHash.length !== HASH_SIZE) throw new RangeError('a leaf hash is 32 bytes')
    let hash: Buffer = Buffer.from(leafHash)
    let level = 0
    let index = this.#size
    while (this.#levels.length > 0 && this.#levels[this.#levels.length - 1] === level) {
      const left = this.#hashes.pop() as Buffer
      this.#levels.pop()
      hash = hashChildren(left, hash)
      level += 1
      index = Math.floor(index / 2)
      onNode?.({ level, index, hash })
    }
    this.#hashes.push(hash)
    this.#levels.push(level)
    this.#size += 1
  }

  /** The root hash of the tree so far. */
  root(): Buffer {
    return rootOfFrontier(this.#hashes)
  }

  /** The frontier hashes, largest first (as `frontierIds(size)` names them). */
  frontier(): readonly Buffer[] {
    return [...this.#hashes]
  }
}

/**
 * The leaf ranges whose hashes make the inclusion proof of leaf `index` in a tree of `size`
 * leaves, from the leaf's sibling upwards: RFC 6962 §2.1.1, PATH(m, D[n]).
 */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`)
  const out: LeafRange[] = []
  const walk = (m: number, start: number, end: number): void => {
    const n = end - start
    if (n <= 1) return
    const k = splitPoint(n)
    if (m < k) {
      walk(m, start, start + k)
      out.push({ start: start + k, end })
    } else {
      walk(m - k, start + k, end)
      out.push({ start, end: start + k })
    }
  }
  walk(index, 0, size)
  return out
}

/**
 * The leaf ranges whose hashes make the consistency proof between trees of `size1` and `size2`
 * leaves: RFC 6962 §2.1.2, PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
 */
export function consistencyRanges(size1: number, size2: number): LeafRange[] {
  if (!(Number.isSafeInteger(size1) && Number.isSafeInteger(size2) && size1 >= 0 && size1 <= size2)) {
    throw new RangeError(`no consistency proof from ${size1} to ${size2} entries`)
  }
  if (size1 === 0 || size1 === size2) return []
  const out: LeafRange[] = []
  const walk = (m: number, start: number, end: number, whole: boolean): void => {
    const n = end - start
    if (m === n) {
      if (!whole) out.push({ start, end })
      return
    }
    const k = splitPoint(n)
    if (m <= k) {
      walk(m, start, start + k, whole)
      out.push({ start: start + k, end })
    } else {
      walk(m - k, start + k, end, false)
      out.push({ start, end: start + k })
    }
  }
  walk(size1, 0, size2, true)
  return out
}

/** How a range's hash is computed from stored nodes: a node, or the hash of two parts. */
type RangeRecipe = { readonly node: NodeId } | { readonly left: RangeRecipe; readonly right: RangeRecipe }

/** MTH(D[start:end]) as RFC 6962 defines it, reduced to complete nodes where they are aligned. */
function recipeFor(start: number, end: number): RangeRecipe {
  const n = end - start
  if (n < 1) throw new RangeError('an empty range has no hash in a proof')
  let width = 1
  let level = 0
  while (width < n) {
    width *= 2
    level += 1
  }
  if (width === n && start % n === 0) return { node: { level, index: start / n } }
  const k = splitPoint(n)
  return { left: recipeFor(start, start + k), right: recipeFor(start + k, end) }
}

function collectNodes(recipe: RangeRecipe, into: NodeId[]): void {
  if ('node' in recipe) into.push(recipe.node)
  else {
    collectNodes(recipe.left, into)
    collectNodes(recipe.right, into)
  }
}

function evaluate(recipe: RangeRecipe, lookup: (id: NodeId) => Uint8Array): Buffer {
  if ('node' in recipe) return Buffer.from(lookup(recipe.node))
  return hashChildren(evaluate(recipe.left, lookup), evaluate(recipe.right, lookup))
}

const nodeKey = (id: NodeId): string => `${id.level}:${id.index}`

/** Reads stored complete nodes, returning their hashes in the order asked. */
export type NodeReader = (ids: readonly NodeId[]) => Promise<readonly Uint8Array[]>

/**
 * The hashes of leaf ranges (a proof's elements), reading every stored node they need in one call.
 */
export async function hashRanges(ranges: readonly LeafRange[], read: NodeReader): Promise<Buffer[]> {
  const recipes = ranges.map((r) => recipeFor(r.start, r.end))
  const needed: NodeId[] = []
  for (const recipe of recipes) collectNodes(recipe, needed)
  const unique = [...new Map(needed.map((id) => [nodeKey(id), id])).values()]
  const hashes = unique.length === 0 ? [] : await read(unique)
  const byKey = new Map(unique.map((id, i) => [nodeKey(id), hashes[i]]))
  return recipes.map((recipe) =>
    evaluate(recipe, (id) => {
      const hash = byKey.get(nodeKey(id))
      if (!hash || hash.length !== HASH_SIZE) throw new RangeError(`node ${nodeKey(id)} is missing`)
      return hash
    }),
  )
}

/**
 * Every complete node of a tree, in memory, level by level in flat buffers (32 bytes a node):
 * what `verify` rebuilds from the entries to check stored nodes and checkpoint roots, and an
 * in-memory reference for tests. About 64 bytes per leaf in all.
 */
export class MerkleLevels {
  #levels: Buffer[] = [Buffer.alloc(HASH_SIZE * 1024)]
  #counts: number[] = [0]

  get size(): number {
    return this.#counts[0] ?? 0
  }

  /** Appends a leaf hash and completes the nodes above it. */
  append(leafHash: Uint8Array): void {
    this.#carry(0, leafHash)
  }

  /**
   * Appends whole subtrees at once: `leaves` holds 2^h·k leaf hashes, `upper[j - 1]` the nodes of
   * level j (1 ≤ j ≤ h) of those k complete subtrees of 2^h leaves (as `subtreeLevels` computes
   * them, for instance in a worker thread). The tree's size must be a multiple of 2^h; the
   * nodes above level h are completed here.
   */
  appendSubtrees(leaves: Uint8Array, upper: readonly Uint8Array[]): void {
    const height = upper.length
    const width = 2 ** height
    const count = leaves.length / HASH_SIZE
    if (!Number.isInteger(count) || count % width !== 0 || this.size % width !== 0) {
      throw new RangeError(`subtrees of ${width} leaves cannot take ${count} leaves after ${this.size}`)
    }
    for (let level = 0; level <= height; level++) {
      const nodes = level === 0 ? leaves : (upper[level - 1] as Uint8Array)
      if (nodes.length !== (count / 2 ** level) * HASH_SIZE) throw new RangeError(`level ${level} of the subtrees has ${nodes.length / HASH_SIZE} nodes, not ${count / 2 ** level}`)
      if (level < height) this.#putMany(level, nodes)
      else for (let k = 0; k < count / width; k++) this.#carry(height, nodes.subarray(k * HASH_SIZE, (k + 1) * HASH_SIZE))
    }
  }

  /** Puts a node at `level` and completes the nodes above it. */
  #carry(fromLevel: number, node: Uint8Array): void {
    let hash: Uint8Array = node
    let level = fromLevel
    for (;;) {
      const index = this.#put(level, hash)
      if (index % 2 === 0) return
      const levelBuffer = this.#levels[level] as Buffer
      const left = levelBuffer.subarray((index - 1) * HASH_SIZE, index * HASH_SIZE)
      hash = hashChildren(left, hash)
      level += 1
    }
  }

  /** Puts nodes (32 bytes each, back to back) at the end of a level, completing nothing above. */
  #putMany(level: number, hashes: Uint8Array): void {
    const n = hashes.length / HASH_SIZE
    if (n === 0) return
    const first = this.#put(level, hashes.subarray(0, HASH_SIZE))
    const needed = (first + n) * HASH_SIZE
    let buffer = this.#levels[level] as Buffer
    if (needed > buffer.length) {
      const grown = Buffer.alloc(Math.max(needed, buffer.length * 2))
      buffer.copy(grown, 0, 0, (first + 1) * HASH_SIZE)
      this.#levels[level] = grown
      buffer = grown
    }
    buffer.set(hashes, first * HASH_SIZE)
    this.#counts[level] = first + n
  }

  #put(level: number, hash: Uint8Array): number {
    if (this.#levels.length <= level) {
      this.#levels.push(Buffer.alloc(HASH_SIZE * 1024))
      this.#counts.push(0)
    }
    let buffer = this.#levels[level] as Buffer
    const index = this.#counts[level] as number
    if ((index + 1) * HASH_SIZE > buffer.length) {
      const grown = Buffer.alloc(buffer.length * 2)
      buffer.copy(grown)
      this.#levels[level] = grown
      buffer = grown
    }
    buffer.set(hash, index * HASH_SIZE)
    this.#counts[level] = index + 1
    return index
  }

  /** The number of complete nodes at a level. */
  count(level: number): number {
    return this.#counts[level] ?? 0
  }

  /** The hash of a complete node (a view into the level's buffer: copy it to keep it). */
  node(level: number, index: number): Buffer {
    const count = this.#counts[level] ?? 0
    if (index < 0 || index >= count) throw new RangeError(`node ${level}:${index} is not complete`)
    return (this.#levels[level] as Buffer).subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE)
  }

  /** The root of the tree of the first `size` leaves. */
  root(size = this.size): Buffer {
    if (size > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${size}`)
    return rootOfFrontier(frontierIds(size).map((id) => this.node(id.level, id.index)))
  }

  /** A node reader over these levels, for `hashRanges`. */
  reader(): NodeReader {
    return (ids) => Promise.resolve(ids.map((id) => Buffer.from(this.node(id.level, id.index))))
  }

  /** The inclusion proof of leaf `index` in the tree of the first `size` leaves. */
  inclusionProof(index: number, size = this.size): Promise<Buffer[]> {
    return hashRanges(inclusionRanges(index, size), this.reader())
  }

  /** The consistency proof between the trees of the first `size1` and `size2` leaves. */
  consistencyProof(size1: number, size2 = this.size): Promise<Buffer[]> {
    return hashRanges(consistencyRanges(size1, size2), this.reader())
  }
}

/**
 * The interior levels of the complete subtrees of 2^`height` leaves that `leaves` (leaf hashes
 * back to back, a multiple of 2^height of them) make: element j - 1 holds the nodes of level j,
 * back to back, for `MerkleLevels.appendSubtrees`. Two children are adjacent in their level's
 * buffer, so each node hashes 0x01 and 64 contiguous bytes (RFC 6962 §2.1) from one scratch copy.
 *
 * @example
 * const upper = subtreeLevels(leafHashes, 12) // upper[11]: one root per 4,096 leaves
 */
export function subtreeLevels(leaves: Uint8Array, height: number): Buffer[] {
  const count = leaves.length / HASH_SIZE
  if (!Number.isInteger(count) || count % 2 ** height !== 0) throw new RangeError(`${count} leaves do not make subtrees of ${2 ** height}`)
  const scratch = Buffer.allocUnsafe(1 + 2 * HASH_SIZE)
  scratch[0] = 0x01
  const out: Buffer[] = []
  let below = Buffer.from(leaves.buffer, leaves.byteOffset, leaves.byteLength)
  for (let level = 1; level <= height; level++) {
    const n = below.length / HASH_SIZE / 2
    const nodes = Buffer.allocUnsafe(n * HASH_SIZE)
    for (let k = 0; k < n; k++) {
      below.copy(scratch, 1, 2 * k * HASH_SIZE, (2 * k + 2) * HASH_SIZE)
      sha256Into(scratch, nodes, k * HASH_SIZE)
    }
    out.push(nodes)
    below = nodes
  }
  return out
}
