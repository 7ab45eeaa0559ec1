/**
 * The synthetic population: households of people, each household regenerated on demand from its
 * own random stream, so that the master writer, the request generator and any worker can build
 * the same household independently. A household has a shape (state, culture, size, ages, who
 * files, who has a second master row), drawn first from its "shape" stream, and details (names,
 * dates of birth, TINs, addresses) drawn from its "household" stream.
 *
 * Households 0, 1, 2, … make up the master (their filing members are its people). People who are
 * requested but are not in the master either live in a master household without filing, or in an
 * "outside" household of their own, numbered after the master's.
 */
import { AliasTable, WeightedList } from './alias-table.js'
import { drawAddress } from './addresses.js'
import { ASIAN_SURNAME_VARIANTS } from './curated-names.js'
import type { SynthAddress } from './addresses.js'
import { dayNumber } from './dates.js'
import { Rng, STREAMS, seedToUint32 } from './prng.js'
import { CULTURES, cultureWeightsOf, loadReference } from './reference.js'
import type { Culture, Reference } from './reference.js'
import type { SynthParams } from './params.js'
import { itinOf, ssnOf } from './tin.js'

/** What a member is to the household head. */
export type Role = 'head' | 'spouse' | 'child' | 'relative' | 'roommate'

/** Why a master person has a second row. */
export type SecondRow = 'none' | 'older_address' | 'second_tin'

/** The structural facts of one member, drawn before any name. */
export interface MemberShape {
  readonly sex: 'F' | 'M'
  /** Age in whole years at the request year. */
  readonly age: number
  readonly role: Role
  /** True when the member is a person of the master. */
  readonly filer: boolean
  /** True when the member's (first) TIN is an ITIN. */
  readonly itin: boolean
  readonly secondRow: SecondRow
  /** True for the son who carries the head's given name (JR; the head is then SR). */
  readonly junior: boolean
}

/** The structural facts of one household. */
export interface HouseholdShape {
  readonly culture: Culture
  readonly stateIndex: number
  readonly kind: 'single' | 'family' | 'shared'
  readonly members: readonly MemberShape[]
  /** Members in the master. */
  readonly filers: number
  /** Master rows of the household (filers plus second rows). */
  readonly rows: number
  /** Adults (18+) not in the master: the people a co-resident request can be about. */
  readonly nonFilerAdults: number
}

/** One generated person, with everything the master and the requests draw on. */
export interface SynthPerson {
  readonly householdIndex: number
  readonly member: number
  /** A number unique to the person (household × 8 + member). */
  readonly personNumber: number
  readonly culture: Culture
  readonly sex: 'F' | 'M'
  readonly age: number
  readonly role: Role
  /** Date of birth as a day number (days since 1900-01-01). */
  readonly dob: number
  readonly given: string
  /** Middle name as held in the master (full, an initial, or empty). */
  readonly middle: string
  /** The full middle name (even when the master holds only its initial). */
  readonly middleFull: string
  /** True when the middle name is a Hispanic second given name (JOSE LUIS). */
  readonly secondGiven: boolean
  /** First (paternal) surname. */
  readonly surname1: string
  /** Second (maternal) surname, or the second half of a hyphenated name; empty if none. */
  readonly surname2: string
  /** The surname as the master holds it: `GARCIA LOPEZ`, `GARCIA-LOPEZ` or `SMITH`. */
  readonly surname: string
  readonly suffix: string
  /** Other transliterations of the given name (Arabic), or empty. */
  readonly givenVariants: readonly string[]
  /** Other transliterations of the surname (Arabic, Korean, Chinese), or empty. */
  readonly surnameVariants: readonly string[]
  readonly filer: boolean
  readonly itin: boolean
  /** The person's TIN (an ITIN when `itin`). */
  readonly tin: string
  /** The SSN of an ITIN holder who later got one (their second master row), else empty. */
  readonly secondTin: string
  readonly secondRow: SecondRow
  /** The household's (current) address. */
  readonly address: SynthAddress
  /** The tax year of the current address in the master. */
  readonly addressYear: number
  /** The older address of a person with an older-address second row. */
  readonly olderAddress: SynthAddress | undefined
  readonly olderAddressYear: number
  /** True when another member of the household has the same given name and surname (a JR/SR pair). */
  readonly hasHouseholdTwin: boolean
}

