/**
 * A minimal Parquet writer for intake's tests (hyparquet-writer is not a dependency): flat
 * optional columns of UTF-8 strings, raw bytes or 32-bit integers, PLAIN-encoded, uncompressed, in
 * as many row groups as asked. It follows the Apache Parquet format specification
 * (parquet-format, `parquet.thrift`): pages and footer in the Thrift compact protocol, definition
 * levels in the RLE/bit-packing hybrid with a 4-byte length.
 */
import { gzipSync } from 'node:zlib'

/** One column of a fixture file. */
export interface FixtureColumn {
  readonly name: string
  /** `string`: BYTE_ARRAY annotated UTF8; `json`: annotated JSON; `bytes`: no annotation; `int32`: INT32. */
  readonly type: 'string' | 'json' | 'bytes' | 'int32'
  readonly values: readonly (string | Uint8Array | number | null)[]
}

/** A Thrift compact-protocol writer with just the types Parquet's footer needs. */
class CompactWriter {
  readonly bytes: number[] = []
  readonly #lastField: number[] = [0]

  varint(value: number): void {
    let v = value
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80)
      v = Math.floor(v / 0x80)
    }
    this.bytes.push(v)
  }

  zigzag(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1)
  }

  #field(id: number, type: number): void {
    const last = this.#lastField[this.#lastField.length - 1] ?? 0
    const delta = id - last
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type)
    else {
      this.bytes.push(type)
      this.zigzag(id)
    }
    this.#lastField[this.#lastField.length - 1] = id
  }

  i32(id: number, value: number): void {
    this.#field(id, 5)
    this.zigzag(value)
  }

  i64(id: number, value: number): void {
    this.#field(id, 6)
    this.zigzag(value)
  }

  binary(id: number, value: string): void {
    this.#field(id, 8)
    const bytes = Buffer.from(value)
    this.varint(bytes.length)
    this.bytes.push(...bytes)
  }

  /** A struct body (fields then stop), as a field or as a list element. */
  body(write: () => void): void {
    this.#lastField.push(0)
    write()
    this.bytes.push(0)
    this.#lastField.pop()
  }

  struct(id: number, write: () => void): void {
    this.#field(id, 12)
    this.body(write)
  }

  list(id: number, elementType: number, size: number, write: () => void): void {
    this.#field(id, 9)
    if (size < 15) this.bytes.push((size << 4) | elementType)
    else {
      this.bytes.push(0xf0 | elementType)
      this.varint(size)
    }
    write()
  }
}

/** CompressionCodec codes of parquet.thrift. */
const CODEC = { UNCOMPRESSED: 0, GZIP: 2, ZSTD: 6 } as const

const PARQUET_TYPE = { string: 6, json: 6, bytes: 6, int32: 1 } as const
/** ConvertedType codes of parquet.thrift. */
const CONVERTED_TYPE = { string: 0, json: 19 } as const

function pageData(column: FixtureColumn, from: number, to: number): Buffer {
  const rle: number[] = []
  // Definition levels: one RLE run per stretch of equal levels (1 = value present, 0 = null).
  let at = from
  while (at < to) {
    const level = column.values[at] === null ? 0 : 1
    let run = 0
    while (at < to && (column.values[at] === null ? 0 : 1) === level) {
      run++
      at++
    }
    const writer = new CompactWriter()
    writer.varint(run * 2)
    rle.push(...writer.bytes, level)
  }
  const parts: Buffer[] = [Buffer.alloc(4), Buffer.from(rle)]
  parts[0]?.writeUInt32LE(rle.length)
  for (let i = from; i < to; i++) {
    const value = column.values[i]
    if (value === null || value === undefined) continue
    if (column.type === 'int32') {
      const b = Buffer.alloc(4)
      b.writeInt32LE(value as number)
      parts.push(b)
    } else {
      const bytes = typeof value === 'string' ? Buffer.from(value) : Buffer.from(value as Uint8Array)
      const length = Buffer.alloc(4)
      length.writeUInt32LE(bytes.length)
      parts.push(length, bytes)
    }
  }
  return Buffer.concat(parts)
}

