/**
 * @module core
 * The canonical record types, match evidence, ids, digests and the error model. Depends on nothing.
 */
export * from './record.js'
export * from './standardized.js'
export * from './evidence.js'
export * from './hold-reason.js'
export * from './request-facts.js'
export * from './decision.js'
export * from './issue.js'
export * from './errors.js'
export * from './digest.js'
export * from './ledger-entry.js'
export * from './store-mode.js'
export * from './api-key.js'
export * from './party-roles.js'
export * from './free-text.js'
export * from './csv-cell.js'
export * from './private-file.js'
export { thousands } from './thousands.js'
