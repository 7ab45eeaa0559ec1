/**
 * The chunk work of a training pool (`trainRecords` in batch.ts): a worker standardizes and
 * probes a chunk of the training sample, finds and compares its blocked pairs and answers with
 * their counted patterns, so the main thread only merges them and runs EM.
 */
import type { ChunkWork, ChunkWorkPlugin } from './chunk-work.js'
import type { Linker } from './pipeline.js'
import type { BlockedPatterns } from './training.js'

/** The plug-in `trainRecords` opens its pool with (no data; nothing goes with a chunk). */
export const TRAINING_WORK: ChunkWorkPlugin<undefined, undefined, BlockedPatterns> = {
  name: 'training',
  module: new URL('./training-work.js', import.meta.url).href,
}

/** A worker's training work: the patterns of the blocked pairs of each chunk. */
export function createChunkWork(linker: Linker): ChunkWork<BlockedPatterns> {
  return (records) => linker.train.patterns(records)
}
