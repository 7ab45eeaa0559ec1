/**
 * A store's mode, fixed when the store is created (issue 15, "One clock"). A real store records
 * what happened: every decision, approval, release, recall, certification and ledger entry
 * carries the server's clock, and its ledger's times never go back. A simulation store replays
 * or imagines history (the demo, the tests, a what-if): times given on the command line or in
 * the API are written as given. The mode is bound to the ledger (a simulation ledger's chain
 * starts from its own anchor, and its checkpoints are signed as a simulation's), so entries of a
 * simulation can never pass as real.
 */

/** The modes a store is created in. */
export const STORE_MODES = ['real', 'simulation'] as const

/** `real`: the server's clock only; `simulation`: given times are written as given. */
export type StoreMode = (typeof STORE_MODES)[number]

/** True when `value` names a store mode. */
export function isStoreMode(value: unknown): value is StoreMode {
  return value === 'real' || value === 'simulation'
}
