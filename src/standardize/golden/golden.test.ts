import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runGoldenFile, type GoldenOutcome } from './golden-cases.js'

const FILES = ['golden-addresses.txt', 'golden-names.txt', 'golden-dates.txt']

describe('the golden table of hand-written standardization cases', () => {
  const outcomes: GoldenOutcome[] = FILES.flatMap(runGoldenFile)

  it('holds at least 300 cases, among them the 30 tricky addresses the parsers were measured on', () => {
    assert.ok(outcomes.length >= 300, `only ${outcomes.length} cases`)
    assert.ok(outcomes.filter((o) => o.file === 'golden-addresses.txt').length >= 30)
  })

  it('standardizes at least 97% of the cases exactly, printing every failing case', () => {
    const failing = outcomes.filter((o) => o.differences.length > 0)
    for (const f of failing) console.log(`  ${f.file}:${f.line} ${JSON.stringify(f.input)}\n    ${f.differences.join('\n    ')}`)
    const exact = (outcomes.length - failing.length) / outcomes.length
    console.log(`  golden: ${outcomes.length - failing.length} of ${outcomes.length} exact (${(exact * 100).toFixed(1)}%)`)
    for (const file of FILES) {
      const mine = outcomes.filter((o) => o.file === file)
      console.log(`    ${file}: ${mine.filter((o) => o.differences.length === 0).length} of ${mine.length}`)
    }
    assert.ok(exact >= 0.97, `${(exact * 100).toFixed(1)}% exact, below 97%`)
  })

  it('gets every address of the 30 tricky cases the parsers were measured on exactly', () => {
    const libraries = outcomes.filter((o) => o.file === 'golden-addresses.txt').slice(0, 30)
    assert.deepEqual(libraries.filter((o) => o.differences.length > 0).map((o) => o.input), [])
  })
})
