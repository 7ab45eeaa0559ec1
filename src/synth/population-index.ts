/**
 * The master's household directory: one cheap pass over household shapes that finds how many
 * households make up the master and, per household, how many master people, master rows and
 * non-filing adults come before it. With it a request can pick the p-th master person (or the q-th
 * non-filing adult) uniformly and find their household by binary search, and a master row's id is
 * known before anything is written. Memory: 13 bytes per household (about 60 MB for 10 million
 * people), in SharedArrayBuffers so that worker threads read it in place.
 */
import { MAX_HOUSEHOLD_SIZE, ShapeScratch, generateHousehold } from './population.js'
import type { Household, PopulationContext } from './population.js'

/** Cumulative counts over the master's households. */
export interface PopulationIndex {
  /** Households in the master (0 … households − 1). */
  readonly households: number
  /** Filers allowed in the last household (it is cut so the master has exactly `people`). */
  readonly lastHouseholdMaxFilers: number
  /** cumFilers[h]: master people in households before h (length households + 1). */
  readonly cumFilers: Int32Array
  /** cumRows[h]: master rows before household h (length households + 1). */
  readonly cumRows: Int32Array
  /** cumNonFilerAdults[h]: non-filing adults before household h (length households + 1). */
  readonly cumNonFilerAdults: Int32Array
  /** cumPersons[h]: members (filing or not) of households before h (length households + 1): the dense TIN numbering. */
  readonly cumPersons: Int32Array
  /** Members of all master households. */
  readonly persons: number
  /** Culture code of each household. */
  readonly culture: Uint8Array
  /** Master people (= the parameter `people`). */
  readonly people: number
  /** Master rows. */
  readonly rows: number
  readonly nonFilerAdults: number
}

/** Per-household counts of a run of consecutive households, as a shapes job returns them. */
export interface ShapeCounts {
  readonly size: Uint8Array
  readonly filers: Uint8Array
  readonly rows: Uint8Array
  readonly nonFilerAdults: Uint8Array
  readonly culture: Uint8Array
}

/** The counts of households [from, from + count). */
export function shapeCounts(ctx: PopulationContext, from: number, count: number): ShapeCounts {
  const out = {
    size: new Uint8Array(count),
    filers: new Uint8Array(count),
    rows: new Uint8Array(count),
    nonFilerAdults: new Uint8Array(count),
    culture: new Uint8Array(count),
  }
  const scratch = new ShapeScratch()
  for (let k = 0; k < count; k++) {
    scratch.fill(ctx, from + k, false)
    out.size[k] = scratch.size
    out.filers[k] = scratch.filers
    out.rows[k] = scratch.rows
    out.nonFilerAdults[k] = scratch.nonFilerAdults
    out.culture[k] = scratch.culture
  }
  return out
}

/** A growable array of 32-bit integers (typed, so ten million entries take 40 MB, not hundreds). */
class IntList {
  values: Int32Array
  length = 0

  constructor(capacity: number) {
    this.values = new Int32Array(Math.max(16, capacity))
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const bigger = new Int32Array(this.values.length * 2)
      bigger.set(this.values)
      this.values = bigger
    }
    this.values[this.length++] = value
  }

  /** A copy in shared memory. */
  toShared(): Int32Array {
    const out = new Int32Array(new SharedArrayBuffer(Math.max(1, this.length) * 4))
    out.set(this.values.subarray(0, this.length))
    return out
  }
}

/** Accumulates shape counts, in household order, until the master is full. */
export class PopulationIndexBuilder {
  private households = 0
  private people = 0
  private rows = 0
  private nonFilerAdults = 0
  private lastMax = Infinity
  private readonly cumFilers: IntList
  private readonly cumRows: IntList
  private readonly cumNon: IntList
  private readonly cumPersons: IntList
  private persons = 0
  private culture: Uint8Array
  private full = false

  constructor(private readonly ctx: PopulationContext) {
    // About 1.7 master people per household: start near the final size to avoid most regrowth.
    const expected = Math.ceil(ctx.params.people / 1.6) + 16
    this.cumFilers = new IntList(expected)
    this.cumRows = new IntList(expected)
    this.cumNon = new IntList(expected)
    this.cumPersons = new IntList(expected)
    this.culture = new Uint8Array(expected)
    this.cumPersons.push(0)
    this.cumFilers.push(0)
    this.cumRows.push(0)
    this.cumNon.push(0)
  }

  /** True once the master holds `people` people. */
  get done(): boolean {
    return this.full
  }

  /** The next household to add. */
  get next(): number {
    return this.households
  }

