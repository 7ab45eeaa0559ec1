/**
 * The batches' dictionaries of packed evidence and decisions (src/store/packed-json.ts,
 * migration 0024): read for a batch's rows, and made from the first rows a batch writes.
 *
 * Never cached across calls: a dictionary read or made inside a transaction that then rolls back
 * would, cached, pack later rows against bytes the store does not hold. One primary-key read per
 * page or chunk costs nothing beside the rows.
 */
import type { Kysely } from 'kysely'
import { CANONICAL_FIELDS, PERSON_FIELDS } from '../../core/index.js'
import type { RequestRecord } from '../../core/index.js'
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
 * The request fields whose values a batch's record dictionary may hold: the legal elements of a
 * request that a requester repeats from request to request (the statute, the tax periods, the
 * reasons given), never a person's own fields, nor the case reference (one a request).
 */
const SHARED_RECORD_FIELDS: readonly string[] = ['statute', 'tax_periods', 'reasons', 'order_date']

/** How many of the first rows must state a value before the dictionary keeps it (a template, not one person's text). */
const SHARED_VALUE_ROWS = 3

/** Text as its words: upper case, every run of other characters one space, a space at each end. */
function wordsOf(text: string): string {
  return ` ${text.toUpperCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `
}

/** A request's values of a person's own fields (name, birth date, TIN, address), as words (`wordsOf`), of 3 characters or more. */
function ownValuesOf(record: RequestRecord): string[] {
  return PERSON_FIELDS.filter((f) => f !== 'id')
    .map((f) => wordsOf(record[f] ?? ''))
    .filter((v) => v.length >= 5)
}

/**
 * The dictionary of a batch's request records: every field name, and the values of the shared
 * legal elements (`SHARED_RECORD_FIELDS`) that at least `SHARED_VALUE_ROWS` of `records` state
 * word for word and that hold none of those requests' own values (a reason that names its
 * subject is left out, however often it is repeated). Never a person's data: a dictionary is
 * append-only and stays after a retention purge reduces the records to their ids, so it must hold
 * nothing the purge is there to remove.
 */
export function recordDictionaryOf(records: readonly RequestRecord[]): Buffer {
  const stating = new Map<string, RequestRecord[]>()
  for (const record of records) {
    for (const field of SHARED_RECORD_FIELDS) {
      const value = (record as Readonly<Record<string, string | undefined>>)[field]
      if (value === undefined) continue
      const rows = stating.get(value)
      if (rows) rows.push(record)
      else stating.set(value, [record])
    }
  }
  const shared = [...stating]
    .filter(([value, rows]) => {
      if (rows.length < SHARED_VALUE_ROWS) return false
      // Word for word (a given name ANN is not in KNOWN): a value that holds one of its own requests' values as words is left out.
      const words = wordsOf(value)
      return rows.every((row) => ownValuesOf(row).every((own) => !words.includes(own)))
    })
    .map(([value]) => JSON.stringify(value))
  // The field names with the JSON around them (`{`, `":"`, `","`, `}`), then each shared value as
  // a JSON string: cut at every `"`, the same pieces a record's JSON has.
  const names = JSON.stringify(Object.fromEntries(CANONICAL_FIELDS.map((f) => [f, ''])))
  return dictionaryOf([names, ...shared])
}

/**
 * Packs rows of one kind of a batch, in the caller's transaction: against the batch's dictionary
 * of that kind, made from these rows when the batch has none yet (by `makeDictionary` when given,
 * else from the first row of each shape; a concurrent writer's, when it made one first, is the one
 * used).
 */
export async function packRows(trx: Kysely<Database>, batchId: string, kind: PackedKind, rows: readonly PackSample[], makeDictionary?: () => Buffer): Promise<Buffer[]> {
  if (rows.length === 0) return []
  let dictionary = (await batchDictionaries(trx, batchId))[kind]
  if (dictionary === undefined) {
    await trx
      .insertInto('batch_dictionaries')
      .values({ batch_id: batchId, kind, dictionary: makeDictionary ? makeDictionary() : dictionaryOf(samplesOf(rows)) })
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
