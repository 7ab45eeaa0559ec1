/**
 * Comparison levels as small integers (their index in core's COMPARISON_LEVELS: 0 is the
 * strongest agreement), and the thresholds the rules use.
 */
import { COMPARISON_LEVELS } from '../core/index.js'
import type { AddressGrade, ComparedField, ComparisonLevel } from '../core/index.js'

/** The compared fields of core's COMPARISON_LEVELS. */
export type Compared = ComparedField
/** Level name → index, per compared field. */
export const LEVEL_INDEX: Readonly<Record<Compared, Readonly<Record<string, number>>>> = {
  given_name: indexOf('given_name'),
  surname: indexOf('surname'),
  dob: indexOf('dob'),
  address: indexOf('address'),
  tin: indexOf('tin'),
  suffix: indexOf('suffix'),
}
function indexOf(field: Compared): Record<string, number> {
  return Object.fromEntries(COMPARISON_LEVELS[field].map((l, i) => [l, i]))
}
/** Index of `different` per field: any index below it is some agreement. */
export const DIFFERENT: Readonly<Record<Compared, number>> = {
  given_name: LEVEL_INDEX.given_name.different ?? 0,
  surname: LEVEL_INDEX.surname.different ?? 0,
  dob: LEVEL_INDEX.dob.different ?? 0,
  address: LEVEL_INDEX.address.different ?? 0,
  tin: LEVEL_INDEX.tin.different ?? 0,
  suffix: LEVEL_INDEX.suffix.different ?? 0,
}
/** Index of the address level `missing`. */
export const MISSING_ADDRESS = LEVEL_INDEX.address.missing ?? 6
/** The weakest given-name level that counts as the given name agreeing (rule 6's floor). */
export const GIVEN_NAME_AGREES = LEVEL_INDEX.given_name.jaro_winkler_mid ?? 3
/** The weakest DOB level that identifies a person (a day-month swap is a known keying error). */
export const DOB_IDENTIFIES = LEVEL_INDEX.dob.day_month_swapped ?? 1
/** The weakest TIN level that identifies a person: only an exact TIN does. */
export const TIN_IDENTIFIES = LEVEL_INDEX.tin.exact ?? 0
/**
 * The strongest address agreement a request address of each grade can support: an address with
 * no house number cannot agree at house-number level, a bare locality only at `zip`, junk not at
 * all. Evidence claiming more is capped, so no link bug can turn a ZIP into a verified address.
 */
export const ADDRESS_CAP: Readonly<Record<AddressGrade, number>> = {
  FULL: 0,
  STREET: LEVEL_INDEX.address.street ?? 2,
  LOCALITY: LEVEL_INDEX.address.zip ?? 3,
  NONE: MISSING_ADDRESS,
}
/** The address comparison levels, strongest first. */
export const ADDRESS_LEVELS = COMPARISON_LEVELS.address
/** The index of an address comparison level (0 is `full`). */
export function addressLevelIndex(level: ComparisonLevel<'address'>): number {
  return LEVEL_INDEX.address[level] ?? MISSING_ADDRESS
}
/** Index of `different` among address levels: any index below it is some agreement. */
export const ADDRESS_DIFFERENT = DIFFERENT.address
/** Address grades by rank, weakest first. */
export const GRADES: readonly AddressGrade[] = ['NONE', 'LOCALITY', 'STREET', 'FULL']
/** Match statuses by rank, strongest first. */
export const STATUS_RANK: Readonly<Record<string, number>> = { match: 0, possible: 1, ambiguous: 2, none: 3 }
