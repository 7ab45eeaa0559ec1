// @ts-check
/**
 * @module @verigate/verify
 * Everything a recipient or an overseer needs to check a Verigate ledger from outside, with
 * Node's crypto alone: no database, no server, nothing else of Verigate.
 *
 * - RFC 6962 §2.1 hashing: a leaf is SHA-256(0x00 || entry), a node SHA-256(0x01 || left || right);
 *   inclusion and consistency proofs are checked as RFC 9162 §2.1.3.2 and §2.1.4.2 say.
 * - C2SP signed notes (https://c2sp.org/signed-note, Ed25519) and tlog-checkpoints
 *   (https://c2sp.org/tlog-checkpoint), as Go's golang.org/x/mod/sumdb/note reads them.
 * - Verigate's entry encoding (the fixed header of ENCODING.md: version, seq, prev, time, body)
 *   and the proof bundles and ledger segments Verigate writes (README.md).
 *
 * Every check returns `{ valid: true, … }` or `{ valid: false, reason }`: a reason names what is
 * wrong, for a person to read.
 */
import { Buffer } from 'node:buffer'
import { createHash, createPublicKey, verify as verifyBytes } from 'node:crypto'
import { TextDecoder } from 'node:util'

/**
 * @typedef {{ readonly valid: true }} Valid
 * @typedef {{ readonly valid: false, readonly reason: string }} Invalid
 * @typedef {Valid | Invalid} Check  the outcome of a check: valid, or the reason it is not
 */

/** Bytes in a SHA-256 hash. */
export const HASH_SIZE = 32

/** @type {Valid} */
const VALID = Object.freeze({ valid: true })
/** @param {string} reason @returns {Invalid} */
const invalid = (reason) => ({ valid: false, reason })

/** SHA-256 of some bytes. @param {Uint8Array} data @returns {Buffer} */
export function sha256(data) {
  return createHash('sha256').update(data).digest()
}

/** The root of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1). */
export const EMPTY_ROOT = sha256(new Uint8Array(0))

/**
 * The RFC 6962 leaf hash of an entry's bytes: SHA-256(0x00 || entry).
 * @param {Uint8Array} entry
 * @returns {Buffer}
 */
export function hashLeaf(entry) {
  return createHash('sha256').update(Buffer.of(0)).update(entry).digest()
}

/**
 * The RFC 6962 interior node hash: SHA-256(0x01 || left || right).
 * @param {Uint8Array} left
 * @param {Uint8Array} right
 * @returns {Buffer}
 */
export function hashChildren(left, right) {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest()
}

/** @param {number} n */
const isOdd = (n) => n % 2 === 1
/** @param {number} n */
const half = (n) => Math.floor(n / 2)
/** @param {Uint8Array} a @param {Uint8Array} b */
const sameBytes = (a, b) => a.length === b.length && Buffer.compare(a, b) === 0

/**
 * True for 1, 2, 4, 8, … (safe for sizes beyond 32 bits).
 * @param {number} n
 */
export function isPowerOfTwo(n) {
  if (n < 1 || !Number.isSafeInteger(n)) return false
  let x = n
  while (x % 2 === 0) x /= 2
  return x === 1
}

/**
 * The root a leaf's inclusion proof leads to (RFC 9162 §2.1.3.2), or the reason there is none.
 * @param {number} index
 * @param {number} size
 * @param {Uint8Array} leafHash
 * @param {readonly Uint8Array[]} proof  hashes from the leaf's sibling up
 * @returns {{ readonly root: Buffer } | { readonly reason: string }}
 */
export function rootFromInclusionProof(index, size, leafHash, proof) {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0) return { reason: 'the leaf index is not a non-negative integer' }
  if (index >= size) return { reason: `leaf index ${index} is not below the tree size ${size}` }
  if (leafHash.length !== HASH_SIZE) return { reason: 'the leaf hash is not 32 bytes' }
  let fn = index
  let sn = size - 1
  /** @type {Buffer} */
  let r = Buffer.from(leafHash)
  for (const p of proof) {
    if (p.length !== HASH_SIZE) return { reason: 'a proof element is not 32 bytes' }
    if (sn === 0) return { reason: 'the proof is longer than the path to the root' }
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r)
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn)
        sn = half(sn)
      }
    } else {
      r = hashChildren(r, p)
    }
    fn = half(fn)
    sn = half(sn)
  }
  if (sn !== 0) return { reason: 'the proof is shorter than the path to the root' }
  return { root: r }
}

