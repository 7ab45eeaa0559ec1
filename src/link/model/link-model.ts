/**
 * The Fellegi–Sunter model (Fellegi & Sunter 1969): per compared field and comparison level, m
 * (the probability of that level when the two records are the same person) and u (when they are
 * not); a level's partial match weight is log2(m / u), a pair's weight is the prior weight plus
 * the sum over fields, and `missing` weighs 0. Exact agreement on a name is term-frequency
 * adjusted (Splink's tf adjustment): its u is the frequency of that very name among the master's
 * records, so agreeing on a rare surname weighs more than agreeing on GARCIA.
 *
 * A model is plain JSON (`verigate-link-model/1`), validated when loaded, and digested: the
 * digest goes with every result as `modelDigest`. The document's check is written out here, not
 * a zod schema: zod's ninety modules cost `verigate link` a tenth of a second at start, on a
 * path that usually loads no model at all (issue 19).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { COMPARISON_LEVELS, type ComparedField, type ComparisonLevel, InvalidInputError, type JsonValue, digest } from '../../core/index.js'

/** The compared fields, in the order of comparison vectors. */
export const COMPARED_FIELDS = ['given_name', 'surname', 'dob', 'address', 'tin', 'suffix'] as const satisfies readonly ComparedField[]

/** m and u of one field, by level name (`missing` has none). */
export interface FieldParameters<F extends ComparedField = ComparedField> {
  readonly m: { readonly [L in Exclude<ComparisonLevel<F>, 'missing'>]: number }
  readonly u: { readonly [L in Exclude<ComparisonLevel<F>, 'missing'>]: number }
}

/** A trained (or default) linkage model. */
export interface LinkModel {
  readonly format: 'verigate-link-model/1'
  /** Where the parameters came from. */
  readonly description: string
  /**
   * The expected share of requests whose person is in the master. The prior match probability
   * of one request–master pair is this divided by the number of master records.
   */
  readonly priorMatchRate: number
  /** Which names get term-frequency adjusted exact weights, and the floor of a name's frequency. */
  readonly termFrequency: { readonly givenName: boolean; readonly surname: boolean; readonly minimumU: number }
  readonly fields: { readonly [F in (typeof COMPARED_FIELDS)[number]]: FieldParameters<F> }
}

/** One problem of a model document: where (a dotted path) and what. */
interface ModelProblem {
  readonly field: string
  readonly message: string
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

/**
 * Checks that `value` is an object with exactly the keys of `shape` (each checked by its
 * function), as a strict schema would; problems are pushed onto `problems`.
 */
function checkObject(value: unknown, path: string, shape: Readonly<Record<string, (v: unknown, path: string) => void>>, problems: ModelProblem[]): void {
  if (!isRecord(value)) {
    problems.push({ field: path, message: `expected an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}` })
    return
  }
  const at = (key: string) => (path ? `${path}.${key}` : key)
  for (const key of Object.keys(value)) if (!(key in shape)) problems.push({ field: at(key), message: `unrecognized key "${key}"` })
  for (const [key, check] of Object.entries(shape)) check(value[key], at(key))
}

/** The problems of a model document (none when it is one). */
function modelProblems(value: unknown): ModelProblem[] {
  const problems: ModelProblem[] = []
  const probability = (v: unknown, path: string) => {
    if (typeof v !== 'number' || !(v > 0 && v <= 1)) problems.push({ field: path, message: `expected a probability in (0, 1], got ${JSON.stringify(v) ?? 'nothing'}` })
  }
  const boolean = (v: unknown, path: string) => {
    if (typeof v !== 'boolean') problems.push({ field: path, message: `expected true or false, got ${JSON.stringify(v) ?? 'nothing'}` })
  }
  const field = (name: ComparedField) => (v: unknown, path: string) => {
    const levels = Object.fromEntries(scoredLevels(name).map((l) => [l, probability]))
    checkObject(v, path, { m: (x, p) => checkObject(x, p, levels, problems), u: (x, p) => checkObject(x, p, levels, problems) }, problems)
  }
  checkObject(
    value,
    '',
    {
      format: (v, path) => {
        if (v !== 'verigate-link-model/1') problems.push({ field: path, message: `expected "verigate-link-model/1", got ${JSON.stringify(v) ?? 'nothing'}` })
      },
      description: (v, path) => {
        if (typeof v !== 'string') problems.push({ field: path, message: 'expected a string' })
      },
      priorMatchRate: probability,
      termFrequency: (v, path) => checkObject(v, path, { givenName: boolean, surname: boolean, minimumU: probability }, problems),
      fields: (v, path) => checkObject(v, path, Object.fromEntries(COMPARED_FIELDS.map((f) => [f, field(f)])), problems),
    },
    problems,
  )
  return problems
}

/**
 * Checks a parsed JSON value is a model; throws `InvalidInputError` naming every problem.
 */
export function parseModel(value: unknown, source = 'model'): LinkModel {
  const filled = withAddedLevels(value)
  const problems = modelProblems(filled)
  if (problems.length > 0) {
    const issues = problems.map((p) => ({ code: 'invalid_model', message: p.message, path: { file: source, field: p.field } }))
    throw new InvalidInputError(`${source} is not a verigate-link-model/1 document`, { issues })
  }
  return filled as LinkModel
}

/**
 * Levels added after models were first saved, each with the level whose pairs it takes over:
 * before `short_one_edit` existed its pairs were `jaro_winkler_mid`, before `year_one_digit` they
 * were `one_digit`. A model saved without them gets those levels' m and u, and so weighs every
 * pair as it did when it was trained (`--train` estimates the new levels of their own).
 */
const ADDED_LEVELS: readonly { readonly field: ComparedField; readonly level: string; readonly from: string }[] = [
  { field: 'given_name', level: 'short_one_edit', from: 'jaro_winkler_mid' },
  { field: 'dob', level: 'year_one_digit', from: 'one_digit' },
]

/** A copy of a parsed model document with the added levels filled in where a field lacks them. */
function withAddedLevels(value: unknown): unknown {
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
  if (!isObject(value) || !isObject(value.fields)) return value
  const fields: Record<string, unknown> = { ...value.fields }
  for (const { field, level, from } of ADDED_LEVELS) {
    const parameters = fields[field]
    if (!isObject(parameters)) continue
    const filled: Record<string, unknown> = { ...parameters }
    for (const which of ['m', 'u']) {
      const values = parameters[which]
      if (isObject(values) && !(level in values) && from in values) filled[which] = { ...values, [level]: values[from] }
    }
    fields[field] = filled
  }
  return { ...value, fields }
}

/** Reads a model from a JSON file. */
export function loadModel(path: string): LinkModel {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InvalidInputError(`cannot read the model ${path}`, { cause: error })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new InvalidInputError(`${path} is not JSON`, { cause: error })
  }
  return parseModel(value, path)
}

