/**
 * Proof bundles: the proofs that travel with what they prove. Beside a response file (and, in
 * the same format, a recall notice or a disposal certificate) the holder writes the C2SP
 * checkpoint that covers the document's ledger entries and the inclusion proof of each: the
 * entry that records the document and, for a response file, the entry of every disclosure it
 * carries. A recipient checks the bundle with the standalone verifier (packages/verify,
 * `verigate-verify bundle`) and the log's verifier key alone; the format is specified in
 * packages/verify/README.md and docs/verifier.md.
 */
import { basename, dirname, extname, join } from 'node:path'
import { IntegrityError, writePrivateFile } from '../core/index.js'
import { checkpointMode, ledgerOrigin, signC2spCheckpoint } from '../ledger/index.js'
import type { LedgerKeys, SignedCheckpoint } from '../ledger/index.js'
import type { Store } from '../store/index.js'

/** The file format of a proof bundle (packages/verify `BUNDLE_FORMAT`). */
export const PROOF_BUNDLE_FORMAT = 'verigate-proof-bundle/1'

/** One ledger entry and its inclusion proof in the checkpoint's tree. */
export interface ProofBundleEntry {
  /** The entry's seq: its leaf index. */
  readonly leaf_index: number
  /** Base64 of the entry's bytes (src/ledger/ENCODING.md): its leaf hash is SHA-256(0x00 || these bytes). */
  readonly entry: string
  /** Hex hashes from the leaf's sibling up (RFC 6962 PATH). */
  readonly proof: readonly string[]
}

/** What travels beside a document: a checkpoint and the inclusion proofs of the document's entries. */
export interface ProofBundle {
  readonly format: typeof PROOF_BUNDLE_FORMAT
  /** The kind of the entry that records the document. */
  readonly document: 'response_file' | 'recall' | 'disposal_certification'
  /** The C2SP checkpoint (signed note), signed after every entry below was appended. */
  readonly checkpoint: string
  /** The entry that records the document itself. */
  readonly record: ProofBundleEntry
  /** For a response file, the entry of each disclosure it carries, in ledger order; else empty. */
  readonly disclosures: readonly ProofBundleEntry[]
}

/** What a bundle is made of. */
export interface ProofBundleRequest {
  readonly document: ProofBundle['document']
  /** The seq of the entry that records the document. */
  readonly recordSeq: number
  /** The seqs of the disclosure entries (response files only). */
  readonly disclosureSeqs?: readonly number[]
  /**
   * A Verigate checkpoint of the store, signed after those entries (the caller's: a batch's
   * finish already signs one); its size and root are signed again as the C2SP checkpoint.
   */
  readonly checkpoint: SignedCheckpoint
  /** The origin prefix (`ledger checkpoint --origin-prefix`); default `verigate.local`. */
  readonly originPrefix?: string
}

/** Where a document's bundle goes: `response-b1.csv` → `response-b1.proof.json`, beside it. */
export function proofBundlePath(documentPath: string): string {
  const name = basename(documentPath, extname(documentPath))
  return join(dirname(documentPath), `${name}.proof.json`)
}

/**
 * Builds the proof bundle of a document's entries against `request.checkpoint`. Refused when the
 * checkpoint does not cover every entry (it must be made after they were appended) or when its
 * mode is not the store's (a simulation's checkpoint says so in its origin).
 */
export async function buildProofBundle(store: Store, keys: LedgerKeys, request: ProofBundleRequest): Promise<ProofBundle> {
  const { checkpoint } = request
  const seqs = [request.recordSeq, ...(request.disclosureSeqs ?? [])]
  const last = Math.max(...seqs)
  if (checkpoint.treeSize <= last) throw new IntegrityError(`the checkpoint covers entries 0 to ${checkpoint.treeSize - 1}, not entry ${last}: sign it after the entries are appended`)
  if (checkpointMode(checkpoint) !== store.mode) throw new IntegrityError(`the checkpoint is a ${checkpointMode(checkpoint)} ledger’s, the store a ${store.mode} one`)
  const first = (await store.ledger.signingKeys())[0]
  if (!first) throw new IntegrityError('the store’s ledger has no signing key: a checkpoint was never signed')
  const origin = ledgerOrigin({ ...(request.originPrefix ? { prefix: request.originPrefix } : {}), firstKeyId: first.keyId, mode: store.mode })
  const note = signC2spCheckpoint(keys, { origin, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, extensions: [] })
  // The record's entry first, then the disclosures in ledger order; their proofs in one read.
  const seqsInOrder = [request.recordSeq, ...[...(request.disclosureSeqs ?? [])].sort((a, b) => a - b)]
  const [bytes, proofs] = await Promise.all([store.ledger.encodedMany(seqsInOrder), store.ledger.inclusionProofs(seqsInOrder, checkpoint.treeSize)])
  const entries: ProofBundleEntry[] = seqsInOrder.map((seq, i) => ({
    leaf_index: seq,
    entry: (bytes[i] as Buffer).toString('base64'),
    proof: (proofs[i] as Buffer[]).map((p) => p.toString('hex')),
  }))
  return { format: PROOF_BUNDLE_FORMAT, document: request.document, checkpoint: note, record: entries[0] as ProofBundleEntry, disclosures: entries.slice(1) }
}

/** Builds a document's proof bundle and writes it beside the document (owner-only, as the document). */
export async function writeProofBundle(store: Store, keys: LedgerKeys, documentPath: string, request: ProofBundleRequest): Promise<string> {
  const bundle = await buildProofBundle(store, keys, request)
  const path = proofBundlePath(documentPath)
  writePrivateFile(path, `${JSON.stringify(bundle, null, 2)}\n`)
  return path
}

/**
 * A checkpoint of the store that covers entry `seq`, signed by `keys`: the latest one kept, or a
 * new one signed now (after the entry was appended, so it covers it).
 */
export async function coveringCheckpoint(store: Store, keys: LedgerKeys, seq: number, now: Date = new Date()): Promise<SignedCheckpoint> {
  const kept = (await store.ledger.checkpoints()).filter((c) => c.treeSize > seq && c.keyId === keys.keyId).at(-1)
  return kept ?? (await store.ledger.checkpoint(keys, now))
}
