import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { countPatterns, expectationMaximisation } from './expectation-maximisation.js'

/** mulberry32: a seeded PRNG so the simulation is the same every run. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function draw(probabilities: readonly number[], r: number): number {
  let acc = 0
  for (let i = 0; i < probabilities.length; i++) {
    acc += probabilities[i] as number
    if (r < acc) return i
  }
  return probabilities.length - 1
}

describe('expectationMaximisation', () => {
  // Known parameters: 4 fields of 3–4 levels (the last is `missing`, drawn with 5% chance).
  const m = [
    [0.9, 0.07, 0.03],
    [0.85, 0.1, 0.05],
    [0.8, 0.15, 0.05],
    [0.95, 0.03, 0.02],
  ]
  const u = [
    [0.05, 0.15, 0.8],
    [0.02, 0.08, 0.9],
    [0.1, 0.2, 0.7],
    [0.01, 0.04, 0.95],
  ]
  const lambda = 0.15
  const rand = random(2024)
  const vectors: number[][] = []
  for (let i = 0; i < 100_000; i++) {
    const isMatch = rand() < lambda
    vectors.push(m.map((row, f) => (rand() < 0.05 ? 3 : draw(isMatch ? row : (u[f] as number[]), rand()))))
  }
  const data = countPatterns([4, 4, 4, 4], vectors)

  it('groups vectors into distinct patterns with counts', () => {
    assert.ok(data.counts.length <= 4 ** 4)
    assert.equal(data.counts.reduce((a, b) => a + b, 0), 100_000)
  })

  it('recovers known m, u and λ from data simulated with them', () => {
    const start = {
      m: [
        [0.6, 0.2, 0.2, 1],
        [0.6, 0.2, 0.2, 1],
        [0.6, 0.2, 0.2, 1],
        [0.6, 0.2, 0.2, 1],
      ],
      u: [
        [0.2, 0.3, 0.5, 1],
        [0.2, 0.3, 0.5, 1],
        [0.2, 0.3, 0.5, 1],
        [0.2, 0.3, 0.5, 1],
      ],
      lambda: 0.3,
    }
    const fitted = expectationMaximisation(data, start, { maxIterations: 500, tolerance: 1e-8 })
    assert.ok(fitted.converged)
    assert.ok(Math.abs(fitted.lambda - lambda) < 0.01, `λ ${fitted.lambda}`)
    m.forEach((row, f) => row.forEach((v, l) => assert.ok(Math.abs((fitted.m[f]?.[l] as number) - v) < 0.02, `m[${f}][${l}] ${fitted.m[f]?.[l]} vs ${v}`)))
    u.forEach((row, f) => row.forEach((v, l) => assert.ok(Math.abs((fitted.u[f]?.[l] as number) - v) < 0.02, `u[${f}][${l}] ${fitted.u[f]?.[l]} vs ${v}`)))
  })

  it('holds u fixed when asked and still recovers m', () => {
    const fitted = expectationMaximisation(data, { m: m.map(() => [0.5, 0.3, 0.2, 1]), u: u.map((row) => [...row, 1]), lambda: 0.5 }, { fixU: true, maxIterations: 500 })
    assert.deepEqual(fitted.u, u.map((row) => [...row, 1]))
    m.forEach((row, f) => row.forEach((v, l) => assert.ok(Math.abs((fitted.m[f]?.[l] as number) - v) < 0.02)))
  })
})
