/**
 * `openRecords`: one way in for every request and master file. It opens the file, reads its
 * header, resolves the column map (refusing the whole file before any row is read when a mapped
 * column is missing), then streams canonical records. A bad row becomes an `Issue` naming file,
 * line and field, and reading goes on: good rows are never lost to a bad one.
 */
import { open, stat, type FileHandle } from 'node:fs/promises'
import { extname } from 'node:path'
import { InvalidInputError, type CanonicalField, type CanonicalRecord } from '../core/index.js'
import { compileColumnMap, type ColumnMap, type CompiledColumnMap } from './column-map.js'
import { openCsvReader } from './csv-reader.js'
import { isBadRow, type FormatReader, type RawRow } from './format-reader.js'
import { IdFingerprintSet } from './id-set.js'
import { intakeIssue, type IntakeIssue } from './intake-issue.js'
import { openJsonlReader } from './jsonl-reader.js'
import { openParquetReader } from './parquet-reader.js'

/** The formats intake reads. */
export type InputFormat = 'csv' | 'jsonl' | 'parquet'

/** Options of `openRecords`. */
export interface OpenOptions {
  /** Which columns feed which canonical fields; without one, canonical names and synonyms are taken. */
  readonly map?: ColumnMap
  /** The file's format; else from its extension (`.jsonl`/`.ndjson`, `.parquet`/`.pq`, anything else CSV). */
  readonly format?: InputFormat
  /** CSV delimiter; else sniffed from the header (`,` `;` tab `|`). */
  readonly delimiter?: string
  /** Largest field read, in UTF-8 bytes (default 4096); a longer one refuses its row. */
  readonly maxFieldBytes?: number
  /** Refuse a row whose id an earlier row had (default true). */
  readonly checkDuplicateIds?: boolean
}

/** A good row: its canonical record and where it starts in the file. */
export interface IntakeRow {
  readonly record: CanonicalRecord
  /** 1-based line (CSV, JSON Lines) or row number (Parquet). */
  readonly line: number
}

/** Counts of a read, so far or at its end. */
export interface IntakeSummary {
  readonly file: string
  /** Rows met after the header (blank lines not counted). */
  readonly rowsRead: number
  readonly accepted: number
  readonly rejected: number
  /** Issues by code, every one counted (file-level ones too), even past the kept list's cap. */
  readonly byCode: Readonly<Record<string, number>>
}

/** An opened file: its columns, its good rows as a stream, and its problems. */
export interface RecordSource {
  readonly file: string
  /** The file's own columns. */
  readonly columns: readonly string[]
  /** The resolved column map (the one given, or the one taken from the column names). */
  readonly map: ColumnMap
  readonly format: InputFormat
  /** Good rows only; bad rows become issues and never stop the stream. Callable once. */
  rows(): AsyncIterable<IntakeRow>
  /** The same rows in the batches they are read in (faster to consume). Callable once, instead of `rows()`. */
  batches(): AsyncIterable<readonly IntakeRow[]>
  /** Every problem so far, the first `MAX_KEPT_ISSUES` of them; `summary().byCode` counts all. */
  readonly issues: readonly IntakeIssue[]
  summary(): IntakeSummary
  /** Releases the file without reading on (reading to the end releases it too). */
  close(): Promise<void>
}

/** How many issues a source keeps in `issues`. */
export const MAX_KEPT_ISSUES = 10_000

/** Default `maxFieldBytes`. */
export const DEFAULT_MAX_FIELD_BYTES = 4096

/**
 * The format a path's extension names.
 *
 * @example
 * formatOf('requests.ndjson') // 'jsonl'
 */
export function formatOf(path: string): InputFormat {
  const extension = extname(path).toLowerCase()
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl'
  if (extension === '.parquet' || extension === '.pq') return 'parquet'
  return 'csv'
}

function unreadable(file: string, cause: unknown): InvalidInputError {
  const detail = cause instanceof Error ? cause.message : String(cause)
  return new InvalidInputError(`cannot read ${file}: ${detail}`, { cause, issues: [intakeIssue('unreadable_file', { file }, { detail })] })
}

