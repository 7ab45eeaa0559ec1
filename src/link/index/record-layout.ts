/**
 * The row-major layout of master records: every field a comparison reads, for one record, in
 * eleven consecutive Int32s (44 bytes). Scoring a candidate reads one record, so one or two
 * cache lines instead of one line in each of a dozen column arrays: with ten million records
 * nearly every candidate is a cache miss, and those misses were most of the time of a comparison.
 */

/** Positions of a record's fields within its `RECORD_STRIDE` Int32s. */
export const REC = {
  /** Dictionary code of the given name (-1: absent). */
  given: 0,
  /** Dictionary code of the surname (-1: absent). */
  surname: 1,
  /** Date of birth as `yyyymmdd` (00 for an unknown month or day; 0: absent). */
  dob: 2,
  /** Taxpayer number as an integer (0: absent; at most nine digits, so it fits an Int32). */
  tin: 3,
  streetNumber: 4,
  street: 5,
  /** The street's directionals and suffix as one dictionary value. */
  streetExtra: 6,
  unit: 7,
  city: 8,
  /** ZIP as an integer (-1: absent). */
  zip: 9,
  /** Suffix code (bits 0–7), middle initial (bits 8–15) and state (bits 16–31, two letters packed). */
  flags: 10,
} as const

/** Int32s per record. */
export const RECORD_STRIDE = 11

/** The flags field of a record. */
export function packFlags(suffix: number, middleInitial: number, state: number): number {
  return (suffix & 0xff) | ((middleInitial & 0xff) << 8) | ((state & 0xffff) << 16)
}

/** The suffix code of a flags field. */
export function suffixOfFlags(flags: number): number {
  return flags & 0xff
}

/** The middle initial (a byte; 0: none) of a flags field. */
export function middleInitialOfFlags(flags: number): number {
  return (flags >>> 8) & 0xff
}

/** The packed state of a flags field. */
export function stateOfFlags(flags: number): number {
  return flags >>> 16
}
