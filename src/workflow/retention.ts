/**
 * Data minimisation (issue 21): `purgeExpired` purges what the holder kept of a batch's requests
 * once its retention period is over, and keeps everything an audit and an accounting read.
 *
 * What is purged: each request row's record, the requester's raw text of the person (names, TIN,
 * date of birth, address, the request's own free text), reduced to its request id; the request
 * file the server kept of an upload (`requests/<batch>.<format>` in the server's data folder); and
 * the response files written for the requester (named by their `response_file` entries). What is
 * kept: every request row's id, line, intake status and reasons (the batch's figures), and every
 * disclosure, decision, withholding, review, match evidence and ledger entry. The audit reads
 * only those (src/workflow/audit/run-audit.ts: each disclosure with its stored decision and
 * evidence, which hold grades and comparison levels, never a raw value; and the count of request
 * rows), and the accounting finds a person through the pseudonyms each disclosure carries, so
 * both answer after a purge exactly as before it.
 *
 * When a batch is due (docs/operations.md, *Retention*): its agreement's `retention.days` after
 * its last activity (last disclosure, withholding, review or response file), or a longer
 * `olderThanDays`, never a shorter one. A batch is held, whatever its age, while it is running,
 * has review cases not yet released or withheld, has a disclosure under a recall notice with no
 * certification of disposal, is covered by an audit's incident not yet closed, or has not been
 * audited since its last disclosure: each hold is named.
 */
import { existsSync, rmSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { InvalidInputError } from '../core/index.js'
import type { PurgedFile, RetentionPurgePayload } from '../core/index.js'
import type { Batch, ReadStore, Store, StoredRetentionPurge } from '../store/index.js'
import { stampedTime, writeClock } from './clock.js'
import { fileDigest } from './file-digest.js'
import { loadDocuments } from './policy-documents.js'
import { recordedResponseFiles } from './response-file.js'
import { listReviewCases } from './review.js'
import type { BatchSettings } from './batch/types.js'

const DAY_MS = 86_400_000

/** Options of `purgeExpired`. */
export interface PurgeExpiredOptions {
  /** Who runs the purge: their credential's person (or `system` for a scheduled run). */
  readonly actor: string
  /** The clock (tests and replays pass one): only in a simulation store; a real one refuses it. */
  readonly now?: () => Date
  /** A retention period longer than the agreement's, in days; one shorter than the agreement's is refused. */
  readonly olderThanDays?: number
  /** Say what would be purged, and purge nothing. */
  readonly dryRun?: boolean
  /** Only these batches (default: every batch of the store). */
  readonly batchIds?: readonly string[]
}

/**
 * Where a batch stands: `purged` now, `due` (a dry run: it would be purged), `not_due` (its period
 * is not over), `held` (due or not, something still needs its data: `holds` says what),
 * `already_purged` (an earlier run purged it).
 */
export type RetentionState = 'purged' | 'due' | 'not_due' | 'held' | 'already_purged'

/** A file the purge leaves in place, and why. */
export interface KeptFile {
  readonly file: string
  readonly why: string
}

/** What the purge did, or would do, with one batch. */
export interface RetentionBatchResult {
  readonly batchId: string
  readonly state: RetentionState
  /** The period applied, in days. */
  readonly days: number
  /** What the period counts from: the batch's last activity. */
  readonly since: string
  /** When the batch is due (`since` + `days`). */
  readonly dueAt: string
  /** The rule in words. */
  readonly rule: string
  /** What holds the batch, in words; empty unless `held`. */
  readonly holds: readonly string[]
  /** The request rows reduced (or that would be). */
  readonly requests: number
  /** The files deleted (`purged`, `already_purged`) or that would be (`due`), with the digest of their bytes; empty otherwise. */
  readonly files: readonly PurgedFile[]
  /** Files of the batch the purge does not delete, and why. */
  readonly keptFiles: readonly KeptFile[]
  /** The purge's ledger entry (`purged` and `already_purged`). */
  readonly ledgerSeq: number | null
  /** When it was purged (`purged` and `already_purged`). */
  readonly purgedAt: string | null
}

/** A run of the purge. */
export interface RetentionRun {
  /** The time the run judged the periods at. */
  readonly at: string
  readonly dryRun: boolean
  readonly batches: readonly RetentionBatchResult[]
}

function latest(times: readonly string[]): string {
  return times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a))
}

