/**
 * A worker thread of `indexMasterFile`: standardizes batches of canonical master records and
 * encodes them (`encodeMasterRecord`), so the main thread only parses and dictionary-encodes.
 */
import { parentPort } from 'node:worker_threads'
import type { CanonicalRecord } from '../core/index.js'
import { nicknameGroups, standardizeRecord } from '../standardize/index.js'
import { type EncodedMasterRow, encodeMasterRecord } from './index/index.js'

/** A batch of master rows to encode. */
export interface EncodeBatch {
  readonly id: number
  readonly records: readonly CanonicalRecord[]
}

/** An encoded batch. */
export interface EncodedBatch {
  readonly id: number
  readonly rows: readonly EncodedMasterRow[]
}

parentPort?.on('message', (batch: EncodeBatch) => {
  const rows = batch.records.map((r) => encodeMasterRecord(standardizeRecord(r), nicknameGroups))
  const answer: EncodedBatch = { id: batch.id, rows }
  parentPort?.postMessage(answer)
})
