/**
 * Making signed checkpoints: a tree head (size, root, time, key id) signed with the ledger key.
 * The encoding and the check live in `verify.ts`, beside the verifier that reads them.
 */
import type { StoreMode } from '../core/index.js'
import type { LedgerKeys } from './ledger-keys.js'
import { signWithLedgerKey } from './ledger-keys.js'
import { encodeCheckpoint } from './verify.js'
import type { Checkpoint, SignedCheckpoint } from './verify.js'

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
