/** Lookups over the USPS Publication 28 tables (generated into usps-data.ts). */
import { DIRECTIONAL_ROWS, HIGHWAY_EXAMPLES, SECONDARY_UNIT_ROWS, SPANISH_PREFIX_ROWS, STATE_ROWS, STREET_SUFFIX_PAIRS } from './usps-data.js'

const suffixes: ReadonlyMap<string, string> = new Map(STREET_SUFFIX_PAIRS)

/** Appendix C1: a street suffix as written (e.g. `STREET`, `STR`, `AV`) → its standard (`ST`, `AVE`). */
export function streetSuffix(word: string): string | undefined {
  return suffixes.get(word)
}

/**
 * Appendix C2 designators: each description and abbreviation maps to the abbreviation, plus the
 * spellings people write that C2 does not list (`APARTMENT` is listed, `APPT` is not).
 */
const units: ReadonlyMap<string, string> = new Map([
  ...SECONDARY_UNIT_ROWS.flatMap(([description, abbreviation]) => [
    [description, abbreviation] as const,
    [abbreviation, abbreviation] as const,
  ]),
  ['APPT', 'APT'],
  ['AP', 'APT'],
  ['APTO', 'APT'],
  ['SUIT', 'STE'],
  ['SUITES', 'STE'],
  ['FLR', 'FL'],
  ['BLD', 'BLDG'],
  ['BLG', 'BLDG'],
  ['OFFICE', 'OFC'],
  ['NO', '#'],
  ['NUM', '#'],
  ['NUMBER', '#'],
])

/** Appendix C2: a secondary unit designator as written → its standard abbreviation. */
export function unitDesignator(word: string): string | undefined {
  return units.get(word)
}

const rangeless: ReadonlySet<string> = new Set(SECONDARY_UNIT_ROWS.filter(([, , range]) => !range).map(([, abbreviation]) => abbreviation))

/** True for designators Pub 28 C2 marks as used without a number (`BSMT`, `REAR`, `PH`, …). */
export function isRangelessUnit(abbreviation: string): boolean {
  return rangeless.has(abbreviation)
}

const states: ReadonlyMap<string, string> = new Map([
  ...STATE_ROWS.flatMap(([name, code]) => [[name, code] as const, [code, code] as const]),
  ['DISTRICT OF COLUMBIA', 'DC'],
  ['US VIRGIN ISLANDS', 'VI'],
  ['ARMED FORCES EUROPE', 'AE'],
  ['ARMED FORCES AMERICAS', 'AA'],
])

/** Appendix B: a state or possession name or code (upper case, single spaces) → its two-letter code. */
export function stateCode(text: string): string | undefined {
  return states.get(text)
}

/** The longest state name, in words (`NORTHERN MARIANA ISLANDS` has three), for scanning from the end of a line. */
export const MAX_STATE_WORDS = 3

const directionals: ReadonlyMap<string, string> = new Map([
  ...DIRECTIONAL_ROWS.flatMap(([name, abbreviation]) => [[name, abbreviation] as const, [abbreviation, abbreviation] as const]),
  ['NORTH EAST', 'NE'],
  ['NORTH WEST', 'NW'],
  ['SOUTH EAST', 'SE'],
  ['SOUTH WEST', 'SW'],
])

/** Appendix B: a directional as written (`NORTH`, `N`, `NE`) → its abbreviation. */
export function directional(word: string): string | undefined {
  return directionals.get(word)
}

const spanishPrefixes: ReadonlyMap<string, string> = new Map(SPANISH_PREFIX_ROWS.flatMap(([prefix, abbreviation]) => [[prefix, prefix] as const, [abbreviation, prefix] as const]))

/**
 * Appendix H: a Spanish street prefix (`CALLE`, `AVENIDA`, or the abbreviation `CLL`) → the
 * Spanish word. Pub 28 allows the abbreviations only to compress output and says not to
 * translate them, so standardized names keep the full Spanish word in the name position.
 */
export function spanishPrefix(word: string): string | undefined {
  return spanishPrefixes.get(word)
}

/** Appendix F examples, as written → standard form (used by the tests to check the highway rules). */
export const HIGHWAY_FORMS: ReadonlyMap<string, string> = new Map(HIGHWAY_EXAMPLES)