/**
 * Checks that the leaf with hash `leafHash` is at `index` in the tree of `size` leaves whose root
 * is `root` (RFC 9162 §2.1.3.2).
 * @param {Uint8Array} leafHash
 * @param {number} index
 * @param {number} size
 * @param {readonly Uint8Array[]} proof
 * @param {Uint8Array} root
 * @returns {Check}
 */
export function verifyInclusion(leafHash, index, size, proof, root) {
  const result = rootFromInclusionProof(index, size, leafHash, proof)
  if ('reason' in result) return invalid(result.reason)
  return sameBytes(result.root, root) ? VALID : invalid('the proof leads to another root than the checkpoint’s')
}

/**
 * Checks that the tree of `size2` leaves with root `root2` extends the tree of `size1` leaves
 * with root `root1`: every entry of the older tree is in the newer one, unchanged and in the same
 * place (RFC 9162 §2.1.4.2).
 * @param {number} size1
 * @param {number} size2
 * @param {Uint8Array} root1
 * @param {Uint8Array} root2
 * @param {readonly Uint8Array[]} proof
 * @returns {Check}
 */
export function verifyConsistency(size1, size2, root1, root2, proof) {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0) return invalid('the tree sizes are not non-negative integers')
  if (size2 < size1) return invalid(`the newer tree (${size2}) is smaller than the older one (${size1})`)
  if (size1 === size2) {
    if (proof.length !== 0) return invalid('a proof between equal trees must be empty')
    return sameBytes(root1, root2) ? VALID : invalid('trees of the same size have different roots')
  }
  if (size1 === 0) return proof.length === 0 ? VALID : invalid('a proof from the empty tree must be empty')
  if (proof.length === 0) return invalid('the proof is empty')
  if (proof.some((p) => p.length !== HASH_SIZE)) return invalid('a proof element is not 32 bytes')
  if (root1.length !== HASH_SIZE || root2.length !== HASH_SIZE) return invalid('a root hash is not 32 bytes')
  // When size1 is a power of two, the older root is itself a node of the newer tree (step 2).
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof]
  let fn = size1 - 1
  let sn = size2 - 1
  while (isOdd(fn)) {
    fn = half(fn)
    sn = half(sn)
  }
  /** @type {Buffer} */
  let fr = Buffer.from(/** @type {Uint8Array} */ (path[0]))
  /** @type {Buffer} */
  let sr = fr
  for (const c of path.slice(1)) {
    if (sn === 0) return invalid('the proof is longer than needed')
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr)
      sr = hashChildren(c, sr)
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn)
        sn = half(sn)
      }
    } else {
      sr = hashChildren(sr, c)
    }
    fn = half(fn)
    sn = half(sn)
  }
  if (sn !== 0) return invalid('the proof is shorter than needed')
  if (!sameBytes(fr, root1)) return invalid('the proof does not lead to the older root')
  if (!sameBytes(sr, root2)) return invalid('the proof does not lead to the newer root')
  return VALID
}

/**
 * The RFC 6962 root of a list of leaf hashes (MTH), folded level by level.
 * @param {readonly Uint8Array[]} leafHashes
 * @returns {Buffer}
 */
export function rootOfLeaves(leafHashes) {
  if (leafHashes.length === 0) return Buffer.from(EMPTY_ROOT)
  // Level by level, carrying an odd node up unchanged: the same tree as RFC 6962's split at the
  // largest power of two below n (the left subtrees are always complete).
  /** @type {Buffer[]} */
  let level = leafHashes.map((h) => Buffer.from(h))
  while (level.length > 1) {
    /** @type {Buffer[]} */
    const next = []
    for (let i = 0; i + 1 < level.length; i += 2) next.push(hashChildren(/** @type {Buffer} */ (level[i]), /** @type {Buffer} */ (level[i + 1])))
    if (level.length % 2 === 1) next.push(/** @type {Buffer} */ (level[level.length - 1]))
    level = next
  }
  return /** @type {Buffer} */ (level[0])
}

// ---------------------------------------------------------------------------------------------
// C2SP signed notes (Ed25519 only) and tlog-checkpoints.

/** The algorithm byte of an Ed25519 note key. */
const NOTE_ALG_ED25519 = 0x01
/** The DER prefix of an Ed25519 SubjectPublicKeyInfo, before the 32 raw key bytes. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
/** What opens every signature line: an em dash and a space. */
const SIGNATURE_PREFIX = '— '
/** Go's limit on the signatures of one note. */
const MAX_SIGNATURES = 100

