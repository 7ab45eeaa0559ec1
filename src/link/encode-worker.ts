/**
 * A worker thread of `indexMasterFile`: standardizes batches of canonical master records and
 * packs them (`packStandardized`: each distinct string once, as bytes with their hashes, rows as codes in
 * typed arrays, moved back without copying), so the main thread only parses and assigns
 * dictionary codes.
 */
import { parentPort } from 'node:worker_threads'
import type { CanonicalRecord } from '../core/index.js'
import { nicknameGroups, standardizeRecord } from '../standardize/index.js'
import { type EncodedBatch as PackedRows, batchTransferList, packStandardized } from './index/index.js'

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
  const rows = packStandardized(batch.records, standardizeRecord, nicknameGroups)
  const answer: EncodedBatch = { id: batch.id, rows }
  parentPort?.postMessage(answer, batchTransferList(rows))
})
