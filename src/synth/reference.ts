/**
 * The generator's reference tables, loaded once per process from the compact CSV files in
 * src/synth/data (built by scripts/make-synth-reference.mjs; sources and licences in the README
 * there) and the curated lists in curated-*.ts, and turned into alias tables for sampling.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { WeightedList } from './alias-table.js'
import {
  ARABIC_GIVEN_FEMALE,
  ARABIC_GIVEN_MALE,
  ARABIC_SURNAMES,
  ASIAN_GROUPS,
  HISPANIC_GIVEN_FEMALE,
  HISPANIC_GIVEN_MALE,
  HISPANIC_SECOND_GIVEN_FEMALE,
  HISPANIC_SECOND_GIVEN_MALE,
  SPANISH_NICKNAMES,
  SUFFIXES,
} from './curated-names.js'
import { SPANISH_STREET_NAMES, STATES, STREET_NAMES, STREET_SUFFIXES, UNIT_DESIGNATORS, FACILITY_NAMES } from './curated-places.js'
import type { StateFacts } from './curated-places.js'

/** The four name cultures the generator draws from. */
export const CULTURES = ['general', 'hispanic', 'asian', 'arabic'] as const
export type Culture = (typeof CULTURES)[number]

/** Where the data files are: src/synth/data, three folders above dist/src/synth/reference.js. */
export const SYNTH_DATA_DIR = fileURLToPath(new URL('../../../src/synth/data/', import.meta.url))

/** Reads one of the generator's `name,count`-style CSV files (no quoted fields). */
function readTable(file: string): string[][] {
  const text = readFileSync(`${SYNTH_DATA_DIR}${file}`, 'utf8')
  const lines = text.split('\n')
  const rows: string[][] = []
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string
    if (line.length > 0) rows.push(line.split(','))
  }
  return rows
}

function countedList(file: string): WeightedList<string> {
  return new WeightedList(readTable(file).map((r) => [r[0] as string, Number(r[1])] as const))
}

/** A ZIP prefix of a state, with the city each of its ZIP codes is paired with. */
export interface ZipPrefix {
  readonly zip3: string
  /** How many ZIP codes (ZCTAs) the prefix has: its weight within the state, and the range of the last two digits. */
  readonly zctaCount: number
  /** Index into the state's `cities`: the prefix's main city. */
  readonly primaryCity: number
}

/** A state with its ZIP prefixes. */
export interface StatePlaces extends StateFacts {
  readonly zips: readonly ZipPrefix[]
  readonly zipTable: WeightedList<number>
}

/** An Asian subgroup's tables. */
export interface AsianTables {
  readonly surnames: WeightedList<string>
  readonly givenMale: WeightedList<string>
  readonly givenFemale: WeightedList<string>
  readonly middleMale: WeightedList<string> | undefined
  readonly middleFemale: WeightedList<string> | undefined
}

/** Every table the generator samples from. */
export interface Reference {
  readonly givenFemale: WeightedList<string>
  readonly givenMale: WeightedList<string>
  readonly surnamesGeneral: WeightedList<string>
  readonly surnamesHispanic: WeightedList<string>
  readonly hispanicGivenMale: WeightedList<string>
  readonly hispanicGivenFemale: WeightedList<string>
  readonly hispanicSecondMale: WeightedList<string>
  readonly hispanicSecondFemale: WeightedList<string>
  readonly asianGroups: WeightedList<number>
  readonly asian: readonly AsianTables[]
  readonly arabicGivenMale: WeightedList<readonly string[]>
  readonly arabicGivenFemale: WeightedList<readonly string[]>
  readonly arabicSurnames: WeightedList<readonly string[]>
  readonly suffixes: WeightedList<string>
  /** Nicknames by upper-case given name (English table plus Spanish hypocorisms). */
  readonly nicknames: ReadonlyMap<string, readonly string[]>
  /** Every commonly used spelling of a street suffix, by USPS standard abbreviation. */
  readonly suffixSpellings: ReadonlyMap<string, readonly string[]>
  readonly states: readonly StatePlaces[]
  /** The state of each ZIP prefix (`zip3-state.csv`): what a ZIP typo can land in. */
  readonly stateOfZip3: ReadonlyMap<string, string>
  /** States weighted by population. */
  readonly stateByPopulation: WeightedList<number>
  /** States weighted by the number of residents of each culture (for people outside the master). */
  readonly stateByCulture: Readonly<Record<Culture, WeightedList<number>>>
  /** Share of each culture in the whole population (master households), from the state facts. */
  readonly cultureShare: Readonly<Record<Culture, number>>
  readonly streetNames: readonly string[]
  readonly spanishStreetNames: readonly string[]
  /** Common surnames that streets are named after. */
  readonly surnameStreets: readonly string[]
  readonly streetSuffixes: WeightedList<string>
  readonly unitDesignators: WeightedList<string>
  readonly facilities: readonly string[]
}