/**
 * @typedef {object} NoteVerifier  a trusted key under its name
 * @property {string} name  the key's name; a log's key is named by the log's origin
 * @property {number} keyHash  the first 4 bytes of SHA-256(name || "\n" || 0x01 || key), as a number
 * @property {import('node:crypto').KeyObject} publicKey  the Ed25519 public key
 */

/**
 * True for a valid key name: non-empty, no Unicode space, no `+` (Go's `isValidName`).
 * @param {string} name
 */
export function isValidNoteName(name) {
  return name !== '' && !/[\s+]/u.test(name) && !name.includes('\u0085')
}

/**
 * The key hash of an Ed25519 note key under a name.
 * @param {string} name
 * @param {Uint8Array} rawKey  the 32 raw bytes of the public key
 */
export function noteKeyHash(name, rawKey) {
  return createHash('sha256').update(Buffer.from(`${name}\n`, 'utf8')).update(Buffer.of(NOTE_ALG_ED25519)).update(rawKey).digest().readUInt32BE(0)
}

/**
 * Reads a verifier key string (`<name>+<key hash, 8 hex digits>+<base64(0x01 || key)>`, Go's
 * `note.NewVerifier`), checking that its hash is that of its name and key.
 * @param {string} vkey
 * @returns {NoteVerifier | Invalid}
 */
export function parseVerifierKey(vkey) {
  /** @param {string} reason */
  const refuse = (reason) => invalid(`the verifier key ${JSON.stringify(vkey)}: ${reason}`)
  // Cut at the first two "+" only, as Go does: the base64 of the key may hold "+" itself.
  const parts = vkey.trim().split('+')
  if (parts.length < 3) return refuse('it is <name>+<key hash>+<base64 key>, three parts joined by "+"')
  const name = /** @type {string} */ (parts[0])
  const hashHex = /** @type {string} */ (parts[1])
  const keyB64 = parts.slice(2).join('+')
  if (!isValidNoteName(name)) return refuse('the name is empty or holds a space')
  if (!/^[0-9a-f]{8}$/.test(hashHex)) return refuse('the key hash is not 8 lower-case hex digits')
  const key = Buffer.from(keyB64, 'base64')
  if (key.toString('base64') !== keyB64) return refuse('the key is not standard base64')
  if (key.length !== 33 || key[0] !== NOTE_ALG_ED25519) return refuse('the key is not an Ed25519 key (0x01 and 32 bytes)')
  const raw = key.subarray(1)
  const keyHash = noteKeyHash(name, raw)
  if (keyHash !== Number.parseInt(hashHex, 16)) return refuse(`the key hash ${hashHex} is not the hash of the name and key`)
  const publicKey = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' })
  return { name, keyHash, publicKey }
}

// eslint-disable-next-line no-control-regex -- control characters other than newline are what a note text may not hold
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f]/u

/**
 * @typedef {object} NoteSignature  one signature line of a note
 * @property {string} name
 * @property {number} keyHash
 * @property {string} base64  the line's base64 (key hash and signature)
 */

/**
 * Opens a signed note: splits it at its last blank line, checks the signature lines of trusted
 * keys and keeps the others unchecked (signed-note: "verifiers MUST ignore signatures from
 * unknown keys"). Refused when malformed, when a trusted key's signature fails, or when no
 * trusted key signed it.
 * @param {string} note
 * @param {readonly NoteVerifier[]} trusted
 * @returns {{ readonly valid: true, readonly text: string, readonly signatures: readonly NoteSignature[], readonly unverified: readonly NoteSignature[] } | Invalid}
 */
