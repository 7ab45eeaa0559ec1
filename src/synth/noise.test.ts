import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { accentName, digitSwap, digitTypo, keyboardTypo, ocrTypo, phoneticTypo, titleCase } from './noise.js'
import { Rng } from './prng.js'

/** Damerau–Levenshtein (optimal string alignment) distance. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[]
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      row[j] = Math.min((d[i - 1] as number[])[j]! + 1, row[j - 1]! + 1, (d[i - 1] as number[])[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, (d[i - 2] as number[])[j - 2]! + 1)
    }
  }
  return (d[a.length] as number[])[b.length] as number
}

describe('request noise', () => {
  it('makes a keyboard slip exactly one edit away', () => {
    const rng = new Rng(1, 1, 1)
    for (let i = 0; i < 2000; i++) {
      const typo = keyboardTypo('HERNANDEZ', rng)
      assert.ok(typo !== undefined)
      assert.equal(distance('HERNANDEZ', typo), 1, typo)
    }
    assert.equal(keyboardTypo('A', rng), undefined)
  })

  it('confuses OCR glyphs only where the text has one', () => {
    const rng = new Rng(2, 1, 1)
    const typo = ocrTypo('BROWN', rng)
    assert.ok(typo !== undefined && typo !== 'BROWN')
    assert.match(typo, /^[A-Z0-9]+$/)
    assert.equal(ocrTypo('AAA', rng), undefined)
  })

  it('misspells by sound', () => {
    const rng = new Rng(3, 1, 1)
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) seen.add(phoneticTypo('VAZQUEZ', rng) ?? '')
    assert.ok(seen.has('BAZQUEZ') || seen.has('VASQUEZ'))
    assert.ok(!seen.has(''))
  })

  it('writes accents into Hispanic names and leaves others alone', () => {
    assert.equal(accentName('JOSE LUIS'), 'JOSÉ LUIS')
    assert.equal(accentName('GARCIA-MUNOZ'), 'GARCÍA-MUÑOZ')
    assert.equal(accentName('SMITH'), undefined)
    assert.equal(titleCase('GARCIA-LOPEZ JR'), 'Garcia-Lopez Jr')
  })

  it('changes one digit, or swaps two', () => {
    const rng = new Rng(4, 1, 1)
    for (let i = 0; i < 500; i++) {
      const typo = digitTypo('123456789', rng)
      assert.equal([...typo].filter((c, k) => c !== '123456789'[k]).length, 1)
      assert.equal(distance('123456789', digitSwap('123456789', rng)), 1)
    }
  })
})
