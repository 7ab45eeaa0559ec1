/**
 * The holder's own values for the master records a batch discloses: what goes into the response
 * file, and the TIN behind each subject's ledger pseudonym. The index holds standardized codes
 * only, so the values are read from the master data file, in one streamed pass that keeps only
 * the records asked for; a CSV master is first narrowed by a plain text scan of its id column.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import type { CanonicalRecord, Pseudonym } from '../core/index.js'
import { InvalidInputError, writePrivateFile } from '../core/index.js'
import { loadColumnMap, openRecords } from '../intake/index.js'
import type { ColumnMap } from '../intake/index.js'
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
  // A CSV master is first narrowed to the rows that may hold a wanted id (a plain text scan), and
  // only those go through intake; any id not found that way is looked for in a full read.
  const narrowed = await candidateRows(path, map, ids)
  if (narrowed !== null) {
    try {
      await collect(narrowed.path, map, ids, found)
    } finally {
      rmSync(narrowed.dir, { recursive: true, force: true })
    }
    if (found.size === ids.size) return found
  }
  await collect(path, map, ids, found)
  return found
}

/** Reads the records with the wanted ids from a file through intake, keeping the first of each id. */
async function collect(path: string, map: ColumnMap | undefined, ids: ReadonlySet<string>, found: Map<string, CanonicalRecord>): Promise<void> {
  const source = await openRecords(path, { ...(map ? { map } : {}), checkDuplicateIds: false })
  for await (const batch of source.batches()) {
    for (const row of batch) if (ids.has(row.record.id) && !found.has(row.record.id)) found.set(row.record.id, row.record)
    if (found.size === ids.size) break
  }
  await source.close()
}

const DELIMITERS = [',', ';', '\t', '|']

/**
 * Copies the header and the records of a CSV file that may hold one of `ids` into a temporary
 * file: a record with no quote whose id column is not a wanted id is left out; every other one is
 * kept (intake then reads the few kept exactly). Null when the file is not a CSV whose id comes
 * from one column this scan can find.
 */
async function candidateRows(path: string, map: ColumnMap | undefined, ids: ReadonlySet<string>): Promise<{ dir: string; path: string } | null> {
  const source = await openRecords(path, { ...(map ? { map } : {}), checkDuplicateIds: false })
  const columns = source.columns
  const idColumn = source.map.id
  const format = source.format
  await source.close()
  if (format !== 'csv' || typeof idColumn !== 'string') return null
  const position = columns.indexOf(idColumn)
  if (position < 0) return null
  const dir = mkdtempSync(join(tmpdir(), 'verigate-values-'))
  const out = join(dir, 'candidates.csv')
  const kept: string[] = []
  let header: string | null = null
  let delimiter: string | null = null
  let record = ''
  let quotes = 0
  const take = (line: string) => {
    record = record === '' ? line : `${record}\n${line}`
    for (let at = line.indexOf('"'); at >= 0; at = line.indexOf('"', at + 1)) quotes++
    // A record ends at a line break outside quotes: an even count of quotes so far.
    if (quotes % 2 === 1) return
    const text = record
    record = ''
    quotes = 0
    if (header === null) {
      header = text
      delimiter = DELIMITERS.find((d) => text.split(d).length === columns.length) ?? null
      return
    }
    if (delimiter === null || text.includes('"')) {
      kept.push(text)
      return
    }
    let start = 0
    for (let i = 0; i < position && start >= 0; i++) {
      const next = text.indexOf(delimiter, start)
      start = next < 0 ? -1 : next + delimiter.length
    }
    if (start < 0) {
      kept.push(text)
      return
    }
    const end = text.indexOf(delimiter, start)
    const id = (end < 0 ? text.slice(start) : text.slice(start, end)).replace(/\r$/, '')
    if (ids.has(id) || ids.has(id.trim())) kept.push(text)
  }
  let rest = ''
  const decoder = new StringDecoder('utf8')
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 2 ** 20 })) {
    const text = rest + decoder.write(chunk as Buffer)
    let from = 0
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      take(text.slice(from, nl))
      from = nl + 1
    }
    rest = text.slice(from)
  }
  rest += decoder.end()
  if (rest !== '') take(rest)
  if (record !== '') kept.push(record)
  if (header === null) {
    rmSync(dir, { recursive: true, force: true })
    return null
  }
  writePrivateFile(out, `${[header, ...kept].join('\n')}\n`)
  return { dir, path: out }
}

/**
 * The master records whose TIN is `tin` (nine digits, any punctuation), read in one streamed pass
 * of the master data file: whom a TIN names in the master today, for an accounting asked by TIN
 * with the master file given (the links kept at disclosure time name whom it named then).
 *
 * @example
 * const records = await readMasterRecordsByTin('master.csv', undefined, '123-45-6789')
 * [...records.keys()] // ['M000000101']
 */
export async function readMasterRecordsByTin(path: string, mapPath: string | undefined, tin: string): Promise<MasterValues> {
  const wanted = tin.replace(/\D/g, '')
  if (path.toLowerCase().endsWith('.vgx')) throw new InvalidInputError(`${path} is an index snapshot, which holds no TINs: give the master data file it was built from`)
  const map = mapPath === undefined ? undefined : await loadColumnMap(mapPath)
  const found = new Map<string, CanonicalRecord>()
  const source = await openRecords(path, { ...(map ? { map } : {}), checkDuplicateIds: false })
  try {
    for await (const batch of source.batches()) for (const row of batch) if (!found.has(row.record.id) && row.record.tin?.replace(/\D/g, '') === wanted) found.set(row.record.id, row.record)
  } finally {
    await source.close()
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

/** Whether the holder has a nine-digit TIN for a master record (then `subjectOf` pseudonymizes the person by it). */
export function hasTin(masterId: string, values: MasterValues): boolean {
  return (values.get(masterId)?.tin?.replace(/\D/g, '') ?? '').length === 9
}

/**
 * The pseudonym of a master record id itself, whatever its TIN: kept beside a disclosure's subject
 * (migration 0015) so the person is found by master record id even when disclosed under a TIN.
 */
export function masterSubjectOf(holderSecret: Uint8Array, masterId: string): Pseudonym {
  return pseudonymize(holderSecret, { scheme: 'master_id', value: masterId })
}
