/**
 * Scoring: a pair's match weight from its comparison levels under a model (term-frequency
 * adjusted for exact names), and the evidence objects (`FieldComparison`, `Candidate`) a
 * reviewer reads.
 */
import type { Candidate, ComparisonLevel, FieldComparison } from '../../core/index.js'
import { COMPARISON_LEVELS } from '../../core/index.js'
import { type MasterIndex, REC, RECORD_STRIDE } from '../index/index.js'
import { COMPARED_FIELDS, type LinkModel, parameterArrays, priorWeight, weightTable, weightToProbability } from '../model/index.js'
import { F_GIVEN, F_SURNAME, GIVEN, SURNAME } from './compare-pair.js'

/**
 * Pseudo-records of the shrinkage of a given name's frequency within a surname towards its
 * frequency among all records: a surname with a handful of records says little about which
 * given names go with it.
 */
export const SURNAME_SHRINKAGE = 10

/** Weights of one model over one index, ready for the hot loop. */
export class Scorer {
  readonly #index: MasterIndex
  readonly #table: Float64Array[]
  readonly #prior: number
  readonly #tfGiven: boolean
  readonly #tfSurname: boolean
  readonly #log2MGivenExact: number
  readonly #log2MSurnameExact: number
  readonly #log2MSurnamePart: number
  readonly #minimumU: number

  constructor(index: MasterIndex, model: LinkModel) {
    this.#index = index
    this.#table = weightTable(model)
    // The whole master's count: a shard scores as the whole index does.
    this.#prior = priorWeight(model, index.masterCount)
    const m = parameterArrays(model, 'm')
    this.#tfGiven = model.termFrequency.givenName
    this.#tfSurname = model.termFrequency.surname
    this.#minimumU = model.termFrequency.minimumU
    this.#log2MGivenExact = Math.log2(m[F_GIVEN]?.[GIVEN.exact] as number)
    this.#log2MSurnameExact = Math.log2(m[F_SURNAME]?.[SURNAME.exact] as number)
    this.#log2MSurnamePart = Math.log2(m[F_SURNAME]?.[SURNAME.part] as number)
  }

  /** The prior weight of a pair (bits). */
  get prior(): number {
    return this.#prior
  }

  /**
   * The partial weight of field `f` at `level` for master row `row`. `requestSurname` (the
   * request's surname code) lets agreement on one part of a double surname be term-frequency
   * adjusted too: HERNANDEZ inside ASTURIAS HERNANDEZ is as common as HERNANDEZ.
   * `surnameLevel` (the pair's surname level) makes an exactly agreeing given name weigh by its
   * frequency among the records of the master's surname when the surnames agree (exactly or by
   * Jaro–Winkler high), where that is higher than its overall frequency: agreeing on THANH
   * beside NGUYEN says less than THANH alone (see `MasterIndex.fullNameCount`).
   */
  partial(f: number, level: number, row: number, requestSurname = -1, surnameLevel: number = SURNAME.missing): number {
    if (f === F_SURNAME && level === SURNAME.part && this.#tfSurname) {
      const counts = this.#index.arrays.surnameCount
      const own = this.#index.arrays.records[row * RECORD_STRIDE + REC.surname] as number
      // The commoner of the two names stands for the shared part (a lower bound on its frequency).
      const count = Math.max(requestSurname >= 0 ? (counts[requestSurname] as number) : 0, own >= 0 ? (counts[own] as number) : 0)
      const frequency = count / Math.max(1, this.#index.meta.surnameTotal)
      const tf = this.#log2MSurnamePart - Math.log2(Math.max(this.#minimumU, frequency))
      return Math.min(tf, this.#table[f]?.[level] as number)
    }
    if (f === F_GIVEN && level === GIVEN.exact && this.#tfGiven) {
      const code = this.#index.arrays.records[row * RECORD_STRIDE + REC.given] as number
      const frequency = (this.#index.arrays.givenCount[code] as number) / Math.max(1, this.#index.meta.givenTotal)
      const withinSurname = surnameLevel === SURNAME.exact || surnameLevel === SURNAME.jwHigh ? this.#givenWithinSurname(row, frequency) : 0
      return this.#log2MGivenExact - Math.log2(Math.max(this.#minimumU, frequency, withinSurname))
    }
    if (f === F_SURNAME && level === SURNAME.exact && this.#tfSurname) {
      const code = this.#index.arrays.records[row * RECORD_STRIDE + REC.surname] as number
      const frequency = (this.#index.arrays.surnameCount[code] as number) / Math.max(1, this.#index.meta.surnameTotal)
      return this.#log2MSurnameExact - Math.log2(Math.max(this.#minimumU, frequency))
    }
    return this.#table[f]?.[level] as number
  }

  /**
   * The frequency of row `row`'s given name among the other records of its surname, shrunk
   * towards its overall frequency `overall` by `SURNAME_SHRINKAGE` pseudo-records (the row itself
   * is left out: it carries the name by definition).
   */
  #givenWithinSurname(row: number, overall: number): number {
    const a = this.#index.arrays
    const given = a.records[row * RECORD_STRIDE + REC.given] as number
    const surname = a.records[row * RECORD_STRIDE + REC.surname] as number
    if (given < 0 || surname < 0) return 0
    const others = this.#index.fullNameCount(given, surname) - 1
    const surnameOthers = (a.surnameCount[surname] as number) - 1
    return (others + SURNAME_SHRINKAGE * overall) / (surnameOthers + SURNAME_SHRINKAGE)
  }

  /** The total weight (prior plus partial weights) of a pair with `levels`. */
  weight(levels: Uint8Array, row: number, requestSurname = -1): number {
    let w = this.#prior
    const surnameLevel = levels[F_SURNAME] as number
    for (let f = 0; f < COMPARED_FIELDS.length; f++) w += this.partial(f, levels[f] as number, row, requestSurname, surnameLevel)
    return w
  }

  /** The evidence of one scored pair. */
  candidate(levels: Uint8Array, row: number, weight: number, requestSurname = -1): Candidate {
    const comparisons: FieldComparison[] = COMPARED_FIELDS.map((field, f) => {
      const level = (COMPARISON_LEVELS[field] as readonly string[])[levels[f] as number] as ComparisonLevel
      return { field, level, weight: roundWeight(this.partial(f, levels[f] as number, row, requestSurname, levels[F_SURNAME] as number)) } as FieldComparison
    })
    return { masterId: this.#index.id(row), weight: roundWeight(weight), probability: weightToProbability(weight), comparisons }
  }
}

/** Weights are reported to 1/10000 of a bit: enough for a reviewer, stable across platforms. */
export function roundWeight(w: number): number {
  return Math.round(w * 10000) / 10000
}