  /** Adds the counts of households [next, next + counts.length); ignores the rest once full. */
  append(counts: ShapeCounts): void {
    const target = this.ctx.params.people
    for (let k = 0; k < counts.filers.length && !this.full; k++) {
      let filers = counts.filers[k] as number
      let rows = counts.rows[k] as number
      let non = counts.nonFilerAdults[k] as number
      if (this.people + filers >= target) {
        if (this.people + filers > target) {
          this.lastMax = target - this.people
          const cut = new ShapeScratch().fill(this.ctx, this.households, false, this.lastMax)
          filers = cut.filers
          rows = cut.rows
          non = cut.nonFilerAdults
        }
        this.full = true
      }
      if (this.households === this.culture.length) {
        const bigger = new Uint8Array(this.culture.length * 2)
        bigger.set(this.culture)
        this.culture = bigger
      }
      this.culture[this.households] = counts.culture[k] as number
      this.people += filers
      this.rows += rows
      this.nonFilerAdults += non
      this.persons += counts.size[k] as number
      this.households += 1
      this.cumPersons.push(this.persons)
      this.cumFilers.push(this.people)
      this.cumRows.push(this.rows)
      this.cumNon.push(this.nonFilerAdults)
    }
  }

  /** The finished index, in shared memory. */
  finish(): PopulationIndex {
    if (!this.full) throw new Error('the population index is not full yet')
    const h = this.households
    const culture = new Uint8Array(new SharedArrayBuffer(Math.max(1, h)))
    culture.set(this.culture.subarray(0, h))
    return {
      households: h,
      lastHouseholdMaxFilers: this.lastMax,
      cumFilers: this.cumFilers.toShared(),
      cumRows: this.cumRows.toShared(),
      cumNonFilerAdults: this.cumNon.toShared(),
      cumPersons: this.cumPersons.toShared(),
      persons: this.persons,
      culture: culture.subarray(0, h),
      people: this.people,
      rows: this.rows,
      nonFilerAdults: this.nonFilerAdults,
    }
  }
}

/** How many households one shapes job covers. */
export const SHAPE_CHUNK = 100_000

/**
 * Walks household shapes in this thread until the master holds `params.people` people.
 *
 * @example
 * const index = buildPopulationIndex(ctx)
 * index.cumFilers[index.households] === ctx.params.people // true
 */
export function buildPopulationIndex(ctx: PopulationContext): PopulationIndex {
  const builder = new PopulationIndexBuilder(ctx)
  const chunk = Math.min(SHAPE_CHUNK, Math.ceil(ctx.params.people / 1.5) + 16)
  while (!builder.done) builder.append(shapeCounts(ctx, builder.next, chunk))
  return builder.finish()
}

/** The filer cap of household `h` (Infinity except for the master's last household). */
export function maxFilersOf(index: PopulationIndex, h: number): number {
  return h === index.households - 1 ? index.lastHouseholdMaxFilers : Infinity
}

/**
 * The TIN number of member 0 of household `h`: people of master households are numbered densely
 * (cumPersons), then outside household `households + i` gets eight numbers after them. With 44
 * million ITINs this keeps every TIN distinct while master members plus eight per outside request
 * stay under 44 million (about 15 million master people with the incident's requests).
 */
export function tinBaseOf(index: PopulationIndex, h: number): number {
  return h < index.households ? (index.cumPersons[h] as number) : index.persons + (h - index.households) * MAX_HOUSEHOLD_SIZE
}

/**
 * Household `h` of a population (a master household when `h < households`, else an outside one),
 * with its filer cap and TIN numbering; `through` as in `generateHousehold`.
 *
 * @example
 * householdAt(ctx, index, 0).people[0]?.role // 'head'
 */
export function householdAt(ctx: PopulationContext, index: PopulationIndex, h: number, through = Infinity): Household {
  const outside = h >= index.households
  return generateHousehold(ctx, h, outside, outside ? Infinity : maxFilersOf(index, h), through, tinBaseOf(index, h))
}

/**
 * The household holding the item of rank `rank` in a cumulative table (the largest h with
 * cum[h] ≤ rank), and the item's ordinal within it.
 */
export function locate(cum: Int32Array, rank: number): { readonly household: number; readonly ordinal: number } {
  let low = 0
  let high = cum.length - 2
  while (low < high) {
    const mid = (low + high + 1) >>> 1
    if ((cum[mid] as number) <= rank) low = mid
    else high = mid - 1
  }
  return { household: low, ordinal: rank - (cum[low] as number) }
}