/** A household with its people. */
export interface Household {
  readonly index: number
  /** `H<index>`. */
  readonly householdId: string
  readonly outside: boolean
  readonly kind: HouseholdShape['kind']
  readonly culture: Culture
  readonly stateIndex: number
  readonly address: SynthAddress
  readonly people: readonly SynthPerson[]
}

/** A person's stable id, `P<household>-<member>` (built only where it is written: the master never needs it). */
export function personIdOf(person: Pick<SynthPerson, 'householdIndex' | 'member'>): string {
  return `P${person.householdIndex}-${person.member}`
}

/** Most members a household can have: person numbers are household × 8 + member. */
export const MAX_HOUSEHOLD_SIZE = 8

/** Everything derived once from the parameters that household generation needs. */
export interface PopulationContext {
  readonly params: SynthParams
  readonly ref: Reference
  readonly seed: number
  readonly sizeTable: AliasTable
  readonly adultAgeTable: AliasTable
  readonly cultureByState: readonly WeightedList<Culture>[]
  readonly requestCulture: WeightedList<Culture>
  readonly requestYearStart: number
}

/** Builds the context of a parameter set (loads the reference tables on first use). */
export function createPopulationContext(params: SynthParams): PopulationContext {
  const ref = loadReference()
  // Adults 18–95: flat to 65, then thinning as the US age pyramid does.
  const ageWeights: number[] = []
  for (let age = 18; age <= 95; age++) ageWeights.push(age <= 65 ? 1 : Math.max(0.03, 1 - (age - 65) / 28))
  return {
    params,
    ref,
    seed: seedToUint32(params.seed),
    sizeTable: new AliasTable(params.householdSizeWeights),
    adultAgeTable: new AliasTable(ageWeights),
    cultureByState: ref.states.map((s) => {
      const w = cultureWeightsOf(s)
      return new WeightedList(CULTURES.map((c) => [c, w[c]] as const))
    }),
    requestCulture: new WeightedList(CULTURES.map((c) => [c, params.requestCultureMix[c]] as const)),
    requestYearStart: dayNumber(params.requestYear, 1, 1),
  }
}

const CULTURE_CODES: Readonly<Record<Culture, number>> = { general: 0, hispanic: 1, asian: 2, arabic: 3 }

/** The culture's small integer code (for compact per-household tables). */
export function cultureCode(culture: Culture): number {
  return CULTURE_CODES[culture]
}

function adultAge(ctx: PopulationContext, rng: Rng): number {
  return 18 + ctx.adultAgeTable.sample(rng)
}

const ROLES: readonly Role[] = ['head', 'spouse', 'child', 'relative', 'roommate']
const SECOND_ROWS: readonly SecondRow[] = ['none', 'older_address', 'second_tin']
const ROLE_HEAD = 0
const ROLE_SPOUSE = 1
const ROLE_CHILD = 2
const ROLE_RELATIVE = 3
const ROLE_ROOMMATE = 4
const KINDS: readonly HouseholdShape['kind'][] = ['single', 'family', 'shared']

/**
 * A household shape in typed arrays, refilled for every household: the household directory walks
 * millions of shapes, and this keeps that walk free of allocation.
 */
export class ShapeScratch {
  culture = 0
  stateIndex = 0
  /** 0 single, 1 family, 2 shared. */
  kind = 0
  size = 0
  filers = 0
  rows = 0
  nonFilerAdults = 0
  /** 1 for male. */
  readonly male = new Uint8Array(MAX_HOUSEHOLD_SIZE)
  readonly age = new Uint8Array(MAX_HOUSEHOLD_SIZE)
  readonly role = new Uint8Array(MAX_HOUSEHOLD_SIZE)
  readonly filer = new Uint8Array(MAX_HOUSEHOLD_SIZE)
  readonly itin = new Uint8Array(MAX_HOUSEHOLD_SIZE)
  /** 0 none, 1 older_address, 2 second_tin. */
  readonly secondRow = new Uint8Array(MAX_HOUSEHOLD_SIZE)
  readonly junior = new Uint8Array(MAX_HOUSEHOLD_SIZE)
  private readonly rng = new Rng(0, 0, 0)

