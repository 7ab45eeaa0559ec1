/**
 * Expectation maximisation for the Fellegi–Sunter model (Fellegi & Sunter 1969; Winkler 1988;
 * as in Splink's `expectation_maximisation.py`). The data are comparison patterns (one level per
 * field) with their counts; each field's last level is `missing`, which carries no evidence
 * (m = u = 1). The E-step gives each pattern its match probability under the current λ, m and
 * u; the M-step re-estimates m (and u unless it is held fixed) as the probability-weighted level
 * frequencies among non-missing comparisons, and λ as the mean match probability.
 */

/** Comparison patterns: `levels[p * fields + f]` is pattern p's level of field f. */
export interface PatternCounts {
  /** Number of levels per field, `missing` last. */
  readonly levelCounts: readonly number[]
  readonly levels: Uint8Array
  readonly counts: Float64Array
}

/** Model parameters EM works on: m and u per field and level (`missing` ignored), and λ. */
export interface EmParameters {
  readonly m: readonly (readonly number[])[]
  readonly u: readonly (readonly number[])[]
  /** Probability that a pattern (a compared pair) is a match. */
  readonly lambda: number
}

/** Options of `expectationMaximisation`. */
export interface EmOptions {
  /** Hold u at its starting value (Splink's default when u came from random sampling). */
  readonly fixU?: boolean
  readonly maxIterations?: number
  /** Stop when no parameter moves by more than this. */
  readonly tolerance?: number
  /** Floor for any m or u, so that a level never seen keeps a finite weight. */
  readonly floor?: number
  /**
   * Weight, in pairs, of the starting m as a Dirichlet prior (maximum a posteriori EM; 0: plain
   * maximum likelihood). With few true matches among many look-alikes (a request file of
   * strangers, some of whom live with people on file), plain EM can take "same household" for
   * "same person"; a prior worth a few hundred pairs keeps m where evidence is thin and yields
   * to it where it is strong.
   */
  readonly priorStrength?: number
}

/** What EM returns: the parameters and how it got there. */
export interface EmResult extends EmParameters {
  readonly iterations: number
  readonly converged: boolean
}

/**
 * Groups level vectors into distinct patterns with counts (EM then runs on a few hundred
 * patterns instead of millions of pairs).
 */
export function countPatterns(levelCounts: readonly number[], vectors: Iterable<ArrayLike<number>>): PatternCounts {
  const fields = levelCounts.length
  const index = new Map<string, number>()
  const levels: number[] = []
  const counts: number[] = []
  for (const v of vectors) {
    let key = ''
    for (let f = 0; f < fields; f++) key += String.fromCharCode(65 + (v[f] as number))
    const at = index.get(key)
    if (at === undefined) {
      index.set(key, counts.length)
      counts.push(1)
      for (let f = 0; f < fields; f++) levels.push(v[f] as number)
    } else counts[at] = (counts[at] as number) + 1
  }
  return { levelCounts, levels: Uint8Array.from(levels), counts: Float64Array.from(counts) }
}

/**
 * Runs EM from `start` on pattern counts.
 *
 * @example
 * const fitted = expectationMaximisation(patterns, { m, u, lambda: 0.1 }, { fixU: false })
 */
export function expectationMaximisation(data: PatternCounts, start: EmParameters, options: EmOptions = {}): EmResult {
  const fields = data.levelCounts.length
  const patterns = data.counts.length
  const maxIterations = options.maxIterations ?? 100
  const tolerance = options.tolerance ?? 1e-6
  const floor = options.floor ?? 1e-9
  const priorStrength = options.priorStrength ?? 0
  const prior = start.m.map((row) => [...row])
  let m = start.m.map((row) => [...row])
  let u = start.u.map((row) => [...row])
  let lambda = start.lambda
  const posterior = new Float64Array(patterns)
  let iterations = 0
  let converged = false
  while (iterations < maxIterations) {
    iterations++
    // E-step.
    for (let p = 0; p < patterns; p++) {
      let pm = lambda
      let pu = 1 - lambda
      for (let f = 0; f < fields; f++) {
        const level = data.levels[p * fields + f] as number
        if (level === (data.levelCounts[f] as number) - 1) continue
        pm *= m[f]?.[level] as number
        pu *= u[f]?.[level] as number
      }
      posterior[p] = pm + pu > 0 ? pm / (pm + pu) : 0
    }
    // M-step.
    let matched = 0
    let total = 0
    const mNew = data.levelCounts.map((n) => new Array<number>(n).fill(0))
    const uNew = data.levelCounts.map((n) => new Array<number>(n).fill(0))
    for (let p = 0; p < patterns; p++) {
      const c = data.counts[p] as number
      const r = posterior[p] as number
      matched += c * r
      total += c
      for (let f = 0; f < fields; f++) {
        const level = data.levels[p * fields + f] as number
        ;(mNew[f] as number[])[level]! += c * r
        ;(uNew[f] as number[])[level]! += c * (1 - r)
      }
    }
    let change = 0
    const normalise = (row: number[], missing: number, previous: readonly number[]): number[] => {
      let sum = 0
      for (let l = 0; l < missing; l++) sum += row[l] as number
      return row.map((v, l) => {
        if (l === missing) return 1
        const value = sum > 0 ? Math.max(floor, v / sum) : (previous[l] as number)
        change = Math.max(change, Math.abs(value - (previous[l] as number)))
        return value
      })
    }
    if (priorStrength > 0) {
      mNew.forEach((row, f) => {
        const missing = row.length - 1
        const p = prior[f] as number[]
        let sum = 0
        for (let l = 0; l < missing; l++) sum += p[l] as number
        for (let l = 0; l < missing; l++) row[l] = (row[l] as number) + (priorStrength * (p[l] as number)) / sum
      })
    }
    m = mNew.map((row, f) => normalise(row, (data.levelCounts[f] as number) - 1, m[f] as number[]))
    if (!options.fixU) u = uNew.map((row, f) => normalise(row, (data.levelCounts[f] as number) - 1, u[f] as number[]))
    const lambdaNew = total > 0 ? matched / total : lambda
    change = Math.max(change, Math.abs(lambdaNew - lambda))
    lambda = lambdaNew
    if (change < tolerance) {
      converged = true
      break
    }
  }
  return { m, u, lambda, iterations, converged }
}

