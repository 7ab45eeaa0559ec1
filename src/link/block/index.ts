/**
 * @module link/block
 * Blocking: rules as data, their keys, and the sorted postings that find a request's candidates.
 */
export {
  DEFAULT_BLOCKING_RULES,
  WIDE_BLOCKING_RULES,
  SMALL_FILE_BLOCKING_RULES,
  SMALL_FILE_MAX_RECORDS,
  BLOCKING_RULE_SETS,
  rulesForSize,
  blockingSetName,
  describeBlocking, emptyKeyFeatures, ruleKeys, packPrefix, PREFIX_LETTERS } from './blocking-rule.js'
export type { BlockingKeyPart, BlockingRule, BlockingSetName, KeyFeatures } from './blocking-rule.js'
export { sortPostings, postingsFrom, blockStart, blockEnd, findBlock, blockStatistics, COMPACT_FROM } from './blocking-index.js'
export type { BlockingPostings } from './blocking-index.js'