  private add(male: boolean, age: number, role: number): void {
    const m = this.size
    this.male[m] = male ? 1 : 0
    this.age[m] = age
    this.role[m] = role
    this.junior[m] = 0
    this.size = m + 1
  }

  /**
   * Fills in the shape of household `index`. `maxFilers` caps how many members file (the master's
   * last household is cut so the master has exactly the people asked for); outside households
   * never file.
   */
  fill(ctx: PopulationContext, index: number, outside: boolean, maxFilers = Infinity): this {
    const { params, ref } = ctx
    const rng = this.rng.reseed(ctx.seed, STREAMS.shape, index)
    let culture: Culture
    if (outside) {
      culture = ctx.requestCulture.sample(rng)
      this.stateIndex = ref.stateByCulture[culture].sample(rng)
    } else {
      this.stateIndex = ref.stateByPopulation.sample(rng)
      culture = (ctx.cultureByState[this.stateIndex] as WeightedList<Culture>).sample(rng)
    }
    this.culture = CULTURE_CODES[culture]
    const size = 1 + ctx.sizeTable.sample(rng)
    const kind = size === 1 ? 0 : rng.chance(params.sharedHomeRate) ? 2 : 1
    this.kind = kind
    const headMale = kind === 1 ? rng.chance(0.6) : rng.chance(0.5)
    const headAge = kind === 1 && size > 2 ? 22 + rng.int(40) : adultAge(ctx, rng)
    this.size = 0
    this.add(headMale, headAge, ROLE_HEAD)
    if (kind === 2) {
      for (let m = 1; m < size; m++) this.add(rng.chance(0.5), 18 + rng.int(50), ROLE_ROOMMATE)
    } else if (kind === 1) {
      let motherAge = headMale ? -1 : headAge
      if (rng.chance(0.75)) {
        const spouseAge = Math.max(18, headAge + rng.range(-6, 6))
        this.add(!headMale, spouseAge, ROLE_SPOUSE)
        if (headMale) motherAge = spouseAge
      } else if (size > 2 && rng.chance(0.2)) {
        this.add(!rng.chance(0.7), Math.min(95, headAge + 20 + rng.int(12)), ROLE_RELATIVE)
      }
      const parentAge = motherAge > 0 ? motherAge : headAge
      while (this.size < size) {
        let age = parentAge - (18 + rng.int(24))
        if (age < 0) age = rng.int(18)
        this.add(rng.chance(0.51), age, ROLE_CHILD)
      }
      if (headMale && rng.chance(params.juniorRate)) {
        for (let m = 1; m < this.size; m++) {
          if (this.role[m] === ROLE_CHILD && this.male[m] === 1) {
            this.junior[m] = 1
            break
          }
        }
      }
    }
    const itinRate = params.itinRate[culture]
    let filers = 0
    let rows = 0
    let nonFilerAdults = 0
    for (let m = 0; m < this.size; m++) {
      const age = this.age[m] as number
      const wantsToFile = !outside && (age >= 18 ? rng.chance(params.adultFilerRate) : age >= 15 && rng.chance(params.minorFilerRate))
      const filer = wantsToFile && filers < maxFilers
      const itin = rng.chance(itinRate)
      let secondRow = 0
      const r = rng.float()
      if (filer) {
        if (itin && r < params.itinToSsnRate) secondRow = 2
        else if (r > 1 - params.olderAddressRowRate) secondRow = 1
        filers += 1
        rows += secondRow === 0 ? 1 : 2
      } else if (age >= 18) nonFilerAdults += 1
      this.filer[m] = filer ? 1 : 0
      this.itin[m] = itin ? 1 : 0
      this.secondRow[m] = secondRow
    }
    this.filers = filers
    this.rows = rows
    this.nonFilerAdults = nonFilerAdults
    return this
  }

