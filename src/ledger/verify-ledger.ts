/**
 * Recomputing a whole ledger from its stored rows: every entry's hash and its link to the one
 * before, every stored Merkle node, and every checkpoint's root and signature. Any modification,
 * deletion, insertion or reordering of entries breaks one of these; the first bad entry is named.
 * The store supplies the rows through `LedgerSource`; this module never touches a database.
 */
import { isAscii } from 'node:buffer'
import type { KeyObject } from 'node:crypto'
import { isLedgerEntryKind } from '../core/index.js'
import type { KeyRotationPayload, StoreMode } from '../core/index.js'
import { GENESIS_PREV_HASH, decodeEntry, modeOfGenesisPrevHash } from './encoding.js'
import { checkKeyRotation, publicKeyFromSpki } from './key-rotation.js'
import { isIsoTimeAt, isIsoTimeOf } from './iso-time.js'
import { MerkleLevels } from './merkle.js'
import { ENTRY_LAYOUT, ENTRY_VERSION, HASH_SIZE, hashLeaf, keyIdOf, readEntryHeader, sha256, sha256Into, toPublicKey, verifyCheckpoint } from './verify.js'
import type { Check, SignedCheckpoint } from './verify.js'

/** An entry row as the store keeps it: the bytes, the hash, and the columns derived from them. */
export interface StoredEntryRow {
  readonly seq: number
  readonly kind: string
  readonly at: string
  readonly subject: string | null
  readonly encoded: Uint8Array
  readonly hash: Uint8Array
}

/**
 * A block of consecutive stored entries read in one query, each column's values back to back
 * (SQLite's `group_concat`), so that verification makes no object per row. The reader
 * guarantees what the query itself checks, row by row: the block holds exactly the rows `start`
 * to `start + count - 1`; each column holds its declared type (`kind`, `at` and `subject` text
 * or a null subject, `encoded` and `hash` blobs); no subject is empty text (so an empty item is
 * a null subject); every `hash` is 32 bytes; and every `encoded`
 * carries its own row's `seq` and is exactly as long as its body length says. So the entries
 * split at the lengths their headers give are the rows one by one, and the seq in each header
 * says which row it is. A block that is not so is read row by row (`EntryRangeChecker.check`).
 * Commas join the texts: the fast path reads no value that holds one (kinds and ISO times never
 * do; a subject that does goes row by row), so a joined list has exactly one reading.
 */
export interface StoredEntryBlock {
  readonly start: number
  readonly count: number
  /** The rows' `encoded` bytes, back to back. */
  readonly encoded: Uint8Array
  /** The rows' `hash` bytes, back to back. */
  readonly hashes: Uint8Array
  /** The rows' `kind` texts (UTF-8), joined by commas. */
  readonly kinds: Uint8Array
  /** The rows' `at` texts, joined by commas. */
  readonly times: Uint8Array
  /** The rows' subjects joined by commas, a null one as nothing (the reader guarantees no stored subject is empty). */
  readonly subjects: Uint8Array
}

/** A stored interior Merkle node (level ≥ 1). */
export interface StoredNodeRow {
  readonly level: number
  readonly index: number
  readonly hash: Uint8Array
}

/**
 * What the entry checkers hold every entry to besides its bytes and hashes: where the chain
 * starts, and whether times may go back (never in a real store's ledger; a simulation replays
 * history in whatever order it likes).
 */
export interface EntryRules {
  /** The previous hash entry 0 must carry: zeros for a real ledger, the simulation anchor for a simulation's. */
  readonly genesisPrevHash: Uint8Array
  /** True when an entry dated before the entry before it is a problem (`entry_time_backwards`). */
  readonly timesNeverDecrease: boolean
}

/** The rules of a real ledger: the chain starts from zeros and times never go back. */
export const REAL_LEDGER_RULES: EntryRules = { genesisPrevHash: GENESIS_PREV_HASH, timesNeverDecrease: true }

/** Where the rows come from: the store streams them in order, in chunks. */
export interface LedgerSource {
  /** Every entry row, by `seq` ascending. */
  entries(): AsyncIterable<readonly StoredEntryRow[]>
  /**
   * The lowest level of interior node the store keeps: nodes below it are recomputed from the
   * leaves when a proof needs them (Trillian's strata), so the store writes 1 node per 2^level
   * entries instead of about one per entry.
   */
  readonly minNodeLevel: number
  /** Every stored node, by level (from `minNodeLevel`) then index ascending. */
  nodes(): AsyncIterable<readonly StoredNodeRow[]>
  /** Every stored checkpoint, oldest first. */
  checkpoints(): Promise<readonly SignedCheckpoint[]>
  /**
   * The stored rows of kind `key_rotation`, by `seq` ascending. Each is compared with the entry
   * verified at its place, and a row whose kind column was changed to hide it fails the entries'
   * column check, so the list cannot be thinned unseen.
   */
  keyRotations(): Promise<readonly StoredEntryRow[]>
  /**
   * Optional, in place of `entries()`: the entries already checked by `EntryRangeChecker`s (for
   * instance in worker threads, one per range of the ledger) under `rules`, as runs in `seq` order.
   */
  checkedEntries?(rules: EntryRules): AsyncIterable<CheckedEntries>
  /**
   * Optional: the previous hash stored in entry 0's bytes (undefined when there is no entry 0).
   * It says the ledger's mode (`modeOfGenesisPrevHash`); the check of entry 0 then proves it.
   * Without it the ledger is taken to be a real one.
   */
  genesisPrevHash?(): Promise<Uint8Array | undefined>
  /**
   * Optional: the mode the store records for itself (undefined where it records none). It must
   * be the ledger's: a store whose recorded mode was changed is reported (`mode_mismatch`).
   */
  storedMode?(): Promise<StoreMode | undefined>
}

