/**
 * @module link/compare
 * String metrics and the comparison of a request with a master record, field by field, into the
 * ordered levels of `COMPARISON_LEVELS`.
 */
export { jaroWinkler, jaroWinklerBytes, jaroBytes, textBytes } from './jaro-winkler.js'
export { levenshtein, damerauLevenshtein, digitDifference } from './edit-distance.js'
export { phoneticKey } from './phonetic.js'
export { SHORT_NAME_LENGTH, shortOneEdit, yearOneDigit } from './near-values.js'
