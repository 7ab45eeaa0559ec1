/** Lookups over the Census Spanish-surname list and the most common SSA given names. */
import { COMMON_GIVEN_NAMES, SPANISH_SURNAMES } from './name-lists-data.js'

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