/**
 * A run of consecutive entries checked by an `EntryRangeChecker`: the hashes of those found
 * good, and the first problem after them, if any.
 */
export interface CheckedEntries {
  /** The `seq` of the run's first entry. */
  readonly start: number
  /** The leaf hashes of the good entries from `start`, 32 bytes each. */
  readonly hashes: Uint8Array
  /**
   * The previous hash stored in entry `start` when the checker did not know the hash of entry
   * `start - 1` (the first run of a range): the verifier compares it before anything else.
   */
  readonly firstPrev?: Uint8Array
  /** The first problem after the good entries; nothing after it was checked. */
  readonly problem?: LedgerProblem
  /**
   * The time (ms) of entry `start` when the checker did not know the time of entry `start - 1`
   * (the first run of a range): the verifier compares it with the range before.
   */
  readonly firstTimeMs?: number
  /** The time (ms) of the last good entry checked so far in this range, when there is one. */
  readonly lastTimeMs?: number
  /**
   * Optional, where the checker's thread computed them: the interior levels of the complete
   * subtrees the good entries make (`subtreeLevels(hashes, h)`; `start` and the count are then
   * multiples of 2^h), so that the verifier's thread only completes the levels above h.
   */
  readonly subtrees?: readonly Uint8Array[]
}

/** Codes of what verification finds. */
export type LedgerProblemCode =
  | 'entry_missing'
  | 'entry_out_of_place'
  | 'entry_chain_broken'
  | 'entry_hash_mismatch'
  | 'entry_malformed'
  | 'entry_columns_mismatch'
  | 'entry_time_backwards'
  | 'mode_mismatch'
  | 'node_mismatch'
  | 'node_missing'
  | 'node_unexpected'
  | 'checkpoint_root_mismatch'
  | 'checkpoint_beyond_ledger'
  | 'checkpoint_signature'
  | 'key_rotation_invalid'
  | 'key_unknown'

/** One problem found, with the entry it concerns (the first bad entry for entry problems). */
export interface LedgerProblem {
  readonly code: LedgerProblemCode
  readonly message: string
  /** The entry concerned, when the problem is about one. */
  readonly seq?: number
}

/** The result of verifying a ledger. */
export interface LedgerVerification {
  readonly ok: boolean
  /** Entries read. */
  readonly size: number
  /** The root of the whole tree as recomputed. */
  readonly rootHash: string
  readonly checkpointsChecked: number
  readonly nodesChecked: number
  /**
   * Whether checkpoint signatures were checked: false when no public key was given, and then
   * everything else (entries, chain, nodes, checkpoint roots, rotations' places) still was.
   */
  readonly signaturesChecked: boolean
  /** The ids of the keys that sign the ledger, oldest first, as its key rotations chain them. */
  readonly keyIds: readonly string[]
  readonly problems: readonly LedgerProblem[]
  /**
   * The ledger's mode, as its chain's anchor says (entry 0's previous hash), or the store's
   * recorded mode when the ledger is empty: a simulation's entries record no real disclosure.
   */
  readonly mode: StoreMode
  /** The mode the store records for itself, when the source says (it must equal `mode`). */
  readonly storedMode?: StoreMode
}

/** A key of the ledger and the tree sizes whose checkpoints it signs (both ends included). */
interface KeySpan {
  readonly keyId: string
  readonly publicKey: KeyObject | undefined
  readonly fromSize: number
  readonly toSize: number
}

/**
 * Verifies every stored entry, node and checkpoint. Entry checks stop at the first bad entry
 * (what follows cannot be trusted); node and checkpoint checks cover the verified prefix.
 * Checkpoint signatures are checked under the key that signed the ledger at each checkpoint's
 * size, following the key rotations from `publicKey`, which may be any of the ledger's keys (an
 * overseer's old one included). Without `publicKey` everything but the signatures is checked.
 *
 * @example
 * const result = await verifyLedger(store.ledger.source(), keys.publicKey)
 * if (!result.ok) console.error(result.problems[0]?.message)
 */