  /** The shape as a plain object. */
  toShape(): HouseholdShape {
    const members: MemberShape[] = []
    for (let m = 0; m < this.size; m++) {
      members.push({
        sex: this.male[m] === 1 ? 'M' : 'F',
        age: this.age[m] as number,
        role: ROLES[this.role[m] as number] as Role,
        filer: this.filer[m] === 1,
        itin: this.itin[m] === 1,
        secondRow: SECOND_ROWS[this.secondRow[m] as number] as SecondRow,
        junior: this.junior[m] === 1,
      })
    }
    return {
      culture: CULTURES[this.culture] as Culture,
      stateIndex: this.stateIndex,
      kind: KINDS[this.kind] as HouseholdShape['kind'],
      members,
      filers: this.filers,
      rows: this.rows,
      nonFilerAdults: this.nonFilerAdults,
    }
  }
}

/** The scratch shape that `generateHousehold` fills (one per thread: each worker has its own module). */
const SCRATCH = new ShapeScratch()
/** The generator `generateHousehold` reseeds for each household (it never runs inside itself). */
const HOUSEHOLD_RNG = new Rng(0, 0, 0)

/**
 * The shape of household `index` as a plain object (see `ShapeScratch.fill`).
 *
 * @example
 * householdShape(ctx, 0, false).members[0]?.role // 'head'
 */
export function householdShape(ctx: PopulationContext, index: number, outside: boolean, maxFilers = Infinity): HouseholdShape {
  return new ShapeScratch().fill(ctx, index, outside, maxFilers).toShape()
}

interface NameDraw {
  given: string
  middle: string
  secondGiven: boolean
  givenVariants: readonly string[]
}

function drawGiven(ctx: PopulationContext, rng: Rng, culture: Culture, sex: 'F' | 'M', asianGroup: number): NameDraw {
  const { ref, params } = ctx
  const male = sex === 'M'
  if (culture === 'hispanic') {
    const given = (male ? ref.hispanicGivenMale : ref.hispanicGivenFemale).sample(rng)
    if (rng.chance(params.hispanicSecondGivenRate)) {
      let second = (male ? ref.hispanicSecondMale : ref.hispanicSecondFemale).sample(rng)
      if (second === given) second = male ? 'LUIS' : 'GUADALUPE'
      return { given, middle: second, secondGiven: true, givenVariants: [] }
    }
    return { given, middle: '', secondGiven: false, givenVariants: [] }
  }
  if (culture === 'arabic') {
    const variants = (male ? ref.arabicGivenMale : ref.arabicGivenFemale).sample(rng)
    const given = variants[rng.int(Math.min(variants.length, 3))] as string
    const middleSet = rng.chance(0.4) ? ref.arabicGivenMale.sample(rng) : undefined
    return { given, middle: middleSet ? (middleSet[0] as string) : '', secondGiven: false, givenVariants: variants.filter((v) => v !== given) }
  }
  if (culture === 'asian') {
    const tables = ref.asian[asianGroup] as Reference['asian'][number]
    const middleTable = male ? tables.middleMale : tables.middleFemale
    const middle = middleTable && rng.chance(0.7) ? middleTable.sample(rng) : ''
    if (rng.chance(params.asianEnglishGivenRate)) {
      return { given: (male ? ref.givenMale : ref.givenFemale).sample(rng), middle, secondGiven: false, givenVariants: [] }
    }
    return { given: (male ? tables.givenMale : tables.givenFemale).sample(rng), middle, secondGiven: false, givenVariants: [] }
  }
  const given = (male ? ref.givenMale : ref.givenFemale).sample(rng)
  // Middle names mostly follow the person's sex (a few women carry a family surname or male name).
  const middle = rng.chance(params.middleNameRate) ? (rng.chance(0.93) === male ? ref.givenMale : ref.givenFemale).sample(rng) : ''
  return { given, middle: middle === given ? '' : middle, secondGiven: false, givenVariants: [] }
}

interface SurnameDraw {
  surname1: string
  surname2: string
  variants: readonly string[]
}