/**
 * Opens a request or master file and reads its header.
 *
 * @throws InvalidInputError before any row is read when the file cannot be read, is empty, or
 *   lacks a mapped column (the message lists the columns it has)
 * @example
 * const source = await openRecords('dataset4a.csv', { map: await loadColumnMap('febrl.json') })
 * for await (const { record, line } of source.rows()) use(record)
 * console.log(source.summary())
 */
export async function openRecords(path: string, options: OpenOptions = {}): Promise<RecordSource> {
  const format = options.format ?? formatOf(path)
  const maxFieldBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES
  if (!(Number.isInteger(maxFieldBytes) && maxFieldBytes > 0)) throw new RangeError(`maxFieldBytes must be a positive integer, not ${maxFieldBytes}`)
  if (options.delimiter !== undefined && (options.delimiter.length === 0 || /["\r\n]/.test(options.delimiter))) {
    throw new InvalidInputError(`the delimiter ${JSON.stringify(options.delimiter)} cannot be used: it must be non-empty and hold no quote or line break`)
  }
  let size: number
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new Error('not a regular file')
    size = info.size
  } catch (cause) {
    throw unreadable(path, cause)
  }
  if (size === 0) throw new InvalidInputError(`${path}: the file is empty`, { issues: [intakeIssue('empty_file', { file: path })] })
  let reader: FormatReader
  if (format === 'parquet') {
    reader = await openParquetReader(path, path)
  } else {
    let handle: FileHandle
    try {
      handle = await open(path, 'r')
    } catch (cause) {
      throw unreadable(path, cause)
    }
    try {
      reader =
        format === 'jsonl'
          ? await openJsonlReader(handle, path, { maxFieldBytes })
          : await openCsvReader(handle, path, { maxFieldBytes, ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }) })
    } catch (error) {
      await handle.close()
      if (error instanceof InvalidInputError) throw error
      throw unreadable(path, error)
    }
  }
  let compiled: CompiledColumnMap
  try {
    compiled = compileColumnMap(options.map, reader.columns, path)
  } catch (error) {
    await reader.close()
    throw error
  }
  reader.select?.(compiled.usedColumns)
  const source = new Source(path, format, reader, compiled, maxFieldBytes, options.checkDuplicateIds ?? true)
  source.reserveIds(Math.min(reader.estimateRows?.(size) ?? 0, MAX_RESERVED_IDS))
  return source
}

/** The most ids reserved ahead from an estimate (about 384 MiB of slots); past it the set grows as read. */
const MAX_RESERVED_IDS = 20_000_000

class Source implements RecordSource {
  readonly file: string
  readonly format: InputFormat
  readonly columns: readonly string[]
  readonly map: ColumnMap
  readonly issues: IntakeIssue[] = []
  readonly #reader: FormatReader
  readonly #fields: readonly { readonly field: CanonicalField; readonly columns: readonly number[] }[]
  readonly #maxFieldBytes: number
  readonly #ids: IdFingerprintSet | undefined
  readonly #byCode: Record<string, number> = {}
  #rowsRead = 0
  #accepted = 0
  #rejected = 0

  constructor(file: string, format: InputFormat, reader: FormatReader, compiled: CompiledColumnMap, maxFieldBytes: number, checkDuplicateIds: boolean) {
    this.file = file
    this.format = format
    this.columns = reader.columns
    this.map = compiled.map
    this.#reader = reader
    this.#fields = compiled.fields
    this.#maxFieldBytes = maxFieldBytes
    this.#ids = checkDuplicateIds ? new IdFingerprintSet() : undefined
    for (const issue of reader.fileIssues) this.#note(issue)
  }

  /** Sizes the duplicate check for about this many rows. */
  reserveIds(rows: number): void {
    this.#ids?.reserve(rows)
  }

