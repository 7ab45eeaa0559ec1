import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { sharedDataFile, skipUnlessShared } from '../../test/support/shared-data.js'
import { febrlLayout } from './febrl-layout.js'
import { buildScaledFebrl } from './scaled-febrl.js'

const skip = skipUnlessShared('febrl/dataset4a.csv') || skipUnlessShared('febrl/dataset4b.csv')

/** The lines of a CSV text, whatever its line ends (FEBRL's 4a has CR LF, 4b LF), without the break after the last. */
const linesOf = (text: string) => text.replace(/\r?\n$/, '').split(/\r?\n/)

/** A FEBRL line with one space before each field after the first: some of FEBRL's corrupted values start with two, which the scaled builder trims. */
const oneSpace = (line: string) => line.split(',').map((v, i) => (i === 0 ? v.trim() : ` ${v.trim()}`)).join(',')

describe('FEBRL layout of scaled FEBRL rows (the files bench/peer.ts gives both tools)', () => {
  it('with one replica, gives back FEBRL 4 line for line, one space before each field and a blank as a space, as FEBRL has them (rows shuffled)', { skip }, () => {
    const a = sharedDataFile('febrl/dataset4a.csv') as string
    const b = sharedDataFile('febrl/dataset4b.csv') as string
    const built = buildScaledFebrl(a, b, 1, 42)
    for (const [path, rows] of [[a, built.a], [b, built.b]] as const) {
      const original = linesOf(readFileSync(path, 'utf8')).map(oneSpace)
      const mine = linesOf(febrlLayout(rows))
      assert.equal(mine[0], original[0], 'the header, with FEBRL spaces')
      assert.deepEqual([...mine.slice(1)].sort(), [...original.slice(1)].sort())
    }
  })

  it('reads back, trimmed, as the rows it was given (K = 2)', { skip }, () => {
    const built = buildScaledFebrl(sharedDataFile('febrl/dataset4a.csv') as string, sharedDataFile('febrl/dataset4b.csv') as string, 2, 7)
    const back = (parse(febrlLayout(built.b)) as string[][]).map((row) => row.map((v) => v.trim()))
    assert.deepEqual(back, built.b)
  })

  it('refuses a value that would need quoting, naming it', () => {
    assert.throws(() => febrlLayout([['rec_id', 'surname'], ['rec-1-org', 'smith, jr']]), /"smith, jr" holds a comma/)
  })
})
