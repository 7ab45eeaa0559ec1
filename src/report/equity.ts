/**
 * Equity of errors by surname group (issue 23, docs/equity.md): for a run whose truth is known,
 * who is wrongly matched and who is missed, per group of surnames, with Wilson 95% intervals,
 * the disparity against the overall rate, plain-words findings where a group differs beyond
 * chance, and the per-group match threshold that would bring a group's false-match rate down to
 * the overall one, with what it costs in review cases. The groups are groups of NAMES from public
 * lists (src/standardize/reference), never of people.
 */
import { InvalidInputError } from '../core/index.js'
import { SURNAME_GROUPS, SURNAME_GROUP_LABELS, SURNAME_GROUP_NAMES, surnameGroupsOf } from '../standardize/index.js'
import type { SurnameGroup } from '../standardize/index.js'

/** One request of a labelled run, as the equity table needs it (the truth beside the outcome). */
export interface LabelledOutcome {
  /**
   * The surnames whose groups the request counts in: the surname as the request gave it and, when
   * the truth names one, the surname of its true record (so that noise in a name does not move the
   * request out of its group).
   */
  readonly surnames: readonly string[]
  /** The request was matched (link status `match`): its best candidate would be disclosed. */
  readonly matched: boolean
  /** The match weight of the best candidate in bits; null when there was no candidate. */
  readonly weight: number | null
  /** The truth names a record of this person in the master. */
  readonly hasTrue: boolean
  /** The best candidate is (one of) the person's true record(s). */
  readonly bestIsTrue: boolean
}

/** A proportion with its Wilson score 95% interval. */
export interface RateInterval {
  /** The events counted (false matches, missed matches). */
  readonly count: number
  /** What they are counted out of; the rate is null when this is 0. */
  readonly of: number
  readonly rate: number | null
  /** The interval's bounds (0 and 1 when `of` is 0). */
  readonly low: number
  readonly high: number
}

/**
 * How a group's rate stands against the overall rate: its 95% interval wholly above or below it,
 * spanning it, or too few cases (under MIN_CASES) to call either way.
 */
export type Difference = 'higher' | 'lower' | 'within' | 'too_few'

/**
 * The fewest cases (requests for the false-match rate, true matches for the missed-match rate) a
 * group needs before it is said to differ: with 1 missed of 2 the interval (9–91%) can exclude
 * an overall rate of 3%, and one such group among the many compared is expected by chance.
 */
export const MIN_CASES = 20

/** The match threshold for one group that would bring its false-match rate to the overall one. */
export interface ThresholdProposal {
  /** The proposed match threshold for the group, in bits (a request matches at or above it). */
  readonly threshold: number
  /** The run's match threshold it replaces. */
  readonly current: number
  /** The group's false matches left at the proposed threshold. */
  readonly falseMatchesAfter: number
  /** The group's false-match rate at the proposed threshold. */
  readonly rateAfter: number
  /** Requests of the group that matched at the run's threshold and fall below the proposed one: they go to people to review. */
  readonly reviewCases: number
  /** Of those review cases, how many were right matches (work added for reviewers, not errors removed). */
  readonly rightMatchesToReview: number
}

/** The error counts and rates of one group (or of all requests). */
export interface EquityRow {
  /** The group, or `all` for the overall row. */
  readonly group: SurnameGroup | 'all'
  /** The group's short name, for table rows and chart axes. */
  readonly name: string
  /** The group in words, with its source. */
  readonly label: string
  /** Labelled requests in the group. */
  readonly records: number
  /** Requests whose person the truth puts in the master. */
  readonly trueMatches: number
  /** Requests matched to a record that is not the person's (wrong person, or no true record at all). */
  readonly falseMatches: number
  /** Requests with a true record that were not matched to it. */
  readonly missedMatches: number
  /** False matches out of the group's requests. */
  readonly falseMatchRate: RateInterval
  /** Missed matches out of the group's true matches. */
  readonly missedMatchRate: RateInterval
  /** The group's false-match rate over the overall one (null when either is 0 or unknown). */
  readonly falseMatchDisparity: number | null
  readonly missedMatchDisparity: number | null
  /** Whether the group's interval lies wholly above or below the overall rate. */
  readonly falseMatchDiffers: Difference
  readonly missedMatchDiffers: Difference
  /** For a group wrongly matched more often beyond chance, the threshold that would equalize it; else null. */
  readonly proposal: ThresholdProposal | null
}

