/**
 * The holder's side of transparency (issue 22, docs/transparency.md): the C2SP checkpoint with
 * the witnesses' co-signatures kept for it, `ledger publish` (the checkpoint and the consistency
 * proofs a monitor needs, written where the overseer collects them) and `ledger cosign-add` (a
 * witness's co-signature, checked and kept). Registered by ledger.ts.
 */
import { mkdirSync, readFileSync, renameSync, existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { KeyObject } from 'node:crypto'
import type { LedgerKeys, SignedCheckpoint } from '../../ledger/index.js'
import type { Store } from '../../store/index.js'
import { IntegrityError, InvalidInputError, NotFoundError } from '../../core/index.js'
import type { DbOptions } from '../db-option.js'
import { ledgerKeysFor, openStoreFor } from '../db-option.js'

/** The file of a published directory that holds the latest checkpoint (a C2SP signed note). */
export const PUBLISHED_CHECKPOINT = 'checkpoint'

/** The folder of a published directory that holds consistency proofs, one file `<from size>-<to size>` each. */
export const PUBLISHED_CONSISTENCY = 'consistency'

/** The name of the proof file from a tree of `from` entries to one of `to`, under PUBLISHED_CONSISTENCY. */
export function consistencyProofName(from: number, to: number): string {
  return `${from}-${to}`
}

/**
 * The C2SP origin of the store's ledger: named by its first signing key (kept across rotations)
 * and its mode, so a simulation's checkpoints say so (ledger/c2sp-checkpoint.ts).
 */
export async function originOf(store: Store, options: { readonly originPrefix: string }): Promise<string> {
  const { ledgerOrigin } = await import('../../ledger/index.js')
  const first = (await store.ledger.signingKeys())[0]
  if (!first) throw new NotFoundError('the store’s ledger has no signing key yet: sign a checkpoint first')
  try {
    return ledgerOrigin({ prefix: options.originPrefix, firstKeyId: first.keyId, mode: store.mode })
  } catch (cause) {
    throw new InvalidInputError(`--origin-prefix ${options.originPrefix}: ${(cause as Error).message}`, { cause })
  }
}

/**
 * Reads a C2SP checkpoint an overseer kept: its signature must verify under one of the ledger's
 * keys, its origin must say the store's mode, and its tree head must be ours; then it stands for
 * the Verigate checkpoint the store signed with it (`ledger checkpoint --format c2sp` signs both).
 */
export async function readTrustedC2spCheckpoint(path: string, note: string, publicKey: KeyObject, store: Store): Promise<SignedCheckpoint> {
  const { openC2spCheckpoint } = await import('../../ledger/index.js')
  const keys: (KeyObject | string)[] = [publicKey, ...(await store.ledger.signingKeys()).map((k) => k.publicKeyPem)]
  const attempts = keys.map((key) => openC2spCheckpoint(note, key))
  const opened = attempts.find((a) => a.ok)
  if (!opened?.ok) {
    const first = attempts[0]
    throw new IntegrityError(`the checkpoint ${path}: ${first && !first.ok ? first.issues.map((i) => i.message).join('; ') : 'no key of this ledger signed it'}`)
  }
  const { checkpoint, mode } = opened.value
  if (mode !== store.mode) throw new IntegrityError(`the checkpoint ${path} is of a ${mode} ledger (${checkpoint.origin}), this store is ${store.mode}`)
  const size = await store.ledger.size()
  if (checkpoint.treeSize > size) throw new IntegrityError(`the checkpoint covers ${checkpoint.treeSize} entries but the ledger holds ${size}: entries were removed`)
  if ((await store.ledger.root(checkpoint.treeSize)).toString('hex') !== checkpoint.rootHash) {
    throw new IntegrityError(`the ledger’s first ${checkpoint.treeSize} entries no longer match the checkpoint ${path}: history was rewritten`)
  }
  const stored = (await store.ledger.checkpoints()).find((c) => c.treeSize === checkpoint.treeSize && c.rootHash === checkpoint.rootHash)
  if (!stored) throw new NotFoundError(`the store keeps no signed checkpoint of the ${checkpoint.treeSize} entries ${path} covers`)
  return stored
}

/**
 * The C2SP checkpoint of a tree head the store signed, as a signed note under the ledger's key,
 * followed by the witnesses' co-signatures the store keeps for that tree head (`ledger cosign-add`).
 */
export async function c2spNoteOf(store: Store, keys: LedgerKeys, checkpoint: SignedCheckpoint, options: { readonly originPrefix: string }): Promise<string> {
  const { checkpointMode, originMode, signC2spCheckpoint } = await import('../../ledger/index.js')
  const origin = await originOf(store, options)
  // The store's mode names the origin; its ledger's mode signed the checkpoint: they agree, or no note is written.
  if (checkpointMode(checkpoint) !== originMode(origin)) {
    throw new IntegrityError(`the checkpoint is a ${checkpointMode(checkpoint)} ledger’s but the origin ${origin} says otherwise`)
  }
  const note = signC2spCheckpoint(keys, { origin, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, extensions: [] })
  // Co-signatures of this origin's tree head only: a line kept under another origin prefix signed other text.
  const cosigned = (await store.cosignatures.forTree(checkpoint.treeSize, checkpoint.rootHash)).filter((c) => c.origin === origin)
  return note + cosigned.map((c) => `${c.line}\n`).join('')
}

/** The options of `ledger publish`. */
export interface PublishOptions extends DbOptions {
  readonly out: string
  readonly originPrefix: string
  readonly json?: boolean
}

/**
 * `ledger publish`: signs the current tree head, writes a consistency proof to it from every
 * smaller tree head the store ever signed (any checkpoint an overseer may have kept came from
 * one of them), then the checkpoint itself, last and by rename, so a monitor that reads the
 * checkpoint finds its proofs already there. Hashes only: no entry, nothing about a person.
 */
export async function runPublish(options: PublishOptions): Promise<void> {
  const store = await openStoreFor(options, true)
  try {
    const keys = await ledgerKeysFor(options, store, 'use')
    const checkpoint = await store.ledger.checkpoint(keys, new Date())
    const note = await c2spNoteOf(store, keys, checkpoint, options)
    const to = checkpoint.treeSize
    const sizes = [...new Set((await store.ledger.checkpoints()).map((c) => c.treeSize))].filter((size) => size > 0 && size < to).sort((a, b) => a - b)
    const proofs = join(options.out, PUBLISHED_CONSISTENCY)
    mkdirSync(proofs, { recursive: true })
    let written = 0
    for (const from of sizes) {
      const path = join(proofs, consistencyProofName(from, to))
      // A proof between two tree heads never changes: one written before stays.
      if (existsSync(path)) continue
      const proof = await store.ledger.consistencyProof(from, to)
      writeAtomically(path, proof.map((hash) => `${hash.toString('base64')}\n`).join(''))
      written += 1
    }
    writeAtomically(join(options.out, PUBLISHED_CHECKPOINT), note)
    const summary = { out: options.out, tree_size: to, root_hash: checkpoint.rootHash, consistency_proofs: sizes.length, written_now: written, checkpoint: note }
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
    else process.stdout.write(`published the checkpoint of ${to} entries (root ${checkpoint.rootHash}) to ${options.out}, with consistency proofs from ${sizes.length} earlier tree head(s) (${written} new)\n`)
  } finally {
    await store.close()
  }
}

/** Writes a file whole or not at all: to a temporary name beside it, then renamed over it. */
function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, text)
  renameSync(temporary, path)
}

