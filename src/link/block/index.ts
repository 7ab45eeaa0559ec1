/**
 * @module link/block
 * Blocking: rules as data, their keys, and the sorted postings that find a request's candidates.
 */
export { DEFAULT_BLOCKING_RULES, WIDE_BLOCKING_RULES, BLOCKING_RULE_SETS, emptyKeyFeatures, ruleKeys, packPrefix, PREFIX_LETTERS } from './blocking-rule.js'
export type { BlockingKeyPart, BlockingRule, KeyFeatures } from './blocking-rule.js'
export { sortPostings, postingsFrom, blockStart, blockEnd, findBlock, blockStatistics, COMPACT_FROM } from './blocking-index.js'
export type { BlockingPostings } from './blocking-index.js'
