/**
 * Running a batch end to end: intake → link → decide → release → response → checkpoint → report.
 * Each stage writes in transactions keyed by natural ids (request id, disclosure id), and a run
 * resumes from what the store already holds: the batch id derives from what the batch is, intake
 * continues after the last stored line, matching takes the accepted requests with no decision,
 * release takes the disclosures not yet made. A process killed at any point, run again, ends
 * where an uninterrupted run would have.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { InvalidInputError, NotFoundError, canonicalJson, digest, expandDisclosureItem } from '../core/index.js'
import type { Decision, DisclosableField, Digest, JsonValue, MatchResult, RequestContext, StandardizedRecord } from '../core/index.js'
import { loadColumnMap, openRecords } from '../intake/index.js'
import { nicknameGroups, standardizeRecord } from '../standardize/index.js'
import { compilePolicy, readAgreementFile, readOrdersDir } from '../policy/index.js'
import type { CompiledPolicy, ValidatedAgreement, ValidatedOrder } from '../policy/index.js'
import type { LedgerKeys, SignedCheckpoint } from '../ledger/index.js'
import { renderBatchReport } from '../report/index.js'
import type { BatchReport } from '../report/index.js'
import type { Store, StoredRequest } from '../store/index.js'
import { batchIdOf } from './batch-id.js'
import { ConflictError } from './errors.js'
import { summarizeBatch } from './batch-summary.js'
import type { BatchSummary, IntakeDetail } from './batch-summary.js'
import { fileDigest } from './file-digest.js'
import { readMasterValues } from './master-values.js'
import type { MasterValues } from './master-values.js'
import { loadDocuments, recordDocuments } from './policy-documents.js'
import { checkAtIntake, requestFactsOf } from './request-facts.js'
import { releaseItems } from './release.js'
import type { ReleaseItem } from './release.js'
import { writeResponseFile } from './response-file.js'
import type { StageProgress } from './progress.js'
import { silentProgress } from './progress.js'

/** What a batch was started with, kept in the store so a resumed run uses the same. */
export interface BatchSettings {
  readonly requester: string
  /** The decision time of every decision of the batch (ISO 8601). */
  readonly asOf: string
  readonly orderDigests: readonly Digest[]
  readonly requestsPath: string
  readonly requestsMapPath: string | null
  readonly masterPath: string
  readonly masterMapPath: string | null
  /** Where the master's values are read from (the master itself unless it is a `.vgx`). */
  readonly masterDataPath: string | null
  readonly outDir: string
}

/** Options of `runBatch`. */
export interface RunBatchOptions {
  readonly agreementPath: string
  readonly ordersDir?: string
  /** The master: a data file, or a `.vgx` index snapshot (then `masterDataPath` gives the values). */
  readonly masterPath: string
  readonly masterDataPath?: string
  readonly masterMapPath?: string
  readonly requestsPath: string
  readonly requestsMapPath?: string
  /** Who makes the request; default: the agreement's first authorised requester. */
  readonly requester?: string
  /** The decision time (default: now, when the batch is created; a resumed batch keeps its own). */
  readonly asOf?: string
  /** The release time (default: now). */
  readonly releaseAt?: string
  /** Where the response, the report and the summary go. */
  readonly outDir: string
  readonly keys: LedgerKeys
  /** Records per transaction (default 10,000). */
  readonly chunkSize?: number
  /** Link worker threads (default: all cores). */
  readonly threads?: number
  /** The clock (tests pass a fixed one). */
  readonly now?: () => Date
  readonly progress?: StageProgress
}

/** What a batch run produced. */
export interface BatchRunResult {
  readonly batchId: string
  /** True when the batch existed already and this run finished (or re-finished) it. */
  readonly resumed: boolean
  readonly summary: BatchSummary
  readonly responsePath: string
  readonly reportPath: string
  readonly summaryPath: string
  readonly checkpoint: SignedCheckpoint
  /** Milliseconds per stage of this run. */
  readonly timings: Readonly<Record<string, number>>
}

/** The fields an agreement may ever release: the response file's columns. */
export function releasableColumns(agreement: ValidatedAgreement): DisclosableField[] {
  return [...new Set(agreement.document.disclose.flatMap((r) => expandDisclosureItem(r.field)))]
}

/** The match weight (bits) of a probability, log2(p / (1 − p)), to two decimals for the report. */
function weightOf(p: number): number {
  return Math.round(Math.log2(p / (1 - p)) * 100) / 100
}

function requestContext(requester: string, disclosed: number): RequestContext {
  return { requester, disclosuresSoFar: { day: disclosed, month: disclosed, year: disclosed, term: disclosed }, safeguards: { openFindings: 0, correctivePlan: false } }
}