export async function verifyLedger(source: LedgerSource, publicKey: KeyObject | string | undefined): Promise<LedgerVerification> {
  const problems: LedgerProblem[] = []
  const levels = new MerkleLevels()
  const storedMode = source.storedMode ? await source.storedMode() : undefined
  const anchor = source.genesisPrevHash ? await source.genesisPrevHash() : undefined
  // An anchor that is neither a real nor a simulation ledger's is held to the real rules, which
  // report entry 0 as not starting the chain.
  const ledgerMode = anchor === undefined ? undefined : modeOfGenesisPrevHash(anchor)
  const rules: EntryRules = ledgerMode === 'simulation' ? { genesisPrevHash: anchor as Uint8Array, timesNeverDecrease: false } : REAL_LEDGER_RULES
  const mode: StoreMode = ledgerMode ?? storedMode ?? 'real'
  if (storedMode !== undefined && ledgerMode !== undefined && storedMode !== ledgerMode) {
    problems.push({
      code: 'mode_mismatch',
      seq: 0,
      message: `the store records that it is a ${storedMode} store, but its ledger is a ${ledgerMode} one (entry 0, and so every entry, chains back to the ${ledgerMode} anchor): the store's recorded mode was changed after it was created`,
    })
  }
  let expected = 0
  let prev: Uint8Array = rules.genesisPrevHash
  let lastTimeMs = Number.NEGATIVE_INFINITY
  let entryFailed = false

  const runs = source.checkedEntries ? source.checkedEntries(rules) : checkEntryRows(source.entries(), rules)
  for await (const run of runs) {
    if (run.start > expected) {
      // A range that ended before the next one starts: entries between them were deleted.
      problems.push({ code: 'entry_missing', seq: expected, message: `entry ${expected} is missing (the next range of entries starts at ${run.start}): entries were deleted` })
      entryFailed = true
      break
    }
    if (run.start < expected) throw new RangeError(`the ledger source gave entries from ${run.start} again, after ${expected - 1}`)
    if (run.firstPrev && Buffer.compare(run.firstPrev, prev) !== 0) {
      problems.push(chainBroken(expected))
      entryFailed = true
      break
    }
    if (rules.timesNeverDecrease && run.firstTimeMs !== undefined && run.firstTimeMs < lastTimeMs) {
      problems.push(timeBackwards(run.start, run.firstTimeMs, lastTimeMs))
      entryFailed = true
      break
    }
    if (run.lastTimeMs !== undefined) lastTimeMs = run.lastTimeMs
    const count = run.hashes.length / HASH_SIZE
    if (run.subtrees && run.subtrees.length > 0) levels.appendSubtrees(run.hashes, run.subtrees)
    else for (let i = 0; i < count; i++) levels.append(run.hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE))
    if (count > 0) prev = Buffer.from(run.hashes.subarray((count - 1) * HASH_SIZE, count * HASH_SIZE))
    expected += count
    if (run.problem) {
      problems.push(run.problem)
      entryFailed = true
      break
    }
  }
  const verifiedSize = levels.size

  // Stored nodes: each must equal the recomputed one; none may lie beyond the verified entries.
  let nodesChecked = 0
  let nodeFailed = false
  let wantLevel = source.minNodeLevel
  let wantIndex = 0
  const missingBefore = (level: number, index: number): boolean => {
    // Reports the first node expected before (level, index) in (level, index) order, if any.
    while ((wantLevel < level || (wantLevel === level && wantIndex < index)) && levels.count(wantLevel) > 0) {
      if (wantIndex < levels.count(wantLevel)) {
        problems.push({
          code: 'node_missing',
          seq: wantIndex * 2 ** wantLevel,
          message: `Merkle node ${wantLevel}:${wantIndex} is missing from the store`,
        })
        return true
      }
      wantLevel += 1
      wantIndex = 0
    }
    return false
  }
  nodes: for await (const chunk of source.nodes()) {
    for (const node of chunk) {
      const level = Number(node.level)
      const index = Number(node.index)
      if (missingBefore(level, index)) {
        nodeFailed = true
        break nodes
      }
      if (index >= levels.count(level)) {
        if (!entryFailed) {
          problems.push({ code: 'node_unexpected', seq: index * 2 ** level, message: `Merkle node ${level}:${index} covers entries that are not in the ledger: entries were deleted` })
          nodeFailed = true
          break nodes
        }
        continue
      }
      nodesChecked += 1
      if (!(node.hash instanceof Uint8Array) || Buffer.compare(levels.node(level, index), node.hash) !== 0) {
        problems.push({
          code: 'node_mismatch',
          seq: index * 2 ** level,
          message: `Merkle node ${level}:${index} (entries ${index * 2 ** level}–${(index + 1) * 2 ** level - 1}) ${node.hash instanceof Uint8Array ? 'differs from the one recomputed from the entries' : `holds ${typeName(node.hash)} in its hash column, not 32 bytes`}`,
        })
        nodeFailed = true
        break nodes
      }
      wantLevel = level
      wantIndex = index + 1
    }
  }
  if (!nodeFailed && !entryFailed) missingBefore(Number.MAX_SAFE_INTEGER, 0)

  const keys = await followKeyRotations(source, levels, verifiedSize, publicKey, problems)

  let checkpointsChecked = 0
  for (const stored of await source.checkpoints()) {
    // Checked as a checkpoint of this ledger's mode: a simulation's signs other bytes than a real one's.
    const checkpoint: SignedCheckpoint = { ...stored, mode }
    if (keys.trusted) {
      const span = keys.spans.find((k) => k.keyId === checkpoint.keyId && k.fromSize <= checkpoint.treeSize && checkpoint.treeSize <= k.toSize)
      const signature: Check = span?.publicKey
        ? verifyCheckpoint(checkpoint, span.publicKey)
        : { valid: false, reason: `it was signed by key ${checkpoint.keyId.slice(0, 16)}…, which does not sign this ledger at ${checkpoint.treeSize} entries` }
      if (!signature.valid) {
        problems.push({ code: 'checkpoint_signature', message: `the checkpoint of ${checkpoint.treeSize} entries at ${checkpoint.time}: ${signature.reason}` })
        continue
      }
    }
    if (checkpoint.treeSize > verifiedSize) {
      if (!entryFailed) {
        problems.push({
          code: 'checkpoint_beyond_ledger',
          seq: verifiedSize,
          message: `the checkpoint at ${checkpoint.time} covers ${checkpoint.treeSize} entries, the ledger holds ${verifiedSize}: entries were deleted`,
        })
      }
      continue
    }
    checkpointsChecked += 1
    if (levels.root(checkpoint.treeSize).toString('hex') !== checkpoint.rootHash) {
      problems.push({
        code: 'checkpoint_root_mismatch',
        seq: checkpoint.treeSize - 1,
        message: `the checkpoint of ${checkpoint.treeSize} entries at ${checkpoint.time} does not match the entries: one of entries 0–${checkpoint.treeSize - 1} was changed`,
      })
    }
  }
  return {
    ok: problems.length === 0,
    size: verifiedSize,
    rootHash: levels.root().toString('hex'),
    checkpointsChecked,
    nodesChecked,
    signaturesChecked: keys.trusted,
    keyIds: keys.spans.map((k) => k.keyId),
    problems,
    mode,
    ...(storedMode === undefined ? {} : { storedMode }),
  }
}

