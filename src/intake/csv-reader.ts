/**
 * CSV files (RFC 4180): any delimiter (sniffed from the header unless given), spaces after a
 * delimiter, quoted fields with line breaks, CRLF or LF line ends, a UTF-8 byte-order mark.
 *
 * Recovery from an unbalanced quote (why: an unclosed quote would otherwise swallow the rest of
 * the file into one field). A quote left open at the end of a line is taken, as RFC 4180 says, to
 * continue the field on the next line, but only while the record stays under `maxRecordBytes`
 * (every column at the field limit) and the file goes on. When the record passes that bound, or
 * the file ends, or the multi-line record does not split cleanly, its first line is refused
 * (`unbalanced_quote`; `wrong_column_count` when it splits but into the wrong number of fields) and
 * reading starts again at the line after it: every following line is read as if the bad line had
 * not been there, so at most that one line is lost, and memory stays bounded by `maxRecordBytes`.
 * A stray quote inside an unquoted field never opens a multi-line record: it is refused at once
 * (`malformed_quote`). CSV cannot always tell a forgotten closing quote from a real multi-line
 * field: a later line whose quote happens to close the open field cleanly is taken as part of it.
 */
import type { FileHandle } from 'node:fs/promises'
import { InvalidInputError } from '../core/index.js'
import { countQuotes, sniffDelimiter, splitCsvRecord } from './csv-record.js'
import { isBadRow, type FormatReader, type RawItem } from './format-reader.js'
import { intakeIssue, type IntakeIssue } from './intake-issue.js'
import { readLines, type LineBatch } from './line-reader.js'

/** Options of `openCsvReader`. */
export interface CsvReaderOptions {
  readonly delimiter?: string
  readonly maxFieldBytes: number
}

/** A record whose quoted field is still open at the end of the lines read so far. */
interface OpenRecord {
  text: string
  readonly lines: string[]
  readonly lineNumbers: number[]
  readonly offsets: number[]
  readonly invalid: boolean[]
}

/** The smallest bound on a record, whatever the column count. */
const MIN_RECORD_BYTES = 64 * 1024

function isBlankLine(line: string): boolean {
  return line.length === 0 || line.trim().length === 0
}

function stripCr(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line
}

/** Where the first record of `text` ends (at a line break outside quotes), or undefined when it runs on. */
function recordEnd(text: string): number | undefined {
  let parity = 0
  let from = 0
  for (;;) {
    const next = text.indexOf('\n', from)
    parity ^= countQuotes(text.slice(from, next === -1 ? text.length : next)) & 1
    if (parity === 0 && next !== -1) return next
    if (next === -1) return undefined
    from = next + 1
  }
}

/**
 * Opens a CSV file and reads its header.
 *
 * @throws InvalidInputError when the file has no header or the header cannot be split
 */
export async function openCsvReader(handle: FileHandle, file: string, options: CsvReaderOptions): Promise<FormatReader> {
  // The header's own bound, before its column count is known.
  const headerLimit = Math.max(MIN_RECORD_BYTES, options.maxFieldBytes * 64)
  const limits = { maxLineBytes: headerLimit }
  const lineIterator = readLines(handle, limits)[Symbol.asyncIterator]()
  let pending: LineBatch | undefined
  let pendingIndex = 0
  let headerText: string | undefined
  let headerLine = 0
  let parity = 0
  while (headerText === undefined || parity === 1) {
    if (pending === undefined || pendingIndex >= pending.lines.length) {
      const next = await lineIterator.next()
      if (next.done) break
      pending = next.value
      pendingIndex = 0
      continue
    }
    const raw = pending.lines[pendingIndex]
    const lineNo = pending.firstLine + pendingIndex
    pendingIndex++
    if (raw === undefined) throw new InvalidInputError(`${file}:${lineNo}: the header line is over ${headerLimit} bytes long`)
    const line = stripCr(raw)
    if (headerText === undefined) {
      if (isBlankLine(line)) continue
      headerText = line
      headerLine = lineNo
    } else {
      headerText += `\n${line}`
      if (headerText.length > headerLimit) break
    }
    parity ^= countQuotes(line) & 1
  }
  if (headerText === undefined) {
    throw new InvalidInputError(`${file}: the file is empty: it has no header`, { issues: [intakeIssue('empty_file', { file })] })
  }
  const delimiter = options.delimiter ?? sniffDelimiter(headerText.split('\n')[0] ?? '')
  const split = parity === 1 ? undefined : splitCsvRecord(headerText, delimiter)
  if (split === undefined || !Array.isArray(split)) {
    const detail = split === undefined ? 'a quote in the header is never closed' : split.detail
    throw new InvalidInputError(`${file}:${headerLine}: the header cannot be read: ${detail}`, {
      issues: [intakeIssue(split === undefined ? 'unbalanced_quote' : split.error, { file, line: headerLine }, { detail })],
    })
  }
  const columns = split.map((c) => c.trim())
  const fileIssues: IntakeIssue[] = []
  const seen = new Set<string>()
  for (const column of columns) {
    if (seen.has(column)) fileIssues.push(intakeIssue('duplicate_column', { file, line: headerLine, field: column }))
    seen.add(column)
  }
  const maxRecordBytes = Math.max(MIN_RECORD_BYTES, columns.length * (options.maxFieldBytes + 3))
  limits.maxLineBytes = maxRecordBytes
  const rest = pending === undefined ? undefined : { batch: pending, from: pendingIndex }
  return new CsvReader(handle, file, columns, fileIssues, delimiter, maxRecordBytes, lineIterator, rest)
}

