/**
 * `-` for standard input and output where a command reads or writes one file (issue 21: "Unix
 * habits"), so `verigate standardize --in - --out - < requests.csv | …` works in a pipeline.
 *
 * Intake reads a file by path (it sniffs the delimiter, counts lines for file:line messages and
 * reads Parquet from its end), so standard input is first copied to a private temporary file
 * (mode 0600 in a folder of mode 0700, removed afterwards, since it holds personal data) and
 * read from there. Its format is sniffed: a first `{` is JSON Lines, anything else CSV; Parquet
 * is refused (it cannot be read as a stream: its index is at its end), with a message saying to
 * give the file's path. Output for `-` is written to a private temporary file the same way and
 * copied to standard output once complete, so a command that fails half-way writes no partial
 * data to the pipe; the command's summary then goes to standard error, so standard output holds
 * only the data.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { open, rename } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Readable, Writable } from 'node:stream'
import { InvalidInputError, PRIVATE_FILE_MODE } from '../core/index.js'

/** The name that means standard input (for an input) or standard output (for an output). */
export const STANDARD_STREAM = '-'

/** True when a file option names standard input or output. */
export function isStandardStream(path: string | undefined): boolean {
  return path === STANDARD_STREAM
}

/** A file format intake reads. */
export type DataFormat = 'csv' | 'jsonl' | 'parquet'

/** Where `withStandardInput` puts standard input, and what it found there. */
export interface SpooledInput {
  /** The path to read: the file given, or the temporary copy of standard input. */
  readonly path: string
  /** The format given, or the one sniffed from standard input; undefined: from the path's extension. */
  readonly format: DataFormat | undefined
}

/** Parquet files start (and end) with these four bytes. */
const PARQUET_MAGIC = 'PAR1'

/** A private temporary folder (mode 0700 from mkdtemp), and its removal. */
function privateFolder(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'verigate-stdio-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The format of the first bytes of a file: Parquet by its magic, JSON Lines by a leading `{`, else CSV. */
function sniffFormat(head: Buffer): DataFormat {
  if (head.subarray(0, 4).toString('latin1') === PARQUET_MAGIC) return 'parquet'
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart()
  return text.startsWith('{') ? 'jsonl' : 'csv'
}

/**
 * Runs `use` on the file an input option names; for `-`, on a private copy of `input` (standard
 * input by default), removed when `use` ends. `option` names the option in messages (`--in`).
 *
 * @example
 * await withStandardInput(options.in, '--in', format, ({ path, format }) => standardizeFile({ input: path, format, … }))
 */
export async function withStandardInput<T>(
  path: string,
  option: string,
  format: DataFormat | undefined,
  use: (input: SpooledInput) => Promise<T>,
  input: Readable = process.stdin,
): Promise<T> {
  if (!isStandardStream(path)) return use({ path, format })
  if (format === 'parquet') throw parquetRefused(option)
  const folder = privateFolder()
  try {
    const copy = join(folder.dir, 'stdin')
    await pipeline(input, createWriteStream(copy, { mode: PRIVATE_FILE_MODE }))
    const handle = await open(copy, 'r')
    let head: Buffer
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(64), 0, 64, 0)
      head = buffer.subarray(0, bytesRead)
    } finally {
      await handle.close()
    }
    if (head.length === 0) throw new InvalidInputError(`${option} -: standard input is empty: pipe a file into the command, or give the file's path`)
    const found = format ?? sniffFormat(head)
    if (found === 'parquet') throw parquetRefused(option)
    // Named with the format's extension, so a reader that goes by the extension reads it right.
    const named = join(folder.dir, `stdin.${found}`)
    await rename(copy, named)
    return await use({ path: named, format: found })
  } finally {
    folder.remove()
  }
}

function parquetRefused(option: string): InvalidInputError {
  return new InvalidInputError(`${option} -: Parquet cannot be read from standard input (its index is at the end of the file): give the file's path, or pipe CSV or JSON Lines`)
}

/**
 * Runs `make` on the file an output option names; for `-`, on a private temporary file, copied to
 * `output` (standard output by default) once `make` has finished without error, then removed.
 *
 * @example
 * await withStandardOutput(options.out, (path) => standardizeFile({ output: path, … }))
 */
export async function withStandardOutput<T>(path: string, make: (path: string) => Promise<T>, output: Writable = process.stdout): Promise<T> {
  if (!isStandardStream(path)) return make(path)
  const folder = privateFolder()
  try {
    const file = join(folder.dir, 'stdout')
    const result = await make(file)
    await pipeline(createReadStream(file), output, { end: false })
    return result
  } finally {
    folder.remove()
  }
}

/** Writes text to standard output and waits until it has been handed on (a pipe may be slow). */
export async function writeStandardOutput(text: string, output: Writable = process.stdout): Promise<void> {
  if (!output.write(text)) await once(output, 'drain')
}

/** Refuses `-` for more than one of a command's outputs: standard output can carry one file. */
export function refuseSeveralStandardOutputs(outputs: Readonly<Record<string, string | undefined>>): void {
  const named = Object.entries(outputs).filter(([, path]) => isStandardStream(path)).map(([option]) => option)
  if (named.length > 1) throw new InvalidInputError(`${named.join(' and ')} are all -: standard output can carry only one of them; give the others a file`)
}