let cached: Reference | undefined

/** Culture shares within one state, in percent, from its facts (the remainder is "general"). */
export function cultureWeightsOf(state: StateFacts): Record<Culture, number> {
  return {
    general: Math.max(0, 100 - state.hispanic - state.asian - state.arabic),
    hispanic: state.hispanic,
    asian: state.asian,
    arabic: state.arabic,
  }
}

/** Loads (once) and returns the reference tables. */
export function loadReference(): Reference {
  if (cached) return cached
  const zipRows = readTable('zip3-state.csv')
  const states: StatePlaces[] = STATES.map((facts) => {
    const rows = zipRows.filter((r) => r[1] === facts.code).sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1))
    if (rows.length === 0) throw new Error(`no ZIP prefixes for state ${facts.code} in zip3-state.csv`)
    // The k-th prefix of the state gets the state's (k mod n)-th city, so big cities get several.
    const zips = rows.map((r, k) => ({ zip3: r[0] as string, zctaCount: Number(r[2]), primaryCity: k % facts.cities.length }))
    return { ...facts, zips, zipTable: new WeightedList(zips.map((z, i) => [i, z.zctaCount] as const)) }
  })
  const stateByPopulation = new WeightedList(states.map((s, i) => [i, s.population] as const))
  const byCulture = {} as Record<Culture, WeightedList<number>>
  const totals: Record<Culture, number> = { general: 0, hispanic: 0, asian: 0, arabic: 0 }
  let population = 0
  for (const culture of CULTURES) {
    byCulture[culture] = new WeightedList(states.map((s, i) => [i, (s.population * cultureWeightsOf(s)[culture]) / 100] as const))
  }
  for (const s of states) {
    const w = cultureWeightsOf(s)
    for (const culture of CULTURES) totals[culture] += (s.population * w[culture]) / 100
    population += s.population
  }
  const cultureShare = {
    general: totals.general / population,
    hispanic: totals.hispanic / population,
    asian: totals.asian / population,
    arabic: totals.arabic / population,
  }

  const nicknames = new Map<string, string[]>()
  const addNickname = (name: string, nick: string) => {
    const list = nicknames.get(name)
    if (list) {
      if (!list.includes(nick)) list.push(nick)
    } else nicknames.set(name, [nick])
  }
  for (const [name, nick] of readTable('nicknames.csv')) addNickname(name as string, nick as string)
  for (const [name, nick] of SPANISH_NICKNAMES) addNickname(name, nick)

  const suffixSpellings = new Map<string, string[]>()
  for (const [standard, variant] of readTable('street-suffixes.csv')) {
    const list = suffixSpellings.get(standard as string) ?? []
    list.push(variant as string)
    suffixSpellings.set(standard as string, list)
  }

  const surnamesGeneral = countedList('surnames-general.csv')
  const optional = (entries: readonly (readonly [string, number])[]) => (entries.length > 0 ? new WeightedList(entries) : undefined)
  cached = {
    givenFemale: countedList('given-names-female.csv'),
    givenMale: countedList('given-names-male.csv'),
    surnamesGeneral,
    surnamesHispanic: countedList('surnames-hispanic.csv'),
    hispanicGivenMale: new WeightedList(HISPANIC_GIVEN_MALE),
    hispanicGivenFemale: new WeightedList(HISPANIC_GIVEN_FEMALE),
    hispanicSecondMale: new WeightedList(HISPANIC_SECOND_GIVEN_MALE),
    hispanicSecondFemale: new WeightedList(HISPANIC_SECOND_GIVEN_FEMALE),
    asianGroups: new WeightedList(ASIAN_GROUPS.map((g, i) => [i, g.share] as const)),
    asian: ASIAN_GROUPS.map((g) => ({
      surnames: new WeightedList(g.surnames),
      givenMale: new WeightedList(g.givenMale),
      givenFemale: new WeightedList(g.givenFemale),
      middleMale: optional(g.middleMale),
      middleFemale: optional(g.middleFemale),
    })),
    arabicGivenMale: new WeightedList(ARABIC_GIVEN_MALE),
    arabicGivenFemale: new WeightedList(ARABIC_GIVEN_FEMALE),
    arabicSurnames: new WeightedList(ARABIC_SURNAMES),
    suffixes: new WeightedList(SUFFIXES),
    nicknames,
    suffixSpellings,
    states,
    stateOfZip3: new Map(zipRows.map((r) => [r[0] as string, r[1] as string])),
    stateByPopulation,
    stateByCulture: byCulture,
    cultureShare,
    streetNames: STREET_NAMES,
    spanishStreetNames: SPANISH_STREET_NAMES,
    surnameStreets: surnamesGeneral.values.slice(0, 300),
    streetSuffixes: new WeightedList(STREET_SUFFIXES),
    unitDesignators: new WeightedList(UNIT_DESIGNATORS),
    facilities: FACILITY_NAMES,
  }
  return cached
}
