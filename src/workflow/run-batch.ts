/**
 * Running a batch end to end: intake → link → decide → release → response → checkpoint → report.
 * Each stage writes in transactions keyed by natural ids (request id, disclosure id), and a run
 * resumes from what the store already holds: the batch id derives from what the batch is, intake
 * continues after the last stored line, matching takes the accepted requests with no decision,
 * release takes the disclosures not yet made. A process killed at any point, run again, ends
 * where an uninterrupted run would have.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { InvalidInputError, NotFoundError, canonicalJson, expandDisclosureItem } from '../core/index.js'
import type { CapPeriod, DisclosableField, Digest, MatchResult } from '../core/index.js'
import { loadColumnMap, openRecords } from '../intake/index.js'
import type { IntakeRow } from '../intake/index.js'
import { nicknameGroups } from '../standardize/index.js'
import { compilePolicy, readAgreementFile, readOrdersDir } from '../policy/index.js'
import type { CompiledPolicy, ValidatedAgreement, ValidatedOrder } from '../policy/index.js'
import type { LedgerKeys, SignedCheckpoint } from '../ledger/index.js'
import { renderBatchReport } from '../report/index.js'
import type { BatchReport } from '../report/index.js'
import type { PreparedMatch, Store, StoredRequest } from '../store/index.js'
import { batchIdOf } from './batch-id.js'
import { lockBatch } from './batch-lock.js'
import { ConflictError } from './errors.js'
import { summarizeBatch } from './batch-summary.js'
import type { BatchSummary, IntakeDetail, UnreadableRow } from './batch-summary.js'
import { DecisionCounter, figuresStep, mergeEvidenceFigures } from './batch-figures.js'
import type { ChunkFigures } from './batch-figures.js'
import { encodeDecision, requestContext } from './match-chunk.js'
import type { MatchChunkData, MatchChunkExtra, MatchedChunk } from './match-chunk.js'
import { fileDigest } from './file-digest.js'
import { readMasterValues } from './master-values.js'
import type { MasterValues } from './master-values.js'
import { refuseGivenTime, serverClock, writeClock } from './clock.js'
import { loadDocuments, recordDocuments } from './policy-documents.js'
import { releaseItems } from './release.js'
import type { ReleaseItem } from './release.js'
import { recordResponseFile, writeResponseFile } from './response-file.js'
import { disclosuresSoFar } from './volume-caps.js'
import type { StageProgress } from './progress.js'
import { silentProgress } from './progress.js'
import { requireLedgerKey } from './ledger-key.js'

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
  /** A trained link model (JSON) and its digest; absent or null: the built-in model. */
  readonly modelPath?: string | null
  readonly modelDigest?: string | null
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
  /**
   * The request file as its sender knows it, named in the summary's unreadable rows (default:
   * `requestsPath`). The API gives `upload`: a requester must not learn the server's paths.
   */
  readonly requestsName?: string
  readonly requestsMapPath?: string
  /**
   * A trained link model (JSON, as `verigate link --train --save-model` writes it); default: the
   * built-in model. Part of the batch's identity: another model is another batch.
   */
  readonly modelPath?: string
  /** Who makes the request; default: the agreement's first authorised requester. */
  readonly requester?: string
  /**
   * The decision time (default: now, when the batch is created; a resumed batch keeps its own).
   * Only in a simulation store: a real one refuses it (`GivenTimeRefused`).
   */
  readonly asOf?: string
  /** The release time (default: now). Only in a simulation store, as `asOf`. */
  readonly releaseAt?: string
  /** Where the response, the report and the summary go. */
  readonly outDir: string
  readonly keys: LedgerKeys
  /** Records per transaction (default 10,000). */
  readonly chunkSize?: number
  /** Link worker threads (default: all cores). */
  readonly threads?: number
  /** The clock (tests pass a fixed one): only in a simulation store, as `asOf`. */
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

const CHUNK = 10_000
/** Requests per piece of work sent to a link worker. */
const PIECE = 1000
/** Transactions' worth of requests being linked while the main thread reads and writes. */
const CHUNKS_IN_FLIGHT = 3

/**
 * Runs (or resumes) a batch. Same inputs, same batch: running it again changes nothing but the
 * response, report and summary files, which are rewritten from the store.
 *
 * @example
 * const result = await runBatch(store, { agreementPath, masterPath: 'master.csv', requestsPath: 'requests.csv', outDir: 'out', keys })
 * result.summary.disclosed
 */
