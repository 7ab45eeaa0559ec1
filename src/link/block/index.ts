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
  SPLIT_ABOVE,
  SPLIT_FROM_RECORDS,
  splitsIn,
  describeBlocking, emptyKeyFeatures, ruleKeys, finerKeys, sameRule, ruleDocument, packPrefix, PREFIX_LETTERS } from './blocking-rule.js'
export type { BlockingKeyPart, BlockingRule, BlockSplit, BlockingSetName, KeyFeatures } from './blocking-rule.js'
export { sortPostings, postingsFrom, blockStart, blockEnd, findBlock, blockStatistics, blocksAbove, isSplit, wholeKey, COMPACT_FROM } from './blocking-index.js'
export type { BlockingPostings } from './blocking-index.js'
