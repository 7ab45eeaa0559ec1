/**
 * @module standardize/addresses
 * US addresses (one line or parts) into USPS Publication 28 form, with completeness grades.
 */
export { standardizeAddress, standardizeAddressDetailed } from './standardize-address.js'
export type { AddressInput, AddressResult } from './standardize-address.js'
export { tokenizeAddress } from './tokenize-address.js'
export type { AddressTokens } from './tokenize-address.js'
export { parseDelivery, parseUnit } from './parse-delivery.js'
export type { Delivery, DeliveryMode } from './parse-delivery.js'
export { parseHighway } from './parse-highway.js'
export { readZipField, readStateField, readCityField } from './parse-locality.js'
