/**
 * The figures of a batch counted as it is matched, chunk by chunk, and stored with each chunk (in
 * the chunk's own transaction), so the summary and the report need no pass over a million
 * evidence and decision rows, and a run resumed after a kill still has the figures of the chunks
 * an earlier process stored. Only the decisions whose final state is settled later (`disclose`
 * and `review`: released, withheld at release, reviewed) are left to the summary.
 */
import { COMPARISON_LEVELS } from '../core/index.js'
import type { DecisionOutcome, MatchResult, MatchStatus } from '../core/index.js'
import { createWeightCounter, mergeWeightHistograms } from '../report/index.js'
import type { WeightHistogram } from '../report/index.js'

/** The bin width of the report's weight histogram (bits). */
export const WEIGHT_BIN_BITS = 2

/** What a chunk's evidence comes to. */
export interface EvidenceFigures {
  /** Statuses of the requests matched (not of those refused at intake). */
  readonly statuses: Readonly<Record<MatchStatus, number>>
  /** The best candidates' weights of the requests matched. */
  readonly weights: WeightHistogram
  /** Field → comparison level → best candidates at that level. */
  readonly fieldAgreement: Readonly<Record<string, Readonly<Record<string, number>>>>
  /** Requests refused at intake (evidence with no model). */
  readonly refused: number
}

/** What a chunk's decisions come to, for the decisions whose final state is already known. */
export interface DecisionFigures {
  /** The `withhold` decisions (the others are `deferred`). */
  readonly decisions: number
  /** Reason code → `withhold` decisions carrying it. */
  readonly byReason: Readonly<Record<string, number>>
  /** Answer code → decisions, of the `withhold` decisions. */
  readonly answers: Readonly<Record<string, number>>
  /** Intake reason code → requests refused with it. */
  readonly intakeRefusals: Readonly<Record<string, number>>
  /** `outcome\u0000code` → decisions, of the `withhold` decisions of accepted requests. */
  readonly outcomeReasons: Readonly<Record<string, number>>
  /** Reason code → withheld decisions carrying it. */
  readonly withholdingReasons: Readonly<Record<string, number>>
  /** Accepted requests withheld by their decision. */
  readonly withheld: number
  /** Decisions left to the summary (`disclose` and `review`, and any refused one not `withhold`). */
  readonly deferred: number
}

/** The figures stored with one chunk. */
export interface ChunkFigures {
  readonly evidence: EvidenceFigures
  readonly decisions: DecisionFigures
  /** Reason code → its least wording.  */
  readonly messages: readonly (readonly [string, string])[]
}

function emptyFieldAgreement(): Record<string, Record<string, number>> {
  const agreement: Record<string, Record<string, number>> = {}
  for (const f of Object.keys(COMPARISON_LEVELS)) agreement[f] = {}
  return agreement
}

/** The figures of some evidence. */
export function evidenceFiguresOf(results: readonly MatchResult[]): EvidenceFigures {
  const statuses = { match: 0, possible: 0, ambiguous: 0, none: 0 }
  const weights = createWeightCounter(WEIGHT_BIN_BITS)
  const agreement = emptyFieldAgreement()
  let refused = 0
  for (const result of results) {
    // Evidence made at intake (no model) belongs to a refused request: it was never matched.
    if (result.modelDigest === '') {
      refused++
      continue
    }
    statuses[result.status]++
    if (result.best) {
      weights.add(result.best.weight)
      for (const c of result.best.comparisons) {
        const levels = (agreement[c.field] ??= {})
        levels[c.level] = (levels[c.level] ?? 0) + 1
      }
    }
  }
  return { statuses, weights: weights.histogram(), fieldAgreement: agreement, refused }
}

/** A decision as the figures see it. */
export interface DecisionFacts {
  readonly refused: boolean
  readonly outcome: DecisionOutcome
  readonly answerCode: string
  readonly reasonCodes: readonly string[]
}

/** Counts decisions one by one. */
export class DecisionCounter {
  #decisions = 0
  #withheld = 0
  #deferred = 0
  readonly #byReason = new Map<string, number>()
  readonly #answers = new Map<string, number>()
  readonly #intake = new Map<string, number>()
  readonly #outcomes = new Map<string, number>()
  readonly #withholding = new Map<string, number>()