class CsvReader implements FormatReader {
  readonly #handle: FileHandle
  readonly #file: string
  readonly columns: readonly string[]
  readonly fileIssues: readonly IntakeIssue[]
  readonly #delimiter: string
  readonly #maxRecordBytes: number
  readonly #lines: AsyncIterator<LineBatch>
  #rest: { readonly batch: LineBatch; readonly from: number } | undefined
  #open: OpenRecord | undefined
  #parity = 0
  #started = false
  #closed = false

  constructor(
    handle: FileHandle,
    file: string,
    columns: readonly string[],
    fileIssues: readonly IntakeIssue[],
    delimiter: string,
    maxRecordBytes: number,
    lines: AsyncIterator<LineBatch>,
    rest: { readonly batch: LineBatch; readonly from: number } | undefined,
  ) {
    this.#handle = handle
    this.#file = file
    this.columns = columns
    this.fileIssues = fileIssues
    this.#delimiter = delimiter
    this.#maxRecordBytes = maxRecordBytes
    this.#lines = lines
    this.#rest = rest
  }

  estimateRows(fileBytes: number): number | undefined {
    const offsets = this.#rest?.batch.offsets
    if (offsets === undefined || offsets.length < 2) return undefined
    const first = offsets[0] as number
    const lineBytes = ((offsets[offsets.length - 1] as number) - first) / (offsets.length - 1)
    return lineBytes > 0 ? Math.ceil((fileBytes - first) / lineBytes) : undefined
  }

