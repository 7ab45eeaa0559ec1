/**
 * @module link/index
 * The master index: dictionary-encoded records, row-major in shared typed arrays, blocking postings, and
 * its snapshot file.
 */
export { MasterIndex, MasterIndexBuilder, buildMasterIndex, reblockIndex, SHARD_BLOCK_FLOOR, encodeMasterRecord, MASTER_ARRAY_NAMES, NICK_GROUP_BASE, SUFFIXES, suffixCode, packDate, packTin, packZip, packState, streetExtraText, streetParts, unorderedPair } from './master-index.js'
export type { MasterArrays, MasterMeta, ShardMeta, GlobalBlocks, BuildOptions, RuleStatistics, EncodedMasterRow } from './master-index.js'
export { REC, RECORD_STRIDE, packFlags, suffixOfFlags, middleInitialOfFlags, stateOfFlags } from './record-layout.js'
export { packBatch, packStandardized, batchTransferList, BATCH_FIELDS, BATCH_NUMBERS } from './encoded-batch.js'
export type { EncodedBatch } from './encoded-batch.js'
export { Dictionary, DictionaryBuilder, hashBytes } from './string-dictionary.js'
export { saveMasterIndex, loadMasterIndex, shareIndex, indexFromShared } from './snapshot.js'
export type { LoadOptions, SharedIndex } from './snapshot.js'
export { cutShard, shardRange, largeBlocks, globalBlockSize } from './shards.js'
export { saveShardedIndex, readShardManifest, loadShard, statisticsDigest, fileSha256, shardFileName, isManifestPath, MANIFEST_FORMAT, MANIFEST_SUFFIX } from './manifest.js'
export type { ShardManifest, ManifestShard, SaveShardsOptions } from './manifest.js'
