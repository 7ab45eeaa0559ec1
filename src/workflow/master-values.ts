/**
 * The holder's own values for the master records a batch discloses: what goes into the response
 * file, and the TIN behind each subject's ledger pseudonym. The index holds standardized codes
 * only, so the values are read from the master data file, in one streamed pass that keeps only
 * the records asked for.
 */
import type { CanonicalRecord, Pseudonym } from '../core/index.js'
import { InvalidInputError } from '../core/index.js'
import { loadColumnMap, openRecords } from '../intake/index.js'
import { pseudonymize } from '../ledger/index.js'

/** Master records by id. */
export type MasterValues = ReadonlyMap<string, CanonicalRecord>

/**
 * Reads the master records with the given ids from a master data file (CSV, JSON Lines,
 * Parquet), through its column map when one is given. Ids not found are absent from the result.
 *
 * @example
 * const values = await readMasterValues('master.csv', undefined, new Set(['M000000101']))
 * values.get('M000000101')?.zip // '65012'
 */
export async function readMasterValues(path: string, mapPath: string | undefined, ids: ReadonlySet<string>): Promise<MasterValues> {
  const found = new Map<string, CanonicalRecord>()
  if (ids.size === 0) return found
  if (path.toLowerCase().endsWith('.vgx')) {
    throw new InvalidInputError(`${path} is an index snapshot, which holds no values to disclose: give the master data file it was built from (--master-data)`)
  }
  const map = mapPath === undefined ? undefined : await loadColumnMap(mapPath)
  const source = await openRecords(path, { ...(map ? { map } : {}), checkDuplicateIds: false })
  for await (const batch of source.batches()) {
    for (const row of batch) if (ids.has(row.record.id) && !found.has(row.record.id)) found.set(row.record.id, row.record)
    if (found.size === ids.size) break
  }
  return found
}

/**
 * The pseudonym of the person a master record is about: by TIN when the holder has one (so every
 * record of one taxpayer shares it), else by master record id (src/ledger/pseudonym.ts).
 */
export function subjectOf(holderSecret: Uint8Array, masterId: string, values: MasterValues): Pseudonym {
  const tin = values.get(masterId)?.tin?.replace(/\D/g, '') ?? ''
  return tin.length === 9 ? pseudonymize(holderSecret, { scheme: 'tin', value: tin }) : pseudonymize(holderSecret, { scheme: 'master_id', value: masterId })
}