/**
 * The batch's last activity, what its retention period counts from: its last disclosure,
 * withholding, review action or response file, the times its ledger entries carry (a simulation's
 * replayed times included); for a batch that has none of them (every request refused at intake),
 * its decision time. The batch row's own times are not used: they carry the server's clock even
 * in a simulation.
 */
async function lastActivity(store: ReadStore, batch: Batch, settings: BatchSettings | undefined, responseTimes: readonly string[]): Promise<{ since: string; lastDisclosure: string | null }> {
  const disclosed = (await store.disclosures.byBatch(batch.id)).map((d) => d.disclosedAt)
  const withheld = (await store.withholdings.byBatch(batch.id)).map((w) => w.withheldAt)
  const reviewed = (await store.reviews.byBatch(batch.id)).map((r) => r.createdAt)
  const times = [...disclosed, ...withheld, ...reviewed, ...responseTimes]
  return { since: times.length > 0 ? latest(times) : (settings?.asOf ?? batch.updatedAt), lastDisclosure: disclosed.length > 0 ? latest(disclosed) : null }
}

/** What the holds of every batch are judged against, read once per run. */
interface OpenMatters {
  /** Each audit's id, time and batches. */
  readonly audits: readonly { readonly id: string; readonly createdAt: string; readonly batches: ReadonlySet<string> }[]
  /** The recall notices with no certification of disposal. */
  readonly openRecalls: readonly { readonly id: string; readonly recipient: string; readonly disclosureIds: readonly string[] }[]
  /** The incidents not closed, by the audit that opened them. */
  readonly openIncidents: ReadonlyMap<string, readonly string[]>
}

async function openMatters(store: ReadStore): Promise<OpenMatters> {
  const audits = (await store.audits.list()).map((a) => ({ id: a.id, createdAt: a.createdAt, batches: new Set((a.result as { batches?: readonly string[] }).batches ?? []) }))
  const openRecalls: { id: string; recipient: string; disclosureIds: readonly string[] }[] = []
  for (const r of await store.recalls.list()) if (!(await store.certifications.forRecall(r.id))) openRecalls.push({ id: r.id, recipient: r.recipientPartyId, disclosureIds: r.disclosureIds })
  const openIncidents = new Map<string, string[]>()
  for (const i of await store.incidents.list()) if (!(await store.incidents.closureOf(i.id))) openIncidents.set(i.auditId, [...(openIncidents.get(i.auditId) ?? []), i.id])
  return { audits, openRecalls, openIncidents }
}

/** What still needs the batch's data, in words. */
async function holdsOf(store: ReadStore, batch: Batch, lastDisclosure: string | null, matters: OpenMatters): Promise<string[]> {
  const holds: string[] = []
  if (batch.status === 'running') holds.push('the batch is running')
  const open = (await listReviewCases(store, { batchId: batch.id })).filter((c) => c.state === 'pending' || c.state === 'approved' || c.state === 'rejected')
  if (open.length > 0) holds.push(`${open.length} review case(s) not yet released or withheld (e.g. ${open[0]!.requestId})`)
  const disclosureIds = new Set((await store.disclosures.byBatch(batch.id)).map((d) => d.id))
  for (const r of matters.openRecalls) if (r.disclosureIds.some((id) => disclosureIds.has(id))) holds.push(`recall notice ${r.id} to ${r.recipient} has no certification of disposal`)
  const audits = matters.audits.filter((a) => a.batches.has(batch.id))
  for (const a of audits) for (const i of matters.openIncidents.get(a.id) ?? []) holds.push(`incident ${i} (audit ${a.id}) is not closed`)
  if (lastDisclosure !== null && !audits.some((a) => Date.parse(a.createdAt) >= Date.parse(lastDisclosure))) {
    holds.push(`no audit covers the batch since its last disclosure (${lastDisclosure}): run \`verigate audit\` first`)
  }
  return holds
}