  #note(issue: IntakeIssue): void {
    this.#byCode[issue.code] = (this.#byCode[issue.code] ?? 0) + 1
    if (this.issues.length < MAX_KEPT_ISSUES) this.issues.push(issue)
  }

  #reject(issue: IntakeIssue): void {
    this.#rejected++
    this.#note(issue)
  }

  summary(): IntakeSummary {
    return { file: this.file, rowsRead: this.#rowsRead, accepted: this.#accepted, rejected: this.#rejected, byCode: { ...this.#byCode } }
  }

  async close(): Promise<void> {
    await this.#reader.close()
  }

  rows(): AsyncIterable<IntakeRow> {
    const batches = this.batches()[Symbol.asyncIterator]()
    let batch: readonly IntakeRow[] = []
    let at = 0
    // A hand-written iterator: an async generator's `yield*` costs several promises per row; this
    // one answers from the current batch with one already-settled promise.
    const iterator: AsyncIterator<IntakeRow> = {
      next: async (): Promise<IteratorResult<IntakeRow>> => {
        while (at >= batch.length) {
          const next = await batches.next()
          if (next.done) return { done: true, value: undefined }
          batch = next.value
          at = 0
        }
        return { done: false, value: batch[at++] as IntakeRow }
      },
      return: async (): Promise<IteratorResult<IntakeRow>> => {
        await batches.return?.(undefined)
        return { done: true, value: undefined }
      },
    }
    return { [Symbol.asyncIterator]: () => iterator }
  }

  async *batches(): AsyncGenerator<readonly IntakeRow[]> {
    for await (const items of this.#reader.batches()) {
      const out: IntakeRow[] = []
      for (const item of items) {
        this.#rowsRead++
        if (isBadRow(item)) {
          this.#reject(item.issue)
          continue
        }
        const mapped = this.#map(item)
        if (!('id' in mapped)) {
          this.#reject(mapped)
          continue
        }
        if (this.#ids !== undefined) {
          // The common case (no earlier row with this fingerprint) stays synchronous: no promise per row.
          const earlier = this.#ids.probe(mapped.id)
          if (earlier.length > 0) {
            if (await this.#isDuplicate(mapped.id, [...earlier])) {
              this.#reject(intakeIssue('duplicate_id', { file: this.file, line: item.line, field: this.#idColumn() }, { id: mapped.id }, mapped.id))
              continue
            }
            // A fingerprint collision between different ids (rare): probe again, the read back may have probed others.
            this.#ids.probe(mapped.id)
          }
          this.#ids.addProbed(item.locator)
        }
        this.#accepted++
        out.push({ record: mapped, line: item.line })
      }
      if (out.length > 0) yield out
    }
  }

  #idColumn(): string {
    const position = this.#fields.find((f) => f.field === 'id')?.columns[0]
    return position === undefined ? 'id' : (this.columns[position] ?? 'id')
  }

  /** True when one of the earlier rows with the same fingerprint has exactly this id (read back from the file). */
  async #isDuplicate(id: string, earlier: readonly number[]): Promise<boolean> {
    for (const locator of earlier) {
      const values = await this.#reader.valuesAt(locator)
      if (values !== undefined && this.#idOf(values) === id) return true
    }
    return false
  }

  #idOf(values: readonly (string | undefined)[]): string {
    const idField = this.#fields.find((f) => f.field === 'id')
    if (idField === undefined) return ''
    return idField.columns
      .map((c) => values[c]?.trim() ?? '')
      .filter((v) => v !== '')
      .join(' ')
  }

  /** The canonical record of a raw row, or the issue that refuses it. */
  #map(row: RawRow): CanonicalRecord | IntakeIssue {
    const values = row.values
    const record: Record<string, string> = {}
    for (const { field, columns } of this.#fields) {
      let value = ''
      for (let k = 0; k < columns.length; k++) {
        const column = columns[k] as number
        const raw = values[column]
        if (raw === undefined || raw.length === 0) continue
        if (raw.length * 3 > this.#maxFieldBytes) {
          const bytes = Buffer.byteLength(raw)
          if (bytes > this.#maxFieldBytes) {
            return intakeIssue('field_too_long', { file: this.file, line: row.line, field: this.columns[column] ?? field }, { found: bytes, limit: this.#maxFieldBytes }, raw)
          }
        }
        const part = raw.trim()
        if (part.length === 0) continue
        value = value.length === 0 ? part : `${value} ${part}`
      }
      if (value.length > 0) record[field] = value
    }
    if (record.id === undefined) return intakeIssue('missing_id', { file: this.file, line: row.line, field: this.#idColumn() })
    return record as CanonicalRecord
  }
}
