/**
 * The equity table of a labelled link run (docs/equity.md) for the link bench: MATCHES.csv rows
 * joined with the truth (FEBRL 4's record ids, or the generator's truth.csv), each request counted
 * in the groups of its own surname and its true record's.
 */
import { createReadStream, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse'
import { parse as parseSync } from 'csv-parse/sync'
import { DEFAULT_LINK_SETTINGS } from '../../src/link/index.js'
import { equityTable, equityTableRows } from '../../src/report/index.js'
import type { EquityReport, LabelledOutcome } from '../../src/report/index.js'
import { printTable } from './report.js'

/** The match threshold of the default settings as a match weight in bits (the MATCHES.csv `weight` column). */
export const MATCH_WEIGHT = Math.log2(DEFAULT_LINK_SETTINGS.matchThreshold / (1 - DEFAULT_LINK_SETTINGS.matchThreshold))

/** One MATCHES.csv row, split (ids carry no commas in these data sets). */
function split(line: string): { requestId: string; masterId: string; status: string; weight: number | null } {
  const [requestId = '', masterId = '', status = '', weight = ''] = line.split(',')
  return { requestId, masterId, status, weight: weight === '' ? null : Number(weight) }
}

/** id → surname of a small CSV file (FEBRL's, with a space after each comma). */
function surnamesOf(path: string, idColumn: string): Map<string, string> {
  const rows = parseSync(readFileSync(path), { columns: true, trim: true }) as Record<string, string>[]
  return new Map(rows.map((r) => [r[idColumn] ?? '', r.surname ?? '']))
}

/** FEBRL 4: every request `rec-N-dup-0` has its true record `rec-N-org` in the master. */
export function febrlEquity(matchRows: readonly string[], masterPath: string, requestPath: string): EquityReport {
  const master = surnamesOf(masterPath, 'rec_id')
  const requests = surnamesOf(requestPath, 'rec_id')
  const entity = (id: string) => id.split('-')[1]
  const outcomes: LabelledOutcome[] = matchRows.map((line) => {
    const r = split(line)
    const trueId = `rec-${entity(r.requestId)}-org`
    return {
      surnames: [requests.get(r.requestId) ?? '', master.get(trueId) ?? ''],
      matched: r.status === 'match',
      weight: r.weight,
      hasTrue: true,
      bestIsTrue: r.masterId !== '' && entity(r.masterId) === entity(r.requestId),
    }
  })
  return equityTable(outcomes, { truthSource: "FEBRL 4's record ids (rec-N-org is the true record of rec-N-dup-0)", matchThreshold: MATCH_WEIGHT })
}

/** The generator's data in `dir`: truth.csv gives each request's master row(s); surnames from requests.csv and master.csv. */
export async function generatedEquity(dir: string, matchRows: readonly string[]): Promise<EquityReport> {
  const truth = new Map<string, { master: string; other: string }>()
  for await (const r of createReadStream(join(dir, 'truth.csv')).pipe(parse({ columns: true })) as AsyncIterable<Record<string, string>>) {
    truth.set(r.request_id ?? '', { master: r.master_id ?? '', other: r.other_master_id ?? '' })
  }
  const requestSurname = new Map<string, string>()
  for await (const r of createReadStream(join(dir, 'requests.csv')).pipe(parse({ columns: true, relax_column_count: true })) as AsyncIterable<Record<string, string>>) {
    requestSurname.set(r.request_id ?? '', r.surname ?? '')
  }
  // Only the true records' surnames are needed: keep those of the master's rows the truth names.
  const wanted = new Set<string>()
  for (const t of truth.values()) if (t.master !== '') wanted.add(t.master)
  const masterSurname = new Map<string, string>()
  for await (const r of createReadStream(join(dir, 'master.csv')).pipe(parse({ columns: true, relax_column_count: true })) as AsyncIterable<Record<string, string>>) {
    if (wanted.has(r.id ?? '')) masterSurname.set(r.id ?? '', r.surname ?? '')
  }
  const outcomes: LabelledOutcome[] = []
  for (const line of matchRows) {
    const r = split(line)
    const t = truth.get(r.requestId)
    if (!t) continue
    const hasTrue = t.master !== ''
    outcomes.push({
      surnames: [requestSurname.get(r.requestId) ?? '', hasTrue ? (masterSurname.get(t.master) ?? '') : ''],
      matched: r.status === 'match',
      weight: r.weight,
      hasTrue,
      bestIsTrue: hasTrue && (r.masterId === t.master || r.masterId === t.other),
    })
  }
  return equityTable(outcomes, { truthSource: "the generator's truth.csv", matchThreshold: MATCH_WEIGHT })
}

/** Prints the equity table and its findings. */
export function printEquity(title: string, report: EquityReport): void {
  const { header, rows } = equityTableRows(report)
  printTable(`${title}: errors by surname group (groups of names, not of people; docs/equity.md)`, header, rows)
  for (const f of report.findings) console.log(`- ${f}`)
  if (report.findings.length === 0) console.log('- No group differs from the overall rate beyond chance.')
}