/** The problem of entry `seq`, dated before the entry before it. */
function timeBackwards(seq: number, timeMs: number, previousMs: number): LedgerProblem {
  return {
    code: 'entry_time_backwards',
    seq,
    message: `entry ${seq} is dated ${new Date(timeMs).toISOString()}, before entry ${seq - 1} (${new Date(previousMs).toISOString()}): a real ledger's times never go back, so it was written with a clock set back (or inserted afterwards)`,
  }
}

/**
 * The ledger's keys as its verified key rotations chain them, each with the tree sizes it signs:
 * the old key signs every tree up to and including its rotation entry, the new key every tree
 * from there on. Each rotation must carry both keys' valid signatures, sit where its statement
 * says (its tree size and root), and start from the key the one before it ended with. The key
 * given is trusted when it is any key of the chain: both signatures of every rotation make each
 * key vouch for its neighbours.
 */
async function followKeyRotations(
  source: LedgerSource,
  levels: MerkleLevels,
  verifiedSize: number,
  publicKey: KeyObject | string | undefined,
  problems: LedgerProblem[],
): Promise<{ readonly spans: readonly KeySpan[]; readonly trusted: boolean }> {
  let given: KeyObject | undefined
  if (publicKey !== undefined) {
    try {
      given = toPublicKey(publicKey)
    } catch (error) {
      problems.push({ code: 'key_unknown', message: `the public key given cannot be read: ${(error as Error).message}` })
      return { spans: [], trusted: false }
    }
  }
  const spans: KeySpan[] = []
  for (const row of await source.keyRotations()) {
    const seq = Number(row.seq)
    // Rows past the verified entries cannot be trusted; the entry check has reported why.
    if (seq >= verifiedSize) break
    if (Buffer.compare(levels.node(0, seq), hashLeaf(row.encoded)) !== 0) {
      problems.push({ code: 'key_rotation_invalid', seq, message: `the key rotation stored as entry ${seq} is not the entry verified there` })
      break
    }
    const payload = decodeEntry(row.encoded).payload as KeyRotationPayload
    const check = checkKeyRotation(payload)
    const previous = spans.at(-1)
    const reason = !check.valid
      ? check.reason
      : payload.treeSize !== seq || payload.rootHash !== levels.root(seq).toString('hex')
        ? `it was signed for a ledger of ${payload.treeSize} entries with another root, not for its place`
        : previous !== undefined && previous.keyId !== payload.oldKeyId
          ? `it rotates from key ${payload.oldKeyId.slice(0, 16)}…, but the ledger was signed by ${previous.keyId.slice(0, 16)}…`
          : undefined
    if (reason !== undefined) {
      problems.push({ code: 'key_rotation_invalid', seq, message: `the key rotation at entry ${seq} does not hold: ${reason}` })
      break
    }
    if (previous === undefined) spans.push({ keyId: payload.oldKeyId, publicKey: publicKeyFromSpki(payload.oldPublicKey), fromSize: 0, toSize: seq + 1 })
    else spans[spans.length - 1] = { ...previous, toSize: seq + 1 }
    spans.push({ keyId: payload.newKeyId, publicKey: publicKeyFromSpki(payload.newPublicKey), fromSize: seq + 1, toSize: Number.MAX_SAFE_INTEGER })
  }
  if (given === undefined) return { spans, trusted: false }
  const givenId = keyIdOf(given)
  if (spans.length === 0) return { spans: [{ keyId: givenId, publicKey: given, fromSize: 0, toSize: Number.MAX_SAFE_INTEGER }], trusted: true }
  if (!spans.some((k) => k.keyId === givenId)) {
    problems.push({
      code: 'key_unknown',
      message: `the public key given (key ${givenId.slice(0, 16)}…) is not one of this ledger's keys (${spans.map((k) => `${k.keyId.slice(0, 16)}…`).join(', ')}): no signature can be trusted`,
    })
  }
  return { spans, trusted: true }
}

