/**
 * @module standardize/names
 * Person names to match keys with completeness grades, and nickname equivalence of given names.
 */
export { standardizeName, standardizeNameDetailed } from './standardize-name.js'
export type { NameInput, NameResult } from './standardize-name.js'
export { standardizeSuffix } from './standardize-suffix.js'
export type { SuffixReading } from './standardize-suffix.js'
export { nicknameGroups, areNicknames } from './nicknames.js'
