/** Reading the ledger: what every face that only reads the ledger (overseers' tools, the web pages) may do. */
import type { LedgerSigningKey } from './ledger-keys.js'
import type { KeyObject } from 'node:crypto'
import type { LedgerEntryKind, Pseudonym, RecordedLedgerEntry } from '../../core/index.js'
import type { LedgerSource, LedgerVerification, SignedCheckpoint } from '../../ledger/index.js'

/** Reading the ledger: entries, roots, proofs and checkpoints (what overseers' tools need). */
export interface LedgerReader {
  /** The number of entries. */
  size(): Promise<number>
  get(seq: number): Promise<RecordedLedgerEntry | undefined>
  /** An entry's canonical bytes. */
  encoded(seq: number): Promise<Buffer | undefined>
  /** The canonical bytes of many entries, in the order asked (refused, naming it, when one is missing). */
  encodedMany(seqs: readonly number[]): Promise<Buffer[]>
  /** Entries from `from` on, at most `limit`, optionally of one kind. */
  list(options?: { readonly from?: number; readonly limit?: number; readonly kind?: LedgerEntryKind }): Promise<readonly RecordedLedgerEntry[]>
  /**
   * Every entry about one person (by pseudonym), oldest first. It scans the ledger (seconds for
   * a million entries): entries are not indexed by subject, to keep appends fast.
   */
  bySubject(subject: Pseudonym): Promise<readonly RecordedLedgerEntry[]>
  /** The Merkle root of the first `size` entries (default: all). */
  root(size?: number): Promise<Buffer>
  /** The inclusion proof of entry `seq` in the tree of the first `treeSize` entries. */
  inclusionProof(seq: number, treeSize: number): Promise<Buffer[]>
  /**
   * The inclusion proofs of many entries in one tree, in the order asked: the nodes they share
   * are read once (a response file's proof bundle proves thousands of disclosures).
   */
  inclusionProofs(seqs: readonly number[], treeSize: number): Promise<Buffer[][]>
  /** The consistency proof between the trees of the first `size1` and `size2` entries. */
  consistencyProof(size1: number, size2: number): Promise<Buffer[]>
  /** Every stored checkpoint, oldest first. */
  checkpoints(): Promise<readonly SignedCheckpoint[]>
  /** The rows for `verifyLedger`, streamed. */
  source(): LedgerSource
  /**
   * Recomputes every hash, node and checkpoint (see `verifyLedger`); without a public key,
   * everything but the checkpoints' signatures.
   */
  verify(publicKey: KeyObject | string | undefined): Promise<LedgerVerification>
  /** The keys that sign the ledger, oldest first (the last one signs now); none for a new store. */
  signingKeys(): Promise<readonly LedgerSigningKey[]>
}

