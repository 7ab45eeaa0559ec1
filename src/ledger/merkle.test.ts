import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CompactRange, MerkleLevels, consistencyRanges, frontierIds, inclusionRanges, subtreeLevels } from './merkle.js'
import { EMPTY_ROOT, hashLeaf, verifyConsistency, verifyInclusion } from './verify.js'

// The Certificate Transparency / Trillian test vectors: eight leaf inputs and the RFC 6962 roots
// of the trees of their first 1…8 leaves, from google/trillian merkle/testonly/constants.go
// (LeafInputs, RootHashes), and the proofs from merkle/logverifier/log_verifier_test.go
// (inclusionProofs, consistencyProofs). The same values appear in CT's merkle_tree_test.cc.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'))
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
]
const INCLUSION_VECTORS: readonly { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { index: 5, size: 8, proof: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { index: 1, size: 5, proof: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
]
const CONSISTENCY_VECTORS: readonly { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { size1: 6, size2: 8, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { size1: 2, size2: 5, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
]

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

function vectorTree(): MerkleLevels {
  const tree = new MerkleLevels()
  for (const leaf of LEAVES) tree.append(hashLeaf(leaf))
  return tree
}

/** A tree of `size` leaves whose inputs are the big-endian bytes of their index. */
function numberedTree(size: number): MerkleLevels {
  const tree = new MerkleLevels()
  for (let i = 0; i < size; i++) {
    const leaf = Buffer.alloc(4)
    leaf.writeUInt32BE(i)
    tree.append(hashLeaf(leaf))
  }
  return tree
}

function flipped(proof: readonly Buffer[], i: number, bit = 0): Buffer[] {
  return proof.map((p, j) => {
    if (j !== i) return p
    const copy = Buffer.from(p)
    copy[bit % 32] = (copy[bit % 32] as number) ^ 0x08
    return copy
  })
}

describe('RFC 6962 Merkle tree', () => {
  it('gives the published CT/Trillian roots for trees of 0 to 8 leaves', () => {
    const tree = vectorTree()
    assert.equal(hex(EMPTY_ROOT), ROOTS[0])
    for (let size = 0; size <= 8; size++) assert.equal(hex(tree.root(size)), ROOTS[size], `root of ${size}`)
  })

  it('gives the same roots from a compact range as from the full tree', () => {
    const range = CompactRange.empty()
    for (let i = 0; i < LEAVES.length; i++) {
      range.append(hashLeaf(LEAVES[i] as Buffer))
      assert.equal(hex(range.root()), ROOTS[i + 1])
    }
  })

  it('reports every node an append completes, and restarts from a stored frontier', () => {
    const tree = numberedTree(45)
    const range = CompactRange.empty()
    const nodes: string[] = []
    for (let i = 0; i < 45; i++) range.append(tree.node(0, i), (n) => nodes.push(`${n.level}:${n.index}:${hex(n.hash)}`))
    const expected: string[] = []
    for (let level = 1; tree.count(level) > 0; level++) for (let i = 0; i < tree.count(level); i++) expected.push(`${level}:${i}:${hex(tree.node(level, i))}`)
    assert.deepEqual([...nodes].sort(), [...expected].sort())
    const restarted = CompactRange.fromFrontier(45, frontierIds(45).map((id) => tree.node(id.level, id.index)))
    assert.equal(hex(restarted.root()), hex(tree.root()))
    assert.deepEqual(frontierIds(45), [
      { level: 5, index: 0 },
      { level: 3, index: 4 },
      { level: 2, index: 10 },
      { level: 0, index: 44 },
    ])
  })

  it('makes and checks the published inclusion proofs', async () => {
    const tree = vectorTree()
    for (const v of INCLUSION_VECTORS) {
      const proof = await tree.inclusionProof(v.index, v.size)
      assert.deepEqual(proof.map(hex), v.proof, `proof of ${v.index} in ${v.size}`)
      const root = Buffer.from(ROOTS[v.size] as string, 'hex')
      assert.deepEqual(verifyInclusion(hashLeaf(LEAVES[v.index] as Buffer), v.index, v.size, proof, root), { valid: true })
    }
  })

  it('makes and checks the published consistency proofs', async () => {
    const tree = vectorTree()
    for (const v of CONSISTENCY_VECTORS) {
      const proof = await tree.consistencyProof(v.size1, v.size2)
      assert.deepEqual(proof.map(hex), v.proof, `proof ${v.size1} → ${v.size2}`)
      const check = verifyConsistency(v.size1, v.size2, Buffer.from(ROOTS[v.size1] as string, 'hex'), Buffer.from(ROOTS[v.size2] as string, 'hex'), proof)
      assert.deepEqual(check, { valid: true })
    }
  })

  it('round-trips inclusion proofs for every leaf of every tree up to 64 leaves, and rejects altered ones', async () => {
    const tree = numberedTree(64)
    for (let size = 1; size <= 64; size++) {
      const root = tree.root(size)
      for (let index = 0; index < size; index++) {
        const leaf = tree.node(0, index)
        const proof = await tree.inclusionProof(index, size)
        assert.equal(verifyInclusion(leaf, index, size, proof, root).valid, true, `${index} in ${size}`)
        for (let i = 0; i < proof.length; i++) assert.equal(verifyInclusion(leaf, index, size, flipped(proof, i, index), root).valid, false)
        assert.equal(verifyInclusion(leaf, index, size, [...proof, root], root).valid, false, 'trailing element')
        if (proof.length > 0) assert.equal(verifyInclusion(leaf, index, size, proof.slice(0, -1), root).valid, false, 'missing element')
        if (size > 1) assert.equal(verifyInclusion(leaf, (index + 1) % size, size, proof, root).valid, false, 'wrong index')
        // The probes of Trillian's corruptInclusionProof: a doubled or halved tree size.
        assert.equal(verifyInclusion(leaf, index, size * 2, proof, root).valid, false, 'doubled size')
        assert.equal(verifyInclusion(leaf, index, Math.floor(size / 2), proof, root).valid, false, 'halved size')
      }
    }
  })

  it('round-trips consistency proofs for every pair of trees up to 64 leaves, and rejects altered ones', async () => {
    const tree = numberedTree(64)
    for (let size2 = 0; size2 <= 64; size2++) {
      const root2 = tree.root(size2)
      for (let size1 = 0; size1 <= size2; size1++) {
        const root1 = tree.root(size1)
        const proof = await tree.consistencyProof(size1, size2)
        assert.equal(verifyConsistency(size1, size2, root1, root2, proof).valid, true, `${size1} → ${size2}`)
        if (size1 === 0 || size1 === size2) continue
        for (let i = 0; i < proof.length; i++) assert.equal(verifyConsistency(size1, size2, root1, root2, flipped(proof, i, size1)).valid, false)
        assert.equal(verifyConsistency(size1, size2, root2, root1, proof).valid, false, 'swapped roots')
        assert.equal(verifyConsistency(size1, size2, root1, root2, proof.slice(0, -1)).valid, false, 'truncated')
        assert.equal(verifyConsistency(size1, size2, root1, root2, [...proof, root1]).valid, false, 'trailing element')
        assert.equal(verifyConsistency(size1 - 1, size2, root1, root2, proof).valid, false, 'wrong older size')
      }
    }
  })

  it('round-trips proofs in larger trees at random sizes', async () => {
    const tree = numberedTree(5000)
    let seed = 7
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    for (let t = 0; t < 200; t++) {
      const size2 = 1 + random(5000)
      const size1 = random(size2 + 1)
      const index = random(size2)
      const root2 = tree.root(size2)
      const inclusion = await tree.inclusionProof(index, size2)
      assert.equal(verifyInclusion(tree.node(0, index), index, size2, inclusion, root2).valid, true)
      const consistency = await tree.consistencyProof(size1, size2)
      assert.equal(verifyConsistency(size1, size2, tree.root(size1), root2, consistency).valid, true)
      if (consistency.length > 0) assert.equal(verifyConsistency(size1, size2, tree.root(size1), root2, flipped(consistency, random(consistency.length), t)).valid, false)
    }
  })

  it('refuses proofs for leaves or sizes outside the tree', () => {
    assert.throws(() => inclusionRanges(8, 8), RangeError)
    assert.throws(() => consistencyRanges(9, 8), RangeError)
    assert.equal(verifyInclusion(hashLeaf(Buffer.alloc(0)), 0, 0, [], EMPTY_ROOT).valid, false)
  })
})

describe('MerkleLevels.appendSubtrees', () => {
  it('builds the tree that appending leaf by leaf builds, subtrees and single leaves mixed', () => {
    const leaves = Array.from({ length: 100 }, (_, i) => hashLeaf(Buffer.from([i])))
    const one = new MerkleLevels()
    for (const leaf of leaves) one.append(leaf)
    const mixed = new MerkleLevels()
    // Leaves 0–31 as subtrees of 8, 32–47 as one subtree of 16, the rest one by one.
    const block = (from: number, to: number) => Buffer.concat(leaves.slice(from, to))
    mixed.appendSubtrees(block(0, 32), subtreeLevels(block(0, 32), 3))
    mixed.appendSubtrees(block(32, 48), subtreeLevels(block(32, 48), 4))
    for (const leaf of leaves.slice(48)) mixed.append(leaf)
    for (const size of [1, 31, 32, 48, 49, 64, 100]) assert.deepEqual(mixed.root(size), one.root(size))
    for (let level = 0; level < 7; level++) {
      assert.equal(mixed.count(level), one.count(level))
      for (let index = 0; index < one.count(level); index++) assert.deepEqual(mixed.node(level, index), one.node(level, index))
    }
  })

  it('refuses subtrees that do not start at a multiple of their width', () => {
    const leaves = Buffer.concat(Array.from({ length: 4 }, (_, i) => hashLeaf(Buffer.from([i]))))
    const tree = new MerkleLevels()
    tree.append(hashLeaf(Buffer.from([9])))
    assert.throws(() => tree.appendSubtrees(leaves, subtreeLevels(leaves, 2)), RangeError)
    assert.throws(() => subtreeLevels(leaves.subarray(0, 96), 2), RangeError)
  })
})