/**
 * Encodes columns (all the same length) as a Parquet file, its pages uncompressed or compressed
 * with `codec` (GZIP through node:zlib; ZSTD is written with the GZIP bytes, for a reader to refuse).
 *
 * @example
 * writeParquet([{ name: 'id', type: 'string', values: ['1', '2'] }], 1) // two row groups of one row
 */
export function writeParquet(columns: readonly FixtureColumn[], rowsPerGroup: number, codec: 'UNCOMPRESSED' | 'GZIP' | 'ZSTD' = 'UNCOMPRESSED'): Buffer {
  const codecId = CODEC[codec]
  const rows = columns[0]?.values.length ?? 0
  const chunks: Buffer[] = [Buffer.from('PAR1')]
  let offset = 4
  const groups: { rows: number; columns: { offset: number; size: number; values: number }[] }[] = []
  for (let start = 0; start < rows || (rows === 0 && start === 0); start += rowsPerGroup) {
    const end = Math.min(rows, start + rowsPerGroup)
    const group = { rows: end - start, columns: [] as { offset: number; size: number; values: number }[] }
    for (const column of columns) {
      const raw = pageData(column, start, end)
      const data = codec === 'UNCOMPRESSED' ? raw : gzipSync(raw)
      const header = new CompactWriter()
      header.body(() => {
        header.i32(1, 0) // DATA_PAGE
        header.i32(2, raw.length)
        header.i32(3, data.length)
        header.struct(5, () => {
          header.i32(1, end - start)
          header.i32(2, 0) // PLAIN
          header.i32(3, 3) // RLE definition levels
          header.i32(4, 3) // RLE repetition levels
        })
      })
      const page = Buffer.concat([Buffer.from(header.bytes), data])
      group.columns.push({ offset, size: page.length, values: end - start })
      chunks.push(page)
      offset += page.length
    }
    groups.push(group)
    if (rows === 0) break
  }
  const footer = new CompactWriter()
  footer.body(() => {
    footer.i32(1, 1)
    footer.list(2, 12, columns.length + 1, () => {
      footer.body(() => {
        footer.binary(4, 'schema')
        footer.i32(5, columns.length)
      })
      for (const column of columns) {
        footer.body(() => {
          footer.i32(1, PARQUET_TYPE[column.type])
          footer.i32(3, 1) // OPTIONAL
          footer.binary(4, column.name)
          if (column.type === 'string' || column.type === 'json') footer.i32(6, CONVERTED_TYPE[column.type])
        })
      }
    })
    footer.i64(3, rows)
    footer.list(4, 12, groups.length, () => {
      for (const group of groups) {
        footer.body(() => {
          footer.list(1, 12, group.columns.length, () => {
            group.columns.forEach((chunk, c) => {
              const column = columns[c] as FixtureColumn
              footer.body(() => {
                footer.i64(2, chunk.offset)
                footer.struct(3, () => {
                  footer.i32(1, PARQUET_TYPE[column.type])
                  footer.list(2, 5, 2, () => {
                    footer.zigzag(0)
                    footer.zigzag(3)
                  })
                  footer.list(3, 8, 1, () => {
                    const name = Buffer.from(column.name)
                    footer.varint(name.length)
                    footer.bytes.push(...name)
                  })
                  footer.i32(4, codecId)
                  footer.i64(5, chunk.values)
                  footer.i64(6, chunk.size)
                  footer.i64(7, chunk.size)
                  footer.i64(9, chunk.offset)
                })
              })
            })
          })
          footer.i64(2, group.columns.reduce((sum, c) => sum + c.size, 0))
          footer.i64(3, group.rows)
        })
      }
    })
  })
  const length = Buffer.alloc(4)
  length.writeUInt32LE(footer.bytes.length)
  chunks.push(Buffer.from(footer.bytes), length, Buffer.from('PAR1'))
  return Buffer.concat(chunks)
}
