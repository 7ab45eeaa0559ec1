/**
 * Standardizes a whole file: reads it with `openRecords`, runs `standardizeRecord` on each good
 * row, and writes one CSV row per good row (RFC 4180, through csv-stringify) with the columns of
 * `STANDARDIZED_COLUMNS`. The output is written beside its target and renamed into place at the
 * end, so a failed run never leaves half a file under the name asked for.
 */
import { rename, rm } from 'node:fs/promises'
import { once } from 'node:events'
import { stringify } from 'csv-stringify/sync'
import { createPrivateWriteStream, neutralizeFormula } from '../core/index.js'
import type { AddressGrade, NameGrade, StandardizedRecord } from '../core/index.js'
import { standardizeRecord } from '../standardize/index.js'
import type { IntakeIssue } from './intake-issue.js'
import { openRecords, type InputFormat, type IntakeSummary } from './open-records.js'
import type { ColumnMap } from './column-map.js'

/** The columns of a standardized file, in order. */
export const STANDARDIZED_COLUMNS = [
  'id',
  'given_name',
  'middle_name',
  'surname',
  'suffix',
  'dob',
  'street_number',
  'predirectional',
  'street_name',
  'street_suffix',
  'postdirectional',
  'unit_type',
  'unit',
  'po_box',
  'city',
  'state',
  'zip',
  'zip4',
  'address_grade',
  'name_grade',
  'issues',
] as const

/**
 * One output row of a standardized record. `dob` is written only when the whole date is known
 * (`YYYY-MM-DD`); a rural-route or highway-contract box is written in `po_box` with its route
 * (`RR 2 BOX 15`), since the file has no route column; `issues` joins the codes with `;`.
 */
export function standardizedRow(record: StandardizedRecord): string[] {
  const { name, address, dob } = record
  const box = address.route !== '' ? `${address.route}${address.poBox !== '' ? ` BOX ${address.poBox}` : ''}` : address.poBox
  return [
    record.id,
    name.given,
    name.middle,
    name.surname,
    name.suffix,
    dob.precision === 'day' ? dob.value : '',
    address.streetNumber,
    address.predirectional,
    address.streetName,
    address.streetSuffix,
    address.postdirectional,
    address.unitType,
    address.unit,
    box,
    address.city,
    address.state,
    address.zip,
    address.zip4,
    address.grade,
    name.grade,
    record.issues.join(';'),
  ]
}

/** What `standardizeFile` needs. */
export interface StandardizeFileOptions {
  readonly input: string
  readonly output: string
  readonly map?: ColumnMap
  readonly format?: InputFormat
  readonly delimiter?: string
  readonly maxFieldBytes?: number
  /** Called now and then with the rows read so far (for a progress line). */
  readonly onProgress?: (rowsRead: number) => void
}

/** What a run did. */
export interface StandardizeFileSummary {
  readonly intake: IntakeSummary
  readonly output: string
  readonly written: number
  readonly addressGrades: Readonly<Record<AddressGrade, number>>
  readonly nameGrades: Readonly<Record<NameGrade, number>>
  /** Standardization issue codes, counted over the rows written. */
  readonly standardizeIssues: Readonly<Record<string, number>>
  /** The first intake issues (at most 20), for the report. */
  readonly firstIssues: readonly IntakeIssue[]
  /** The resolved column map. */
  readonly map: ColumnMap
}

/**
 * Reads, standardizes and writes a file.
 *
 * @throws InvalidInputError when the input is refused whole (see `openRecords`)
 * @example
 * const summary = await standardizeFile({ input: 'dataset4a.csv', output: 'out.csv', map })
 * summary.written // 5000
 */
export async function standardizeFile(options: StandardizeFileOptions): Promise<StandardizeFileSummary> {
  const source = await openRecords(options.input, {
    ...(options.map === undefined ? {} : { map: options.map }),
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
    ...(options.maxFieldBytes === undefined ? {} : { maxFieldBytes: options.maxFieldBytes }),
  })
  const temporary = `${options.output}.${process.pid}.partial`
  const out = createPrivateWriteStream(temporary)
  const addressGrades: Record<AddressGrade, number> = { FULL: 0, STREET: 0, LOCALITY: 0, NONE: 0 }
  const nameGrades: Record<NameGrade, number> = { FULL: 0, PARTIAL: 0, NONE: 0 }
  const standardizeIssues: Record<string, number> = {}
  let written = 0
  try {
    out.write(stringify([STANDARDIZED_COLUMNS as unknown as string[]]))
    for await (const batch of source.batches()) {
      const rows: string[][] = []
      for (const { record } of batch) {
        const standardized = standardizeRecord(record)
        addressGrades[standardized.address.grade]++
        nameGrades[standardized.name.grade]++
        for (const code of standardized.issues) standardizeIssues[code] = (standardizeIssues[code] ?? 0) + 1
        // A file people open: no cell (an id chosen by the sender) may be read as a formula.
        rows.push(standardizedRow(standardized).map(neutralizeFormula))
      }
      written += rows.length
      if (!out.write(stringify(rows))) await once(out, 'drain')
      options.onProgress?.(source.summary().rowsRead)
    }
    out.end()
    await once(out, 'finish')
    await rename(temporary, options.output)
  } catch (error) {
    out.destroy()
    await rm(temporary, { force: true })
    await source.close()
    throw error
  }
  return {
    intake: source.summary(),
    output: options.output,
    written,
    addressGrades,
    nameGrades,
    standardizeIssues,
    firstIssues: source.issues.slice(0, 20),
    map: source.map,
  }
}
