/**
 * A worker thread of `indexMasterFile`: standardizes batches of canonical master records and
 * packs them (`encodeMasterRecord`, `packBatch`: each distinct string once, rows as codes in
 * typed arrays, moved back without copying), so the main thread only parses and assigns
 * dictionary codes.
 */
import { parentPort } from 'node:worker_threads'
import type { CanonicalRecord } from '../core/index.js'
import { nicknameGroups, standardizeRecord } from '../standardize/index.js'
import { type EncodedBatch as PackedRows, batchTransferList, encodeMasterRecord, packBatch } from './index/index.js'

/** A batch of master rows to encode. */
export interface EncodeBatch {
  readonly id: number
  readonly records: readonly CanonicalRecord[]
}

/** An encoded batch: the rows packed for `MasterIndexBuilder.addBatch`. */
export interface EncodedBatch {
  readonly id: number
  readonly rows: PackedRows
}

parentPort?.on('message', (batch: EncodeBatch) => {
  const rows = packBatch(batch.records.map((r) => encodeMasterRecord(standardizeRecord(r), nicknameGroups)))
  const answer: EncodedBatch = { id: batch.id, rows }
  parentPort?.postMessage(answer, batchTransferList(rows))
})
