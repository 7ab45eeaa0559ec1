/**
 * A worker thread of `linkRequestsParallel`: it rebuilds the linker over the shared index (no
 * copy), then standardizes and links each batch of canonical request records it is sent, and
 * answers with the MATCHES.csv rows and, when asked, the evidence lines, in order.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { RequestRecord } from '../core/index.js'
import { nicknameGroups, standardizeRecord } from '../standardize/index.js'
import { type SharedIndex, indexFromShared } from './index/index.js'
import type { LinkModel } from './model/index.js'
import { evidenceLine, matchRow } from './match-output.js'
import { type LinkSettings, createLinker } from './pipeline.js'

/** What the main thread hands a worker at start. */
export interface WorkerSetup {
  readonly shared: SharedIndex
  readonly model: LinkModel
  readonly settings: LinkSettings
  readonly explain: boolean
}

/** A batch to link. */
export interface WorkerBatch {
  readonly id: number
  readonly records: readonly RequestRecord[]
}

/** A linked batch. */
export interface WorkerAnswer {
  readonly id: number
  readonly rows: readonly string[]
  readonly evidence: readonly string[]
  readonly statuses: readonly string[]
  readonly pairs: readonly number[]
  readonly capped: readonly number[]
  readonly distinct: number
}

const setup = workerData as WorkerSetup
const linker = createLinker({ index: indexFromShared(setup.shared), model: setup.model, settings: setup.settings, nicknameGroups })
let before = linker.blocking.counters()
parentPort?.on('message', (batch: WorkerBatch) => {
  const rows: string[] = []
  const evidence: string[] = []
  const statuses: string[] = []
  for (const record of batch.records) {
    const result = linker.linkOne(standardizeRecord(record), record)
    rows.push(matchRow(result))
    statuses.push(result.status)
    if (setup.explain) evidence.push(evidenceLine(result))
  }
  const now = linker.blocking.counters()
  const answer: WorkerAnswer = {
    id: batch.id,
    rows,
    evidence,
    statuses,
    pairs: Array.from(now.pairs, (v, i) => v - (before.pairs[i] as number)),
    capped: Array.from(now.capped, (v, i) => v - (before.capped[i] as number)),
    distinct: now.distinct - before.distinct,
  }
  before = now
  parentPort?.postMessage(answer)
})