export function openNote(note, trusted) {
  const split = note.lastIndexOf('\n\n')
  if (split < 0) return invalid('the note has no blank line between its text and its signatures')
  const text = note.slice(0, split + 1)
  if (text === '\n' || text.includes('\n\n')) return invalid('the text is empty or holds a blank line')
  if (CONTROL_BUT_NEWLINE.test(text)) return invalid('the text holds a control character other than newline')
  const block = note.slice(split + 2)
  if (block === '' || !block.endsWith('\n')) return invalid('the note has no signature lines, or they do not end with a newline')
  const lines = block.slice(0, -1).split('\n')
  if (lines.length > MAX_SIGNATURES) return invalid(`the note has more than ${MAX_SIGNATURES} signatures`)
  /** @type {NoteSignature[]} */
  const signatures = []
  /** @type {NoteSignature[]} */
  const unverified = []
  const seen = new Set()
  const textBytes = Buffer.from(text, 'utf8')
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return invalid(`a signature line does not start with "— ": ${JSON.stringify(line.slice(0, 40))}`)
    const rest = line.slice(SIGNATURE_PREFIX.length)
    const space = rest.indexOf(' ')
    const name = space < 0 ? rest : rest.slice(0, space)
    const b64 = space < 0 ? '' : rest.slice(space + 1)
    const raw = Buffer.from(b64, 'base64')
    if (!isValidNoteName(name) || b64 === '' || raw.toString('base64') !== b64 || raw.length < 5) return invalid(`a signature line is malformed: ${JSON.stringify(line.slice(0, 40))}`)
    const keyHash = raw.readUInt32BE(0)
    const signature = { name, keyHash, base64: b64 }
    const verifier = trusted.find((v) => v.name === name && v.keyHash === keyHash)
    if (!verifier) {
      if (!unverified.some((u) => u.name === name && u.base64 === b64)) unverified.push(signature)
      continue
    }
    const id = `${name}+${keyHash}`
    if (seen.has(id)) continue
    seen.add(id)
    if (!verifyBytes(null, textBytes, verifier.publicKey, raw.subarray(4))) return invalid(`the signature of ${name} (${keyHash.toString(16).padStart(8, '0')}) does not verify`)
    signatures.push(signature)
  }
  if (signatures.length === 0) {
    const names = unverified.map((u) => `${u.name} (${u.keyHash.toString(16).padStart(8, '0')})`).join(', ')
    return invalid(`no trusted key signed the note (it is signed by ${names}; trusted: ${trusted.map((t) => t.name).join(', ') || 'none'})`)
  }
  return { valid: true, text, signatures, unverified }
}

/**
 * @typedef {object} Checkpoint  a C2SP tlog-checkpoint's body
 * @property {string} origin  the log's name; a Verigate simulation's holds the segment `verigate-simulation`
 * @property {number} treeSize
 * @property {Buffer} rootHash
 * @property {readonly string[]} extensions  extension lines, opaque
 * @property {'real' | 'simulation'} mode  what the origin says: `simulation` when a segment is `verigate-simulation`
 */

// eslint-disable-next-line no-control-regex -- control characters are what a checkpoint line may not hold
const CONTROL = /[\u0000-\u001f]/u

/**
 * Reads a checkpoint's note text (origin, tree size, base64 root hash, extension lines).
 * @param {string} text
 * @returns {Checkpoint | Invalid}
 */
export function parseCheckpointText(text) {
  if (!text.endsWith('\n')) return invalid('a checkpoint ends with a newline')
  const lines = text.slice(0, -1).split('\n')
  if (lines.length < 3) return invalid(`a checkpoint has at least three lines (origin, tree size, root hash), found ${lines.length}`)
  const [origin, size, root, ...extensions] = /** @type {[string, string, string, ...string[]]} */ (lines)
  if (origin === '' || CONTROL.test(origin)) return invalid('the origin line is empty or holds a control character')
  if (!/^(0|[1-9][0-9]*)$/.test(size)) return invalid(`the tree size is not a decimal number without leading zeros: ${JSON.stringify(size)}`)
  const treeSize = Number(size)
  if (!Number.isSafeInteger(treeSize)) return invalid(`the tree size ${size} is beyond 2^53 - 1`)
  const rootHash = Buffer.from(root, 'base64')
  if (rootHash.length !== HASH_SIZE || rootHash.toString('base64') !== root) return invalid('the root hash is not 32 bytes in standard base64')
  for (const line of extensions) if (line === '' || CONTROL.test(line)) return invalid('an extension line is empty or holds a control character')
  const mode = origin.split('/').includes('verigate-simulation') ? 'simulation' : 'real'
  return { origin, treeSize, rootHash, extensions, mode }
}

/**
 * Opens a C2SP checkpoint with the log's verifier key: the key's name must be the checkpoint's
 * origin (a log signs under its origin), so a checkpoint of another log, or a Verigate
 * simulation's, never opens with a real log's key. Co-signatures by other keys (witnesses') are
 * returned unchecked in `unverified`.
 * @param {string} note
 * @param {NoteVerifier} verifier
 * @returns {{ readonly valid: true, readonly checkpoint: Checkpoint, readonly unverified: readonly NoteSignature[] } | Invalid}
 */