/** Writes a model as indented JSON. */
export function saveModel(model: LinkModel, path: string): void {
  writeFileSync(path, `${JSON.stringify(model, null, 2)}\n`)
}

/** The model's digest (SHA-256 of its canonical JSON). */
export function modelDigest(model: LinkModel): string {
  return digest(model as unknown as JsonValue)
}

/** Levels of a field without `missing`, in order. */
export function scoredLevels(field: ComparedField): readonly string[] {
  return (COMPARISON_LEVELS[field] as readonly string[]).filter((l) => l !== 'missing')
}

/** m or u of a model as arrays aligned with `COMPARISON_LEVELS` (missing: 1). */
export function parameterArrays(model: LinkModel, which: 'm' | 'u'): number[][] {
  return COMPARED_FIELDS.map((field) => {
    const values = model.fields[field][which] as Readonly<Record<string, number>>
    return (COMPARISON_LEVELS[field] as readonly string[]).map((l) => (l === 'missing' ? 1 : (values[l] as number)))
  })
}

/** A model with m, u (arrays aligned with `COMPARISON_LEVELS`) and the prior replaced. */
export function withParameters(model: LinkModel, m: readonly (readonly number[])[], u: readonly (readonly number[])[], priorMatchRate: number, description: string): LinkModel {
  const round = (x: number) => Number(x.toPrecision(6))
  const fields = Object.fromEntries(
    COMPARED_FIELDS.map((field, f) => {
      const levels = scoredLevels(field)
      const all = COMPARISON_LEVELS[field] as readonly string[]
      const pick = (rows: readonly (readonly number[])[]) => Object.fromEntries(levels.map((l) => [l, round(Math.min(1, Math.max(1e-12, rows[f]?.[all.indexOf(l)] as number)))]))
      return [field, { m: pick(m), u: pick(u) }]
    }),
  ) as unknown as LinkModel['fields']
  return { ...model, description, priorMatchRate: round(Math.min(1, Math.max(1e-6, priorMatchRate))), fields }
}

/**
 * Partial match weights in bits, per field (in `COMPARED_FIELDS` order) and level (aligned with
 * `COMPARISON_LEVELS`, `missing` 0).
 */
export function weightTable(model: LinkModel): Float64Array[] {
  const m = parameterArrays(model, 'm')
  const u = parameterArrays(model, 'u')
  return COMPARED_FIELDS.map((field, f) =>
    Float64Array.from((COMPARISON_LEVELS[field] as readonly string[]).map((l, i) => (l === 'missing' ? 0 : Math.log2((m[f]?.[i] as number) / (u[f]?.[i] as number))))),
  )
}

/** The prior weight of one pair: log2(λ / (1 − λ)) with λ = priorMatchRate / masterCount. */
export function priorWeight(model: LinkModel, masterCount: number): number {
  const lambda = Math.min(0.5, model.priorMatchRate / Math.max(1, masterCount))
  return Math.log2(lambda / (1 - lambda))
}

/** A match probability from a match weight in bits: 2^w / (1 + 2^w). */
export function weightToProbability(weight: number): number {
  return 1 / (1 + 2 ** -weight)
}
