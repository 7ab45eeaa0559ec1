/**
 * @module standardize
 * Standardization of names, addresses, dates and taxpayer numbers into match keys, each beside
 * its original text, with the completeness grades that policy uses to refuse insufficient input.
 */
export { standardizeName, standardizeNameDetailed, standardizeSuffix, nicknameGroups, areNicknames } from './names/index.js'
export type { NameInput, NameResult, SuffixReading } from './names/index.js'
export { standardizeAddress, standardizeAddressDetailed, tokenizeAddress, parseDelivery, parseUnit, parseHighway, readZipField, readStateField, readCityField } from './addresses/index.js'
export type { AddressInput, AddressResult, AddressTokens, Delivery, DeliveryMode } from './addresses/index.js'
export { standardizeDate, standardizeDateDetailed } from './dates/index.js'
export type { DateOptions, DateResult } from './dates/index.js'
export { standardizeTin, standardizeTinDetailed } from './tin.js'
export type { TinResult } from './tin.js'
export { standardizeRecord } from './standardize-record.js'
export { foldName, toAscii } from './text/index.js'
export { givenNameSex } from './reference/index.js'
export type { GivenNameSex } from './reference/index.js'
export { SURNAME_GROUPS, SURNAME_GROUP_LABELS, SURNAME_GROUP_NAMES, surnameGroupsOf } from './reference/index.js'
export type { SurnameGroup } from './reference/index.js'
export { STANDARDIZE_MESSAGES, standardizeIssue } from './issues.js'
export type { StandardizeIssueCode } from './issues.js'
export { clearStandardizeCaches } from './memo.js'