/** The equity table of one labelled run. */
export interface EquityReport {
  /** What the truth came from, e.g. `the generator's truth file` or `FEBRL 4's record ids`. */
  readonly truthSource: string
  /** The run's match threshold in bits, when known (needed for the threshold proposals). */
  readonly matchThreshold: number | null
  /** All labelled requests. */
  readonly overall: EquityRow
  /** One row per surname group with at least one request, in SURNAME_GROUPS order. */
  readonly groups: readonly EquityRow[]
  /** The findings in plain words, one sentence each; empty when no group differs beyond chance. */
  readonly findings: readonly string[]
}

/** The normal quantile of a two-sided 95% interval. */
const Z95 = 1.959963984540054

/**
 * The Wilson score interval (95%) of `count` events out of `of` trials (Wilson 1927), which keeps
 * its coverage near 0 and 1, where the normal approximation collapses.
 *
 * @example
 * wilsonInterval(0, 10)  // { rate: 0, low: 0, high: 0.2775… }
 * wilsonInterval(5, 10)  // { rate: 0.5, low: 0.2366…, high: 0.7633… }
 */
export function wilsonInterval(count: number, of: number): RateInterval {
  if (!Number.isInteger(count) || !Number.isInteger(of) || count < 0 || of < 0 || count > of) {
    throw new InvalidInputError(`a Wilson interval needs whole counts with 0 ≤ count ≤ of; got ${count} of ${of}`)
  }
  if (of === 0) return { count, of, rate: null, low: 0, high: 1 }
  const p = count / of
  const z2 = Z95 * Z95
  const centre = p + z2 / (2 * of)
  const spread = Z95 * Math.sqrt((p * (1 - p)) / of + z2 / (4 * of * of))
  const denominator = 1 + z2 / of
  // At 0 and at `of` a bound is exactly 0 or 1; the formula lands a rounding error off it, which
  // would make a group with no errors "differ" from an overall rate of 0.
  return { count, of, rate: p, low: count === 0 ? 0 : Math.max(0, (centre - spread) / denominator), high: count === of ? 1 : Math.min(1, (centre + spread) / denominator) }
}

/** Counts of one set of outcomes. */
interface Tally {
  records: number
  trueMatches: number
  falseMatches: number
  missedMatches: number
}

function isFalseMatch(o: LabelledOutcome): boolean {
  return o.matched && !o.bestIsTrue
}

function tally(outcomes: readonly LabelledOutcome[]): Tally {
  const t: Tally = { records: 0, trueMatches: 0, falseMatches: 0, missedMatches: 0 }
  for (const o of outcomes) {
    t.records++
    if (o.hasTrue) t.trueMatches++
    if (isFalseMatch(o)) t.falseMatches++
    if (o.hasTrue && !(o.matched && o.bestIsTrue)) t.missedMatches++
  }
  return t
}

function difference(interval: RateInterval, overall: number | null): Difference {
  if (interval.of < MIN_CASES) return 'too_few'
  if (overall === null || interval.rate === null) return 'within'
  if (interval.low > overall) return 'higher'
  if (interval.high < overall) return 'lower'
  return 'within'
}

function ratio(rate: number | null, overall: number | null): number | null {
  return rate === null || overall === null || overall === 0 ? null : rate / overall
}

/**
 * The lowest match threshold at or above `current` at which the group's false-match rate is no
 * more than `target`: requests below it that matched go to review instead. Computed from the
 * run's own weights; null when the group has no matched request with a weight.
 */
