/**
 * The end of a run (batch run or release of reviewed cases): the response file, a signed
 * checkpoint, the summary and the report, and the batch's status, rewritten each time from the
 * store; and reading a batch back (`loadBatch`) for the stages that come after its run.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { NotFoundError, expandDisclosureItem } from '../../core/index.js'
import type { DisclosableField } from '../../core/index.js'
import type { LedgerKeys } from '../../ledger/index.js'
import type { ValidatedAgreement, ValidatedOrder } from '../../policy/index.js'
import { renderBatchReport } from '../../report/index.js'
import type { BatchReport } from '../../report/index.js'
import type { ReadStore, Store } from '../../store/index.js'
import { summarizeBatch } from '../batch-summary.js'
import type { BatchSummary } from '../batch-summary.js'
import { ConflictError } from '../errors.js'
import type { MasterValues } from '../master-values.js'
import { loadDocuments } from '../policy-documents.js'
import { recordResponseFile, writeResponseFile } from '../response-file.js'
import { batchEquity } from './equity.js'
import { writeProofBundle } from '../proof-bundle.js'
import type { BatchRunResult, BatchSettings, MatchDetail } from './types.js'

/** What `finishBatch` needs. */
export interface FinishContext {
  readonly agreement: ValidatedAgreement
  readonly orders: readonly ValidatedOrder[]
  readonly settings: BatchSettings
  /** The master values of every disclosed request of the batch. */
  readonly values: MasterValues
  readonly keys: LedgerKeys
  /** When the run began (ISO 8601), for the report. */
  readonly startedAt: string
  readonly now: () => Date
  readonly resumed: boolean
  /** The run's stage timings, to which the finish adds its own. */
  readonly timings: Record<string, number>
  readonly masterDigest: string
  readonly modelThresholds: { readonly match: number; readonly possible: number }
  /** The truth file given with the run, when one was (`--truth`): the errors by surname group are counted against it. */
  readonly truthPath?: string
}

/** The fields an agreement may ever release: the response file's columns. */
export function releasableColumns(agreement: ValidatedAgreement): DisclosableField[] {
  return [...new Set(agreement.document.disclose.flatMap((r) => expandDisclosureItem(r.field)))]
}

/**
 * The end of a run (batch run or release): the response file, a signed checkpoint, the file's
 * proof bundle, the summary and the report, and the batch's status. Rewritten each time from the store.
 */
export async function finishBatch(store: Store, batchId: string, c: FinishContext): Promise<BatchRunResult> {
  let t = performance.now()
  const lap = (stage: string) => {
    const now = performance.now()
    c.timings[stage] = (c.timings[stage] ?? 0) + now - t
    t = now
  }
  mkdirSync(c.settings.outDir, { recursive: true })
  const responsePath = join(c.settings.outDir, `response-${batchId}.csv`)
  // Its digest goes on the ledger, so a recall notice can name the file each record arrived in.
  const recorded = await recordResponseFile(store, batchId, await writeResponseFile(store, batchId, responsePath, releasableColumns(c.agreement), c.values), c.now())
  lap('response')
  const size = await store.ledger.size()
  const checkpoint = (await store.ledger.checkpoints()).find((cp) => cp.treeSize === size && cp.keyId === c.keys.keyId) ?? (await store.ledger.checkpoint(c.keys, c.now()))
  lap('checkpoint')
  // The proofs travel with the file: the checkpoint just signed covers the file's entry and the
  // entry of every disclosure it carries (docs/verifier.md).
  const carried = new Set(recorded.disclosureIds)
  const disclosureSeqs = (await store.disclosures.byBatch(batchId)).filter((d) => carried.has(d.id)).map((d) => d.ledgerSeq)
  await writeProofBundle(store, c.keys, responsePath, { document: 'response_file', recordSeq: recorded.ledgerSeq, disclosureSeqs, checkpoint })
  lap('proofs')
  const figures = await summarizeBatch(store, batchId, { masterDigest: c.masterDigest, thresholds: c.modelThresholds })
  const status = figures.summary.review > 0 ? 'awaiting_review' : 'complete'
  const finishedAt = c.now().toISOString()
  const equity = c.truthPath ? await batchEquity(store, batchId, c.settings, c.truthPath, c.modelThresholds.match) : undefined
  if (equity) lap('equity')
  const summary: BatchSummary = { ...figures.summary, status, ...(equity ? { equity } : {}) }
  await store.batches.update(batchId, { status, summary, at: finishedAt })
  lap('summary')
  const report: BatchReport = { ...figures.report, startedAt: c.startedAt, finishedAt: finishedAt < c.startedAt ? c.startedAt : finishedAt, checkpoint, ...(equity ? { equity } : {}) }
  const reportPath = join(c.settings.outDir, `report-${batchId}.html`)
  writeFileSync(reportPath, await renderBatchReport(report))
  const summaryPath = join(c.settings.outDir, `summary-${batchId}.json`)
  writeFileSync(summaryPath, `${JSON.stringify(summary, null, 2)}\n`)
  lap('report')
  return { batchId, resumed: c.resumed, summary, responsePath, reportPath, summaryPath, checkpoint, timings: c.timings }
}

/** Reads a batch's settings and documents back from the store. */
export async function loadBatch(store: ReadStore, batchId: string): Promise<{ settings: BatchSettings; agreement: ValidatedAgreement; orders: ValidatedOrder[]; match: MatchDetail }> {
  const batch = await store.batches.get(batchId)
  if (!batch) throw new NotFoundError(`no batch ${batchId}`)
  const settings = (await store.batchSteps.get(batchId, 'created'))?.detail as BatchSettings | undefined
  const match = (await store.batchSteps.get(batchId, 'match'))?.detail as MatchDetail | undefined
  if (!settings || !match) throw new ConflictError(`batch ${batchId} has not been matched yet: run \`verigate batch run\` again to finish it`)
  const { agreement, orders } = await loadDocuments(store, batch.agreementDigest, settings.orderDigests)
  return { settings, agreement, orders, match }
}

/** Reads a JSON file (for tests and tools that compare summaries). */
export function readSummaryFile(path: string): BatchSummary {
  return JSON.parse(readFileSync(path, 'utf8')) as BatchSummary
}
