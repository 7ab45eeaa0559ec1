/** Lookups over the Census Spanish-surname list and the SSA given names. */
import { EITHER_SEX_DIMINUTIVES } from './diminutive-additions.js'
import { COMMON_GIVEN_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, SPANISH_SURNAMES } from './name-lists-data.js'

const spanishSurnames: ReadonlySet<string> = new Set(SPANISH_SURNAMES.split(' '))
const commonGivenNames: ReadonlySet<string> = new Set(COMMON_GIVEN_NAMES.split(' '))

/** True when the (upper-case) word is on the Census Bureau's list of Spanish surnames. */
export function isSpanishSurname(word: string): boolean {
  return spanishSurnames.has(word)
}

/** True when the (upper-case) word is a given name with at least 20,000 SSA births since 1940. */
export function isCommonGivenName(word: string): boolean {
  return commonGivenNames.has(word)
}

/** The sex a given name all but always has: a boy's or a girl's name. */
export type GivenNameSex = 'male' | 'female'

let sexes: ReadonlyMap<string, GivenNameSex> | undefined

/**
 * The sex of an (upper-case) given name when 99% or more of its SSA births (at least 1,000) had
 * it; undefined for the names of either sex (JEAN, JORDAN, DANA), the familiar forms of names of
 * both sexes (`EITHER_SEX_DIMINUTIVES`: VIC) and the rare ones.
 *
 * @example
 * givenNameSex('ERNEST')    // 'male'
 * givenNameSex('ERNESTINE') // 'female'
 * givenNameSex('JORDAN')    // undefined
 */
export function givenNameSex(word: string): GivenNameSex | undefined {
  if (sexes === undefined) {
    const map = new Map<string, GivenNameSex>([...MALE_GIVEN_NAMES.split(' ').map((n) => [n, 'male'] as const), ...FEMALE_GIVEN_NAMES.split(' ').map((n) => [n, 'female'] as const)])
    // A familiar form of names of both sexes (VIC: VICTOR and VICTORIA) tells no sex.
    for (const name of EITHER_SEX_DIMINUTIVES) map.delete(name)
    sexes = map
  }
  return sexes.get(word)
}
