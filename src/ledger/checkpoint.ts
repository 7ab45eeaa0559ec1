/**
 * Making signed checkpoints: a tree head (size, root, time, key id) signed with the ledger key,
 * in Verigate's encoding or as a C2SP checkpoint. The encodings and the checks live in
 * `verify.ts` and the files it exports, beside the verifier that reads them.
 */
import type { StoreMode } from '../core/index.js'
import type { LedgerKeys } from './ledger-keys.js'
import { signWithLedgerKey } from './ledger-keys.js'
import { encodeCheckpoint } from './verify.js'
import type { Checkpoint, SignedCheckpoint } from './verify.js'
import { formatC2spCheckpoint } from './c2sp-checkpoint.js'
import type { C2spCheckpoint } from './c2sp-checkpoint.js'
import { signNote } from './signed-note.js'

/**
 * Signs the tree head of `treeSize` entries with root `rootHash` at time `at`, as a checkpoint of
 * a ledger in `mode` (default real): a simulation's says so in the bytes it signs.
 *
 * @example
 * const checkpoint = signCheckpoint(keys, 42, root, new Date())
 * verifyCheckpoint(checkpoint, keys.publicKey) // { valid: true }
 */
export function signCheckpoint(keys: LedgerKeys, treeSize: number, rootHash: Uint8Array, at: Date, mode: StoreMode = 'real'): SignedCheckpoint {
  const checkpoint: Checkpoint = {
    treeSize,
    rootHash: Buffer.from(rootHash).toString('hex'),
    time: at.toISOString(),
    keyId: keys.keyId,
    ...(mode === 'simulation' ? { mode } : {}),
  }
  return { ...checkpoint, signature: signWithLedgerKey(keys, encodeCheckpoint(checkpoint)).toString('base64') }
}

/**
 * Signs a tree head as a C2SP checkpoint (a signed note whose key name is the origin), with the
 * ledger key. The Verigate checkpoint of the same tree head (`signCheckpoint`) is what the store
 * keeps; this is the form other transparency-log tools read (docs/security.md).
 *
 * @example
 * const note = signC2spCheckpoint(keys, { origin: ledgerOrigin({ firstKeyId: keys.keyId, mode: 'real' }), treeSize: 42, rootHash: root.toString('hex'), extensions: [] })
 * openC2spCheckpoint(note, keys.publicKey) // { ok: true, … }
 */
export function signC2spCheckpoint(keys: LedgerKeys, checkpoint: C2spCheckpoint): string {
  return signNote(formatC2spCheckpoint(checkpoint), [{ name: checkpoint.origin, privateKey: keys.privateKey }])
}