export async function runBatch(store: Store, options: RunBatchOptions): Promise<BatchRunResult> {
  // A real store decides and releases at the server's clock; given times are a simulation's.
  refuseGivenTime(store.mode, 'asOf', options.asOf)
  refuseGivenTime(store.mode, 'releaseAt', options.releaseAt)
  const now = writeClock(store.mode, options.now)
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
  // Another key than the store's would fork the ledger's checkpoints and pseudonyms.
  await requireLedgerKey(store, options.keys)

  const { agreement, orders, batchId, settings, resumed, masterFileDigest } = await timed('prepare', async () => {
    const agreement = readAgreementFile(options.agreementPath)
    const orders = options.ordersDir ? readOrdersDir(options.ordersDir) : []
    const [requestFileDigest, masterFileDigest] = await Promise.all([fileDigest(options.requestsPath), fileDigest(options.masterPath)])
    const modelDigest = options.modelPath ? await digestOfModel(options.modelPath) : undefined
    const doc = agreement.document
    const batchId = batchIdOf({
      agreementId: doc.id,
      agreementVersion: doc.version,
      agreementDigest: agreement.digest,
      requestFileDigest,
      masterDigest: masterFileDigest,
      ...(modelDigest ? { modelDigest } : {}),
    })
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
        // The id holds the model's digest, so this file has the batch's model wherever it now is.
        ...(options.modelPath ? { modelPath: resolve(options.modelPath) } : {}),
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
      modelPath: options.modelPath ? resolve(options.modelPath) : null,
      modelDigest: modelDigest ?? null,
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

  // One run of a batch at a time: a second one now is refused, a killed one's lock taken over.
  const lock = await lockBatch(store, batchId)
  try {
    return await runLocked(store, options, { agreement, orders, batchId, settings, resumed, masterFileDigest, lockToken: lock.token, chunkSize, progress, now, timed, timings, startedAt })
  } finally {
    await lock.release()
  }
}

/** What `runBatch` has found out when it holds the batch's lock. */
interface Prepared {
  readonly agreement: ValidatedAgreement
  readonly orders: readonly ValidatedOrder[]
  readonly batchId: string
  readonly settings: BatchSettings
  readonly resumed: boolean
  readonly masterFileDigest: Digest
  readonly lockToken: string
  readonly chunkSize: number
  readonly progress: StageProgress
  readonly now: () => Date
  readonly timed: <T>(stage: string, work: () => Promise<T>) => Promise<T>
  readonly timings: Record<string, number>
  readonly startedAt: string
}

/** The stages of a batch after `prepare`, under the batch's lock. */
async function runLocked(store: Store, options: RunBatchOptions, p: Prepared): Promise<BatchRunResult> {
  const { agreement, orders, batchId, settings, resumed, masterFileDigest, chunkSize, progress, now, timed, timings, startedAt } = p
  let match = (await store.batchSteps.get(batchId, 'match'))?.detail as MatchDetail | undefined
  if (!match) {
    const context: MatchContext = {
      store,
      batchId,
      agreement,
      orders,
      policy: compilePolicy(agreement, orders),
      settings,
      agreementPath: resolve(options.agreementPath),
      ordersDir: options.ordersDir ? resolve(options.ordersDir) : null,
      masterFileDigest,
      lockToken: p.lockToken,
      chunkSize,
      threads: options.threads,
      requestsName: options.requestsName,
      progress,
      now,
    }
    match = await timed('intake+link+decide', () => matchStage(context))
  }
  const matched = match

  // A real store's release reads the server's clock for each transaction; a simulation's has one time.
  const releaseAt = store.mode === 'real' ? serverClock : new Date(options.releaseAt ?? now()).toISOString()
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
        masterDigest: matched.masterDigest,
        onChunk: (done) => {
          p.tick(done - last)
          last = done
        },
      })
      p.done()
    })
  }
  return finishBatch(store, batchId, { agreement, orders, settings, values, keys: options.keys, startedAt, now, resumed, timings, masterDigest: matched.masterDigest, modelThresholds: matched.thresholds })
}

/** The digest of the link model in a file (read and validated as linking will read it). */
async function digestOfModel(path: string): Promise<string> {
  const { loadModel, modelDigest } = await import('../link/index.js')
  return modelDigest(loadModel(path))
}

/** What the match step records. */
interface MatchDetail {
  readonly masterDigest: string
  readonly modelDigest: string
  readonly thresholds: { readonly match: number; readonly possible: number }
}

/** What the match stage works with. */
interface MatchContext {
  readonly store: Store
  readonly batchId: string
  readonly agreement: ValidatedAgreement
  readonly orders: readonly ValidatedOrder[]
  readonly policy: CompiledPolicy
  readonly settings: BatchSettings
  readonly agreementPath: string
  readonly ordersDir: string | null
  readonly masterFileDigest: Digest
  /** The token of the batch's lock, renewed (and checked) in every transaction of the stage. */
  readonly lockToken: string
  readonly chunkSize: number
  readonly threads: number | undefined
  /** The request file as its sender knows it (`RunBatchOptions.requestsName`). */
  readonly requestsName: string | undefined
  readonly progress: StageProgress
  readonly now: () => Date
}

