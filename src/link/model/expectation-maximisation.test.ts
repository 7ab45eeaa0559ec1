import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { countPatterns, expectationMaximisation, leaveOneOutM } from './expectation-maximisation.js'
import { seededRandom } from '../training.js'

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
  const rand = seededRandom(2024)
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

describe('leaveOneOutM', () => {
  // Blocked pairs shaped like scaled FEBRL's (issue 18): per request its true record and seven
  // non-matches, four found by the address (street and number agree, the postcode not) and three
  // by the date of birth, each otherwise a random record. Fields: given name, surname, date of
  // birth, address, SSN, each [agree, near, different, missing]; m as FEBRL's duplicates have it
  // (names exact only ~0.69), u of random pairs of a 100,000-record master.
  const m = [
    [0.69, 0.15, 0.16],
    [0.68, 0.19, 0.13],
    [0.93, 0.03, 0.04],
    [0.27, 0.66, 0.07],
    [0.92, 0.04, 0.04],
  ]
  const u = [
    [0.004, 0.006, 0.99],
    [0.005, 0.003, 0.992],
    [0.0002, 0.0007, 0.9991],
    [0.000002, 0.00001, 0.999988],
    [0.00001, 0.0001, 0.99989],
  ]
  const F_DOB = 2
  const F_ADDRESS = 3
  const rand = seededRandom(7)
  const vectors: number[][] = []
  for (let r = 0; r < 20_000; r++) {
    vectors.push(m.map((row) => (rand() < 0.03 ? 3 : draw(row, rand()))))
    for (let k = 0; k < 7; k++) {
      const [blockedOn, level] = k < 4 ? [F_ADDRESS, 1] : [F_DOB, 0]
      vectors.push(u.map((row, f) => (f === blockedOn ? level : rand() < 0.03 ? 3 : draw(row, rand()))))
    }
  }
  const data = countPatterns([4, 4, 4, 4, 4], vectors)
  const randomU = u.map((row) => [...row, 1])
  const perPair = 1 / 100_000
  const near = (fitted: readonly (readonly number[])[], within: number) =>
    m.forEach((row, f) => row.forEach((v, l) => assert.ok(Math.abs((fitted[f]?.[l] as number) - v) < within, `m[${f}][${l}] ${fitted[f]?.[l]} vs ${v}`)))

  it('recovers m at u from random pairs where every non-match shares a blocking field with its request', () => {
    const start = [
      [0.9, 0.05, 0.05, 1],
      [0.8, 0.1, 0.1, 1],
      [0.95, 0.03, 0.02, 1],
      [0.7, 0.1, 0.2, 1],
      [0.97, 0.02, 0.01, 1],
    ]
    const fitted = leaveOneOutM(data, { m: start, u: randomU, lambda: perPair })
    assert.ok(fitted.converged)
    assert.deepEqual(fitted.u, randomU, 'u is held')
    near(fitted.m, 0.05)
  })

  it('does not settle on the second split that free EM finds from a start favouring the blocking field', () => {
    // A start that says "a match is a pair with the same date of birth": free EM (u free, m
    // drawn to the start as training does) keeps a fit where an exact given name is not even
    // four times as likely as a different one among "matches", the fit training refuses.
    const start = [
      [0.4, 0.3, 0.3, 1],
      [0.4, 0.3, 0.3, 1],
      [0.98, 0.01, 0.01, 1],
      [0.4, 0.3, 0.3, 1],
      [0.4, 0.3, 0.3, 1],
    ]
    const free = expectationMaximisation(data, { m: start, u: u.map((row) => [...row.map((x) => Math.max(x, 0.01)), 1]), lambda: 0.5 }, { floor: 1e-6, priorStrength: 0.05 * vectors.length })
    assert.ok((free.m[0]?.[0] as number) <= (free.m[0]?.[2] as number) * 4, `free EM: given exact ${free.m[0]?.[0]}, different ${free.m[0]?.[2]}`)
    const fitted = leaveOneOutM(data, { m: start, u: randomU, lambda: perPair })
    near(fitted.m, 0.05)
  })
})