/** The problem of entry `seq` whose stored previous hash is not the hash of the entry before it. */
function chainBroken(seq: number): LedgerProblem {
  return {
    code: 'entry_chain_broken',
    seq: seq === 0 ? 0 : seq - 1,
    message:
      seq === 0
        ? 'entry 0 does not start the chain (its previous hash is not zero)'
        : `entry ${seq} does not follow entry ${seq - 1}: it carries another hash of its predecessor, so entry ${seq - 1} was modified (or an entry was inserted or removed before ${seq})`,
  }
}

/** Hashes per output buffer of a checker: 64 KiB. */
const RUN_HASHES = 2048

/**
 * Checks consecutive stored entries from `start`: each is the entry expected at its place, is
 * well formed, carries the hash of the entry before it, hashes to the hash stored with it, and
 * agrees with its stored columns. It stops at the first problem. Verification splits the ledger
 * into ranges with one checker each (in worker threads where the store allows); only the first
 * entry of a range cannot have its chain link checked here, and is reported as `firstPrev`.
 *
 * @example
 * const checker = new EntryRangeChecker(0, GENESIS_PREV_HASH)
 * for (const row of rows) if (!checker.check(row)) break
 * const run = checker.take() // hashes of the good entries, and the problem if any
 */
export class EntryRangeChecker {
  #start: number
  #expected: number
  #prev: Buffer | undefined
  #firstPrev: Buffer | undefined
  /** Whether an entry dated before the one before it is a problem. */
  readonly #timesNeverDecrease: boolean
  /** The time (ms) of the entry before the next one, when known. */
  #lastTimeMs: number | undefined
  /** The time of the range's first entry, when the time before it was not known (reported once). */
  #firstTimeMs: number | undefined
  #hashes: Buffer = Buffer.allocUnsafe(RUN_HASHES * HASH_SIZE)
  #count = 0
  #problem: LedgerProblem | undefined
  /** A scratch buffer for the leaf prefix and the entry, grown as needed. */
  #scratch: Buffer = Buffer.allocUnsafe(4096)

  /**
   * `prev` is the hash of entry `start - 1`, or undefined when it is not known here. With
   * `timesNeverDecrease` (a real ledger), an entry dated before the entry before it is a problem;
   * `prevTimeMs` is the time of entry `start - 1`, when known (otherwise the first entry's time is
   * reported as `firstTimeMs`, for the caller to compare).
   */
  constructor(start: number, prev: Uint8Array | undefined, options: { readonly timesNeverDecrease?: boolean; readonly prevTimeMs?: number } = {}) {
    this.#start = start
    this.#expected = start
    this.#prev = prev === undefined ? undefined : Buffer.from(prev)
    this.#timesNeverDecrease = options.timesNeverDecrease ?? false
    this.#lastTimeMs = options.prevTimeMs
  }

  /** Whether a problem was found (then `check` refuses every further row). */
  get failed(): boolean {
    return this.#problem !== undefined
  }

