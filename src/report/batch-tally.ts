/**
 * Builds a `BatchReport`'s figures from the values a batch produces (intake issues, match
 * evidence, decisions), one record at a time, so the workflow can fill the report while it runs
 * or while it reads the stored results back, without holding 1.28 million records in memory.
 */
import { COMPARISON_LEVELS } from '../core/index.js'
import type { ComparedField, Decision, DecisionOutcome, Issue, MatchResult } from '../core/index.js'
import type { BatchCounts, BatchReport, FieldAgreement, OutcomeReasonCount, ReasonCount } from './report-types.js'
import { createWeightCounter } from './weight-histogram.js'

/** The parts of a batch report a tally does not count: ids, digests, times, checkpoint. */
export type BatchReportFacts = Omit<BatchReport, 'counts' | 'intakeRefusals' | 'weights' | 'outcomes' | 'fieldAgreement' | 'withholdingReasons'>

/** Options of `createBatchTally`. */
export interface BatchTallyOptions {
  /** The histogram's bin width in bits (1 by default). */
  readonly binWidth?: number
  /** How many withholding reasons the report lists (10 by default). */
  readonly topWithholding?: number
  /**
   * The readable sentence for a code, from the layer's message table. Without it (or when it gives
   * nothing) the first message seen with the code is used.
   */
  readonly describe?: (code: string) => string | undefined
}

/** A running count of one batch's outcomes. */
export interface BatchTally {
  /** Counts a record refused at intake, with its issues (each code counted once per record). */
  refuse(issues: readonly Pick<Issue, 'code' | 'message'>[]): void
  /** Counts a record accepted at intake: its match evidence and its decision. */
  decide(result: MatchResult, decision: Decision): void
  /** The counts so far. */
  counts(): BatchCounts
  /** The report: the counted figures with the given facts. */
  report(facts: BatchReportFacts): BatchReport
}

const STATUS_COUNT = { match: 'matched', possible: 'possible', ambiguous: 'ambiguous', none: 'none' } as const
const OUTCOME_COUNT = { disclose: 'disclosed', withhold: 'withheld', review: 'review' } as const

/** Counts by code, keeping the first message seen. */
class CodeCounter {
  readonly #counts = new Map<string, { message: string; count: number }>()
  add(code: string, message: string): void {
    const entry = this.#counts.get(code)
    if (entry) entry.count += 1
    else this.#counts.set(code, { message, count: 1 })
  }
  rows(describe: ((code: string) => string | undefined) | undefined): ReasonCount[] {
    return [...this.#counts].map(([code, { message, count }]) => ({ code, message: describe?.(code) ?? message, count }))
  }
}

/**
 * Creates a tally for one batch.
 *
 * @example
 * const tally = createBatchTally()
 * for (const r of refused) tally.refuse(r.issues)
 * for (const [result, decision] of decided) tally.decide(result, decision)
 * const html = await renderBatchReport(tally.report({ batchId, discloser, … }))
 */
export function createBatchTally(options: BatchTallyOptions = {}): BatchTally {
  const weights = createWeightCounter(options.binWidth ?? 1)
  const counts: { -readonly [K in keyof BatchCounts]: number } = { requested: 0, intake_refused: 0, matched: 0, possible: 0, ambiguous: 0, none: 0, review: 0, disclosed: 0, withheld: 0 }
  const refusals = new CodeCounter()
  const outcomes: Record<DecisionOutcome, CodeCounter> = { disclose: new CodeCounter(), withhold: new CodeCounter(), review: new CodeCounter() }
  const levels = new Map<ComparedField, Map<string, number>>()
  for (const field of Object.keys(COMPARISON_LEVELS) as ComparedField[]) levels.set(field, new Map())

  return {
    refuse(issues) {
      counts.requested += 1
      counts.intake_refused += 1
      const seen = new Set<string>()
      for (const issue of issues) {
        if (seen.has(issue.code)) continue
        seen.add(issue.code)
        refusals.add(issue.code, issue.message)
      }
    },
    decide(result, decision) {
      counts.requested += 1
      counts[STATUS_COUNT[result.status]] += 1
      counts[OUTCOME_COUNT[decision.outcome]] += 1
      if (result.best) {
        weights.add(result.best.weight)
        for (const c of result.best.comparisons) {
          const byLevel = levels.get(c.field)
          if (byLevel) byLevel.set(c.level, (byLevel.get(c.level) ?? 0) + 1)
        }
      }
      const seen = new Set<string>()
      for (const reason of decision.reasons) {
        if (seen.has(reason.code)) continue
        seen.add(reason.code)
        outcomes[decision.outcome].add(reason.code, reason.message)
      }
    },
    counts() {
      return { ...counts }
    },
    report(facts) {
      const describe = options.describe
      const outcomeRows: OutcomeReasonCount[] = (Object.keys(outcomes) as DecisionOutcome[]).flatMap((outcome) => outcomes[outcome].rows(describe).map((r) => ({ outcome, ...r })))
      const withholding = outcomes.withhold
        .rows(describe)
        .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1))
        .slice(0, options.topWithholding ?? 10)
      const fieldAgreement = Object.fromEntries([...levels].map(([field, byLevel]) => [field, Object.fromEntries(byLevel)])) as unknown as FieldAgreement
      return {
        ...facts,
        counts: { ...counts },
        intakeRefusals: refusals.rows(describe),
        weights: weights.histogram(),
        outcomes: outcomeRows,
        fieldAgreement,
        withholdingReasons: withholding,
      }
    },
  }
}