function drawSurname(ctx: PopulationContext, rng: Rng, culture: Culture, asianGroup: number): SurnameDraw {
  const { ref, params } = ctx
  if (culture === 'hispanic') {
    const surname1 = ref.surnamesHispanic.sample(rng)
    let surname2 = rng.chance(params.doubleSurnameRate) ? ref.surnamesHispanic.sample(rng) : ''
    if (surname2 === surname1) surname2 = ''
    return { surname1, surname2, variants: [] }
  }
  if (culture === 'arabic') {
    const variants = ref.arabicSurnames.sample(rng)
    const surname1 = variants[rng.int(Math.min(variants.length, 2))] as string
    return { surname1, surname2: '', variants: variants.filter((v) => v !== surname1) }
  }
  if (culture === 'asian') {
    const surname1 = (ref.asian[asianGroup] as Reference['asian'][number]).surnames.sample(rng)
    return { surname1, surname2: '', variants: asianSurnameVariants(surname1) }
  }
  return { surname1: ref.surnamesGeneral.sample(rng), surname2: '', variants: [] }
}

let asianVariantIndex: Map<string, readonly string[]> | undefined

function asianSurnameVariants(surname: string): readonly string[] {
  if (!asianVariantIndex) {
    asianVariantIndex = new Map()
    for (const group of ASIAN_SURNAME_VARIANTS) for (const name of group) asianVariantIndex.set(name, group.filter((n) => n !== name))
  }
  return asianVariantIndex.get(surname) ?? []
}

/** The master's display form of a surname pair. */
function displaySurname(surname1: string, surname2: string, hyphenated: boolean): string {
  if (!surname2) return surname1
  return hyphenated ? `${surname1}-${surname2}` : `${surname1} ${surname2}`
}

/** A date of birth for someone `age` at the request year (born in the year before their birthday). */
function drawDob(ctx: PopulationContext, rng: Rng, age: number): number {
  // Someone aged `age` during the request year was born `age` or `age + 1` years before its middle.
  return ctx.requestYearStart + 182 - Math.floor((age + rng.float()) * 365.2425)
}

/** The person number of a member: unique across master and outside households. */
export function personNumberOf(householdIndex: number, member: number): number {
  return householdIndex * MAX_HOUSEHOLD_SIZE + member
}

/**
 * Generates household `index`. `outside` households (people who are not in the master) are placed
 * and named after the requested population's culture mix. With `through`, only members 0 to
 * `through` (and a junior beyond) are built: they come out exactly as in the full household, which
 * is all a request about one member needs. Member m's TINs derive from `tinBase + m`: callers with
 * the household directory use `householdAt` (population-index.ts), which numbers people densely
 * so that the 44 million ITINs go round.
 */