/** The options of `ledger cosign-add`. */
export interface CosignAddOptions extends DbOptions {
  /** The witnesses' verifier keys the holder was given (`<name>+<key id>+<base64(0x04 || key)>`). */
  readonly witness: readonly string[]
  readonly json?: boolean
}

/**
 * `ledger cosign-add FILE`: the file is a checkpoint of this ledger co-signed by witnesses. The
 * checkpoint must open under one of the ledger's keys and be a tree head this store signed
 * (`readTrustedC2spCheckpoint`); every co-signature by a witness given must verify over it; then
 * each is kept, to be shown with that checkpoint. A line by a key not given is ignored, as
 * signed-note readers do; a file with no co-signature by any witness given is refused.
 */
export async function runCosignAdd(file: string, options: CosignAddOptions): Promise<void> {
  const { parseC2spCheckpoint, parseWitnessVerifierKey, witnessCosignatures, noteTextOf } = await import('../../ledger/index.js')
  if (options.witness.length === 0) throw new InvalidInputError('give the witness’s verifier key with --witness VKEY (from `verigate monitor witness-key`)')
  const witnesses = options.witness.map((vkey) => {
    const parsed = parseWitnessVerifierKey(vkey)
    if ('reason' in parsed) throw new InvalidInputError(parsed.reason)
    return parsed
  })
  let note: string
  try {
    note = readFileSync(file, 'utf8')
  } catch (cause) {
    throw new NotFoundError(`cannot read the co-signed checkpoint ${file}: ${(cause as Error).message}`)
  }
  const store = await openStoreFor(options, true)
  try {
    const keys = await ledgerKeysFor(options, store, 'use')
    const checkpoint = await readTrustedC2spCheckpoint(file, note, keys.publicKey, store)
    const body = parseC2spCheckpoint(noteTextOf(note))
    if ('reason' in body) throw new InvalidInputError(`${file}: ${body.reason}`)
    const kept: { witness: string; signed_at: string; added: boolean }[] = []
    for (const witness of witnesses) {
      const found = witnessCosignatures(note, witness)
      if ('reason' in found) throw new IntegrityError(`${file}: ${found.reason}`)
      for (const c of found.cosignatures) {
        const signedAt = new Date(c.timestamp * 1000).toISOString()
        const added = await store.cosignatures.add({
          line: c.line,
          origin: body.origin,
          treeSize: checkpoint.treeSize,
          rootHash: checkpoint.rootHash,
          witnessName: c.name,
          witnessKeyHash: c.keyHash.toString(16).padStart(8, '0'),
          signedAt,
          addedAt: new Date().toISOString(),
        })
        kept.push({ witness: c.name, signed_at: signedAt, added })
      }
    }
    if (kept.length === 0) {
      throw new IntegrityError(`${file} holds no co-signature by ${witnesses.map((w) => `${w.name} (${w.keyHash.toString(16).padStart(8, '0')})`).join(', ')}: nothing kept`)
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ tree_size: checkpoint.treeSize, root_hash: checkpoint.rootHash, cosignatures: kept }, null, 2)}\n`)
      return
    }
    for (const k of kept) {
      process.stdout.write(`${k.added ? 'kept' : 'already kept'}: the co-signature of ${k.witness} (signed ${k.signed_at}) of the checkpoint of ${checkpoint.treeSize} entries (root ${checkpoint.rootHash})\n`)
    }
  } finally {
    await store.close()
  }
}