/** The files the store knows it kept for the batch: the ones the purge deletes, and the ones it leaves. */
async function filesOf(store: Store, batch: Batch, settings: BatchSettings | undefined): Promise<{ paths: { role: PurgedFile['role']; path: string }[]; kept: KeptFile[]; responseTimes: string[] }> {
  const paths: { role: PurgedFile['role']; path: string }[] = []
  const kept: KeptFile[] = []
  const recorded = await recordedResponseFiles(store, new Set([batch.id]))
  if (!settings) return { paths, kept, responseTimes: recorded.map((r) => r.at) }
  // The server keeps an upload as `<batch>.<format>`; a request file given on the command line is
  // the operator's own, wherever it is, and only the operator may dispose of it.
  const requestName = basename(settings.requestsPath)
  if (!requestName.startsWith(`${batch.id}.`)) kept.push({ file: requestName, why: 'the request file was given on the command line: the operator’s own copy, to be disposed of under their records schedule' })
  else if (existsSync(settings.requestsPath) && (await fileDigest(settings.requestsPath)) !== batch.requestFileDigest) kept.push({ file: requestName, why: `its bytes are not the batch's request file (${batch.requestFileDigest}): not deleted` })
  else paths.push({ role: 'request', path: settings.requestsPath })
  for (const name of new Set(recorded.map((r) => r.file))) paths.push({ role: 'response', path: join(settings.outDir, name) })
  return { paths, kept, responseTimes: recorded.map((r) => r.at) }
}

/** The purge's record of a batch, as a result. */
function purgedResult(p: StoredRetentionPurge, state: 'purged' | 'already_purged', keptFiles: readonly KeptFile[]): RetentionBatchResult {
  return {
    batchId: p.batchId,
    state,
    days: p.days,
    since: p.since,
    dueAt: new Date(Date.parse(p.since) + p.days * DAY_MS).toISOString(),
    rule: p.rule,
    holds: [],
    requests: p.requests,
    files: p.files,
    keptFiles,
    ledgerSeq: p.ledgerSeq,
    purgedAt: p.purgedAt,
  }
}

/**
 * Purges every batch past its retention period and held by nothing (see the module's comment):
 * per batch, its request rows reduced to their ids, its files deleted (their digests read just
 * before), and a `retention_purge` ledger entry with its `retention_purges` row, the entry and the
 * reduction in one transaction. A dry run judges the same and changes nothing. Batches are
 * reported in id order; an unknown batch id is refused before anything is purged.
 *
 * @example
 * const run = await purgeExpired(store, { actor: actor.person })
 * run.batches.filter((b) => b.state === 'held') // what still needs its data, and why
 */