const CHUNK = 10_000

/**
 * Runs (or resumes) a batch. Same inputs, same batch: running it again changes nothing but the
 * response, report and summary files, which are rewritten from the store.
 *
 * @example
 * const result = await runBatch(store, { agreementPath, masterPath: 'master.csv', requestsPath: 'requests.csv', outDir: 'out', keys })
 * result.summary.disclosed
 */
export async function runBatch(store: Store, options: RunBatchOptions): Promise<BatchRunResult> {
  const now = options.now ?? (() => new Date())
  const progress = options.progress ?? silentProgress
  const chunkSize = options.chunkSize ?? CHUNK
  const timings: Record<string, number> = {}
  const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    const t = performance.now()
    try {
      return await work()
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - t
    }
  }
  const startedAt = now().toISOString()

  const { agreement, orders, batchId, settings, resumed, masterFileDigest } = await timed('prepare', async () => {
    const agreement = readAgreementFile(options.agreementPath)
    const orders = options.ordersDir ? readOrdersDir(options.ordersDir) : []
    const [requestFileDigest, masterFileDigest] = await Promise.all([fileDigest(options.requestsPath), fileDigest(options.masterPath)])
    const doc = agreement.document
    const batchId = batchIdOf({ agreementId: doc.id, agreementVersion: doc.version, agreementDigest: agreement.digest, requestFileDigest, masterDigest: masterFileDigest })
    const existing = await store.batches.get(batchId)
    const orderDigests = orders.map((o) => o.digest).sort()
    if (existing) {
      const settings = (await store.batchSteps.get(batchId, 'created'))?.detail as BatchSettings | undefined
      if (!settings) throw new ConflictError(`batch ${batchId} exists but its settings are missing`)
      if (canonicalJson([...settings.orderDigests]) !== canonicalJson(orderDigests)) {
        throw new ConflictError(`batch ${batchId} was decided under other court orders (${settings.orderDigests.length}); run it with the same orders folder`)
      }
      // What is not part of the batch may change between runs: where the outputs go, and the data
      // file the disclosed values are read from (they are read, never stored).
      const resumedSettings: BatchSettings = {
        ...settings,
        outDir: resolve(options.outDir),
        ...(options.masterDataPath ? { masterDataPath: resolve(options.masterDataPath) } : {}),
      }
      return { agreement, orders, batchId, settings: resumedSettings, resumed: true, masterFileDigest }
    }
    const requester = options.requester ?? doc.parties.requesting.authorised[0]!
    const isSnapshot = options.masterPath.toLowerCase().endsWith('.vgx')
    if (isSnapshot && !options.masterDataPath) {
      throw new InvalidInputError(`the master ${options.masterPath} is an index snapshot, which holds no values to disclose: give the master data file it was built from (--master-data)`)
    }
    const settings: BatchSettings = {
      requester,
      asOf: new Date(options.asOf ?? now()).toISOString(),
      orderDigests,
      requestsPath: resolve(options.requestsPath),
      requestsMapPath: options.requestsMapPath ? resolve(options.requestsMapPath) : null,
      masterPath: resolve(options.masterPath),
      masterMapPath: options.masterMapPath ? resolve(options.masterMapPath) : null,
      masterDataPath: options.masterDataPath ? resolve(options.masterDataPath) : isSnapshot ? null : resolve(options.masterPath),
      outDir: resolve(options.outDir),
    }
    const at = now().toISOString()
    await store.transaction(async (tx) => {
      await recordDocuments(tx, agreement, orders, at)
      await tx.batches.create({
        id: batchId,
        agreementId: doc.id,
        agreementVersion: doc.version,
        agreementDigest: agreement.digest,
        requesterPartyId: requester,
        requestFileDigest,
        status: 'running',
        createdAt: at,
      })
      await tx.batchSteps.mark(batchId, 'created', settings, at)
    })
    return { agreement, orders, batchId, settings, resumed: false, masterFileDigest }
  })
  const policy = compilePolicy(agreement, orders)

  if (!(await store.batchSteps.get(batchId, 'intake'))) await timed('intake', () => intakeStage(store, batchId, policy, settings, chunkSize, progress, now))

  let match = (await store.batchSteps.get(batchId, 'match'))?.detail as MatchDetail | undefined
  if (!match) match = await timed('link+decide', () => matchStage(store, batchId, policy, settings, masterFileDigest, chunkSize, options.threads, progress, now))

  const releaseAt = new Date(options.releaseAt ?? now()).toISOString()
  const pending = await timed('release', () => pendingItems(store, batchId))
  const neededIds = await disclosedMasterIds(store, batchId)
  for (const item of pending) if (item.decision.masterId) neededIds.add(item.decision.masterId)
  const values = await timed('master values', () => masterValuesFor(settings, neededIds))
  if (pending.length > 0) {
    await timed('release', async () => {
      const p = progress('Releasing', pending.length)
      let last = 0
      await releaseItems(store, pending, {
        batchId,
        orders,
        releaseAt,
        keys: options.keys,
        masterValues: values,
        masterDigest: match.masterDigest,
        onChunk: (done) => {
          p.tick(done - last)
          last = done
        },
      })
      p.done()
    })
  }
  return finishBatch(store, batchId, { agreement, orders, settings, values, keys: options.keys, startedAt, now, resumed, timings, masterDigest: match.masterDigest, modelThresholds: match.thresholds })
}