  /** Checks the next stored row; false when it (or an earlier one) has a problem. */
  check(row: StoredEntryRow): boolean {
    if (this.#problem) return false
    const seq = Number(row.seq)
    const expected = this.#expected
    if (seq !== expected) {
      if (seq > expected) return this.#fail('entry_missing', expected, `entry ${expected} is missing (the next stored entry is ${seq}): entries were deleted`)
      return this.#fail('entry_out_of_place', seq, `entry ${seq} appears twice or out of order`)
    }
    // A column of another type (text where bytes belong, as an intruder with the file may
    // write) is a malformed entry named by its seq and column, not a crash of the verifier.
    if (!(row.encoded instanceof Uint8Array)) return this.#fail('entry_malformed', seq, `entry ${seq}: its encoded column holds ${typeName(row.encoded)}, not the entry's bytes`)
    if (!(row.hash instanceof Uint8Array)) return this.#fail('entry_malformed', seq, `entry ${seq}: its hash column holds ${typeName(row.hash)}, not 32 bytes`)
    const header = readEntryHeader(row.encoded)
    if ('reason' in header) return this.#fail('entry_malformed', seq, `entry ${seq} is not a well-formed entry: ${header.reason}`)
    if (header.seq !== seq) return this.#fail('entry_out_of_place', seq, `entry ${seq} holds the bytes of entry ${header.seq}: entries were reordered, inserted or removed`)
    if (this.#prev === undefined) {
      if (this.#firstPrev === undefined) this.#firstPrev = Buffer.from(header.prevHash)
    } else if (Buffer.compare(header.prevHash, this.#prev) !== 0) {
      this.#problem = chainBroken(seq)
      return false
    }
    const hash = this.#leafHash(row.encoded)
    if (Buffer.compare(hash, row.hash) !== 0) return this.#fail('entry_hash_mismatch', seq, `entry ${seq} was modified: its bytes no longer hash to the hash stored with it`)
    const columns = checkColumns(row, header.timeMs, header.body)
    if (columns) return this.#fail('entry_columns_mismatch', seq, `entry ${seq}: ${columns}`)
    if (this.#lastTimeMs === undefined) this.#firstTimeMs = header.timeMs
    else if (this.#timesNeverDecrease && header.timeMs < this.#lastTimeMs) {
      this.#problem = timeBackwards(seq, header.timeMs, this.#lastTimeMs)
      return false
    }
    this.#lastTimeMs = header.timeMs
    this.#reserve(1)
    hash.copy(this.#hashes, this.#count * HASH_SIZE)
    this.#count += 1
    this.#prev = hash
    this.#expected = seq + 1
    return true
  }

  /**
   * Checks a block of stored rows at once, making every check `check` makes on each of them, with
   * no object per row. True when all of them pass (their hashes are added as `check` would add
   * them); false when one does not, or the block is not in the exact form this fast path reads
   * (a text that is not ASCII, a time outside years 0–9999): then nothing was added, and the
   * caller checks the same rows with `check`, which finds and names the first problem exactly as
   * it would have without this path.
   */
  checkBlock(block: StoredEntryBlock): boolean {
    if (this.#problem || block.start !== this.#expected || block.count <= 0) return false
    const count = block.count
    const encoded = asBuffer(block.encoded)
    const stored = asBuffer(block.hashes)
    const kinds = asBuffer(block.kinds)
    const times = asBuffer(block.times)
    const subjects = asBuffer(block.subjects)
    if (stored.length !== count * HASH_SIZE) return false
    // ASCII texts read the same as UTF-8 (the store's text) and as latin1 (what `check` compares with).
    if (!isAscii(kinds) || !isAscii(times) || !isAscii(subjects)) return false
    this.#reserve(count)
    const out = this.#hashes
    const base = this.#count * HASH_SIZE
    let offset = 0
    let kindAt = 0
    let timeAt = 0
    let subjectAt = 0
    let firstPrev: Buffer | undefined
    let lastTimeMs = this.#lastTimeMs
    let firstTimeMs: number | undefined
    const timesNeverDecrease = this.#timesNeverDecrease
    let knownKindAt = -1
    let knownKindLength = -1
    for (let i = 0; i < count; i++) {
      const last = i === count - 1
      if (encoded.length - offset < ENTRY_LAYOUT.body || encoded[offset] !== ENTRY_VERSION) return false
      const seqHigh = encoded.readUInt32BE(offset + ENTRY_LAYOUT.seq)
      if (seqHigh >= 2 ** 21 || seqHigh * 2 ** 32 + encoded.readUInt32BE(offset + ENTRY_LAYOUT.seq + 4) !== block.start + i) return false
      const timeHigh = encoded.readUInt32BE(offset + ENTRY_LAYOUT.time)
      if (timeHigh >= 2 ** 21) return false
      const timeMs = timeHigh * 2 ** 32 + encoded.readUInt32BE(offset + ENTRY_LAYOUT.time + 4)
      // Time order: the row-by-row check names an entry that goes back.
      if (lastTimeMs === undefined) firstTimeMs = timeMs
      else if (timesNeverDecrease && timeMs < lastTimeMs) return false
      lastTimeMs = timeMs
      const bodyStart = offset + ENTRY_LAYOUT.body
      const end = bodyStart + encoded.readUInt32BE(offset + ENTRY_LAYOUT.bodyLength)
      if (end > encoded.length) return false
      // The chain: this entry's previous hash is the hash of the entry before.
      const prevAt = offset + ENTRY_LAYOUT.prev
      if (i > 0) {
        if (!sameBytes(encoded, prevAt, out, base + (i - 1) * HASH_SIZE, HASH_SIZE)) return false
      } else if (this.#prev !== undefined) {
        if (!sameBytes(encoded, prevAt, this.#prev, 0, HASH_SIZE)) return false
      } else if (this.#firstPrev === undefined) {
        firstPrev = Buffer.from(encoded.subarray(prevAt, prevAt + HASH_SIZE))
      }
      // Its hash, recomputed, against the one stored with it.
      const length = end - offset
      if (length + 1 > this.#scratch.length) this.#scratch = Buffer.allocUnsafe(2 * (length + 1))
      this.#scratch[0] = 0x00
      encoded.copy(this.#scratch, 1, offset, end)
      const hashAt = base + i * HASH_SIZE
      sha256Into(this.#scratch.subarray(0, length + 1), out, hashAt)
      if (!sameBytes(out, hashAt, stored, i * HASH_SIZE, HASH_SIZE)) return false
      // Its columns, against what its bytes say.
      const body = bodyColumnRanges(encoded, bodyStart, end)
      if (!body) return false
      const kindLength = body.kindEnd - body.kindStart
      // A known kind: the same bytes as the last one found known, or a name in the list.
      if (!(kindLength === knownKindLength && sameBytes(encoded, body.kindStart, encoded, knownKindAt, kindLength))) {
        if (!isLedgerEntryKind(encoded.toString('latin1', body.kindStart, body.kindEnd))) return false
        knownKindAt = body.kindStart
        knownKindLength = kindLength
      }
      if (!itemIs(kinds, kindAt, encoded, body.kindStart, body.kindEnd, last)) return false
      kindAt += kindLength + 1
      if (body.subjectStart < 0) {
        if (!itemIs(subjects, subjectAt, encoded, 0, 0, last)) return false
        subjectAt += 1
      } else {
        // A comma in the subject would make the joined list ambiguous: such an entry goes row by row.
        if (findByte(encoded, 0x2c, body.subjectStart, body.subjectEnd) >= 0) return false
        if (!itemIs(subjects, subjectAt, encoded, body.subjectStart, body.subjectEnd, last)) return false
        subjectAt += body.subjectEnd - body.subjectStart + 1
      }
      if (!isIsoTimeAt(times, timeAt, timeMs) || !(last ? times.length === timeAt + 24 : times[timeAt + 24] === 0x2c)) return false
      timeAt += 25
      offset = end
    }
    if (offset !== encoded.length) return false
    if (firstPrev) this.#firstPrev = firstPrev
    if (firstTimeMs !== undefined) this.#firstTimeMs = firstTimeMs
    this.#lastTimeMs = lastTimeMs
    this.#prev = Buffer.from(out.subarray(base + (count - 1) * HASH_SIZE, base + count * HASH_SIZE))
    this.#count += count
    this.#expected += count
    return true
  }

  /** Makes room for `more` hashes after the ones kept. */
  #reserve(more: number): void {
    const needed = (this.#count + more) * HASH_SIZE
    if (needed <= this.#hashes.length) return
    const grown = Buffer.allocUnsafe(Math.max(needed, this.#hashes.length * 2))
    this.#hashes.copy(grown, 0, 0, this.#count * HASH_SIZE)
    this.#hashes = grown
  }

  /** The run checked since the last `take`: the good entries' hashes and the problem, if any. */
  take(): CheckedEntries {
    const run: CheckedEntries = {
      start: this.#start,
      hashes: this.#hashes.subarray(0, this.#count * HASH_SIZE),
      ...(this.#firstPrev ? { firstPrev: this.#firstPrev } : {}),
      ...(this.#firstTimeMs === undefined ? {} : { firstTimeMs: this.#firstTimeMs }),
      ...(this.#lastTimeMs === undefined ? {} : { lastTimeMs: this.#lastTimeMs }),
      ...(this.#problem ? { problem: this.#problem } : {}),
    }
    this.#start = this.#expected
    this.#hashes = Buffer.allocUnsafe(RUN_HASHES * HASH_SIZE)
    this.#count = 0
    // The first entry's link is reported once; later runs continue the chain checked here.
    if (this.#firstPrev) this.#firstPrev = undefined
    this.#firstTimeMs = undefined
    return run
  }

  /** SHA-256(0x00 || entry), through a reused buffer rather than one allocated per entry. */
  #leafHash(encoded: Uint8Array): Buffer {
    if (encoded.length + 1 > this.#scratch.length) this.#scratch = Buffer.allocUnsafe(2 * (encoded.length + 1))
    this.#scratch[0] = 0x00
    this.#scratch.set(encoded, 1)
    return sha256(this.#scratch.subarray(0, encoded.length + 1))
  }

  #fail(code: LedgerProblemCode, seq: number, message: string): false {
    this.#problem = { code, seq, message }
    return false
  }
}

/**
 * Checks streamed rows as one range from entry 0 under `rules` (default: a real ledger's), one
 * run per chunk: what `verifyLedger` does with `LedgerSource.entries()`, for a source whose
 * `checkedEntries` falls back to it.
 */
export async function* checkEntryRows(chunks: AsyncIterable<readonly StoredEntryRow[]>, rules: EntryRules = REAL_LEDGER_RULES): AsyncIterable<CheckedEntries> {
  const checker = new EntryRangeChecker(0, rules.genesisPrevHash, { timesNeverDecrease: rules.timesNeverDecrease })
  for await (const chunk of chunks) {
    for (const row of chunk) if (!checker.check(row)) break
    yield checker.take()
    if (checker.failed) return
  }
}

const KIND_KEY = Buffer.from('","kind":"', 'utf8')
const ACTOR_OPEN = Buffer.from('{"actor":"', 'utf8')
const SUBJECT_KEY = Buffer.from(',"subject":"', 'utf8')
/** `pn:` and 64 hex digits. */
const PSEUDONYM_LENGTH = 67

/**
 * Reads the kind and subject from a canonical body without parsing it all (verify reads a
 * million of them). The body's keys are sorted (actor, kind, payload, subject) and a JSON string
 * never holds an unescaped quote, so the first `","kind":"` ends the actor; the body ends with
 * `"}` exactly when its last member is the subject string (a payload ends with `}`).
 */
export function readBodyColumns(body: Buffer): { readonly kind: string; readonly subject: string | null } | undefined {
  const ranges = bodyColumnRanges(body, 0, body.length)
  if (!ranges) return undefined
  return {
    kind: body.toString('latin1', ranges.kindStart, ranges.kindEnd),
    subject: ranges.subjectStart < 0 ? null : body.toString('latin1', ranges.subjectStart, ranges.subjectEnd),
  }
}

/** Where the kind and the subject (-1 when none) lie in the body at [start, end) of `bytes`. */
interface BodyColumnRanges {
  readonly kindStart: number
  readonly kindEnd: number
  readonly subjectStart: number
  readonly subjectEnd: number
}

/** `readBodyColumns` for a body inside a larger buffer, giving positions rather than strings. */
function bodyColumnRanges(bytes: Buffer, start: number, end: number): BodyColumnRanges | undefined {
  if (end - start < ACTOR_OPEN.length || !sameBytes(bytes, start, ACTOR_OPEN, 0, ACTOR_OPEN.length)) return undefined
  const kindAt = findBytes(bytes, KIND_KEY, start, end)
  if (kindAt < 0) return undefined
  const kindStart = kindAt + KIND_KEY.length
  const kindEnd = findByte(bytes, 0x22, kindStart, end)
  if (kindEnd < 0) return undefined
  if (bytes[end - 1] !== 0x7d) return undefined
  if (bytes[end - 2] !== 0x22) return { kindStart, kindEnd, subjectStart: -1, subjectEnd: -1 }
  const subjectStart = end - 2 - PSEUDONYM_LENGTH
  const keyStart = subjectStart - SUBJECT_KEY.length
  if (keyStart < start || !sameBytes(bytes, keyStart, SUBJECT_KEY, 0, SUBJECT_KEY.length)) return undefined
  return { kindStart, kindEnd, subjectStart, subjectEnd: end - 2 }
}

/**
 * Where `pattern` first lies wholly in `bytes[from, end)`, or -1. A loop rather than
 * `Buffer.indexOf`, whose call costs more than the few bytes searched here (the kind follows a
 * short actor), and which would search past `end` into the next entry of a block.
 */
function findBytes(bytes: Uint8Array, pattern: Uint8Array, from: number, end: number): number {
  const first = pattern[0]
  const n = pattern.length
  for (let at = from; at + n <= end; at++) {
    if (bytes[at] !== first) continue
    let k = 1
    while (k < n && bytes[at + k] === pattern[k]) k++
    if (k === n) return at
  }
  return -1
}

/** Where `value` first lies in `bytes[from, end)`, or -1. */
function findByte(bytes: Uint8Array, value: number, from: number, end: number): number {
  for (let at = from; at < end; at++) if (bytes[at] === value) return at
  return -1
}

/**
 * Whether the item of a comma-joined `list` at `at` is exactly `source[start, end)`: the bytes
 * match and are followed by a comma, or by the end of the list for the last item.
 */
function itemIs(list: Buffer, at: number, source: Buffer, start: number, end: number, last: boolean): boolean {
  const after = at + end - start
  if (after > list.length || (last ? after !== list.length : list[after] !== 0x2c)) return false
  return sameBytes(list, at, source, start, end - start)
}

/**
 * Whether `a` from `aAt` and `b` from `bAt` hold the same `length` bytes (both ranges in bounds).
 * A loop: for the 10 to 70 bytes compared here it costs a tenth of `Buffer.compare` with offsets,
 * whose argument checks dominate (measured in the verify worker's profile).
 */
function sameBytes(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number, length: number): boolean {
  if (aAt + length > a.length || bAt + length > b.length) return false
  for (let i = 0; i < length; i++) if (a[aAt + i] !== b[bAt + i]) return false
  return true
}

/** What a stored column holds, in words, when it is not the bytes expected. */
function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)'
  if (typeof value === 'string') return 'text'
  return typeof value === 'number' || typeof value === 'bigint' ? 'a number' : `a ${typeof value}`
}

/** A Buffer over the same bytes as a Uint8Array (no copy). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Compares the columns stored beside an entry with what its bytes say; returns the difference. */
function checkColumns(row: StoredEntryRow, timeMs: number, body: Buffer): string | undefined {
  const parsed = readBodyColumns(body)
  if (!parsed || !isLedgerEntryKind(parsed.kind)) return 'its body is not a canonical entry body'
  if (parsed.kind !== row.kind) return `stored as a ${row.kind} entry but its bytes say ${parsed.kind}`
  if (parsed.subject !== (row.subject ?? null)) return 'its stored subject differs from the one in its bytes'
  // A time column of another type (a blob with the same bytes) is a difference too, not a crash.
  if (typeof row.at !== 'string' || !isIsoTimeOf(row.at, timeMs)) return `stored at ${row.at} but its bytes say ${new Date(timeMs).toISOString()}`
  return undefined
}
