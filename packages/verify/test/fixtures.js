// @ts-check
// What the package's tests need to play the holder: an Ed25519 log key, signed checkpoints, and
// entries encoded as ENCODING.md says. Test-only: the package itself never signs anything.
import { Buffer } from 'node:buffer'
import { generateKeyPairSync, sign } from 'node:crypto'
import { SIMULATION_ANCHOR, REAL_ANCHOR, hashChildren, hashLeaf, noteKeyHash, rootOfLeaves } from '../src/index.js'

/** A log key under an origin, with its verifier key string and a checkpoint signer. */
export function logKey(origin = 'records.example.gov/verigate/0011223344556677') {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32)
  const keyHash = noteKeyHash(origin, raw)
  const vkey = `${origin}+${keyHash.toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.of(1), raw]).toString('base64')}`
  /** @param {number} size @param {Uint8Array} root @param {string} [signedOrigin] */
  const checkpoint = (size, root, signedOrigin = origin) => {
    const text = `${signedOrigin}\n${size}\n${Buffer.from(root).toString('base64')}\n`
    const hash = Buffer.alloc(4)
    hash.writeUInt32BE(keyHash, 0)
    return `${text}\n— ${origin} ${Buffer.concat([hash, sign(null, Buffer.from(text), privateKey)]).toString('base64')}\n`
  }
  return { origin, vkey, checkpoint }
}

/**
 * Entries as ENCODING.md lays them out, chained from the anchor of `mode`.
 * @param {readonly { kind: string, payload: Record<string, unknown> }[]} bodies
 * @param {'real' | 'simulation'} [mode]
 */
export function ledgerOf(bodies, mode = 'real') {
  /** @type {Buffer[]} */
  const entries = []
  let prev = mode === 'simulation' ? SIMULATION_ANCHOR : REAL_ANCHOR
  for (const [seq, { kind, payload }] of bodies.entries()) {
    const body = Buffer.from(JSON.stringify({ actor: 'system', kind, payload }), 'utf8')
    const e = Buffer.alloc(53 + body.length)
    e[0] = 1
    e.writeUInt32BE(0, 1)
    e.writeUInt32BE(seq, 5)
    prev.copy(e, 9)
    e.writeUInt32BE(0x1a2, 41)
    e.writeUInt32BE(0x17ba1200 + seq, 45)
    e.writeUInt32BE(body.length, 49)
    body.copy(e, 53)
    entries.push(e)
    prev = hashLeaf(e)
  }
  return { entries, leaves: entries.map((e) => hashLeaf(e)) }
}

/**
 * RFC 6962 PATH(m, D[n]) over leaf hashes, by the definition (a reference for tests).
 * @param {number} m @param {readonly Buffer[]} leaves @returns {Buffer[]}
 */
export function inclusionPath(m, leaves) {
  if (leaves.length <= 1) return []
  let k = 1
  while (k * 2 < leaves.length) k *= 2
  return m < k ? [...inclusionPath(m, leaves.slice(0, k)), rootOfLeaves(leaves.slice(k))] : [...inclusionPath(m - k, leaves.slice(k)), rootOfLeaves(leaves.slice(0, k))]
}

export { hashChildren }
