/**
 * JSON Lines files (jsonlines.org): one JSON object per line, blank lines skipped. Values that are
 * strings are read as they are; numbers and booleans as their JSON text; null as no value. A
 * line holding a nested object or array anywhere is refused (`nested_value`, naming the key):
 * intake never guesses how to flatten it.
 *
 * JSON Lines has no header, so the columns are the keys of the first 1,000 objects, in the order
 * first seen: a key that first appears later is still read when mapped by name, but the missing-
 * column check and the map taken without one look only at those first objects.
 */
import type { FileHandle } from 'node:fs/promises'
import { InvalidInputError } from '../core/index.js'
import type { FormatReader, RawItem } from './format-reader.js'
import { intakeIssue, type IntakeIssue } from './intake-issue.js'
import { readLines, type LineBatch } from './line-reader.js'

/** How many leading objects name the columns. */
const HEADER_SAMPLE = 1000

/** Options of `openJsonlReader`. */
export interface JsonlReaderOptions {
  readonly maxFieldBytes: number
}

type Parsed = { readonly object: Record<string, unknown> } | { readonly issue: IntakeIssue }

function parseLine(line: string, file: string, lineNo: number): Parsed {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    return { issue: intakeIssue('invalid_json', { file, line: lineNo }, { detail }, line) }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const detail = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
    return { issue: intakeIssue('not_an_object', { file, line: lineNo }, { detail }, line) }
  }
  return { object: value as Record<string, unknown> }
}

/**
 * Opens a JSON Lines file and learns its columns from its first objects.
 *
 * @throws InvalidInputError when the file holds no line at all
 */
export async function openJsonlReader(handle: FileHandle, file: string, options: JsonlReaderOptions): Promise<FormatReader> {
  const maxLineBytes = Math.max(64 * 1024, options.maxFieldBytes * 64)
  const lines = readLines(handle, { maxLineBytes })[Symbol.asyncIterator]()
  const buffered: LineBatch[] = []
  const columns: string[] = []
  const known = new Set<string>()
  let sampled = 0
  let anyLine = false
  while (sampled < HEADER_SAMPLE) {
    const next = await lines.next()
    if (next.done) break
    buffered.push(next.value)
    for (let i = 0; i < next.value.lines.length && sampled < HEADER_SAMPLE; i++) {
      const line = next.value.lines[i]
      if (line === undefined) continue
      if (line.trim().length === 0) continue
      anyLine = true
      const parsed = parseLine(line, file, next.value.firstLine + i)
      if (!('object' in parsed)) continue
      sampled++
      for (const key of Object.keys(parsed.object)) {
        if (!known.has(key)) {
          known.add(key)
          columns.push(key)
        }
      }
    }
  }
  if (!anyLine) {
    throw new InvalidInputError(`${file}: the file is empty: it holds no JSON line`, { issues: [intakeIssue('empty_file', { file })] })
  }
  return new JsonlReader(handle, file, columns, maxLineBytes, buffered, lines)
}

class JsonlReader implements FormatReader {
  readonly #handle: FileHandle
  readonly #file: string
  readonly columns: readonly string[]
  readonly fileIssues: readonly IntakeIssue[] = []
  readonly #maxLineBytes: number
  readonly #index: ReadonlyMap<string, number>
  #buffered: LineBatch[]
  readonly #lines: AsyncIterator<LineBatch>
  #started = false
  #closed = false

  constructor(handle: FileHandle, file: string, columns: readonly string[], maxLineBytes: number, buffered: LineBatch[], lines: AsyncIterator<LineBatch>) {
    this.#handle = handle
    this.#file = file
    this.columns = columns
    this.#maxLineBytes = maxLineBytes
    this.#index = new Map(columns.map((c, i) => [c, i]))
    this.#buffered = buffered
    this.#lines = lines
  }

  estimateRows(fileBytes: number): number | undefined {
    const offsets = this.#buffered[0]?.offsets
    if (offsets === undefined || offsets.length < 2) return undefined
    const first = offsets[0] as number
    const lineBytes = ((offsets[offsets.length - 1] as number) - first) / (offsets.length - 1)
    return lineBytes > 0 ? Math.ceil((fileBytes - first) / lineBytes) : undefined
  }

  async *batches(): AsyncGenerator<readonly RawItem[]> {
    if (this.#started) throw new Error(`the rows of ${this.#file} have already been read`)
    this.#started = true
    try {
      const buffered = this.#buffered
      this.#buffered = []
      for (const batch of buffered) yield this.#convert(batch)
      for (;;) {
        const next = await this.#lines.next()
        if (next.done) break
        yield this.#convert(next.value)
      }
    } finally {
      await this.close()
    }
  }

  #convert(batch: LineBatch): RawItem[] {
    const out: RawItem[] = []
    const file = this.#file
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.lines[i]
      const lineNo = batch.firstLine + i
      if (line === undefined) {
        out.push({ issue: intakeIssue('record_too_long', { file, line: lineNo }, { limit: this.#maxLineBytes }) })
        continue
      }
      if (line.trim().length === 0) continue
      if (batch.invalidUtf8?.has(i)) {
        out.push({ issue: intakeIssue('invalid_utf8', { file, line: lineNo }, {}, line) })
        continue
      }
      const parsed = parseLine(line, file, lineNo)
      if (!('object' in parsed)) {
        out.push(parsed)
        continue
      }
      const values = this.#values(parsed.object, lineNo)
      if (Array.isArray(values)) out.push({ values, line: lineNo, locator: batch.offsets[i] ?? 0 })
      else out.push(values as { issue: IntakeIssue })
    }
    return out
  }

  /** The object's values aligned with the columns, or the issue of a nested value. */
  #values(object: Record<string, unknown>, lineNo: number): (string | undefined)[] | { issue: IntakeIssue } {
    const values = new Array<string | undefined>(this.columns.length).fill(undefined)
    for (const key in object) {
      const value = object[key]
      if (value === null || value === undefined) continue
      if (typeof value === 'object') {
        const detail = Array.isArray(value) ? 'array' : 'object'
        return { issue: intakeIssue('nested_value', { file: this.#file, line: lineNo, field: key }, { detail }) }
      }
      const index = this.#index.get(key)
      if (index !== undefined) values[index] = typeof value === 'string' ? value : String(value)
    }
    return values
  }

  async valuesAt(locator: number): Promise<readonly (string | undefined)[] | undefined> {
    const buffer = Buffer.alloc(this.#maxLineBytes)
    const { bytesRead } = await this.#handle.read(buffer, 0, buffer.length, locator)
    const text = buffer.subarray(0, bytesRead).toString('utf8')
    const newline = text.indexOf('\n')
    const parsed = parseLine(newline === -1 ? text : text.slice(0, newline), this.#file, 0)
    if (!('object' in parsed)) return undefined
    const values = this.#values(parsed.object, 0)
    return Array.isArray(values) ? values : undefined
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#handle.close()
  }
}