/** What the match step records. */
interface MatchDetail {
  readonly masterDigest: string
  readonly modelDigest: string
  readonly thresholds: { readonly match: number; readonly possible: number }
}

async function intakeStage(store: Store, batchId: string, policy: CompiledPolicy, settings: BatchSettings, chunkSize: number, progress: StageProgress, now: () => Date): Promise<void> {
  const map = settings.requestsMapPath ? await loadColumnMap(settings.requestsMapPath) : undefined
  const source = await openRecords(settings.requestsPath, map ? { map } : {})
  const after = await store.batchQueries.lastRequestLine(batchId)
  const context = requestContext(settings.requester, 0)
  const p = progress('Intake')
  let rows: StoredRequest[] = []
  let evidence: MatchResult[] = []
  let decisions: Decision[] = []
  const flush = async () => {
    if (rows.length === 0) return
    const [r, e, d] = [rows, evidence, decisions]
    rows = []
    evidence = []
    decisions = []
    await store.transaction(async (tx) => {
      await tx.requests.insertMany(r)
      await tx.evidence.insertMany(batchId, e)
      await tx.decisions.insertMany(batchId, d)
    })
    p.tick(r.length)
  }
  for await (const batch of source.batches()) {
    for (const row of batch) {
      if (row.line <= after) continue
      const standardized: StandardizedRecord = standardizeRecord(row.record)
      const facts = requestFactsOf(standardized, row.record)
      const check = checkAtIntake(policy, row.record.id, facts, context, settings.asOf, '')
      const refused = check.decision !== null
      rows.push({ batchId, requestId: row.record.id, line: row.line, record: row.record, intakeStatus: refused ? 'refused' : 'accepted', intakeReasons: check.refused })
      if (check.decision) {
        evidence.push(check.evidence)
        decisions.push(check.decision)
      }
      if (rows.length >= chunkSize) await flush()
    }
  }
  await flush()
  p.done()
  const summary = source.summary()
  const detail: IntakeDetail = { rowsRead: summary.rowsRead, unreadable: summary.rejected, unreadableByCode: summary.byCode }
  await store.batchSteps.mark(batchId, 'intake', detail, now().toISOString())
}

async function matchStage(
  store: Store,
  batchId: string,
  policy: CompiledPolicy,
  settings: BatchSettings,
  masterFileDigest: Digest,
  chunkSize: number,
  threads: number | undefined,
  progress: StageProgress,
  now: () => Date,
): Promise<MatchDetail> {
  const { openMaster, createLinker, linkRecords, DEFAULT_LINK_SETTINGS } = await import('../link/index.js')
  const map = settings.masterMapPath ? await loadColumnMap(settings.masterMapPath) : undefined
  const indexing = progress('Indexing master')
  let indexed = 0
  const index = await openMaster(settings.masterPath, {
    ...(map ? { map } : {}),
    onProgress: (rows) => {
      indexing.tick(rows - indexed)
      indexed = rows
    },
  })
  indexing.done()
  const linker = createLinker({ index, nicknameGroups })
  let disclosed = await store.batchQueries.discloseDecisions(batchId)
  const linking = progress('Linking')
  for (let after = 0; ; ) {
    const page = await store.batchQueries.undecidedRequests(batchId, after, chunkSize)
    if (page.length === 0) break
    const results: MatchResult[] = []
    await linkRecords(
      linker,
      page.map((r) => r.record),
      { write: (_rows, evidence) => void results.push(...evidence.map((line) => JSON.parse(line) as MatchResult)) },
      { explain: true, ...(threads === undefined ? {} : { threads }) },
    )
    const decisions: Decision[] = []
    for (const result of results) {
      const d = policy.decide(result, requestContext(settings.requester, disclosed), settings.asOf, digest(canonicalJson(result as unknown as JsonValue)))
      if (d.outcome === 'disclose') disclosed++
      decisions.push(d)
    }
    await store.transaction(async (tx) => {
      await tx.evidence.insertMany(batchId, results)
      await tx.decisions.insertMany(batchId, decisions)
    })
    linking.tick(page.length)
    after = page[page.length - 1]!.line
  }
  linking.done()
  const detail: MatchDetail = {
    masterDigest: index.digest,
    modelDigest: linker.modelDigest,
    thresholds: { match: weightOf(DEFAULT_LINK_SETTINGS.matchThreshold), possible: weightOf(DEFAULT_LINK_SETTINGS.possibleThreshold) },
  }
  await store.batchSteps.mark(batchId, 'match', { ...detail, masterFileDigest }, now().toISOString())
  return detail
}