/** Options of `leaveOneOutM`. */
export interface LeaveOneOutOptions {
  readonly maxIterations?: number
  /** Stop when no m moves by more than this. */
  readonly tolerance?: number
  /** Floor for any m, so that a level never seen keeps a finite weight. */
  readonly floor?: number
}

/**
 * Estimates m field by field, each from the pairs that the *other* fields say are matches: the
 * weight of a pair's level of field f is the pair's match probability computed without f (under
 * λ, the other fields' m and the fixed u), so a field's own agreement never votes for itself.
 * Iterated until m settles. u and λ are held.
 *
 * Why: free EM on blocked pairs can find a second split that explains the data as well as the
 * true one. Where every non-match shares a blocking field with its request (a date of birth,
 * an address) and otherwise differs, free EM can make that field's agreement the "match" class
 * and its u collapse to the floor (scaled FEBRL: the date of birth, u 1e-6). Held at u from
 * random pairs, a field's agreement counts only as much as chance makes it rare, and a pair
 * counts as a match for field f only when enough of the other fields agree, the way Splink
 * trains each field's m in a session blocked on another field.
 */
export function leaveOneOutM(data: PatternCounts, start: EmParameters, options: LeaveOneOutOptions = {}): EmResult {
  const fields = data.levelCounts.length
  const patterns = data.counts.length
  const maxIterations = options.maxIterations ?? 50
  const tolerance = options.tolerance ?? 1e-6
  const floor = options.floor ?? 1e-6
  const lambda = start.lambda
  const u = start.u.map((row) => [...row])
  let m = start.m.map((row) => [...row])
  const odds = new Float64Array(patterns * fields)
  let iterations = 0
  let converged = false
  while (iterations < maxIterations) {
    iterations++
    // Each pattern's likelihood ratio per field (1 for `missing`), then the posterior without f.
    for (let p = 0; p < patterns; p++) {
      for (let f = 0; f < fields; f++) {
        const level = data.levels[p * fields + f] as number
        odds[p * fields + f] = level === (data.levelCounts[f] as number) - 1 ? 1 : (m[f]?.[level] as number) / (u[f]?.[level] as number)
      }
    }
    const mNew = data.levelCounts.map((n) => new Array<number>(n).fill(0))
    for (let p = 0; p < patterns; p++) {
      const c = data.counts[p] as number
      let all = lambda / (1 - lambda)
      for (let f = 0; f < fields; f++) all *= odds[p * fields + f] as number
      for (let f = 0; f < fields; f++) {
        const level = data.levels[p * fields + f] as number
        if (level === (data.levelCounts[f] as number) - 1) continue
        const without = all / (odds[p * fields + f] as number)
        ;(mNew[f] as number[])[level]! += (c * without) / (1 + without)
      }
    }
    let change = 0
    m = mNew.map((row, f) => {
      const missing = row.length - 1
      let sum = 0
      for (let l = 0; l < missing; l++) sum += row[l] as number
      const previous = m[f] as number[]
      return row.map((v, l) => {
        if (l === missing) return 1
        const value = sum > 0 ? Math.max(floor, v / sum) : (previous[l] as number)
        change = Math.max(change, Math.abs(value - (previous[l] as number)))
        return value
      })
    })
    if (change < tolerance) {
      converged = true
      break
    }
  }
  return { m, u, lambda, iterations, converged }
}
