/**
 * The equity table of a batch given its truth (`verigate batch run --truth FILE`, docs/equity.md):
 * each matched request of the batch beside the truth's answer for it, with the surname the
 * request gave and the surname of its true master record.
 *
 * The truth file is the generator's truth.csv (`request_id`, `master_id`, `other_master_id`; the
 * other columns are read past). It is personal data: read here, never copied or written.
 */
import { createReadStream } from 'node:fs'
import { parse } from 'csv-parse'
import { InvalidInputError } from '../../core/index.js'
import { loadColumnMap, openRecords } from '../../intake/index.js'
import { equityTable } from '../../report/index.js'
import type { EquityReport, LabelledOutcome } from '../../report/index.js'
import type { ReadStore } from '../../store/index.js'
import { readMasterValues } from '../master-values.js'
import type { BatchSettings } from './types.js'

/** The truth for one request: its person's master row(s), empty when the person is not in the master. */
interface TruthRow {
  readonly master: string
  readonly other: string
}

/** Reads a truth file in the generator's format; `InvalidInputError` naming what is missing. */
export async function readTruthFile(path: string): Promise<ReadonlyMap<string, TruthRow>> {
  const truth = new Map<string, TruthRow>()
  let checked = false
  const rows = createReadStream(path).pipe(parse({ columns: true, bom: true })) as AsyncIterable<Record<string, string | undefined>>
  for await (const r of rows) {
    if (!checked) {
      for (const column of ['request_id', 'master_id']) {
        if (!(column in r)) throw new InvalidInputError(`the truth file ${path} has no ${column} column: give the truth.csv \`verigate generate\` writes (request_id, master_id, other_master_id)`)
      }
      checked = true
    }
    truth.set(r.request_id ?? '', { master: r.master_id ?? '', other: r.other_master_id ?? '' })
  }
  return truth
}

const PAGE = 10_000

/**
 * The batch's errors by surname group against the truth. Requests refused at intake were never
 * matched and are left out; so are requests the truth does not list.
 */
export async function batchEquity(store: ReadStore, batchId: string, settings: BatchSettings, truthPath: string, matchThreshold: number): Promise<EquityReport> {
  const truth = await readTruthFile(truthPath)
  const results: { requestId: string; matched: boolean; masterId: string; weight: number | null }[] = []
  for (let after = ''; ; ) {
    const page = await store.batchQueries.evidencePage(batchId, after, PAGE)
    if (page.length === 0) break
    for (const { result } of page) {
      if (result.modelDigest === '' || !truth.has(result.requestId)) continue
      results.push({ requestId: result.requestId, matched: result.status === 'match', masterId: result.best?.masterId ?? '', weight: result.best?.weight ?? null })
    }
    after = page[page.length - 1]!.result.requestId
  }
  const wanted = new Set(results.map((r) => r.requestId))
  const requestSurnames = new Map<string, string>()
  const map = settings.requestsMapPath ? await loadColumnMap(settings.requestsMapPath) : undefined
  const source = await openRecords(settings.requestsPath, { ...(map ? { map } : {}), checkDuplicateIds: false })
  for await (const batch of source.batches()) for (const row of batch) if (wanted.has(row.record.id)) requestSurnames.set(row.record.id, row.record.surname ?? '')
  await source.close()
  const trueIds = new Set<string>()
  for (const r of results) {
    const t = truth.get(r.requestId)
    if (t && t.master !== '') trueIds.add(t.master)
  }
  const masters = await readMasterValues(settings.masterDataPath ?? settings.masterPath, settings.masterMapPath ?? undefined, trueIds)
  const outcomes: LabelledOutcome[] = results.map((r) => {
    const t = truth.get(r.requestId) as TruthRow
    const hasTrue = t.master !== ''
    return {
      surnames: [requestSurnames.get(r.requestId) ?? '', hasTrue ? (masters.get(t.master)?.surname ?? '') : ''],
      matched: r.matched,
      weight: r.weight,
      hasTrue,
      bestIsTrue: hasTrue && (r.masterId === t.master || (t.other !== '' && r.masterId === t.other)),
    }
  })
  return equityTable(outcomes, { truthSource: 'the truth file given with the batch', matchThreshold })
}
