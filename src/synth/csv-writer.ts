/**
 * Fast CSV output: lines are built by hand, gathered into about a megabyte of text, and written
 * with one synchronous call, so memory stays flat however many rows go out. Fields are quoted only
 * when they hold a comma, a quote or a line break (RFC 4180, section 2).
 */
import { closeSync, openSync, writeSync } from 'node:fs'

const NEEDS_QUOTES = /[",\r\n]/

/**
 * One CSV field: as it is, or quoted with inner quotes doubled.
 *
 * @example
 * csvField('123 MAIN ST, HOUSTON') // '"123 MAIN ST, HOUSTON"'
 */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** Buffers lines and writes them to a file in large blocks. */
export class CsvFileWriter {
  private readonly fd: number
  private buffer = ''
  private closed = false
  /** Bytes written so far (after the last flush). */
  bytes = 0
  /** Data lines written (the header not counted). */
  lines = 0

  /** Opens (truncating) `path` and writes the header line (none when `header` is empty). */
  constructor(
    readonly path: string,
    header: readonly string[],
    private readonly flushAt = 1 << 20,
  ) {
    this.fd = openSync(path, 'w')
    this.buffer = header.length > 0 ? `${header.join(',')}\n` : ''
  }

  /** Adds one line, already CSV-encoded, without its line break. */
  writeLine(line: string): void {
    this.buffer += `${line}\n`
    this.lines += 1
    if (this.buffer.length >= this.flushAt) this.flush()
  }

  /** Adds a block of lines, already encoded and each ending with a line break. */
  writeBlock(text: string, lines: number): void {
    this.buffer += text
    this.lines += lines
    if (this.buffer.length >= this.flushAt) this.flush()
  }

  /** Adds encoded lines (each ending with a line break), written at once. */
  writeBytes(data: Uint8Array, lines: number): void {
    this.flush()
    let offset = 0
    while (offset < data.length) offset += writeSync(this.fd, data, offset, data.length - offset)
    this.bytes += data.length
    this.lines += lines
  }

  /** Writes what is buffered. */
  flush(): void {
    if (this.buffer.length === 0 || this.closed) return
    this.bytes += writeSync(this.fd, this.buffer)
    this.buffer = ''
  }

  /** Flushes and closes the file. */
  close(): void {
    if (this.closed) return
    this.flush()
    closeSync(this.fd)
    this.closed = true
  }
}