export function openCheckpoint(note, verifier) {
  const split = note.lastIndexOf('\n\n')
  const claimed = parseCheckpointText(split < 0 ? note : note.slice(0, split + 1))
  if ('valid' in claimed) return invalid(`not a C2SP checkpoint: ${claimed.reason}`)
  if (verifier.name !== claimed.origin) return invalid(`the checkpoint is of the log ${claimed.origin}, the key given is ${verifier.name}'s`)
  const opened = openNote(note, [verifier])
  if (!opened.valid) return opened
  const checkpoint = parseCheckpointText(opened.text)
  if ('valid' in checkpoint) return checkpoint
  return { valid: true, checkpoint, unverified: opened.unverified }
}

// ---------------------------------------------------------------------------------------------
// Verigate entries (ENCODING.md): the fixed header, and the body as JSON.

/** The version byte of the entry encoding. */
export const ENTRY_VERSION = 0x01
/** Where the body starts: version 1, seq 8, prev 32, time 8, body length 4. */
const BODY_OFFSET = 53
/** The anchor (entry 0's `prev`) of a simulation's ledger: SHA-256("verigate-simulation-ledger/1"). */
export const SIMULATION_ANCHOR = sha256(Buffer.from('verigate-simulation-ledger/1', 'utf8'))
/** The anchor of a real ledger: 32 zero bytes. */
export const REAL_ANCHOR = Buffer.alloc(HASH_SIZE)

/**
 * @typedef {object} Entry  a decoded ledger entry
 * @property {number} seq  its position in the ledger: its leaf index
 * @property {Buffer} prev  the hash of the entry before it (the anchor for entry 0)
 * @property {number} timeMs
 * @property {{ readonly actor: string, readonly kind: string, readonly payload: Record<string, unknown>, readonly subject?: string }} body
 * @property {Buffer} leafHash  SHA-256(0x00 || the entry's bytes)
 */

/** @param {Buffer} b @param {number} offset */
function readUint64(b, offset) {
  const high = b.readUInt32BE(offset)
  if (high >= 2 ** 21) return undefined
  return high * 2 ** 32 + b.readUInt32BE(offset + 4)
}

/**
 * Decodes an entry's bytes (ENCODING.md, `LedgerEntryV1`), or says why they are not an entry.
 * @param {Uint8Array} bytes
 * @returns {Entry | Invalid}
 */
export function decodeEntry(bytes) {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (b.length < BODY_OFFSET) return invalid(`an entry is at least ${BODY_OFFSET} bytes, found ${b.length}`)
  if (b[0] !== ENTRY_VERSION) return invalid(`unknown entry version ${b[0]}`)
  const seq = readUint64(b, 1)
  const timeMs = readUint64(b, 41)
  if (seq === undefined || timeMs === undefined) return invalid('a 64-bit field exceeds 2^53 - 1')
  const length = b.readUInt32BE(49)
  if (b.length !== BODY_OFFSET + length) return invalid(`the body length says ${length} bytes, found ${b.length - BODY_OFFSET}`)
  let body
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(BODY_OFFSET)))
  } catch (error) {
    return invalid(`the body is not UTF-8 JSON: ${/** @type {Error} */ (error).message}`)
  }
  if (typeof body !== 'object' || body === null || typeof body.kind !== 'string' || typeof body.actor !== 'string' || typeof body.payload !== 'object' || body.payload === null) {
    return invalid('the body is not {actor, kind, payload[, subject]}')
  }
  return { seq, prev: Buffer.from(b.subarray(9, 41)), timeMs, body, leafHash: hashLeaf(b) }
}

// ---------------------------------------------------------------------------------------------
// Ledger segments: entries 0 … n-1 as the holder exports them, checked against a checkpoint.

/** The file format of an exported ledger segment. */
export const SEGMENT_FORMAT = 'verigate-ledger-segment/1'

/**
 * Checks a whole exported segment of the ledger against a checkpoint: every entry decodes, its
 * seq is its place, its `prev` is the hash of the entry before it (entry 0's the anchor of the
 * checkpoint's mode), and the RFC 6962 root of the leaf hashes is the checkpoint's root. The
 * segment must run from entry 0 to the checkpoint's size: only then is the root recomputed from
 * nothing but what was received.
 * @param {readonly Uint8Array[]} entries  the entries' bytes, in order
 * @param {Checkpoint} checkpoint  an opened checkpoint (`openCheckpoint`)
 * @returns {{ readonly valid: true, readonly entries: readonly Entry[] } | Invalid}
 */
