/**
 * The output formats of `verigate link`: MATCHES.csv (exactly `request_id,master_id,status,
 * weight,probability`, one row per request) and the evidence JSONL (one `MatchResult` a line).
 */
import { csvCell } from '../core/index.js'
import type { MatchResult, MatchStatus } from '../core/index.js'

/** The header of MATCHES.csv: a contract other tools read. */
export const MATCHES_HEADER = 'request_id,master_id,status,weight,probability'

/**
 * One MATCHES.csv row: the master id is empty for `none`; for `ambiguous` it is the top
 * candidate. Weight to 4 decimals (bits), probability as JavaScript writes it (shortest round trip).
 */
export function matchRow(result: MatchResult): string {
  return matchRowOf(result.requestId, result.status, result.best)
}

/**
 * The MATCHES.csv row of a request from its status and its best candidate's id, rounded weight
 * and probability (as its evidence states them): `matchRow` without the whole result, for a
 * link that writes no evidence.
 */
export function matchRowOf(requestId: string, status: MatchStatus, best: { readonly masterId: string; readonly weight: number; readonly probability: number } | undefined): string {
  const master = status === 'none' || !best ? '' : best.masterId
  const weight = best ? best.weight.toFixed(4) : ''
  const probability = best ? String(best.probability) : ''
  // Ids through `csvCell`: MATCHES.csv is a file people open, so never a formula (OWASP), and quoted as RFC 4180 asks.
  return `${csvCell(requestId)},${csvCell(master)},${status},${weight},${probability}`
}

/** One evidence line (JSON, no trailing newline). */
export function evidenceLine(result: MatchResult): string {
  return JSON.stringify(result)
}

/** Counts of results by status. */
export type StatusCounts = Record<MatchStatus, number>

/** Zero counts. */
export function emptyStatusCounts(): StatusCounts {
  return { match: 0, possible: 0, ambiguous: 0, none: 0 }
}
