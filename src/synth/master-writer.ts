/**
 * Writes the master: every filing member of households [from, to), one row each, plus a second
 * row right after for people with an older address or a second TIN. Rows are written byte by byte
 * into an ASCII buffer: no master value can hold a comma, quote or line break, or a character
 * beyond ASCII (names are A–Z, space, hyphen; addresses A–Z, digits, space, #), so none is quoted.
 */
import type { SynthAddress } from './addresses.js'
import { isoDate } from './dates.js'
import type { PopulationContext, SynthPerson } from './population.js'
import { householdAt } from './population-index.js'
import type { PopulationIndex } from './population-index.js'
import { hashTwinKey } from './requests.js'
import { AsciiBuffer } from './ascii-buffer.js'

const COMMA = 44
const NEWLINE = 10
const LETTER_M = 77

/** Writes one master row; `row` is 0-based (its id is M and row + 1 in nine digits). */
function writeRow(out: AsciiBuffer, row: number, tin: string, p: SynthPerson, a: SynthAddress, year: number): void {
  out.char(LETTER_M).digits(row + 1, 9).char(COMMA).text(tin).char(COMMA)
  out.text(p.given).char(COMMA).text(p.middle).char(COMMA).text(p.surname).char(COMMA).text(p.suffix).char(COMMA)
  out.text(isoDate(p.dob)).char(COMMA).text(a.number).char(COMMA).text(a.streetName).char(COMMA).text(a.unit).char(COMMA)
  out.text(a.city).char(COMMA).text(a.state).char(COMMA).text(a.zip).char(COMMA).digits(year).char(NEWLINE)
}

/** A run of master households, encoded. */
export interface MasterChunk {
  /** The rows as UTF-8 CSV lines, each ending with a line break. */
  readonly data: Uint8Array
  readonly rows: number
  readonly people: number
  /** Twin-table hits: slot, person number, slot, person number, … */
  readonly hits: Float64Array
}

/**
 * Encodes households [from, to) of the master. `lookup` gives the twin-table slot of a hashed
 * near-twin key (−1 when no request has it); every row whose key is there is reported in `hits`.
 */
export function masterChunk(ctx: PopulationContext, index: PopulationIndex, from: number, to: number, lookup: (hashes: Uint32Array) => number): MasterChunk {
  let row = index.cumRows[from] as number
  const firstRow = row
  let people = 0
  const out = new AsciiBuffer(Math.max(1 << 16, (to - from) * 250))
  const hits: number[] = []
  const hashes = new Uint32Array(2)
  const observe = (p: SynthPerson, a: SynthAddress) => {
    hashTwinKey(p, a, hashes)
    const slot = lookup(hashes)
    if (slot >= 0) hits.push(slot, p.personNumber)
  }
  for (let h = from; h < to; h++) {
    const household = householdAt(ctx, index, h)
    for (const p of household.people) {
      if (!p.filer) continue
      people += 1
      if (p.secondRow === 'second_tin') {
        // The SSN row is the current one; the ITIN row is the earlier filing under the old number.
        writeRow(out, row, p.secondTin, p, p.address, p.addressYear)
        writeRow(out, row + 1, p.tin, p, p.address, p.addressYear - 1)
        row += 2
      } else if (p.secondRow === 'older_address' && p.olderAddress) {
        writeRow(out, row, p.tin, p, p.address, p.addressYear)
        writeRow(out, row + 1, p.tin, p, p.olderAddress, p.olderAddressYear)
        observe(p, p.olderAddress)
        row += 2
      } else {
        writeRow(out, row, p.tin, p, p.address, p.addressYear)
        row += 1
      }
      observe(p, p.address)
    }
  }
  return { data: out.take(), rows: row - firstRow, people, hits: Float64Array.from(hits) }
}