export function verifySegment(entries, checkpoint) {
  if (entries.length !== checkpoint.treeSize) return invalid(`the segment holds ${entries.length} entries, the checkpoint covers ${checkpoint.treeSize}: a segment from entry 0 to the checkpoint's size is needed to recompute its root`)
  /** @type {Entry[]} */
  const decoded = []
  let prev = checkpoint.mode === 'simulation' ? SIMULATION_ANCHOR : REAL_ANCHOR
  for (const [i, bytes] of entries.entries()) {
    const entry = decodeEntry(bytes)
    if ('valid' in entry) return invalid(`entry ${i}: ${entry.reason}`)
    if (entry.seq !== i) return invalid(`entry ${i} says it is number ${entry.seq}`)
    if (!sameBytes(entry.prev, prev)) return invalid(`entry ${i} does not chain to ${i === 0 ? `the ${checkpoint.mode} ledger's anchor` : `entry ${i - 1}`}`)
    prev = entry.leafHash
    decoded.push(entry)
  }
  const root = rootOfLeaves(decoded.map((e) => e.leafHash))
  if (!sameBytes(root, checkpoint.rootHash)) return invalid(`the root of the ${entries.length} entries is not the checkpoint's: an entry was changed, dropped or added`)
  return { valid: true, entries: decoded }
}

// ---------------------------------------------------------------------------------------------
// Proof bundles: a checkpoint and the inclusion proofs of the entries that record a document.

/** The file format of a proof bundle. */
export const BUNDLE_FORMAT = 'verigate-proof-bundle/1'

/**
 * @typedef {object} BundleEntry  one ledger entry and its inclusion proof
 * @property {number} leaf_index  the entry's seq
 * @property {string} entry  base64 of the entry's bytes: its leaf hash is SHA-256(0x00 || these bytes)
 * @property {readonly string[]} proof  hex hashes from the leaf's sibling up, in the checkpoint's tree
 */

/**
 * @typedef {object} Bundle  what travels next to a response file, a recall notice or a disposal certificate
 * @property {typeof BUNDLE_FORMAT} format
 * @property {'response_file' | 'recall' | 'disposal_certification'} document  the kind of the entry that records the document
 * @property {string} checkpoint  the C2SP checkpoint (signed note) made after every entry below was appended
 * @property {BundleEntry} record  the entry that records the document itself
 * @property {readonly BundleEntry[]} disclosures  for a response file, the entry of each disclosure it carries; else empty
 */

/**
 * @typedef {object} BundleVerdict
 * @property {true} valid
 * @property {string} origin
 * @property {'real' | 'simulation'} mode
 * @property {number} treeSize
 * @property {Entry} record
 * @property {readonly Entry[]} disclosures
 * @property {readonly string[]} notes  what was checked, in words
 */

/** @param {unknown} value @returns {Buffer[] | undefined} */
function hashesFromHex(value) {
  if (!Array.isArray(value)) return undefined
  /** @type {Buffer[]} */
  const out = []
  for (const v of value) {
    if (typeof v !== 'string' || !/^[0-9a-f]{64}$/.test(v)) return undefined
    out.push(Buffer.from(v, 'hex'))
  }
  return out
}

/**
 * Checks one bundle entry against an opened checkpoint: it decodes, its seq is its leaf index,
 * and its inclusion proof leads to the checkpoint's root.
 * @param {unknown} value
 * @param {Checkpoint} checkpoint
 * @param {string} what  how a reason names it
 * @returns {Entry | Invalid}
 */
function checkBundleEntry(value, checkpoint, what) {
  const v = /** @type {Partial<Record<keyof BundleEntry, unknown>> | null} */ (value)
  if (typeof v !== 'object' || v === null) return invalid(`${what} is not an object`)
  if (!Number.isSafeInteger(v.leaf_index) || typeof v.entry !== 'string') return invalid(`${what} has no leaf_index or entry`)
  const proof = hashesFromHex(v.proof)
  if (!proof) return invalid(`${what}: proof is not a list of 64-hex-digit hashes`)
  const entry = decodeEntry(Buffer.from(v.entry, 'base64'))
  if ('valid' in entry) return invalid(`${what}: ${entry.reason}`)
  if (entry.seq !== v.leaf_index) return invalid(`${what} says it is entry ${entry.seq}, the proof says ${String(v.leaf_index)}`)
  const check = verifyInclusion(entry.leafHash, entry.seq, checkpoint.treeSize, proof, checkpoint.rootHash)
  if (!check.valid) return invalid(`${what} (entry ${entry.seq}) is not in the log of ${checkpoint.treeSize} entries: ${check.reason}`)
  return entry
}

/**
 * The `request_id` and `answer` cells of a response file's rows (RFC 4180 CSV: quoted cells may
 * hold commas, quotes doubled, and line breaks).
 * @param {string} csv
 * @returns {{ readonly requestId: string, readonly answer: string }[] | Invalid}
 */
export function responseRows(csv) {
  /** @type {string[][]} */
  const rows = []
  /** @type {string[]} */
  let row = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"' && cell === '') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && csv[i + 1] === '\n') i++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += c
  }
  if (quoted) return invalid('the file ends inside a quoted cell')
  if (cell !== '' || row.length > 0) {
    row.push(cell)
    rows.push(row)
  }
  const [header, ...body] = rows
  if (!header || header[0] !== 'request_id' || header[1] !== 'answer') return invalid('the file is not a response file: its header does not open with request_id,answer')
  return body.map((r) => ({ requestId: r[0] ?? '', answer: r[1] ?? '' }))
}

