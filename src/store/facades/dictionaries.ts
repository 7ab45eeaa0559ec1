/**
 * The batches' dictionaries of packed evidence and decisions (src/store/packed-json.ts,
 * migration 0024): read for a batch's rows, and made from the first rows a batch writes.
 *
 * Never cached across calls: a dictionary read or made inside a transaction that then rolls back
 * would, cached, pack later rows against bytes the store does not hold. One primary-key read per
 * page or chunk costs nothing beside the rows.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'
import { dictionaryOf, packJson, unpackJson } from '../packed-json.js'
import type { PackedKind, StoredJson } from '../packed-json.js'

/** A batch's dictionaries by kind (absent: the batch has no packed rows of that kind). */
export type BatchDictionaries = Partial<Readonly<Record<PackedKind, Buffer>>>

/** The dictionaries of a batch. */
export async function batchDictionaries(db: Kysely<Database>, batchId: string): Promise<BatchDictionaries> {
  const rows = await db.selectFrom('batch_dictionaries').select(['kind', 'dictionary']).where('batch_id', '=', batchId).execute()
  const found: Partial<Record<PackedKind, Buffer>> = {}
  for (const row of rows) found[row.kind as PackedKind] = Buffer.from(row.dictionary)
  return found
}

/** The dictionaries of several batches (a query across batches). */
export async function dictionariesOfBatches(db: Kysely<Database>, batchIds: Iterable<string>): Promise<ReadonlyMap<string, BatchDictionaries>> {
  const map = new Map<string, BatchDictionaries>()
  for (const id of new Set(batchIds)) map.set(id, await batchDictionaries(db, id))
  return map
}

/** One row to pack: its canonical JSON and what tells its shape apart (a status or an outcome). */
export interface PackSample {
  readonly shape: string
  readonly json: string
}

/**
 * The samples a dictionary is made from: the first row of each shape, the most frequent shape
 * last.
 */
function samplesOf(rows: readonly PackSample[]): string[] {
  const first = new Map<string, { json: string; count: number }>()
  for (const row of rows) {
    const seen = first.get(row.shape)
    if (seen) seen.count++
    else first.set(row.shape, { json: row.json, count: 1 })
  }
  return [...first.values()].sort((a, b) => a.count - b.count).map((s) => s.json)
}

/**
 * Packs rows of one kind of a batch, in the caller's transaction: against the batch's dictionary
 * of that kind, made from these rows when the batch has none yet (a concurrent writer's, when it
 * made one first, is the one used).
 */
export async function packRows(trx: Kysely<Database>, batchId: string, kind: PackedKind, rows: readonly PackSample[]): Promise<Buffer[]> {
  if (rows.length === 0) return []
  let dictionary = (await batchDictionaries(trx, batchId))[kind]
  if (dictionary === undefined) {
    await trx
      .insertInto('batch_dictionaries')
      .values({ batch_id: batchId, kind, dictionary: dictionaryOf(samplesOf(rows)) })
      .onConflict((oc) => oc.columns(['batch_id', 'kind']).doNothing())
      .execute()
    dictionary = (await batchDictionaries(trx, batchId))[kind]!
  }
  return rows.map((row) => packJson(row.json, dictionary))
}

/** The JSON text of a stored value of a batch (see `unpackJson`). */
export function unpackOf(dictionaries: BatchDictionaries, kind: PackedKind, stored: StoredJson, batchId: string, requestId: string): string {
  return unpackJson(stored, dictionaries[kind], `the ${kind} of request ${requestId} of batch ${batchId}`)
}
