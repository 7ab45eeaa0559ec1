/**
 * What every facade is built on: the back end, and the Kysely instance it runs on (the store's,
 * or the transaction it was bound to). `withTransaction` runs work in the bound transaction or
 * opens one, so a facade method is atomic alone and joins its caller's transaction when there is one.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../schema.js'
import type { StoreBackend } from '../backend.js'
import type { StoreModeState } from '../store-mode.js'

/** A facade's context. */
export interface StoreContext {
  readonly backend: StoreBackend
  /** The store's mode, as recorded and as its ledger says (read when the store was opened). */
  readonly mode: StoreModeState
  readonly db: Kysely<Database>
  /** Set when the facades are bound to a transaction. */
  readonly trx?: Transaction<Database>
}

/** Runs `work` in the context's transaction, or in a new one. */
export function withTransaction<T>(context: StoreContext, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (context.trx) return work(context.trx)
  return context.backend.db.transaction().execute(work)
}

/** Reads a 64-bit integer column (PostgreSQL returns them as strings). */
export function toNumber(value: number | string | bigint): number {
  return typeof value === 'number' ? value : Number(value)
}

/** Reads a 64-bit integer column that may be null. */
export function toNumberOrNull(value: number | string | bigint | null): number | null {
  return value === null ? null : toNumber(value)
}

/** Reads a byte column as a Buffer (both drivers return Buffers; this also accepts plain Uint8Arrays). */
export function toBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
}
