/**
 * Scaled FEBRL (issue 19): K replicas of FEBRL dataset 4 (K = 20: 100,000 × 100,000; K = 100:
 * 500,000 × 500,000), a linking job with known truth that grows like a larger population.
 *
 * Replica 0 is FEBRL 4 itself. Replica i (1 … K−1) makes 5,000 new entities, number n + 10000·i
 * for FEBRL's entity n, by recombining the fields of FEBRL's entities through five independent
 * seeded random permutations of the entity numbers, one per group of fields:
 *
 *   given name; surname; date of birth; the address block (street number, both address lines,
 *   suburb, postcode, state); SSN.
 *
 * A permutation is applied alike to an entity's `org` record (file a) and its `dup` record (file
 * b), so FEBRL's own errors between the two are kept. Postcode + 10000·i and SSN + 10,000,000·i
 * keep the replicas apart (each replica is its own region and its ids stay unique), while names
 * and dates of birth collide across replicas as they would in a larger population. The peer's
 * builder (Splink's side of the comparison) is the same construction, so both link the same
 * kind of data; the permutations differ (another generator), the kind does not.
 *
 * The files keep FEBRL's columns and their order (header `rec_id,given_name,…`, values trimmed of
 * FEBRL's leading spaces, which intake trims anyway), so `examples/maps/febrl.json` reads them;
 * rows are shuffled so replicas interleave.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { seededRandom } from '../../src/link/index.js'

/** Entities of FEBRL 4 (one `org` record in file a and one `dup` record in file b each). */
export const FEBRL_ENTITIES = 5000

/** Columns of each group that one permutation moves together. */
const GROUPS: readonly (readonly string[])[] = [
  ['given_name'],
  ['surname'],
  ['date_of_birth'],
  ['street_number', 'address_1', 'address_2', 'suburb', 'postcode', 'state'],
  ['soc_sec_id'],
]

/** The two files of a scaled FEBRL job. */
export interface ScaledFebrlFiles {
  /** The `org` records (the master side), K × 5,000 rows. */
  readonly a: string
  /** The `dup` records (the request side), K × 5,000 rows. */
  readonly b: string
}

/** A uniformly random permutation of 0 … n−1 (Fisher–Yates). */
function permutation(n: number, random: () => number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const t = p[i] as number
    p[i] = p[j] as number
    p[j] = t
  }
  return p
}

/** The entity number of a FEBRL record id (`rec-1070-org`, `rec-561-dup-0`: 1070, 561). */
function entityOf(recId: string): number {
  const n = Number(recId.split('-')[1])
  if (!Number.isInteger(n) || n < 0 || n >= FEBRL_ENTITIES) throw new Error(`scaled FEBRL: record id ${JSON.stringify(recId)} does not name a FEBRL 4 entity (rec-N-…, N below ${FEBRL_ENTITIES})`)
  return n
}

/**
 * A FEBRL file's rows by entity number (header names trimmed of FEBRL's leading spaces); fails
 * unless every entity 0 … 4,999 has exactly one row.
 */
function byEntity(path: string): { header: string[]; rows: Record<string, string>[] } {
  const table = parse(readFileSync(path), { relax_column_count: false }) as string[][]
  const [rawHeader, ...lines] = table
  if (!rawHeader) throw new Error(`scaled FEBRL: ${path} is empty`)
  const header = rawHeader.map((h) => h.trim())
  const rows: Record<string, string>[] = new Array(FEBRL_ENTITIES)
  for (const line of lines) {
    const row = Object.fromEntries(header.map((h, i) => [h, (line[i] ?? '').trim()]))
    const n = entityOf(row.rec_id ?? '')
    if (rows[n]) throw new Error(`scaled FEBRL: ${path} has two records of entity ${n}`)
    rows[n] = row
  }
  for (let n = 0; n < FEBRL_ENTITIES; n++) if (!rows[n]) throw new Error(`scaled FEBRL: ${path} has no record of entity ${n}`)
  return { header, rows }
}

/** Adds `by` to a numeric field, leaving an empty one empty (FEBRL leaves some SSNs out). */
function shift(value: string, by: number): string {
  if (value === '' || !/^\d+$/.test(value)) return value
  return String(Number(value) + by)
}

/**
 * Builds the K-replica files in memory: rows of a (org) and b (dup), header first, with FEBRL's
 * column names. Exported for its test; `scaledFebrl` writes them.
 */
export function buildScaledFebrl(a: string, b: string, k: number, seed = 42): { a: string[][]; b: string[][] } {
  if (!Number.isInteger(k) || k < 1) throw new Error(`scaled FEBRL: K must be a whole number of replicas ≥ 1, not ${k}`)
  const A = byEntity(a)
  const B = byEntity(b)
  const random = seededRandom(seed)
  const outA: string[][] = []
  const outB: string[][] = []
  for (let i = 0; i < k; i++) {
    // Replica 0 is FEBRL 4 itself; the others recombine its entities' field groups.
    const perms = i === 0 ? undefined : GROUPS.map(() => permutation(FEBRL_ENTITIES, random))
    for (const [side, out] of [[A, outA], [B, outB]] as const) {
      for (let n = 0; n < FEBRL_ENTITIES; n++) {
        const own = side.rows[n] as Record<string, string>
        const row: Record<string, string> = { ...own }
        if (perms) {
          GROUPS.forEach((columns, g) => {
            const from = side.rows[(perms[g] as Int32Array)[n] as number] as Record<string, string>
            for (const c of columns) row[c] = from[c] ?? ''
          })
          row.postcode = shift(row.postcode ?? '', 10_000 * i)
          row.soc_sec_id = shift(row.soc_sec_id ?? '', 10_000_000 * i)
          // rec-N-org → rec-(N+10000i)-org; rec-N-dup-j keeps its dup suffix.
          row.rec_id = ['rec', String(n + 10_000 * i), ...(own.rec_id ?? '').split('-').slice(2)].join('-')
        }
        out.push(side.header.map((h) => row[h] ?? ''))
      }
    }
  }
  // Shuffled, so a file read in order does not meet the replicas one after another.
  const shuffle = (rows: string[][]) => {
    const p = permutation(rows.length, random)
    return Array.from(p, (j) => rows[j] as string[])
  }
  return { a: [A.header, ...shuffle(outA)], b: [B.header, ...shuffle(outB)] }
}

/**
 * The scaled FEBRL files for K replicas in `dir` (the system temp folder, by the caller), built
 * on the first call and reused after (written under a temporary name and renamed, so a run
 * stopped half-way never leaves a half file to be reused).
 */
export function scaledFebrl(febrlA: string, febrlB: string, k: number, dir: string, seed = 42): ScaledFebrlFiles {
  const folder = join(dir, `scaled-febrl-k${k}-s${seed}`)
  const files = { a: join(folder, 'dataset4a.csv'), b: join(folder, 'dataset4b.csv') }
  if (existsSync(files.a) && existsSync(files.b)) return files
  mkdirSync(folder, { recursive: true })
  const built = buildScaledFebrl(febrlA, febrlB, k, seed)
  for (const [path, rows] of [[files.a, built.a], [files.b, built.b]] as const) {
    writeFileSync(`${path}.part`, stringify(rows))
    renameSync(`${path}.part`, path)
  }
  return files
}