  add(d: DecisionFacts): void {
    if (d.outcome !== 'withhold') {
      this.#deferred++
      return
    }
    this.#decisions++
    const unique = new Set(d.reasonCodes)
    for (const code of unique) increment(this.#byReason, code)
    increment(this.#answers, d.answerCode)
    if (d.refused) {
      for (const code of unique) if (code.startsWith('REQUEST_')) increment(this.#intake, code)
      for (const code of d.reasonCodes) increment(this.#withholding, code)
      return
    }
    this.#withheld++
    for (const code of unique) {
      increment(this.#outcomes, `withhold\u0000${code}`)
      increment(this.#withholding, code)
    }
  }

  figures(): DecisionFigures {
    return {
      decisions: this.#decisions,
      byReason: Object.fromEntries(this.#byReason),
      answers: Object.fromEntries(this.#answers),
      intakeRefusals: Object.fromEntries(this.#intake),
      outcomeReasons: Object.fromEntries(this.#outcomes),
      withholdingReasons: Object.fromEntries(this.#withholding),
      withheld: this.#withheld,
      deferred: this.#deferred,
    }
  }
}

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by)
}

function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v
}

/**
 * Keeps the least wording of a reason code in `messages`, so the figures do not depend on how
 * the batch was cut into chunks or in what order they came.
 */
export function keepLeastWording(messages: Map<string, string>, code: string, message: string): void {
  const seen = messages.get(code)
  if (seen === undefined || message < seen) messages.set(code, message)
}

/** Adds the figures of some evidence. */
export function mergeEvidenceFigures(parts: readonly EvidenceFigures[]): EvidenceFigures {
  const statuses = { match: 0, possible: 0, ambiguous: 0, none: 0 }
  const agreement = emptyFieldAgreement()
  const histograms: WeightHistogram[] = []
  let refused = 0
  for (const e of parts) {
    for (const s of Object.keys(statuses) as MatchStatus[]) statuses[s] += e.statuses[s]
    if (e.weights.total > 0) histograms.push(e.weights)
    for (const [field, levels] of Object.entries(e.fieldAgreement)) addCounts((agreement[field] ??= {}), levels)
    refused += e.refused
  }
  const weights = histograms.length > 0 ? mergeWeightHistograms(histograms) : createWeightCounter(WEIGHT_BIN_BITS).histogram()
  return { statuses, weights, fieldAgreement: agreement, refused }
}

/** Adds the figures of chunks (the least wording of each code is kept, whatever the order). */
export function mergeFigures(chunks: readonly ChunkFigures[]): ChunkFigures {
  const d = { decisions: 0, withheld: 0, deferred: 0 }
  const byReason: Record<string, number> = {}
  const answers: Record<string, number> = {}
  const intakeRefusals: Record<string, number> = {}
  const outcomeReasons: Record<string, number> = {}
  const withholdingReasons: Record<string, number> = {}
  const messages = new Map<string, string>()
  for (const c of chunks) {
    d.decisions += c.decisions.decisions
    d.withheld += c.decisions.withheld
    d.deferred += c.decisions.deferred
    addCounts(byReason, c.decisions.byReason)
    addCounts(answers, c.decisions.answers)
    addCounts(intakeRefusals, c.decisions.intakeRefusals)
    addCounts(outcomeReasons, c.decisions.outcomeReasons)
    addCounts(withholdingReasons, c.decisions.withholdingReasons)
    for (const [code, message] of c.messages) keepLeastWording(messages, code, message)
  }
  return {
    evidence: mergeEvidenceFigures(chunks.map((c) => c.evidence)),
    decisions: { ...d, byReason, answers, intakeRefusals, outcomeReasons, withholdingReasons },
    messages: [...messages],
  }
}

/** The step name the figures of the chunk starting at `line` are stored under. */
export function figuresStep(line: number): string {
  return `figures:${String(line).padStart(12, '0')}`
}

/** True for the step names `figuresStep` makes. */
export function isFiguresStep(step: string): boolean {
  return step.startsWith('figures:')
}
