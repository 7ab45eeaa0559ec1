/**
 * Scoring the demo's audits of the replayed incident against the generator's truth: precision
 * and recall of the disclosures each reading finds improper, and the narration's line for each.
 */
import type { AuditResult } from './audit/index.js'

/** One audit of the replayed history, scored against the generator's truth. */
export interface ReadingScore {
  /** The agreement version the audit re-decided under, e.g. `2025-04-07-court-reading`. */
  readonly label: string
  readonly auditId: string
  /** What the truth counts as improper under this reading, in words. */
  readonly truthRule: string
  /** Disclosures the audit found improper (scored ones only, see `truthRule`). */
  readonly found: number
  /** Disclosures the truth says are improper. */
  readonly truth: number
  /** Of those found, the share the truth calls improper. */
  readonly precision: number
  /** Of those the truth calls improper, the share found. */
  readonly recall: number
  /** Every disclosure the audit found improper, for any reason. */
  readonly improper: number
  readonly peopleConcerned: number
}

/**
 * Precision and recall of a set of findings against the truth (1 for an empty set: nothing found
 * wrongly, nothing missed).
 *
 * @example
 * scoreFindings(new Set(['d1', 'd2']), new Set(['d2', 'd3'])) // { precision: 0.5, recall: 0.5 }
 */
export function scoreFindings(found: ReadonlySet<string>, truth: ReadonlySet<string>): { readonly precision: number; readonly recall: number } {
  let right = 0
  for (const x of found) if (truth.has(x)) right++
  return { precision: found.size === 0 ? 1 : right / found.size, recall: truth.size === 0 ? 1 : right / truth.size }
}

/** A count as the narration writes it (12,345). */
export function numbered(n: number): string {
  return n.toLocaleString('en-US')
}

/** An audit's findings scored against the truth. */
export function scored(audit: AuditResult, found: ReadonlySet<string>, truth: ReadonlySet<string>, truthRule: string): ReadingScore {
  return { label: audit.label, auditId: audit.auditId, truthRule, found: found.size, truth: truth.size, ...scoreFindings(found, truth), improper: audit.improper, peopleConcerned: audit.peopleConcerned }
}

/** A score in one line of the narration. */
export function scoreLine(s: ReadingScore): string {
  return `${numbered(s.improper)} improper (${numbered(s.peopleConcerned)} people); against the truth (${s.truthRule}): ${numbered(s.found)} found, ${numbered(s.truth)} true, precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}`
}

