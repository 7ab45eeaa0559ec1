/**
 * Parquet files, read with hyparquet one row group at a time and only the columns the map reads,
 * so memory is bounded by the largest row group of those columns, not by the file. Strings are
 * read as they are; numbers, big integers and booleans as their text; dates as `YYYY-MM-DD` (or an
 * ISO timestamp when they carry a time); binary values must be UTF-8. Nested values (lists, maps,
 * structs) are refused (`nested_value`). A row's `line` is its 1-based row number in the file.
 * The duplicate check reads earlier rows back from the row group in memory, or from the last
 * earlier group it read again, so a file full of duplicates does not decode a group per row.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import type * as Hyparquet from 'hyparquet'
import { InvalidInputError } from '../core/index.js'
import type { FormatReader, RawItem } from './format-reader.js'
import { intakeIssue, type IntakeIssue } from './intake-issue.js'

type HyparquetModule = typeof Hyparquet
type AsyncBuffer = Awaited<ReturnType<HyparquetModule['asyncBufferFromFile']>>
type FileMetaData = Awaited<ReturnType<HyparquetModule['parquetMetadataAsync']>>

/**
 * Opens a Parquet file and reads its footer (schema and row groups).
 *
 * @throws InvalidInputError when the file is not Parquet or holds no column
 */
export async function openParquetReader(path: string, file: string): Promise<FormatReader> {
  const hyparquet = await import('hyparquet')
  let buffer: AsyncBuffer
  let metadata: FileMetaData
  try {
    buffer = await hyparquet.asyncBufferFromFile(path)
    metadata = await hyparquet.parquetMetadataAsync(buffer)
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause)
    throw new InvalidInputError(`${file}: not a readable Parquet file: ${detail}`, {
      cause,
      issues: [intakeIssue('unreadable_file', { file }, { detail })],
    })
  }
  const codecs = new Set(metadata.row_groups.flatMap((group) => group.columns.map((chunk) => chunk.meta_data?.codec ?? 'UNCOMPRESSED')))
  const unsupported = [...codecs].filter((codec) => !READABLE_CODECS.has(codec))
  if (unsupported.length > 0) {
    const detail = `compressed with ${unsupported.join(', ')}; readable: ${[...READABLE_CODECS].join(', ')}`
    throw new InvalidInputError(`${file}: cannot read this Parquet file: ${detail}`, { issues: [intakeIssue('unreadable_file', { file }, { detail })] })
  }
  const columns = hyparquet.parquetSchema(metadata).children.map((child) => child.element.name)
  if (columns.length === 0) {
    throw new InvalidInputError(`${file}: the file is empty: it has no column`, { issues: [intakeIssue('empty_file', { file })] })
  }
  return new ParquetReader(hyparquet, buffer, metadata, file, columns)
}

/**
 * Codecs read: hyparquet's own (none, Snappy) and those Node's zlib decodes. ZSTD, LZ4 and LZO
 * would need the `hyparquet-compressors` package, which is not a dependency.
 */
const READABLE_CODECS: ReadonlySet<string> = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI'])

const COMPRESSORS = {
  GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)),
  BROTLI: (input: Uint8Array) => new Uint8Array(brotliDecompressSync(input)),
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** What a string column yields for bytes that are not UTF-8 (hyparquet's own decoder would put U+FFFD). */
const INVALID_UTF8: unique symbol = Symbol('invalid UTF-8')

/** Decodes Parquet strings strictly, so invalid UTF-8 becomes an issue instead of replacement characters. */
function stringFromBytes(bytes: Uint8Array | undefined): string | undefined | typeof INVALID_UTF8 {
  if (bytes === undefined || bytes === null) return bytes
  try {
    return utf8.decode(bytes)
  } catch {
    return INVALID_UTF8
  }
}

type Converted = string | undefined | { readonly issue: 'invalid_utf8' | 'nested_value' | 'unsupported_value'; readonly detail: string }

function convert(value: unknown): Converted {
  if (value === null || value === undefined) return undefined
  if (value === INVALID_UTF8) return { issue: 'invalid_utf8', detail: 'a string' }
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value)
    default:
      break
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { issue: 'unsupported_value', detail: 'an invalid date' }
    const iso = value.toISOString()
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso
  }
  if (value instanceof Uint8Array) {
    try {
      return utf8.decode(value)
    } catch {
      return { issue: 'invalid_utf8', detail: 'binary value' }
    }
  }
  if (typeof value === 'object') return { issue: 'nested_value', detail: Array.isArray(value) ? 'list' : 'struct or map' }
  return { issue: 'unsupported_value', detail: typeof value }
}