/** A chunk of requests being linked: its rows (to store when they are new) and its pieces' results. */
interface ChunkInFlight {
  readonly rows: readonly IntakeRow[]
  /** True when the requests are already stored (taken in by an earlier version that linked later). */
  readonly stored: boolean
  /** Each piece's result and the number of this batch's disclosures it was decided under. */
  readonly pieces: Promise<readonly { readonly chunk: MatchedChunk; readonly sentAt: number }[]>
}

/**
 * Intake, link and decide in one pass over the request file, in transactions of `chunkSize`
 * requests: the main thread reads the file and writes; link workers started once standardize
 * each request, check it against the agreement's input requirements (a refused one is never
 * matched), link, decide and encode. Each transaction stores the requests with their evidence,
 * decisions and figures, so a run killed at any point resumes after the last stored line.
 */
async function matchStage(c: MatchContext): Promise<MatchDetail> {
  const { store, batchId, settings } = c
  const { openMaster, openLinkPool, createLinker, loadModel, modelDigest, DEFAULT_LINK_SETTINGS } = await import('../link/index.js')
  const model = settings.modelPath ? loadModel(settings.modelPath) : undefined
  if (model && modelDigest(model) !== settings.modelDigest) {
    throw new ConflictError(`the link model ${settings.modelPath} changed since batch ${batchId} was created: run it with the model it was created with`)
  }
  const map = settings.masterMapPath ? await loadColumnMap(settings.masterMapPath) : undefined
  const indexing = c.progress('Indexing master')
  let indexed = 0
  const index = await openMaster(settings.masterPath, {
    ...(map ? { map } : {}),
    onProgress: (rows) => {
      indexing.tick(rows - indexed)
      indexed = rows
    },
  })
  indexing.done()
  const linker = createLinker({ index, nicknameGroups, ...(model ? { model } : {}) })
  const small = c.threads === undefined && statSync(settings.requestsPath).size < 2 ** 20
  const data: MatchChunkData = {
    agreementPath: c.agreementPath,
    ordersDir: c.ordersDir,
    agreementDigest: c.agreement.digest,
    orderDigests: settings.orderDigests,
    requester: settings.requester,
    asOf: settings.asOf,
  }
  const pool = await openLinkPool<MatchedChunk>(linker, { threads: small ? 1 : (c.threads ?? availableParallelism()), work: { module: new URL('./match-chunk.js', import.meta.url).href, data } })
  const caps = c.agreement.document.caps
  // What the requester's other batches and online answers count against the agreement's caps
  // (the caps are per period, not per batch), up to this batch's decision time.
  const base = await disclosuresSoFar(store, c.agreement, settings.requester, new Date(settings.asOf), { exceptBatchId: batchId })
  let disclosed = await store.batchQueries.discloseDecisions(batchId)
  const countsAt = (n: number): Partial<Record<CapPeriod, number>> => {
    const counts: Partial<Record<CapPeriod, number>> = {}
    for (const cap of caps) counts[cap.period] = (base[cap.period] ?? 0) + n
    return counts
  }
  // A cap is reached when this batch's disclosures reach its threshold: a decision made at `sent`
  // holds at `n` unless a threshold lies in (sent, n].
  const thresholds = caps.map((cap) => cap.maxDisclosures - (base[cap.period] ?? 0))
  const crosses = (sent: number, n: number): boolean => thresholds.some((t) => sent < t && t <= n)

  const linking = c.progress('Intake and linking')
  const queue: ChunkInFlight[] = []
  const submit = (rows: readonly IntakeRow[], stored: boolean) => {
    // Decided under the counts known now; a request whose true count (known when its chunk is
    // written, in order) reaches a cap these do not is decided again on the main thread.
    const sentAt = disclosed
    const sentCounts = countsAt(sentAt)
    const pieces: Promise<{ chunk: MatchedChunk; sentAt: number }>[] = []
    for (let at = 0; at < rows.length; at += PIECE) {
      const records = rows.slice(at, at + PIECE).map((r) => r.record)
      const extra: MatchChunkExtra = { counts: sentCounts }
      pieces.push(pool.link(records, extra).then((chunk) => ({ chunk, sentAt })))
    }
    const all = Promise.all(pieces)
    // Failures surface when the chunk is written; this keeps an early one from going unhandled.
    all.catch(() => undefined)
    queue.push({ rows, stored, pieces: all })
  }
  const writeHead = async () => {
    const head = queue.shift()
    if (!head) return
    const pieces = await head.pieces
    const prepared: PreparedMatch[] = []
    const requests: StoredRequest[] = []
    const counter = new DecisionCounter()
    const messages: (readonly [string, string])[] = []
    let i = 0
    for (const { chunk, sentAt } of pieces) {
      messages.push(...chunk.messages)
      for (let m of chunk.requests) {
        const row = head.rows[i++]!
        if (m.refused.length === 0 && crosses(sentAt, disclosed)) {
          const decision = c.policy.decide(JSON.parse(m.evidence) as MatchResult, requestContext(settings.requester, countsAt(disclosed)), settings.asOf, m.evidenceDigest)
          for (const r of decision.reasons) messages.push([r.code, r.message])
          m = encodeDecision(m, decision)
        }
        if (m.outcome === 'disclose') disclosed++
        counter.add({ refused: m.refused.length > 0, outcome: m.outcome, answerCode: m.answerCode, reasonCodes: m.reasonCodes })
        prepared.push({ ...m, decidedAt: settings.asOf })
        if (!head.stored) {
          requests.push({ batchId, requestId: row.record.id, line: row.line, record: row.record, intakeStatus: m.refused.length > 0 ? 'refused' : 'accepted', intakeReasons: m.refused })
        }
      }
    }
    const detail: ChunkFigures = { evidence: mergeEvidenceFigures(pieces.map(({ chunk }) => chunk.evidence)), decisions: counter.figures(), messages }
    await store.transaction(async (tx) => {
      if (!(await tx.batchSteps.heartbeat(batchId, c.lockToken, new Date().toISOString()))) {
        throw new ConflictError(`batch ${batchId}: another run took over this run's lock (it was judged stale); this run stops`)
      }
      await tx.requests.insertMany(requests)
      await tx.batchQueries.insertPrepared(batchId, prepared)
      await tx.batchSteps.mark(batchId, figuresStep(head.rows[0]!.line), detail, settings.asOf)
    })
    linking.tick(head.rows.length)
  }
  const enqueue = async (rows: readonly IntakeRow[], stored: boolean) => {
    submit(rows, stored)
    while (queue.length >= CHUNKS_IN_FLIGHT) await writeHead()
  }

  try {
    // Requests taken in but never linked (a batch begun by a version that linked after intake).
    for (let after = 0; ; ) {
      const page = await store.batchQueries.undecidedRequests(batchId, after, c.chunkSize)
      if (page.length === 0) break
      await enqueue(
        page.map((r) => ({ line: r.line, record: r.record })),
        true,
      )
      after = page[page.length - 1]!.line
    }
    while (queue.length > 0) await writeHead()
    if (!(await store.batchSteps.get(batchId, 'intake'))) {
      const requestsMap = settings.requestsMapPath ? await loadColumnMap(settings.requestsMapPath) : undefined
      const source = await openRecords(settings.requestsPath, requestsMap ? { map: requestsMap } : {})
      const after = await store.batchQueries.lastRequestLine(batchId)
      let rows: IntakeRow[] = []
      for await (const batch of source.batches()) {
        for (const row of batch) {
          if (row.line <= after) continue
          rows.push(row)
          if (rows.length >= c.chunkSize) {
            await enqueue(rows, false)
            rows = []
          }
        }
      }
      if (rows.length > 0) await enqueue(rows, false)
      while (queue.length > 0) await writeHead()
      const summary = source.summary()
      const unreadableRows: UnreadableRow[] = source.issues
        .filter((issue) => issue.path?.line !== undefined)
        .map((issue) => ({ file: c.requestsName ?? issue.path?.file ?? settings.requestsPath, line: issue.path?.line ?? 0, field: issue.path?.field ?? null, code: issue.code }))
      const detail: IntakeDetail = { rowsRead: summary.rowsRead, unreadable: summary.rejected, unreadableByCode: summary.byCode, unreadableRows }
      await store.batchSteps.mark(batchId, 'intake', detail, c.now().toISOString())
    }
  } finally {
    linking.done()
    await pool.close()
  }
  const detail: MatchDetail = {
    masterDigest: index.digest,
    modelDigest: linker.modelDigest,
    thresholds: { match: weightOf(DEFAULT_LINK_SETTINGS.matchThreshold), possible: weightOf(DEFAULT_LINK_SETTINGS.possibleThreshold) },
  }
  await store.batchSteps.mark(batchId, 'match', { ...detail, masterFileDigest: c.masterFileDigest }, c.now().toISOString())
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
  // One read of the disclosed requests' decisions: disclosures are a few per cent of a batch.
  for (const { decision } of await store.batchQueries.disclosedDecisions(batchId)) if (decision.masterId) ids.add(decision.masterId)
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
  // Its digest goes on the ledger, so a recall notice can name the file each record arrived in.
  await recordResponseFile(store, batchId, await writeResponseFile(store, batchId, responsePath, releasableColumns(c.agreement), c.values), c.now())
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