/** A response file writes a cell a spreadsheet would read as a formula with a `'` in front; the ledger holds the id as it was. @param {string} cell */
const unneutralized = (cell) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell)

/**
 * Checks that a document is the one its entry records:
 * - a response file: its SHA-256 is the entry's `digest`;
 * - a disposal certificate (the text the recipient sent): its SHA-256 is the entry's `documentDigest`;
 * - a recall notice (the signed JSON Verigate exports): it names the entry by seq and hash
 *   (`ledger.seq`, `ledger.hash`) and the same notice id.
 * @param {Bundle['document']} kind
 * @param {Uint8Array} document
 * @param {Entry} record
 * @returns {{ readonly valid: true, readonly note: string } | Invalid}
 */
function documentBinding(kind, document, record) {
  const payload = record.body.payload
  const digest = `sha256:${sha256(document).toString('hex')}`
  if (kind === 'response_file' || kind === 'disposal_certification') {
    const recorded = kind === 'response_file' ? payload.digest : payload.documentDigest
    if (recorded !== digest) return invalid(`the document's digest ${digest} is not the one its ledger entry ${record.seq} records (${String(recorded)}): the document was changed`)
    return { valid: true, note: 'the document is the one its entry records, byte for byte' }
  }
  let notice
  try {
    notice = JSON.parse(Buffer.from(document).toString('utf8'))
  } catch (error) {
    return invalid(`the recall notice is not JSON: ${/** @type {Error} */ (error).message}`)
  }
  const ledger = notice?.ledger
  if (ledger?.seq !== record.seq || ledger?.hash !== record.leafHash.toString('hex')) return invalid(`the recall notice names ledger entry ${String(ledger?.seq)} (${String(ledger?.hash).slice(0, 16)}…), not the bundle's entry ${record.seq} (${record.leafHash.toString('hex').slice(0, 16)}…)`)
  if (notice?.notice?.noticeId !== payload.noticeId) return invalid(`the recall notice is ${String(notice?.notice?.noticeId)}, its entry records ${String(payload.noticeId)}`)
  return { valid: true, note: `the notice ${String(payload.noticeId)} names that entry by its hash` }
}

/**
 * Checks a proof bundle with the log's verifier key and, when given, the document it came with:
 * - the checkpoint opens with the key (its origin is the key's name, so a simulation's never
 *   passes for a real log's);
 * - the document's own entry and every disclosure entry are in the checkpoint's tree (inclusion);
 * - the document is the one its entry records (`documentBinding`): for a response file, its
 *   bytes hash to the entry's digest, so one changed, added or dropped line fails;
 * - for a response file: the disclosure entries are exactly those its entry names (none missing,
 *   none extra, none twice), all of its batch, and its DISCLOSED rows are exactly their requests.
 * @param {unknown} bundleValue  the parsed bundle JSON
 * @param {NoteVerifier} verifier  the log's verifier key, obtained from the holder out of band
 * @param {{ readonly document?: Uint8Array, readonly requireReal?: boolean }} [options]
 * @returns {BundleVerdict | Invalid}
 */