class ParquetReader implements FormatReader {
  readonly #hyparquet: HyparquetModule
  readonly #buffer: AsyncBuffer
  readonly #metadata: FileMetaData
  readonly #file: string
  readonly columns: readonly string[]
  readonly fileIssues: readonly IntakeIssue[] = []
  #selected: readonly number[]
  #started = false
  /** The row group being read, kept while its rows are checked for duplicates. */
  #current: { readonly start: number; readonly rows: unknown[][] } | undefined
  /** The last earlier row group read again for a duplicate check. */
  #reread: { readonly start: number; readonly rows: unknown[][] } | undefined

  constructor(hyparquet: HyparquetModule, buffer: AsyncBuffer, metadata: FileMetaData, file: string, columns: readonly string[]) {
    this.#hyparquet = hyparquet
    this.#buffer = buffer
    this.#metadata = metadata
    this.#file = file
    this.columns = columns
    this.#selected = columns.map((_, i) => i)
  }

  estimateRows(): number {
    return Number(this.#metadata.num_rows)
  }

  /** Limits reading to these column positions (the ones a map reads). */
  select(columns: readonly number[]): void {
    this.#selected = [...columns]
  }

  async *batches(): AsyncGenerator<readonly RawItem[]> {
    if (this.#started) throw new Error(`the rows of ${this.#file} have already been read`)
    this.#started = true
    let rowStart = 0
    for (const group of this.#metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows)
      const rows = await this.#read(rowStart, rowEnd)
      this.#current = { start: rowStart, rows }
      const out: RawItem[] = []
      for (let r = 0; r < rows.length; r++) out.push(this.#row(rows[r] ?? [], rowStart + r))
      yield out
      rowStart = rowEnd
    }
    this.#current = undefined
    this.#reread = undefined
  }

  /** The rows of the group containing `locator`: the one being read, the last one re-read, or read now. */
  async #groupOf(locator: number): Promise<{ readonly start: number; readonly rows: unknown[][] } | undefined> {
    for (const group of [this.#current, this.#reread]) {
      if (group !== undefined && locator >= group.start && locator < group.start + group.rows.length) return group
    }
    let start = 0
    for (const group of this.#metadata.row_groups) {
      const end = start + Number(group.num_rows)
      if (locator < end) {
        this.#reread = { start, rows: await this.#read(start, end) }
        return this.#reread
      }
      start = end
    }
    return undefined
  }

  async #read(rowStart: number, rowEnd: number): Promise<unknown[][]> {
    const names = this.#selected.map((i) => this.columns[i] ?? '')
    let rows: unknown[][] = []
    await this.#hyparquet.parquetRead({
      file: this.#buffer,
      metadata: this.#metadata,
      columns: names,
      rowStart,
      rowEnd,
      rowFormat: 'array',
      parsers: { stringFromBytes },
      compressors: COMPRESSORS,
      onComplete: (data: unknown[][]) => {
        rows = data
      },
    })
    return rows
  }

  #row(row: readonly unknown[], index: number): RawItem {
    const values = new Array<string | undefined>(this.columns.length).fill(undefined)
    const line = index + 1
    for (let s = 0; s < this.#selected.length; s++) {
      const column = this.#selected[s] ?? 0
      const converted = convert(row[s])
      if (typeof converted === 'object') {
        return { issue: intakeIssue(converted.issue, { file: this.#file, line, field: this.columns[column] ?? '' }, { detail: converted.detail }) }
      }
      values[column] = converted
    }
    return { values, line, locator: index }
  }

  async valuesAt(locator: number): Promise<readonly (string | undefined)[] | undefined> {
    const group = await this.#groupOf(locator)
    const row = group?.rows[locator - (group?.start ?? 0)]
    if (row === undefined) return undefined
    const item = this.#row(row, locator)
    return 'values' in item ? item.values : undefined
  }

  async close(): Promise<void> {
    // hyparquet opens a read stream per slice and closes it when done; nothing is held open.
  }
}
