/**
 * Reads a file as lines without holding more than one chunk and one line in memory. Lines are cut
 * at LF bytes (a CR before it is kept for the caller to drop): in UTF-8 the byte 0x0A is never part
 * of a multi-byte character, so cutting bytes first is safe. Each chunk is checked for valid UTF-8
 * natively, and only a chunk that fails is checked line by line.
 */
import type { FileHandle } from 'node:fs/promises'
import { isAscii, isUtf8 } from 'node:buffer'

/** A run of consecutive lines of a file. */
export interface LineBatch {
  /** 1-based line number of `lines[0]`. */
  readonly firstLine: number
  /**
   * The lines, without their LF. `undefined` marks a line over the length limit, which was
   * skipped without being kept in memory.
   */
  readonly lines: readonly (string | undefined)[]
  /** Byte offset in the file of each line's first byte. */
  readonly offsets: readonly number[]
  /** Indexes into `lines` of lines that are not valid UTF-8 (decoded with U+FFFD), when any. */
  readonly invalidUtf8?: ReadonlySet<number>
}

/** Options of `readLines`. */
export interface LineReaderOptions {
  /**
   * A line longer than this many bytes is skipped and reported as `undefined`. Read again at every
   * chunk, so a caller may raise it once it knows more (the CSV reader does, after the header).
   */
  maxLineBytes: number
  /** Bytes read at a time (default 64 KiB: small batches die young, which halves the garbage collector's work against 1 MiB). */
  readonly chunkBytes?: number
}

const UTF8_BOM = [0xef, 0xbb, 0xbf]

/**
 * Yields a file's lines in batches (one per chunk read). A UTF-8 byte-order mark at the start is
 * dropped. A last line without LF is yielded too; an empty file yields nothing.
 */
export async function* readLines(handle: FileHandle, options: LineReaderOptions): AsyncGenerator<LineBatch> {
  const chunkBytes = options.chunkBytes ?? 1 << 16
  let position = 0
  let carry: Buffer = Buffer.alloc(0)
  /** File offset of carry[0]. */
  let carryOffset = 0
  let lineNo = 1
  /** True while skipping the rest of an over-long line. */
  let skipping = false
  let first = true
  const readAt = (at: number) => {
    const buffer = Buffer.allocUnsafe(chunkBytes)
    const reading = handle.read(buffer, 0, chunkBytes, at).then(({ bytesRead }) => ({ chunk: buffer, bytesRead }))
    // Marked handled: a read still in flight when the caller stops reading must not crash the process.
    reading.catch(() => undefined)
    return reading
  }
  // The next chunk is asked for before this one is cut into lines, so the disk and the parsing overlap.
  let ahead = readAt(0)
  for (;;) {
    const { chunk, bytesRead } = await ahead
    position += bytesRead
    const atEnd = bytesRead === 0
    if (!atEnd) ahead = readAt(position)
    let data = atEnd ? carry : carry.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([carry, chunk.subarray(0, bytesRead)])
    let dataOffset = carryOffset
    if (first && (data.length >= 3 || atEnd)) {
      first = false
      if (data[0] === UTF8_BOM[0] && data[1] === UTF8_BOM[1] && data[2] === UTF8_BOM[2]) {
        data = data.subarray(3)
        dataOffset += 3
      }
    } else if (first) {
      carry = data
      continue
    }
    if (skipping) {
      const newline = data.indexOf(10)
      if (newline === -1) {
        carry = Buffer.alloc(0)
        carryOffset = dataOffset + data.length
        if (atEnd) return
        continue
      }
      skipping = false
      data = data.subarray(newline + 1)
      dataOffset += newline + 1
    }
    const maxLineBytes = options.maxLineBytes
    const lastNewline = atEnd ? data.length : data.lastIndexOf(10)
    if (lastNewline === -1) {
      if (data.length > maxLineBytes) {
        yield { firstLine: lineNo, lines: [undefined], offsets: [dataOffset] }
        lineNo++
        skipping = true
        carry = Buffer.alloc(0)
        carryOffset = dataOffset + data.length
      } else {
        carry = data
        carryOffset = dataOffset
      }
      continue
    }
    const complete = data.subarray(0, lastNewline)
    if (atEnd && complete.length === 0) return
    const batch = splitLines(complete, dataOffset, lineNo, maxLineBytes)
    lineNo += batch.lines.length
    yield batch
    if (atEnd) return
    const rest = data.subarray(lastNewline + 1)
    carryOffset = dataOffset + lastNewline + 1
    if (rest.length > maxLineBytes) {
      yield { firstLine: lineNo, lines: [undefined], offsets: [carryOffset] }
      lineNo++
      skipping = true
      carry = Buffer.alloc(0)
      carryOffset += rest.length
    } else {
      // Copied so the chunk it came from can be collected.
      carry = Buffer.from(rest)
    }
  }
}

/**
 * Cuts complete lines out of a chunk. Each line is decoded on its own (Latin-1 when the chunk is
 * ASCII, which is the same and faster) rather than decoding the chunk and splitting the string:
 * V8 keeps a slice of a string as a pointer into it, so a field kept by the caller would otherwise
 * hold its whole chunk in memory.
 */
function splitLines(bytes: Buffer, offset: number, firstLine: number, maxLineBytes: number): LineBatch {
  const valid = isUtf8(bytes)
  const encoding = valid && isAscii(bytes) ? 'latin1' : 'utf8'
  const lines: (string | undefined)[] = []
  const offsets: number[] = []
  const invalid = valid ? undefined : new Set<number>()
  let start = 0
  while (start <= bytes.length) {
    let stop = bytes.indexOf(10, start)
    if (stop === -1) stop = bytes.length
    offsets.push(offset + start)
    if (stop - start > maxLineBytes) lines.push(undefined)
    else {
      if (invalid !== undefined && !isUtf8(bytes.subarray(start, stop))) invalid.add(lines.length)
      lines.push(bytes.toString(encoding, start, stop))
    }
    start = stop + 1
  }
  return invalid === undefined ? { firstLine, lines, offsets } : { firstLine, lines, offsets, invalidUtf8: invalid }
}
