import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { equityTable, proposeThreshold, wilsonInterval } from './index.js'
import type { LabelledOutcome } from './index.js'

/** `n` requests of one surname: `right` matched to their person, `wrong` matched to someone else, `missed` not matched, at the weights given. */
function requests(surname: string, right: readonly number[], wrong: readonly number[], missed = 0): LabelledOutcome[] {
  return [
    ...right.map((weight) => ({ surnames: [surname], matched: true, weight, hasTrue: true, bestIsTrue: true })),
    ...wrong.map((weight) => ({ surnames: [surname], matched: true, weight, hasTrue: false, bestIsTrue: false })),
    ...Array.from({ length: missed }, () => ({ surnames: [surname], matched: false, weight: 2, hasTrue: true, bestIsTrue: true })),
  ]
}
const repeat = (n: number, w: number) => Array.from({ length: n }, () => w)

describe('Wilson intervals', () => {
  it('agree with the published values (Newcombe 1998, Table I: 81/263 and 15/148; 0/10 and 5/10)', () => {
    const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 5e-5, `${a} is not ${b}`)
    const a = wilsonInterval(81, 263)
    close(a.low, 0.2553)
    close(a.high, 0.3662)
    const b = wilsonInterval(15, 148)
    close(b.low, 0.0624)
    close(b.high, 0.1605)
    const c = wilsonInterval(0, 10)
    assert.equal(c.low, 0)
    close(c.high, 0.2775)
    const d = wilsonInterval(5, 10)
    close(d.low, 0.2366)
    close(d.high, 0.7634)
    assert.deepEqual(wilsonInterval(0, 0), { count: 0, of: 0, rate: null, low: 0, high: 1 })
    // Exactly 0 (and 1) at the ends, not a rounding error off them (which would read as a difference from 0).
    assert.equal(wilsonInterval(0, 2692).low, 0)
    assert.equal(wilsonInterval(2692, 2692).high, 1)
  })
  it('refuse counts that cannot be a proportion, saying which', () => {
    assert.throws(() => wilsonInterval(3, 2), /0 ≤ count ≤ of; got 3 of 2/)
    assert.throws(() => wilsonInterval(-1, 2), /got -1 of 2/)
  })
})

describe('rates in words', () => {
  it('show small rates with two significant digits rather than as 0.00%', async () => {
    const { percent, rateWithInterval } = await import('./index.js')
    assert.equal(percent(1 / 128_000), '0.00078%')
    assert.equal(percent(0.15), '15.00%')
    assert.equal(percent(0), '0.00%')
    assert.equal(percent(null), '–')
    assert.equal(rateWithInterval(wilsonInterval(81, 263)), '30.80% (95% CI 25.53–36.62%)')
    assert.equal(rateWithInterval(wilsonInterval(0, 0)), 'no cases')
  })
})

describe('the equity table', () => {
  // 1,000 requests with a common English surname, 10 of them wrongly matched at low weights; 200
  // with a Spanish-list surname, 30 wrongly matched at 12–14 bits among right matches at 15+.
  const smith = requests('SMITH', repeat(990, 20), repeat(10, 11))
  const garcia = requests('GARCIA', repeat(160, 18), [...repeat(10, 12), ...repeat(10, 13), ...repeat(10, 14)], 10)
  const table = equityTable([...smith, ...garcia], { truthSource: 'a built case', matchThreshold: 10 })
  const row = (g: string) => table.groups.find((r) => r.group === g)
  it('counts requests, true matches, false and missed matches per group and overall', () => {
    assert.equal(table.overall.records, 1200)
    assert.equal(table.overall.falseMatches, 40)
    assert.equal(table.overall.trueMatches, 1160)
    assert.equal(table.overall.missedMatches, 10)
    const spanish = row('spanish_list')
    assert.equal(spanish?.records, 200)
    assert.equal(spanish?.falseMatches, 30)
    assert.equal(spanish?.missedMatches, 10)
    assert.equal(spanish?.falseMatchRate.rate, 0.15)
    assert.ok(Math.abs((spanish?.falseMatchDisparity ?? 0) - 0.15 / (40 / 1200)) < 1e-9)
  })
  it('flags the group wrongly matched more often, in plain words, and only that group', () => {
    assert.equal(row('spanish_list')?.falseMatchDiffers, 'higher')
    assert.equal(row('predominantly_hispanic')?.falseMatchDiffers, 'higher')
    assert.ok(table.findings.some((f) => /"On the Census list of Spanish surnames" were wrongly matched MORE often than all requests, beyond chance: 15\.00%/.test(f)), table.findings.join('\n'))
    assert.ok(table.findings.every((f) => !/Common surname/.test(f) || /less/.test(f)), table.findings.join('\n'))
  })
  it('proposes the threshold that brings the group down to the overall rate, with its review cases', () => {
    const p = row('spanish_list')?.proposal
    assert.ok(p)
    // The overall rate is 40/1,200 = 3.33%: at most 6 of the group's 200 may stay false matches,
    // so the weights 12 and 13 (20 false) and 14 (10 false) must all go below the threshold, which rises to the next weight up: 18.
    assert.equal(p.threshold, 18)
    assert.equal(p.falseMatchesAfter, 0)
    assert.equal(p.reviewCases, 30)
    assert.equal(p.rightMatchesToReview, 0)
    assert.ok(p.rateAfter <= (table.overall.falseMatchRate.rate ?? 0))
  })
  it('calls a group with fewer than 20 cases too few to tell, however far off its rate', () => {
    const few = equityTable([...requests('SMITH', repeat(400, 20), [], 10), ...requests('WASHINGTON', [20], [], 1)], { truthSource: 'a built case', matchThreshold: 10 })
    const black = few.groups.find((g) => g.group === 'predominantly_black')
    assert.equal(black?.missedMatchRate.rate, 0.5)
    assert.equal(black?.missedMatchDiffers, 'too_few')
    assert.ok(few.findings.every((f) => !f.includes('Black')), few.findings.join('\n'))
  })
  it('stops raising the threshold as soon as the rate is equal, counting the right matches sent to review', () => {
    const outcomes = requests('X', [11, 12, 13, 14, 15, 16, 17, 18], [11, 12])
    const p = proposeThreshold(outcomes, 10, 0.1)
    assert.deepEqual(p && { threshold: p.threshold, falseMatchesAfter: p.falseMatchesAfter, reviewCases: p.reviewCases, rightMatchesToReview: p.rightMatchesToReview }, { threshold: 12, falseMatchesAfter: 1, reviewCases: 2, rightMatchesToReview: 1 })
  })
})