export async function purgeExpired(store: Store, options: PurgeExpiredOptions): Promise<RetentionRun> {
  const clock = writeClock(store.mode, options.now)
  const actor = options.actor.trim()
  if (actor === '') throw new InvalidInputError('actor: name who runs the purge')
  if (options.olderThanDays !== undefined && !(Number.isInteger(options.olderThanDays) && options.olderThanDays >= 0)) throw new InvalidInputError(`--older-than ${options.olderThanDays}: expected a whole number of days`)
  const all = await store.batches.list()
  const wanted = options.batchIds === undefined ? all : options.batchIds.map((id) => all.find((b) => b.id === id) ?? id)
  const unknown = wanted.filter((b): b is string => typeof b === 'string')
  if (unknown.length > 0) throw new InvalidInputError(`no batch ${unknown.join(', ')} in this store`)
  const batches = (wanted as Batch[]).slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  // Every batch's agreement period first: a period shorter than any of them is refused before
  // anything is purged, not after the batches before it in the run.
  const agreedDays = new Map<string, number>()
  for (const batch of batches) {
    if (agreedDays.has(batch.agreementDigest)) continue
    const days = (await loadDocuments(store, batch.agreementDigest, [])).agreement.document.retention.days
    agreedDays.set(batch.agreementDigest, days)
    if (options.olderThanDays !== undefined && options.olderThanDays < days) {
      throw new InvalidInputError(`--older-than ${options.olderThanDays} is shorter than the ${days} days of agreement ${batch.agreementId} ${batch.agreementVersion} (batch ${batch.id}): a purge never comes before the agreement's retention period`)
    }
  }
  const now = clock()
  const matters = await openMatters(store)
  const results: RetentionBatchResult[] = []
  for (const batch of batches) {
    const settings = (await store.batchSteps.get(batch.id, 'created'))?.detail as BatchSettings | undefined
    const { paths, kept, responseTimes } = await filesOf(store, batch, settings)
    const done = await store.retentionPurges.get(batch.id)
    if (done) {
      // A file the purge's entry names, left by a run stopped between its commit and the deletion.
      for (const p of paths) {
        const named = done.files.find((f) => f.role === p.role && f.file === basename(p.path))
        if (named && existsSync(p.path) && (await fileDigest(p.path)) === named.digest) rmSync(p.path, { force: true })
      }
      results.push(purgedResult(done, 'already_purged', kept))
      continue
    }
    const agreed = agreedDays.get(batch.agreementDigest)!
    const days = Math.max(agreed, options.olderThanDays ?? 0)
    const { since, lastDisclosure } = await lastActivity(store, batch, settings, responseTimes)
    const dueMs = Date.parse(since) + days * DAY_MS
    const rule =
      days === agreed
        ? `agreement ${batch.agreementId} ${batch.agreementVersion}: ${days} days after the batch's last activity (${since})`
        : `--older-than ${days} days (the agreement's ${agreed}) after the batch's last activity (${since})`
    const holds = await holdsOf(store, batch, lastDisclosure, matters)
    const requests = await store.requests.count(batch.id)
    const base = { batchId: batch.id, days, since, dueAt: new Date(dueMs).toISOString(), rule, requests, keptFiles: kept, ledgerSeq: null, purgedAt: null }
    if (holds.length > 0) {
      results.push({ ...base, state: 'held', holds, files: [] })
      continue
    }
    if (now.getTime() < dueMs) {
      results.push({ ...base, state: 'not_due', holds: [], files: [] })
      continue
    }
    const present = paths.filter((p) => existsSync(p.path))
    const files: PurgedFile[] = []
    for (const p of present) files.push({ role: p.role, file: basename(p.path), digest: await fileDigest(p.path), bytes: statSync(p.path).size })
    if (options.dryRun) {
      results.push({ ...base, state: 'due', holds: [], files })
      continue
    }
    const payload: RetentionPurgePayload = { batchId: batch.id, requests, files, days, since, rule }
    const purge = await store.transaction(async (tx) => {
      // A simulation's given time, or the server's clock once the ledger is locked.
      const at = await stampedTime(tx, options.now ? now : undefined)
      const [entry] = await tx.ledger.append([{ kind: 'retention_purge', at, actor, payload }])
      const row: StoredRetentionPurge = { batchId: batch.id, purgedAt: at, purgedBy: actor, requests, files, days, since, rule, ledgerSeq: entry!.seq }
      await tx.retentionPurges.insert(row)
      const reduced = await tx.retentionPurges.reduceRequests(batch.id)
      if (reduced !== requests) throw new InvalidInputError(`batch ${batch.id} changed while it was purged (${reduced} request rows, ${requests} counted): run the purge again`)
      return row
    })
    // The files go once the entry that names them is committed: a failure here leaves a file the
    // ledger says was purged, which the next run deletes (it is named, with its digest).
    for (const p of present) rmSync(p.path, { force: true })
    results.push(purgedResult(purge, 'purged', kept))
  }
  return { at: now.toISOString(), dryRun: options.dryRun === true, batches: results }
}

/** Every purge recorded, oldest first (the oversight page's list). */
export async function listRetentionPurges(store: ReadStore): Promise<readonly StoredRetentionPurge[]> {
  return store.retentionPurges.list()
}
