/**
 * @module link
 * Entity resolution: the master index (dictionary-encoded columns in shared typed arrays, with a
 * raw snapshot), blocking, field comparisons, the Fellegi–Sunter model with EM training,
 * resolution to match / possible / ambiguous / none, and the evidence behind every decision.
 *
 * @example
 * const index = buildMasterIndex(masterRecords.map(standardizeRecord), { nicknameGroups })
 * const linker = createLinker({ index, nicknameGroups })
 * linker.train.u()
 * linker.train.em(requests)
 * const results = linker.link(requests)
 */
export { createLinker, DEFAULT_LINK_SETTINGS } from './pipeline.js'
export type { Linker, LinkerOptions, LinkRequest, LinkSettings } from './pipeline.js'
export { estimateU, trainEm, fitEm, blockedPatterns, mergePatterns, seededRandom, ADDRESS_U_FLOOR } from './training.js'
export type { USamplingOptions, EmTrainingOptions, EmTrainingReport, BlockedPatterns } from './training.js'
export {
  MasterIndex,
  MasterIndexBuilder,
  buildMasterIndex,
  reblockIndex,
  saveMasterIndex,
  loadMasterIndex,
  shareIndex,
  indexFromShared,
  Dictionary,
  cutShard,
  saveShardedIndex,
  readShardManifest,
  loadShard,
  isManifestPath,
  MANIFEST_SUFFIX,
} from './index/index.js'
export type { BuildOptions, LoadOptions, MasterArrays, MasterMeta, RuleStatistics, SharedIndex, ShardManifest, ShardMeta } from './index/index.js'
export { linkSharded, manifestModel } from './sharded.js'
export type { ShardedLinkOptions, ShardedLinkReport } from './sharded.js'
export { DEFAULT_BLOCKING_RULES, WIDE_BLOCKING_RULES, SMALL_FILE_BLOCKING_RULES, SMALL_FILE_MAX_RECORDS, BLOCKING_RULE_SETS, rulesForSize, blockingSetName } from './block/index.js'
export type { BlockingRule, BlockingKeyPart, BlockSplit, BlockingSetName, BlockingPostings } from './block/index.js'
export {
  DEFAULT_MODEL,
  COMPARED_FIELDS,
  loadModel,
  saveModel,
  parseModel,
  modelDigest,
  weightTable,
  priorWeight,
  weightToProbability,
  expectationMaximisation,
  countPatterns,
} from './model/index.js'
export type { LinkModel, FieldParameters, PatternCounts, EmParameters, EmOptions, EmResult } from './model/index.js'
export { jaroWinkler, levenshtein, damerauLevenshtein, digitDifference, phoneticKey } from './compare/index.js'
export { DEFAULT_RESOLVE_SETTINGS, DEFAULT_THRESHOLDS, isItin, samePerson, looksLikeHouseholdMember, corroborated, mergeCandidates } from './score/index.js'
export type { ResolveSettings, ComparisonThresholds, BlockingCounters, ShardCandidate, ShardCandidates, MergeSettings } from './score/index.js'
export { MATCHES_HEADER, matchRow, evidenceLine, emptyStatusCounts } from './match-output.js'
export type { StatusCounts } from './match-output.js'
export { indexMasterFile, openMaster, readRequestFile, toLinkRequests, linkRecords, trainRecords, isSnapshotPath } from './batch.js'
export type { IndexFileOptions, LinkSink, BatchOptions, BatchReport, TrainRecordsOptions } from './batch.js'
export { openLinkPool } from './batch.js'
export { dedupePairs, estimateDedupePrior, dedupePriorWeight, dedupeProbability, clusterPairs } from './dedupe.js'
export type { DedupePair } from './dedupe.js'
export type { LinkPool, LinkPoolOptions } from './batch.js'
export type { ChunkWork, ChunkWorkModule, ChunkWorkPlugin, ChunkWorkTypes, ChunkWorkUse, LinkedChunk } from './chunk-work.js'