export function verifyBundle(bundleValue, verifier, options = {}) {
  const b = /** @type {Partial<Record<keyof Bundle, unknown>> | null} */ (bundleValue)
  if (typeof b !== 'object' || b === null) return invalid('a proof bundle is a JSON object')
  if (b.format !== BUNDLE_FORMAT) return invalid(`expected format ${BUNDLE_FORMAT}, found ${String(b.format)}`)
  if (b.document !== 'response_file' && b.document !== 'recall' && b.document !== 'disposal_certification') return invalid(`document is response_file, recall or disposal_certification, not ${String(b.document)}`)
  if (typeof b.checkpoint !== 'string') return invalid('checkpoint is the C2SP checkpoint note, as text')
  const opened = openCheckpoint(b.checkpoint, verifier)
  if (!opened.valid) return invalid(`the checkpoint: ${opened.reason}`)
  const checkpoint = opened.checkpoint
  if (options.requireReal && checkpoint.mode === 'simulation') return invalid(`the checkpoint is a SIMULATION ledger's (${checkpoint.origin}): it records no real disclosure`)
  const notes = [`the checkpoint of ${checkpoint.origin} (${checkpoint.treeSize} entries) is signed by its key`]
  const record = checkBundleEntry(b.record, checkpoint, 'the record entry')
  if ('valid' in record) return record
  if (record.body.kind !== b.document) return invalid(`the record entry is a ${record.body.kind} entry, the bundle says ${b.document}`)
  notes.push(`the ${b.document} entry ${record.seq} is in the log`)
  const payload = record.body.payload
  if (options.document) {
    const bound = documentBinding(b.document, options.document, record)
    if (!bound.valid) return bound
    notes.push(bound.note)
  }
  if (!Array.isArray(b.disclosures)) return invalid('disclosures is a list')
  /** @type {Entry[]} */
  const disclosures = []
  for (const [i, value] of b.disclosures.entries()) {
    const entry = checkBundleEntry(value, checkpoint, `disclosure ${i}`)
    if ('valid' in entry) return entry
    if (entry.body.kind !== 'disclosure') return invalid(`disclosure ${i} (entry ${entry.seq}) is a ${entry.body.kind} entry`)
    disclosures.push(entry)
  }
  if (b.document === 'response_file') {
    const named = Array.isArray(payload.disclosureIds) ? payload.disclosureIds.map(String) : undefined
    if (!named) return invalid(`the response file entry ${record.seq} names no disclosures`)
    const proven = disclosures.map((d) => String(d.body.payload.disclosureId))
    const missing = named.filter((id) => !proven.includes(id))
    if (missing.length > 0) return invalid(`the bundle proves ${proven.length} of the ${named.length} disclosures the response file entry names: no proof of ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`)
    const extra = proven.filter((id) => !named.includes(id))
    if (extra.length > 0 || new Set(proven).size !== proven.length) return invalid(`the bundle proves disclosures the response file entry does not name, or one twice: ${extra.slice(0, 5).join(', ') || 'a repeated one'}`)
    const foreign = disclosures.find((d) => d.body.payload.batchId !== payload.batchId || d.body.payload.recipient !== payload.recipient)
    if (foreign) return invalid(`disclosure entry ${foreign.seq} is of another batch or recipient than the response file`)
    if (disclosures.some((d) => d.seq >= record.seq)) return invalid('a disclosure entry comes after the response file entry that names it')
    notes.push(`each of its ${named.length} disclosures is in the log`)
    if (options.document) {
      const rows = responseRows(Buffer.from(options.document).toString('utf8'))
      if ('valid' in rows) return rows
      const disclosedRows = rows.filter((r) => r.answer === 'DISCLOSED').map((r) => unneutralized(r.requestId)).sort()
      const requests = disclosures.map((d) => String(d.body.payload.requestId)).sort()
      if (disclosedRows.length !== requests.length || disclosedRows.some((id, i) => id !== requests[i])) {
        return invalid(`the file's ${disclosedRows.length} DISCLOSED rows are not the ${requests.length} disclosures its entry records`)
      }
      notes.push(`its ${disclosedRows.length} DISCLOSED rows are exactly those disclosures`)
    }
  } else if (disclosures.length > 0) return invalid(`a ${b.document} bundle carries no disclosure entries`)
  return { valid: true, origin: checkpoint.origin, mode: checkpoint.mode, treeSize: checkpoint.treeSize, record, disclosures, notes }
}
