/**
 * FEBRL's own CSV layout for the rows of a scaled FEBRL job, so the peer reads them as it reads
 * FEBRL 4 (bench/peer.ts gives both tools this one pair of files).
 *
 * FEBRL writes `rec_id, given_name, …` with a space after every comma, in the header and in the
 * values; a blank field is a single space. The scaled builder (scaled-febrl.ts) trims those spaces,
 * which Verigate's intake does anyway, but Splink's FEBRL tutorial reads the files with pandas,
 * which then takes a column with any blank in it for a number: `date_of_birth` becomes
 * `19151111.0`, which Splink's date comparison cannot parse, so every date of birth would count
 * as missing. With FEBRL's spaces kept, pandas reads text columns as text, exactly as it reads
 * FEBRL 4 itself, and the peer's accuracy is its own, not an artefact of how the file was written.
 */
import { renameSync, writeFileSync } from 'node:fs'
import { stringify } from 'csv-stringify/sync'

/**
 * The rows (header first) as FEBRL lays them out: every field after the first preceded by one
 * space. Fails on a value holding a comma, a quote or a line break, which FEBRL's files never
 * have and which would need quoting that breaks the leading space. Lines end in LF (FEBRL's own
 * 4a ends them in CR LF, its 4b in LF; CSV readers take both).
 */
export function febrlLayout(rows: readonly (readonly string[])[]): string {
  const spaced = rows.map((row) =>
    row.map((value, i) => {
      if (/[",\r\n]/.test(value)) throw new Error(`FEBRL layout: the value ${JSON.stringify(value)} holds a comma, quote or line break, which FEBRL's layout cannot carry unquoted`)
      return i === 0 ? value : ` ${value}`
    }),
  )
  return stringify(spaced)
}

/**
 * Writes the rows in FEBRL's layout to `path` (under a temporary name first, then renamed, so a
 * stopped run never leaves a half file that a later run would reuse).
 */
export function writeFebrlLayout(path: string, rows: readonly (readonly string[])[]): void {
  writeFileSync(`${path}.part`, febrlLayout(rows))
  renameSync(`${path}.part`, path)
}