  async *batches(): AsyncGenerator<readonly RawItem[]> {
    if (this.#started) throw new Error(`the rows of ${this.#file} have already been read`)
    this.#started = true
    try {
      if (this.#rest !== undefined) {
        const out: RawItem[] = []
        this.#pushBatch(this.#rest.batch, this.#rest.from, out)
        this.#rest = undefined
        if (out.length > 0) yield out
      }
      for (;;) {
        const next = await this.#lines.next()
        if (next.done) break
        const out: RawItem[] = []
        this.#pushBatch(next.value, 0, out)
        if (out.length > 0) yield out
      }
      const out: RawItem[] = []
      if (this.#open !== undefined) this.#abandon(out, 'the file ends inside it')
      if (out.length > 0) yield out
    } finally {
      await this.close()
    }
  }

  #pushBatch(batch: LineBatch, from: number, out: RawItem[]): void {
    const { lines, offsets, invalidUtf8 } = batch
    for (let i = from; i < lines.length; i++) {
      this.#pushLine(lines[i], batch.firstLine + i, offsets[i] ?? 0, invalidUtf8?.has(i) ?? false, out)
    }
  }

  #pushLine(raw: string | undefined, lineNo: number, offset: number, invalid: boolean, out: RawItem[]): void {
    if (raw === undefined) {
      if (this.#open !== undefined) this.#abandon(out, `line ${lineNo} is over ${this.#maxRecordBytes} bytes long`)
      out.push({ issue: intakeIssue('record_too_long', { file: this.#file, line: lineNo }, { limit: this.#maxRecordBytes }) })
      return
    }
    const line = stripCr(raw)
    const open = this.#open
    if (open !== undefined) {
      open.text += `\n${line}`
      open.lines.push(line)
      open.lineNumbers.push(lineNo)
      open.offsets.push(offset)
      open.invalid.push(invalid)
      this.#parity ^= countQuotes(line) & 1
      if (this.#parity === 0) {
        this.#open = undefined
        this.#finishMultiLine(open, out)
      } else if (open.text.length > this.#maxRecordBytes) {
        this.#abandon(out, `still open after ${open.lines.length} lines`)
      }
      return
    }
    if (line.indexOf('"') === -1) {
      if (isBlankLine(line)) return
      this.#finish(line, lineNo, offset, invalid, out)
      return
    }
    if ((countQuotes(line) & 1) === 0) {
      this.#finish(line, lineNo, offset, invalid, out)
      return
    }
    // An odd number of quotes opens a multi-line field only when the line ends inside a field that
    // was opened properly (RFC 4180: a quote starts a field); a stray quote is refused at once.
    const alone = splitCsvRecord(line, this.#delimiter)
    if (!Array.isArray(alone) && alone.error === 'malformed_quote') {
      this.#finish(line, lineNo, offset, invalid, out)
      return
    }
    this.#parity = 1
    this.#open = { text: line, lines: [line], lineNumbers: [lineNo], offsets: [offset], invalid: [invalid] }
  }

  /** Splits a complete one-line record. */
  #finish(text: string, lineNo: number, offset: number, invalid: boolean, out: RawItem[]): void {
    const problem = this.#split(text, lineNo, offset, invalid)
    out.push(problem)
  }

  /** Splits a complete multi-line record; on failure refuses its first line and re-reads the rest. */
  #finishMultiLine(open: OpenRecord, out: RawItem[]): void {
    const line = open.lineNumbers[0] ?? 0
    const item = this.#split(open.text, line, open.offsets[0] ?? 0, open.invalid.some(Boolean))
    if (!isBadRow(item) || item.issue.code === 'invalid_utf8') {
      out.push(item)
      return
    }
    if (item.issue.code === 'wrong_column_count') out.push(item)
    else {
      const last = open.lineNumbers[open.lineNumbers.length - 1] ?? line
      const detail = `read as one row with lines ${line}–${last}: ${item.issue.message}`
      out.push({ issue: intakeIssue('unbalanced_quote', { file: this.#file, line }, { detail }, open.lines[0]) })
    }
    this.#refeed(open, out)
  }

  #abandon(out: RawItem[], why: string): void {
    const open = this.#open
    if (open === undefined) return
    this.#open = undefined
    this.#parity = 0
    const line = open.lineNumbers[0] ?? 0
    out.push({ issue: intakeIssue('unbalanced_quote', { file: this.#file, line }, { detail: why }, open.lines[0]) })
    this.#refeed(open, out)
  }

  /** Reads the lines of a refused multi-line record again, after its first one. */
  #refeed(open: OpenRecord, out: RawItem[]): void {
    for (let i = 1; i < open.lines.length; i++) {
      this.#pushLine(open.lines[i], open.lineNumbers[i] ?? 0, open.offsets[i] ?? 0, open.invalid[i] ?? false, out)
    }
  }

  #split(text: string, line: number, offset: number, invalid: boolean): RawItem {
    const file = this.#file
    const fields = splitCsvRecord(text, this.#delimiter)
    if (!Array.isArray(fields)) {
      const field = this.columns[fields.fieldIndex]
      return { issue: intakeIssue(fields.error, field === undefined ? { file, line } : { file, line, field }, { detail: fields.detail }, text) }
    }
    if (invalid) {
      const bad = fields.findIndex((f) => f.includes('\uFFFD'))
      const field = this.columns[bad]
      return { issue: intakeIssue('invalid_utf8', field === undefined ? { file, line } : { file, line, field }, {}, text) }
    }
    if (fields.length !== this.columns.length) {
      return { issue: intakeIssue('wrong_column_count', { file, line }, { expected: this.columns.length, found: fields.length }, text) }
    }
    return { values: fields, line, locator: offset }
  }

  async valuesAt(locator: number): Promise<readonly (string | undefined)[] | undefined> {
    // Most rows fit a small read; a long multi-line row is read again up to the record bound.
    for (const size of [Math.min(4096, this.#maxRecordBytes), this.#maxRecordBytes]) {
      const buffer = Buffer.alloc(size)
      const { bytesRead } = await this.#handle.read(buffer, 0, size, locator)
      const text = buffer.subarray(0, bytesRead).toString('utf8')
      const end = recordEnd(text)
      if (end === undefined && bytesRead === size && size < this.#maxRecordBytes) continue
      const record = text.slice(0, end ?? text.length).split('\n').map(stripCr).join('\n')
      const fields = splitCsvRecord(record, this.#delimiter)
      return Array.isArray(fields) ? fields : undefined
    }
    return undefined
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#handle.close()
  }
}
