/**
 * @module standardize/reference
 * The reference tables standardization needs at run time (USPS Publication 28, ZIP prefix →
 * state, nicknames, Spanish surnames, common given names), copied into the project; sources
 * and licences in README.md beside them.
 */
export { streetSuffix, unitDesignator, isRangelessUnit, stateCode, directional, spanishPrefix, HIGHWAY_FORMS, MAX_STATE_WORDS } from './usps.js'
export { statesOfZip } from './zip3.js'
export { groupsOf } from './nicknames.js'
export { isSpanishSurname, isCommonGivenName, givenNameSex, type GivenNameSex } from './name-lists.js'
export { SURNAME_GROUPS, SURNAME_GROUP_LABELS, SURNAME_GROUP_NAMES, surnameGroupsOf, type SurnameGroup } from './surname-groups.js'