export function generateHousehold(
  ctx: PopulationContext,
  index: number,
  outside: boolean,
  maxFilers = Infinity,
  through = Infinity,
  tinBase = personNumberOf(index, 0),
): Household {
  const { params, ref } = ctx
  const shape = SCRATCH.fill(ctx, index, outside, maxFilers)
  // Members are drawn in order, so stopping early changes none of the members drawn; the junior
  // (if any) is always drawn, since the head's SR and near-twin mark depend on them.
  let last = Math.min(shape.size - 1, through)
  for (let m = last + 1; m < shape.size; m++) if (shape.junior[m] === 1) last = m
  const rng = HOUSEHOLD_RNG.reseed(ctx.seed, STREAMS.household, index)
  const culture = CULTURES[shape.culture] as Culture
  const kind = KINDS[shape.kind] as HouseholdShape['kind']
  const stateIndex = shape.stateIndex
  const asianGroup = culture === 'asian' ? ref.asianGroups.sample(rng) : 0
  const address = drawAddress(ref, params, rng, stateIndex)
  const yearsBack = rng.int(params.addressYearSpan)
  const addressYear = params.latestAddressYear - (rng.chance(0.7) ? 0 : yearsBack)
  const family = drawSurname(ctx, rng, culture, asianGroup)
  const familyHyphen = rng.chance(params.hyphenatedDoubleSurnameRate)
  let spouseSurname1 = ''
  const people: SynthPerson[] = []
  let headGiven = ''
  let juniorIndex = -1
  for (let m = 0; m <= last; m++) {
    const role = ROLES[shape.role[m] as number] as Role
    const sex = shape.male[m] === 1 ? 'M' : 'F'
    const age = shape.age[m] as number
    const junior = shape.junior[m] === 1
    if (junior) juniorIndex = m
    const secondRow = SECOND_ROWS[shape.secondRow[m] as number] as SecondRow
    const itin = shape.itin[m] === 1
    let names: SurnameDraw
    let hyphenated = familyHyphen
    if (kind === 'shared' || role === 'relative') {
      names = drawSurname(ctx, rng, culture, asianGroup)
      hyphenated = rng.chance(params.hyphenatedDoubleSurnameRate)
    } else if (role === 'spouse') {
      // Hispanic wives usually keep their own surnames; elsewhere most spouses share the head's,
      // and a few join both with a hyphen.
      const own = drawSurname(ctx, rng, culture, asianGroup)
      spouseSurname1 = own.surname1
      const r = rng.float()
      if (culture === 'hispanic') names = r < 0.3 ? family : own
      else if (r < params.hyphenatedSurnameRate && own.surname1 !== family.surname1) {
        names = { surname1: family.surname1, surname2: own.surname1, variants: [] }
        hyphenated = true
      } else names = r < params.hyphenatedSurnameRate + 0.8 * (1 - params.hyphenatedSurnameRate) ? family : own
    } else if (role === 'child' && culture === 'hispanic' && family.surname2 !== '') {
      // Spanish naming: the father's first surname, then the mother's first surname.
      names = { surname1: family.surname1, surname2: spouseSurname1 || family.surname2, variants: [] }
    } else {
      names = family
    }
    let given = drawGiven(ctx, rng, culture, sex, asianGroup)
    // Parents do not give two of their children (or a child and themselves) one given name, but
    // for the JR named after the SR (below): redraw a name a member of the same surname already
    // has. Left alone, twins drawn one name (MARIA and MARIA, born the same day) were records no
    // field tells apart, which is not a thing real files hold.
    for (let tries = 0; tries < 8 && !junior && people.some((p) => p.given === given.given && p.surname1 === names.surname1); tries++) {
      given = drawGiven(ctx, rng, culture, sex, asianGroup)
    }
    if (m === 0) headGiven = given.given
    if (junior) {
      given.given = headGiven
      given.middle = people[0]?.middleFull ?? given.middle
    }
    const middleInitial = given.middle !== '' && !given.secondGiven && rng.chance(params.middleInitialRate)
    const dob = drawDob(ctx, rng, age)
    const personNumber = personNumberOf(index, m)
    const tin = itin ? itinOf(tinBase + m, ctx.seed) : ssnOf(tinBase + m, ctx.seed)
    const secondTin = secondRow === 'second_tin' ? ssnOf(tinBase + m, ctx.seed) : ''
    let olderAddress: SynthAddress | undefined
    let olderAddressYear = 0
    const olderDraw = rng.float()
    if (secondRow === 'older_address') {
      const movedState = olderDraw < 0.2 ? ref.stateByPopulation.sample(rng) : stateIndex
      olderAddress = drawAddress(ref, params, rng, movedState)
      olderAddressYear = addressYear - 1 - rng.int(3)
    }
    const generational = !junior && rng.chance(params.suffixRate) ? ref.suffixes.sample(rng) : ''
    const suffixValue = junior ? 'JR' : generational
    people.push({
      householdIndex: index,
      member: m,
      personNumber,
      culture,
      sex,
      age,
      role,
      dob,
      given: given.given,
      middle: middleInitial ? given.middle.charAt(0) : given.middle,
      middleFull: given.middle,
      secondGiven: given.secondGiven,
      surname1: names.surname1,
      surname2: names.surname2,
      surname: displaySurname(names.surname1, names.surname2, hyphenated),
      suffix: suffixValue,
      givenVariants: given.givenVariants,
      surnameVariants: names.variants,
      filer: shape.filer[m] === 1,
      itin,
      tin,
      secondTin,
      secondRow,
      address,
      addressYear,
      olderAddress,
      olderAddressYear,
      hasHouseholdTwin: false,
    })
  }
  // The head of a household with a junior is the senior; both are each other's near-twin.
  if (juniorIndex > 0) {
    const head = people[0] as SynthPerson
    const junior = people[juniorIndex] as SynthPerson
    if (junior.surname === head.surname) {
      people[0] = { ...head, suffix: 'SR', hasHouseholdTwin: true }
      people[juniorIndex] = { ...junior, hasHouseholdTwin: true }
    }
  }
  return { index, householdId: `H${index}`, outside, kind, culture, stateIndex, address, people }
}
