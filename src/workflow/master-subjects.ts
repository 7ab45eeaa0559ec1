/**
 * The pseudonyms of a whole master's people, for answers given one at a time (online
 * verification): a batch reads the TINs of the records it disclosed when it releases them
 * (`readMasterValues`), but an online answer is written while the requester waits, so the TINs
 * are read once, when the server starts. Only what `subjectOf` reads is kept: the nine-digit TIN
 * of each record that has one, as a number (nine digits fit a small integer; the record's TIN had
 * exactly nine digits, so padding back to nine restores it).
 */
import type { Pseudonym } from '../core/index.js'
import { InvalidInputError } from '../core/index.js'
import { loadColumnMap, openRecords } from '../intake/index.js'
import { pseudonymize } from '../ledger/index.js'

/** The pseudonym of the person of any master record, as a batch release names it. */
export interface MasterSubjects {
  /** The same pseudonym `subjectOf` gives the record: by TIN when it has nine digits, else by master record id. */
  subjectOf(holderSecret: Uint8Array, masterId: string): Pseudonym
  /** Records with a nine-digit TIN. */
  readonly withTin: number
}

/**
 * Reads the TINs of every record of a master data file (CSV, JSON Lines, Parquet), through its
 * column map when one is given; the first record of an id wins, as in `readMasterValues`.
 *
 * @example
 * const subjects = await readMasterSubjects('master.csv')
 * subjects.subjectOf(keys.holderSecret, 'M000000101') // 'pn:…', the pseudonym of the record's TIN
 */
export async function readMasterSubjects(path: string, mapPath?: string): Promise<MasterSubjects> {
  if (path.toLowerCase().endsWith('.vgx')) {
    throw new InvalidInputError(`${path} is an index snapshot, which holds no TINs: give the master data file it was built from`)
  }
  const map = mapPath === undefined ? undefined : await loadColumnMap(mapPath)
  // Every id, with its TIN or -1 (none of nine digits): the first record of an id decides.
  const tins = new Map<string, number>()
  let withTin = 0
  const source = await openRecords(path, { ...(map ? { map } : {}), checkDuplicateIds: false })
  try {
    for await (const batch of source.batches()) {
      for (const row of batch) {
        const id = row.record.id
        if (tins.has(id)) continue
        const digits = row.record.tin?.replace(/\D/g, '') ?? ''
        tins.set(id, digits.length === 9 ? Number(digits) : -1)
        if (digits.length === 9) withTin++
      }
    }
  } finally {
    await source.close()
  }
  return {
    withTin,
    subjectOf(holderSecret, masterId) {
      const tin = tins.get(masterId) ?? -1
      return tin < 0 ? pseudonymize(holderSecret, { scheme: 'master_id', value: masterId }) : pseudonymize(holderSecret, { scheme: 'tin', value: String(tin).padStart(9, '0') })
    },
  }
}
