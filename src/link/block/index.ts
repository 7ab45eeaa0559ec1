/**
 * @module link/block
 * Blocking: rules as data, their keys, and the sorted postings that find a request's candidates.
 */
export { DEFAULT_BLOCKING_RULES, NATIONAL_BLOCKING_RULES, BLOCKING_RULE_SETS, emptyKeyFeatures, ruleKeys } from './blocking-rule.js'
export type { BlockingKeyPart, BlockingRule, KeyFeatures } from './blocking-rule.js'
export { sortPostings, lowerBound, blockStart, findBlock, blockStatistics, withDirectory } from './blocking-index.js'
export type { BlockingPostings } from './blocking-index.js'
