/**
 * @module workflow/batch
 * A batch run as a folder of stages over one context (`BatchRun`): prepare (the batch's id and
 * settings), match (intake, link and decide, with the cap count and the chunks in flight),
 * release, and finish (response, checkpoint, summary, report).
 */
export { runBatch } from './run-batch.js'
export { finishBatch, loadBatch, readSummaryFile, releasableColumns } from './finish.js'
export type { FinishContext } from './finish.js'
export { disclosedMasterIds, masterValuesFor } from './release-stage.js'
export type { BatchRunResult, BatchSettings, DistributedBatchOptions, MatchDetail, RunBatchOptions } from './types.js'
export { serveShards, shardQueueName, workerId, DEFAULT_SHARD_QUEUE } from './shard-jobs.js'
export type { ServeShardsOptions, ShardServer, ShardJobData, ShardJobOutput } from './shard-jobs.js'