/** The batch's `disclose` decisions not yet released or withheld, by request id. */
async function pendingItems(store: Store, batchId: string): Promise<ReleaseItem[]> {
  const items: ReleaseItem[] = []
  for (let after = ''; ; ) {
    const page = await store.batchQueries.pendingDisclosures(batchId, after, CHUNK)
    if (page.length === 0) break
    for (const { decision, digest: d } of page) items.push({ decision, storedDigest: d })
    after = page[page.length - 1]!.decision.requestId
  }
  return items
}

/** The master records a batch has disclosed, by id (what the response file needs the values of). */
export async function disclosedMasterIds(store: Store, batchId: string): Promise<Set<string>> {
  const ids = new Set<string>()
  // A point read per disclosure: disclosures are a few per cent of a batch's decisions.
  for (const d of await store.disclosures.byBatch(batchId)) {
    const masterId = (await store.decisions.get(batchId, d.requestId))?.decision.masterId
    if (masterId) ids.add(masterId)
  }
  return ids
}

/** Reads the master values of the given ids from the batch's master data file. */
export async function masterValuesFor(settings: BatchSettings, ids: ReadonlySet<string>): Promise<MasterValues> {
  if (ids.size === 0) return new Map()
  if (settings.masterDataPath === null) {
    throw new InvalidInputError(`the master ${settings.masterPath} is an index snapshot, which holds no values to disclose: give the master data file with --master-data`)
  }
  return readMasterValues(settings.masterDataPath, settings.masterMapPath ?? undefined, ids)
}

/** What `finishBatch` needs. */
export interface FinishContext {
  readonly agreement: ValidatedAgreement
  readonly orders: readonly ValidatedOrder[]
  readonly settings: BatchSettings
  readonly values: MasterValues
  readonly keys: LedgerKeys
  readonly startedAt: string
  readonly now: () => Date
  readonly resumed: boolean
  readonly timings: Record<string, number>
  readonly masterDigest: string
  readonly modelThresholds: { readonly match: number; readonly possible: number }
}

/**
 * The end of a run (batch run or release): the response file, a signed checkpoint, the summary
 * and the report, and the batch's status. Rewritten each time from the store.
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
  await writeResponseFile(store, batchId, responsePath, releasableColumns(c.agreement), c.values)
  lap('response')
  const size = await store.ledger.size()
  const checkpoint = (await store.ledger.checkpoints()).find((cp) => cp.treeSize === size && cp.keyId === c.keys.keyId) ?? (await store.ledger.checkpoint(c.keys, c.now()))
  lap('checkpoint')
  const figures = await summarizeBatch(store, batchId, { masterDigest: c.masterDigest, thresholds: c.modelThresholds })
  const status = figures.summary.review > 0 ? 'awaiting_review' : 'complete'
  const finishedAt = c.now().toISOString()
  const summary: BatchSummary = { ...figures.summary, status }
  await store.batches.update(batchId, { status, summary, at: finishedAt })
  lap('summary')
  const report: BatchReport = { ...figures.report, startedAt: c.startedAt, finishedAt: finishedAt < c.startedAt ? c.startedAt : finishedAt, checkpoint }
  const reportPath = join(c.settings.outDir, `report-${batchId}.html`)
  writeFileSync(reportPath, await renderBatchReport(report))
  const summaryPath = join(c.settings.outDir, `summary-${batchId}.json`)
  writeFileSync(summaryPath, `${JSON.stringify(summary, null, 2)}\n`)
  lap('report')
  return { batchId, resumed: c.resumed, summary, responsePath, reportPath, summaryPath, checkpoint, timings: c.timings }
}

/** Reads a batch's settings and documents back from the store. */
export async function loadBatch(store: Store, batchId: string): Promise<{ settings: BatchSettings; agreement: ValidatedAgreement; orders: ValidatedOrder[]; match: MatchDetail }> {
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
