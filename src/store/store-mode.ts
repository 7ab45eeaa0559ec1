/**
 * The store's mode, recorded once (issue 15, "One clock"): `settleStoreMode` runs when a store
 * is opened; where the store has no mode yet (it is being created) it records the one asked for
 * (default real), and where it has one it never changes it. The ledger says the mode too (its
 * chain's anchor, `genesisPrevHashOf`): the two are read together, and a store where they
 * disagree (a mode changed in the database) counts as real and refuses appends until verified.
 */
import type { Kysely } from 'kysely'
import { VerigateError } from '../core/index.js'
import type { StoreMode } from '../core/index.js'
import { ENTRY_LAYOUT, HASH_SIZE, modeOfGenesisPrevHash } from '../ledger/index.js'
import type { Database } from './schema.js'
import { toBuffer } from './facades/context.js'

/** The mode a store records, and the one its ledger's anchor says. */
export interface StoreModeState {
  /** The mode the store recorded when it was created. */
  readonly stored: StoreMode
  /**
   * The mode entry 0's previous hash says (`real` for zeros, `simulation` for the simulation
   * anchor), `unknown` for any other hash, or undefined while the ledger is empty.
   */
  readonly ledger: StoreMode | 'unknown' | undefined
}

/** The mode the store acts in: simulation only where both the record and the ledger say so. */
export function effectiveMode(state: StoreModeState): StoreMode {
  return state.stored === 'simulation' && (state.ledger === undefined || state.ledger === 'simulation') ? 'simulation' : 'real'
}

/** Why a store whose recorded mode and ledger disagree refuses to write, or undefined. */
export function modeDisagreement(state: StoreModeState): string | undefined {
  if (state.ledger === undefined || state.ledger === state.stored) return undefined
  return `the store records that it is a ${state.stored} store, but its ledger is ${state.ledger === 'unknown' ? 'of neither mode' : `a ${state.ledger} one`}: it refuses to write; run \`verigate ledger verify\``
}

/** The mode recorded in the store, or undefined where there is none yet. */
export async function readStoredMode(db: Pick<Kysely<Database>, 'selectFrom'>): Promise<{ readonly mode: StoreMode; readonly createdAt: string } | undefined> {
  const row = await db.selectFrom('store_mode').select(['mode', 'created_at']).where('id', '=', 1).executeTakeFirst()
  if (!row) return undefined
  // A value the check constraint would refuse, written with it dropped, is read as real (the
  // stricter mode); `ledger verify` reports it against the ledger's.
  return { mode: row.mode === 'simulation' ? 'simulation' : 'real', createdAt: row.created_at }
}

/** The previous hash stored in entry 0, or undefined when the ledger has no readable entry 0. */
export async function readGenesisPrevHash(db: Pick<Kysely<Database>, 'selectFrom'>): Promise<Buffer | undefined> {
  const row = await db.selectFrom('ledger_entries').select('encoded').where('seq', '=', 0).executeTakeFirst()
  if (!row || !(row.encoded instanceof Uint8Array)) return undefined
  const bytes = toBuffer(row.encoded)
  if (bytes.length < ENTRY_LAYOUT.prev + HASH_SIZE) return undefined
  return bytes.subarray(ENTRY_LAYOUT.prev, ENTRY_LAYOUT.prev + HASH_SIZE)
}

/**
 * Reads the store's mode, recording `requested` (default real) where the store has none yet: a
 * new store, or one migrated from before modes, whose non-empty ledger then decides (a ledger
 * from before modes is real). A store's mode never changes: asking for another than the one it
 * has is refused.
 */
export async function settleStoreMode(db: Kysely<Database>, location: string, requested?: StoreMode, options: { readonly mustBeNew?: boolean; readonly now?: Date } = {}): Promise<StoreModeState> {
  const anchor = await readGenesisPrevHash(db)
  const ledger = anchor === undefined ? undefined : (modeOfGenesisPrevHash(anchor) ?? 'unknown')
  let stored = await readStoredMode(db)
  if (options.mustBeNew && (stored !== undefined || anchor !== undefined)) {
    throw new VerigateError('conflict', `there is a store at ${location} already (${stored ? `a ${stored.mode} store, created ${stored.createdAt}` : 'with a ledger'}): a store is created once, and its mode never changes`)
  }
  if (!stored) {
    const mode: StoreMode = ledger === 'real' || ledger === 'simulation' ? ledger : (requested ?? 'real')
    // Two processes creating the store at once: the first row stands, the second reads it.
    await db
      .insertInto('store_mode')
      .values({ id: 1, mode, created_at: (options.now ?? new Date()).toISOString() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
    stored = await readStoredMode(db)
    if (!stored) throw new VerigateError('internal', `the mode of the store at ${location} could not be recorded`)
  }
  if (requested !== undefined && requested !== stored.mode) {
    throw new VerigateError(
      'conflict',
      `the store at ${location} was created as a ${stored.mode} store (${stored.createdAt}), and a store's mode never changes: create a new, empty store for a ${requested === 'simulation' ? 'simulation (`verigate store create --simulation`)' : 'real store'}`,
    )
  }
  return { stored: stored.mode, ledger }
}