export function proposeThreshold(outcomes: readonly LabelledOutcome[], current: number, target: number): ThresholdProposal | null {
  const matched = outcomes.filter((o) => o.matched && o.weight !== null).sort((a, b) => (a.weight as number) - (b.weight as number))
  if (matched.length === 0) return null
  const records = outcomes.length
  let falseLeft = matched.filter(isFalseMatch).length
  let reviewCases = 0
  let rightToReview = 0
  // Raise the threshold past one weight at a time (ties together), lowest first.
  let threshold = current
  let i = 0
  while (falseLeft / records > target && i < matched.length) {
    const w = matched[i]?.weight as number
    while (i < matched.length && (matched[i]?.weight as number) === w) {
      const o = matched[i] as LabelledOutcome
      reviewCases++
      if (isFalseMatch(o)) falseLeft--
      else rightToReview++
      i++
    }
    // Just above the weight passed: the next weight up, or the one passed plus a hundredth of a bit.
    const next = matched[i]?.weight
    threshold = next !== undefined && next !== null ? next : w + 0.01
  }
  return { threshold: Math.max(current, threshold), current, falseMatchesAfter: falseLeft, rateAfter: falseLeft / records, reviewCases, rightMatchesToReview: rightToReview }
}

function row(group: SurnameGroup | 'all', name: string, label: string, outcomes: readonly LabelledOutcome[], overall: Tally | null, matchThreshold: number | null): EquityRow {
  const t = tally(outcomes)
  const falseMatchRate = wilsonInterval(t.falseMatches, t.records)
  const missedMatchRate = wilsonInterval(t.missedMatches, t.trueMatches)
  const overallFalse = overall && overall.records > 0 ? overall.falseMatches / overall.records : null
  const overallMissed = overall && overall.trueMatches > 0 ? overall.missedMatches / overall.trueMatches : null
  const falseMatchDiffers = overall ? difference(falseMatchRate, overallFalse) : 'within'
  return {
    group,
    name,
    label,
    ...t,
    falseMatchRate,
    missedMatchRate,
    falseMatchDisparity: overall ? ratio(falseMatchRate.rate, overallFalse) : null,
    missedMatchDisparity: overall ? ratio(missedMatchRate.rate, overallMissed) : null,
    falseMatchDiffers,
    missedMatchDiffers: overall ? difference(missedMatchRate, overallMissed) : 'within',
    proposal: falseMatchDiffers === 'higher' && matchThreshold !== null && overallFalse !== null ? proposeThreshold(outcomes, matchThreshold, overallFalse) : null,
  }
}

/** A percentage: two decimals, or two significant digits below 0.01% (1 false match in 128,000 is 0.00078%, not 0.00%). */
function percentNumber(rate: number): string {
  const p = 100 * rate
  return p > 0 && p < 0.01 ? p.toPrecision(2) : p.toFixed(2)
}

/** A rate as a percentage (see `percentNumber`); `–` when there were no cases. */
export function percent(rate: number | null): string {
  return rate === null ? '–' : `${percentNumber(rate)}%`
}

/** A rate with its interval, e.g. `3.10% (95% CI 2.40–3.95%)`. */
export function rateWithInterval(r: RateInterval): string {
  return r.rate === null ? 'no cases' : `${percent(r.rate)} (95% CI ${percentNumber(r.low)}–${percentNumber(r.high)}%)`
}

const count = (n: number) => n.toLocaleString('en-US')

