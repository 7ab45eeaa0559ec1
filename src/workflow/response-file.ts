/**
 * The response file for the requester: one row per request, in request-file order, with the
 * answer code and only the fields released for it. A request not answered carries its answer
 * code (NOT_VERIFIED, REQUEST_INCOMPLETE, NOT_PERMITTED, UNDER_REVIEW, UNREADABLE), which never
 * says which field failed (docs/rules.md rule 8). Written to a temporary file and renamed, so a
 * reader never sees half a file. A cell that a spreadsheet would read as a formula (a request id
 * or case reference beginning with `=`, `+`, `-`, `@`) is written with a `'` in front (`csvCell`).
 */
import { rename } from 'node:fs/promises'
import { once } from 'node:events'
import { basename } from 'node:path'
import { DISCLOSABLE_FIELDS, NotFoundError, createPrivateWriteStream, csvCell } from '../core/index.js'
import type { DisclosableField, Digest, RecordedLedgerEntry, ResponseFilePayload } from '../core/index.js'
import type { Store, StoreFacades } from '../store/index.js'
import { stampedTime } from './clock.js'
import type { MasterValues } from './master-values.js'
import { fileDigest } from './file-digest.js'
import { withheldAnswer } from './release.js'

const PAGE = 10_000

/** Every cell a person could open in a spreadsheet is neutralized (`csvCell`, OWASP CSV injection). */
const csv = csvCell

/** What was written. */
export interface ResponseFile {
  readonly path: string
  readonly rows: number
  readonly digest: Digest
  /** The disclosures whose values it carries (its `DISCLOSED` rows), sorted. */
  readonly disclosureIds: readonly string[]
}

/**
 * Writes the response of a batch. `columns` are the fields the agreement may ever release (the
 * header is the same whatever was released); `values` holds the master records disclosed.
 */
export async function writeResponseFile(store: Store, batchId: string, path: string, columns: readonly DisclosableField[], values: MasterValues): Promise<ResponseFile> {
  const ordered = DISCLOSABLE_FIELDS.filter((f) => columns.includes(f))
  const disclosed = new Map((await store.disclosures.byBatch(batchId)).map((d) => [d.requestId, d]))
  const withheld = new Map((await store.withholdings.byBatch(batchId)).map((w) => [w.requestId, withheldAnswer(w)]))
  // Only what the rows need: the disclosed requests' decisions (their master record and use
  // limits), then every request in line order with its outcome (no JSON read).
  const released = new Map<string, { masterId: string | null; disposeBy: string; caseRef: string }>()
  for (const { decision: d } of await store.batchQueries.disclosedDecisions(batchId)) {
    released.set(d.requestId, { masterId: d.masterId, disposeBy: d.useLimits.disposeBy, caseRef: d.useLimits.caseRef })
  }
  const tmp = `${path}.${process.pid}.tmp`
  // Owner-only: the released fields of people (the requester downloads it through the API).
  const out = createPrivateWriteStream(tmp)
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain')
  }
  await write(['request_id', 'answer', ...ordered, 'dispose_by', 'use_limited_to'].join(','))
  let rows = 0
  const carried: string[] = []
  for (let after = 0; ; ) {
    const page = await store.batchQueries.responsePage(batchId, after, PAGE)
    if (page.length === 0) break
    const lines: string[] = []
    for (const req of page) {
      const disclosure = disclosed.get(req.requestId)
      let answer = req.answerCode ?? 'NOT_VERIFIED'
      let cells: string[] = ordered.map(() => '')
      let disposeBy = ''
      let caseRef = ''
      const r = released.get(req.requestId)
      if (disclosure && r?.masterId) {
        const master = values.get(r.masterId)
        answer = 'DISCLOSED'
        carried.push(disclosure.id)
        cells = ordered.map((f) => (disclosure.fields.includes(f) ? (master?.[f] ?? '') : ''))
        disposeBy = r.disposeBy
        caseRef = r.caseRef
      } else if (withheld.has(req.requestId)) answer = withheld.get(req.requestId)!
      else if (req.outcome === 'disclose') answer = 'NOT_PERMITTED'
      lines.push([csv(req.requestId), answer, ...cells.map(csv), csv(disposeBy), csv(caseRef)].join(','))
      rows++
    }
    await write(lines.join('\n'))
    after = page[page.length - 1]!.line
  }
  out.end()
  await once(out, 'finish')
  await rename(tmp, path)
  return { path, rows, digest: await fileDigest(path), disclosureIds: carried.sort() }
}

/** A response file as the ledger records it: its entry's payload, with the entry's place and time. */
export interface RecordedResponseFile extends ResponseFilePayload {
  readonly ledgerSeq: number
  /** When it was recorded (the entry's time). */
  readonly at: string
}

function toRecorded(e: RecordedLedgerEntry): RecordedResponseFile | undefined {
  return e.kind === 'response_file' ? { ...e.payload, ledgerSeq: e.seq, at: e.at } : undefined
}

/**
 * Every response file recorded on the ledger, oldest first, optionally only those of some
 * batches. The entries are read from the ledger itself (no table repeats them): a scan of the
 * ledger by kind, made when a notice is exported or a batch finishes, not per request.
 */
export async function recordedResponseFiles(store: Pick<StoreFacades, 'ledger'>, batchIds?: ReadonlySet<string>): Promise<RecordedResponseFile[]> {
  const out: RecordedResponseFile[] = []
  for (let from = 0; ; ) {
    const page = await store.ledger.list({ from, limit: 1000, kind: 'response_file' })
    for (const e of page) {
      const r = toRecorded(e)
      if (r && (!batchIds || batchIds.has(r.batchId))) out.push(r)
    }
    if (page.length < 1000) return out
    from = page[page.length - 1]!.seq + 1
  }
}

/**
 * The time of a response file's entry in a simulation store: that of the ledger's last entry (the
 * release that made the file), so a batch replayed at its given times records the same entry
 * whenever it runs, as the kill test requires of every entry; `fallback` on an empty ledger.
 */
async function simulatedTime(tx: Pick<StoreFacades, 'ledger'>, fallback: Date | undefined): Promise<Date | undefined> {
  const size = await tx.ledger.size()
  const last = size > 0 ? await tx.ledger.get(size - 1) : undefined
  return last ? new Date(last.at) : fallback
}

/**
 * Records a written response file on the ledger (kind `response_file`): its digest and the
 * disclosures it carries, so a recall notice can name the file a recalled record arrived in.
 * Nothing is written when the batch's last recorded file has the same digest (a run resumed or
 * finished again rewrites the same bytes). A real store stamps the entry with the server's clock
 * under the ledger's lock; a simulation with its last entry's time (`at` on an empty ledger).
 */
export async function recordResponseFile(store: Store, batchId: string, file: ResponseFile, at?: Date): Promise<RecordedResponseFile> {
  const batch = await store.batches.get(batchId)
  if (!batch) throw new NotFoundError(`no batch ${batchId}`)
  return store.transaction(async (tx) => {
    await tx.ledger.lock()
    const last = (await recordedResponseFiles(tx, new Set([batchId]))).at(-1)
    if (last && last.digest === file.digest) return last
    const payload: ResponseFilePayload = { batchId, recipient: batch.requesterPartyId, file: basename(file.path), digest: file.digest, rows: file.rows, disclosureIds: file.disclosureIds }
    const when = await stampedTime(tx, store.mode === 'real' ? undefined : await simulatedTime(tx, at))
    const [entry] = await tx.ledger.append([{ kind: 'response_file', at: when, actor: 'system', payload }])
    return { ...payload, ledgerSeq: entry!.seq, at: when }
  })
}