/** The plain-words findings: one sentence per group and rate that differs beyond chance. */
function findingsOf(overall: EquityRow, groups: readonly EquityRow[]): string[] {
  const out: string[] = []
  for (const g of groups) {
    if ((g.falseMatchDiffers === 'higher' || g.falseMatchDiffers === 'lower')) {
      const p = g.proposal
      out.push(
        `Requests with a surname in the group "${g.label}" were wrongly matched ${g.falseMatchDiffers === 'higher' ? 'MORE' : 'less'} often than all requests, beyond chance: ${rateWithInterval(g.falseMatchRate)} against ${percent(overall.falseMatchRate.rate)} overall${g.falseMatchDisparity !== null ? ` (${g.falseMatchDisparity.toFixed(2)} times)` : ''}.` +
          (p
            ? ` A match threshold of ${p.threshold.toFixed(2)} bits for this group (now ${p.current.toFixed(2)}) would bring it to ${percent(p.rateAfter)}, at the cost of ${count(p.reviewCases)} more review case${p.reviewCases === 1 ? '' : 's'} (${count(p.rightMatchesToReview)} of them right matches).`
            : ''),
      )
    }
    if ((g.missedMatchDiffers === 'higher' || g.missedMatchDiffers === 'lower')) {
      out.push(
        `Requests with a surname in the group "${g.label}" were missed ${g.missedMatchDiffers === 'higher' ? 'MORE' : 'less'} often than all requests, beyond chance: ${rateWithInterval(g.missedMatchRate)} of their true matches against ${percent(overall.missedMatchRate.rate)} overall${g.missedMatchDisparity !== null ? ` (${g.missedMatchDisparity.toFixed(2)} times)` : ''}.`,
      )
    }
  }
  return out
}

/**
 * The equity table of a labelled run: overall and per surname group (a request counts in every
 * group any of its surnames belongs to, so groups overlap and do not add up to the whole).
 *
 * @example
 * equityTable(outcomes, { truthSource: "the generator's truth file", matchThreshold: 10 })
 */
export function equityTable(outcomes: readonly LabelledOutcome[], options: { readonly truthSource: string; readonly matchThreshold: number | null }): EquityReport {
  const byGroup = new Map<SurnameGroup, LabelledOutcome[]>()
  for (const o of outcomes) {
    const groups = new Set<SurnameGroup>()
    for (const surname of o.surnames) for (const g of surnameGroupsOf(surname)) groups.add(g)
    for (const g of groups) {
      let list = byGroup.get(g)
      if (!list) byGroup.set(g, (list = []))
      list.push(o)
    }
  }
  const overallTally = tally(outcomes)
  const overall = row('all', 'All requests', 'All labelled requests', outcomes, null, null)
  const groups = SURNAME_GROUPS.filter((g) => byGroup.has(g)).map((g) => row(g, SURNAME_GROUP_NAMES[g], SURNAME_GROUP_LABELS[g], byGroup.get(g) ?? [], overallTally, options.matchThreshold))
  return { truthSource: options.truthSource, matchThreshold: options.matchThreshold, overall, groups, findings: findingsOf(overall, groups) }
}

/** The header and rows of the equity table as plain text cells, for benches and the console. */
export function equityTableRows(report: EquityReport): { readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] } {
  const header = ['group', 'requests', 'true matches', 'false matches', 'false-match rate (95% CI)', 'ratio', 'missed', 'missed-match rate (95% CI)', 'ratio', 'beyond chance', 'threshold to equalize (review cases)']
  const rows = [report.overall, ...report.groups].map((r) => [
    r.group,
    count(r.records),
    count(r.trueMatches),
    count(r.falseMatches),
    rateWithInterval(r.falseMatchRate),
    r.falseMatchDisparity === null ? '' : r.falseMatchDisparity.toFixed(2),
    count(r.missedMatches),
    rateWithInterval(r.missedMatchRate),
    r.missedMatchDisparity === null ? '' : r.missedMatchDisparity.toFixed(2),
    [r.falseMatchDiffers, r.missedMatchDiffers]
      .map((d, i) => (d === 'higher' || d === 'lower' ? `${i === 0 ? 'false' : 'missed'} ${d}` : d === 'too_few' ? `${i === 0 ? 'false' : 'missed'}: too few` : ''))
      .filter((s) => s !== '')
      .join(', '),
    r.proposal ? `${r.proposal.threshold.toFixed(2)} bits (${count(r.proposal.reviewCases)})` : '',
  ])
  return { header, rows }
}
