/**
 * Every knob of the generator, with its default and a sentence saying what it means. The same
 * descriptions go into `config.json` beside the generated files, so a data set always says how it
 * was made. Rates are probabilities in [0, 1]; "of X" means the rate applies among X only.
 *
 * Incident calibration (docs/rules.md): 1.28 million requests, about 47,000 of them people in
 * the master (47,289 disclosed, 3.7%); about 90% of the disclosures went through the TIN path
 * (42,695 counted by the court), so about 90% of in-master requests carry a TIN; under 5% of the
 * disclosures rested on incomplete addresses, so about 5% of request addresses are incomplete.
 */
import { InvalidInputError } from '../core/index.js'
import type { Issue } from '../core/index.js'
import { CULTURES } from './reference.js'
import type { Culture } from './reference.js'

/** What a request's address holds (truth.csv `address_kind`). */
export const ADDRESS_KINDS = [
  'full',
  'street_only',
  'locality_only',
  'zip_only',
  'none',
  'junk:failed_to_provide',
  'junk:unknown_address',
  'junk:na_na',
  'junk:zeros',
  'junk:bare_zip',
  'junk:no_house_number',
  'junk:facility',
] as const
export type AddressKind = (typeof ADDRESS_KINDS)[number]

/** Named scenarios. `custom` is what a run with neither is called. */
export const SCENARIOS = ['incident', 'demo', 'custom'] as const
export type ScenarioName = (typeof SCENARIOS)[number]

/** The full parameter set of one generation run. */
export interface SynthParams {
  /** Which preset the defaults came from. */
  readonly scenario: ScenarioName
  /** The seed: the same seed and parameters give byte-identical files. */
  readonly seed: number | string
  /** People in the master (rows are more: some people have two). */
  readonly people: number
  /** Request rows. */
  readonly requests: number
  /** The year the requests are made; ages and address years count back from it. */
  readonly requestYear: number

  // Who is requested
  /** Share of requests whose person is in the master. */
  readonly inMasterRate: number
  /** Of requests whose person is not in the master: share who live in a master household (a non-filing family member or flatmate). */
  readonly coResidentRate: number
  /** Share of requests that repeat the person of an earlier request (with fresh noise). */
  readonly duplicateRate: number
  /** Culture mix of the requested people (the master's follows the states' populations). */
  readonly requestCultureMix: Readonly<Record<Culture, number>>

  // Households
  /** Relative weights of household sizes 1 to 8. */
  readonly householdSizeWeights: readonly number[]
  /** Of households of two or more: share that are shared homes (unrelated adults, each with their own surname). */
  readonly sharedHomeRate: number
  /** Of adults (18+) in master households: share who file (are in the master). */
  readonly adultFilerRate: number
  /** Of minors aged 15 to 17 in master households: share who file. */
  readonly minorFilerRate: number
  /** Of families with a male head and a son: share where the son carries the father's given name (JR, father SR). */
  readonly juniorRate: number
  /** Of people without a household junior/senior pair: share with a generational suffix (JR, SR, II, III, IV). */
  readonly suffixRate: number

  // Names
  /** Of Hispanic people: share with two surnames (paternal and maternal). */
  readonly doubleSurnameRate: number
  /** Of double surnames: share written with a hyphen in the master (GARCIA-LOPEZ). */
  readonly hyphenatedDoubleSurnameRate: number
  /** Of spouses outside Hispanic families: share joining both surnames with a hyphen (SMITH-JONES). */
  readonly hyphenatedSurnameRate: number
  /** Of Hispanic people: share with a second given name, held as the middle name (JOSE LUIS). */
  readonly hispanicSecondGivenRate: number
  /** Of Asian people: share with an English given name. */
  readonly asianEnglishGivenRate: number
  /** Of general-culture people: share with a middle name in the master. */
  readonly middleNameRate: number
  /** Of middle names in the master: share held as an initial only. */
  readonly middleInitialRate: number

  // TINs and master rows
  /** Share of people holding an ITIN instead of an SSN, by culture. */
  readonly itinRate: Readonly<Record<Culture, number>>
  /** Of ITIN holders in the master: share who later got an SSN, and so have a second master row under it. */
  readonly itinToSsnRate: number
  /** Of master people: share with a second, older-address row (an earlier tax year). */
  readonly olderAddressRowRate: number
  /** The latest tax year an address in the master can come from. */
  readonly latestAddressYear: number
  /** How many tax years back a current master address can date (movers and late filers). */
  readonly addressYearSpan: number

  // Addresses
  /** Share of homes in an apartment, trailer or other unit. */
  readonly unitRate: number
  /** Share of addresses that are a PO box. */
  readonly poBoxRate: number
  /** Share of addresses on a rural route (RR 2 BOX 45) or highway contract route. */
  readonly ruralRouteRate: number
  /** Of requested people in the master: share who moved after their master address year (the request gives the new address). */
  readonly movedRate: number
  /** Of movers: share who moved to another state. */
  readonly movedOutOfStateRate: number

  // Request contents
  /** Of requests whose person is in the master: share that give a TIN. */
  readonly tinRateInMaster: number
  /** Of requests whose person is not in the master: share that give a TIN. */
  readonly tinRateNotInMaster: number
  /** Of TINs given: share with a typo (one digit changed, or two swapped). */
  readonly tinTypoRate: number
  /** Of TINs given: share that belong to another person (a borrowed or mistyped-into-valid number). */
  readonly tinOtherPersonRate: number
  /** Of TINs given: share written with dashes (123-45-6789). */
  readonly tinDashedRate: number
  /** Share of requests giving the address as one line in `address` (the part columns then empty). */
  readonly oneLineAddressRate: number
  /** Relative weights of what a request's address holds. */
  readonly addressKindWeights: Readonly<Record<AddressKind, number>>
  /** Share of requests missing at least one legal element (case_ref, order_date, tax_periods, statute, reasons). */
  readonly legalMissingRate: number
  /** Share of request dates of birth written MM/DD/YYYY instead of YYYY-MM-DD. */
  readonly dobUsFormatRate: number

  // Request noise
  /** Share of requests with a keyboard typo (adjacent key, dropped, doubled or swapped letter) in a name. */
  readonly typoKeyboardRate: number
  /** Share of requests with an OCR confusion (0/O, 1/I, RN/M, CL/D) in a name. */
  readonly typoOcrRate: number
  /** Share of requests with a phonetic misspelling (PH/F, Z/S, V/B, doubled letters) in a name. */
  readonly typoPhoneticRate: number
  /** Of requests whose given name has a known nickname: share giving the nickname. */
  readonly nicknameRate: number
  /** Share of requests with given name and surname swapped. */
  readonly nameSwapRate: number
  /** Of Asian requested people: extra share written surname first (NGUYEN VAN MINH order). */
  readonly asianSurnameFirstRate: number
  /** Of double surnames: share of requests dropping the second (maternal) one. */
  readonly secondSurnameDroppedRate: number
  /** Of double or hyphenated surnames: share of requests writing them another way (hyphen, space, joined). */
  readonly hyphenChangedRate: number
  /** Of people with a middle name: share of requests leaving it out. */
  readonly middleDroppedRate: number
  /** Of Hispanic people with a second given name: share of requests giving both in the given-name column. */
  readonly middleInGivenRate: number
  /** Of Arabic and East Asian names: share of requests using another transliteration. */
  readonly translitVariantRate: number
  /** Of Hispanic names with a usual accent: share of requests writing the accent (JOSÉ, MUÑOZ). */
  readonly accentRate: number
  /** Of people with a suffix: share of requests writing it inside the surname (GARCIA JR). */
  readonly suffixInSurnameRate: number
  /** Share of requests written in lower or title case. */
  readonly caseChangedRate: number
  /** Share of requests with no date of birth. */
  readonly dobMissingRate: number
  /** Share of requests with a wrong date of birth (a year, month or day off). */
  readonly dobWrongRate: number
  /** Share of requests with day and month swapped (only where both are 12 or less and differ). */
  readonly dobDayMonthSwapRate: number
  /** Of addresses with a unit: share of requests leaving the unit out. */
  readonly unitMissingRate: number
  /** Of street addresses: share of requests spelling the street suffix another way (STREET, AVENUE, AV). */
  readonly suffixVariantRate: number
  /** Of street addresses: share of requests with a typo in the street name. */
  readonly streetTypoRate: number
  /** Of full addresses: share of requests with one ZIP digit wrong. */
  readonly zipTypoRate: number
  /** Of full addresses: share of requests without the ZIP (city and state still there). */
  readonly zipMissingRate: number
  /** Of full addresses: share of requests without the city and state (the ZIP still there). */
  readonly cityMissingRate: number
  /** Of addresses with a city: share of requests with a typo in it. */
  readonly cityTypoRate: number
}

/** The documentation of every parameter, keyed by name, written into config.json. */
export const PARAMETER_DOCS: Readonly<Record<keyof SynthParams, string>> = {
  scenario: 'Which preset the defaults came from (incident, demo, custom).',
  seed: 'The seed: the same seed and parameters give byte-identical files.',
  people: 'People in the master (rows are more: some people have two).',
  requests: 'Request rows.',
  requestYear: 'The year the requests are made; ages and address years count back from it.',
  inMasterRate: 'Share of requests whose person is in the master.',
  coResidentRate: 'Of requests whose person is not in the master: share who live in a master household (a non-filing family member or flatmate).',
  duplicateRate: 'Share of requests that repeat the person of an earlier request (with fresh noise).',
  requestCultureMix: "Culture mix of the requested people (the master's follows the states' populations).",
  householdSizeWeights: 'Relative weights of household sizes 1 to 8.',
  sharedHomeRate: 'Of households of two or more: share that are shared homes (unrelated adults, each with their own surname).',
  adultFilerRate: 'Of adults (18+) in master households: share who file (are in the master).',
  minorFilerRate: 'Of minors aged 15 to 17 in master households: share who file.',
  juniorRate: "Of families with a male head and a son: share where the son carries the father's given name (JR, father SR).",
  suffixRate: 'Of people without a household junior/senior pair: share with a generational suffix (JR, SR, II, III, IV).',
  doubleSurnameRate: 'Of Hispanic people: share with two surnames (paternal and maternal).',
  hyphenatedDoubleSurnameRate: 'Of double surnames: share written with a hyphen in the master (GARCIA-LOPEZ).',
  hyphenatedSurnameRate: 'Of spouses outside Hispanic families: share joining both surnames with a hyphen (SMITH-JONES).',
  hispanicSecondGivenRate: 'Of Hispanic people: share with a second given name, held as the middle name (JOSE LUIS).',
  asianEnglishGivenRate: 'Of Asian people: share with an English given name.',
  middleNameRate: 'Of general-culture people: share with a middle name in the master.',
  middleInitialRate: 'Of middle names in the master: share held as an initial only.',
  itinRate: 'Share of people holding an ITIN instead of an SSN, by culture.',
  itinToSsnRate: 'Of ITIN holders in the master: share who later got an SSN, and so have a second master row under it.',
  olderAddressRowRate: 'Of master people: share with a second, older-address row (an earlier tax year).',
  latestAddressYear: 'The latest tax year an address in the master can come from.',
  addressYearSpan: 'How many tax years back a current master address can date (movers and late filers).',
  unitRate: 'Share of homes in an apartment, trailer or other unit.',
  poBoxRate: 'Share of addresses that are a PO box.',
  ruralRouteRate: 'Share of addresses on a rural route (RR 2 BOX 45) or highway contract route.',
  movedRate: 'Of requested people in the master: share who moved after their master address year (the request gives the new address).',
  movedOutOfStateRate: 'Of movers: share who moved to another state.',
  tinRateInMaster: 'Of requests whose person is in the master: share that give a TIN.',
  tinRateNotInMaster: 'Of requests whose person is not in the master: share that give a TIN.',
  tinTypoRate: 'Of TINs given: share with a typo (one digit changed, or two swapped).',
  tinOtherPersonRate: 'Of TINs given: share that belong to another person (a borrowed or mistyped-into-valid number).',
  tinDashedRate: 'Of TINs given: share written with dashes (123-45-6789).',
  oneLineAddressRate: 'Share of requests giving the address as one line in `address` (the part columns then empty).',
  addressKindWeights: "Relative weights of what a request's address holds (truth.csv address_kind).",
  legalMissingRate: 'Share of requests missing at least one legal element (case_ref, order_date, tax_periods, statute, reasons).',
  dobUsFormatRate: 'Share of request dates of birth written MM/DD/YYYY instead of YYYY-MM-DD.',
  typoKeyboardRate: 'Share of requests with a keyboard typo (adjacent key, dropped, doubled or swapped letter) in a name.',
  typoOcrRate: 'Share of requests with an OCR confusion (0/O, 1/I, RN/M, CL/D) in a name.',
  typoPhoneticRate: 'Share of requests with a phonetic misspelling (PH/F, Z/S, V/B, doubled letters) in a name.',
  nicknameRate: 'Of requests whose given name has a known nickname: share giving the nickname.',
  nameSwapRate: 'Share of requests with given name and surname swapped.',
  asianSurnameFirstRate: 'Of Asian requested people: extra share written surname first (NGUYEN VAN MINH order).',
  secondSurnameDroppedRate: 'Of double surnames: share of requests dropping the second (maternal) one.',
  hyphenChangedRate: 'Of double or hyphenated surnames: share of requests writing them another way (hyphen, space, joined).',
  middleDroppedRate: 'Of people with a middle name: share of requests leaving it out.',
  middleInGivenRate: 'Of Hispanic people with a second given name: share of requests giving both in the given-name column.',
  translitVariantRate: 'Of Arabic and East Asian names: share of requests using another transliteration.',
  accentRate: 'Of Hispanic names with a usual accent: share of requests writing the accent (JOSÉ, MUÑOZ).',
  suffixInSurnameRate: 'Of people with a suffix: share of requests writing it inside the surname (GARCIA JR).',
  caseChangedRate: 'Share of requests written in lower or title case.',
  dobMissingRate: 'Share of requests with no date of birth.',
  dobWrongRate: 'Share of requests with a wrong date of birth (a year, month or day off).',
  dobDayMonthSwapRate: 'Share of requests with day and month swapped (only where both are 12 or less and differ).',
  unitMissingRate: 'Of addresses with a unit: share of requests leaving the unit out.',
  suffixVariantRate: 'Of street addresses: share of requests spelling the street suffix another way (STREET, AVENUE, AV).',
  streetTypoRate: 'Of street addresses: share of requests with a typo in the street name.',
  zipTypoRate: 'Of full addresses: share of requests with one ZIP digit wrong.',
  zipMissingRate: 'Of full addresses: share of requests without the ZIP (city and state still there).',
  cityMissingRate: 'Of full addresses: share of requests without the city and state (the ZIP still there).',
  cityTypoRate: 'Of addresses with a city: share of requests with a typo in it.',
}

/**
 * The address mix of the incident: about 5.5% of request addresses incomplete (docs/rules.md: under 5%
 * of the disclosures rested on incomplete addresses), 3% of them outright junk.
 */
const INCIDENT_ADDRESS_KINDS: Record<AddressKind, number> = {
  full: 0.945,
  street_only: 0.006,
  locality_only: 0.008,
  zip_only: 0.004,
  none: 0.007,
  'junk:failed_to_provide': 0.008,
  'junk:unknown_address': 0.006,
  'junk:na_na': 0.004,
  'junk:zeros': 0.003,
  'junk:bare_zip': 0.003,
  'junk:no_house_number': 0.004,
  'junk:facility': 0.002,
}

/** The incident scenario: docs/rules.md's 1.28 million requests against a 10-million master. */
export const INCIDENT_PARAMS: SynthParams = Object.freeze({
  scenario: 'incident',
  seed: 20250807,
  people: 10_000_000,
  requests: 1_280_000,
  requestYear: 2025,
  inMasterRate: 47_000 / 1_280_000,
  coResidentRate: 0.15,
  duplicateRate: 0.01,
  requestCultureMix: Object.freeze({ general: 0.12, hispanic: 0.78, asian: 0.06, arabic: 0.04 }),
  householdSizeWeights: Object.freeze([28, 34, 15, 12, 6, 3, 1.3, 0.7]),
  sharedHomeRate: 0.1,
  adultFilerRate: 0.86,
  minorFilerRate: 0.06,
  juniorRate: 0.08,
  suffixRate: 0.01,
  doubleSurnameRate: 0.3,
  hyphenatedDoubleSurnameRate: 0.2,
  hyphenatedSurnameRate: 0.04,
  hispanicSecondGivenRate: 0.35,
  asianEnglishGivenRate: 0.3,
  middleNameRate: 0.65,
  middleInitialRate: 0.3,
  itinRate: Object.freeze({ general: 0.003, hispanic: 0.12, asian: 0.05, arabic: 0.06 }),
  itinToSsnRate: 0.25,
  olderAddressRowRate: 0.06,
  latestAddressYear: 2024,
  addressYearSpan: 4,
  unitRate: 0.25,
  poBoxRate: 0.02,
  ruralRouteRate: 0.01,
  movedRate: 0.15,
  movedOutOfStateRate: 0.25,
  tinRateInMaster: 0.9,
  tinRateNotInMaster: 0.06,
  tinTypoRate: 0.01,
  tinOtherPersonRate: 0.01,
  tinDashedRate: 0.35,
  oneLineAddressRate: 0.8,
  addressKindWeights: Object.freeze(INCIDENT_ADDRESS_KINDS),
  legalMissingRate: 0.02,
  dobUsFormatRate: 0.5,
  typoKeyboardRate: 0.03,
  typoOcrRate: 0.01,
  typoPhoneticRate: 0.03,
  nicknameRate: 0.05,
  nameSwapRate: 0.02,
  asianSurnameFirstRate: 0.2,
  secondSurnameDroppedRate: 0.35,
  hyphenChangedRate: 0.3,
  middleDroppedRate: 0.4,
  middleInGivenRate: 0.3,
  translitVariantRate: 0.35,
  accentRate: 0.1,
  suffixInSurnameRate: 0.5,
  caseChangedRate: 0.05,
  dobMissingRate: 0.05,
  dobWrongRate: 0.02,
  dobDayMonthSwapRate: 0.02,
  unitMissingRate: 0.3,
  suffixVariantRate: 0.2,
  streetTypoRate: 0.03,
  zipTypoRate: 0.01,
  zipMissingRate: 0.03,
  cityMissingRate: 0.03,
  cityTypoRate: 0.02,
})

/**
 * The demo scenario: the incident's proportions at 20,000 master people and 2,000 requests (it
 * runs in about a second), except that 40% of requests are people in the master, so that a demo
 * shows matches, refusals and ambiguities side by side instead of 74 matches in 2,000.
 */
export const DEMO_PARAMS: SynthParams = Object.freeze({
  ...INCIDENT_PARAMS,
  scenario: 'demo',
  seed: 1,
  people: 20_000,
  requests: 2_000,
  inMasterRate: 0.4,
})

/** The defaults of a named scenario (`custom` starts from the incident's rates). */
export function scenarioDefaults(name: ScenarioName): SynthParams {
  if (name === 'demo') return DEMO_PARAMS
  if (name === 'incident') return INCIDENT_PARAMS
  return { ...INCIDENT_PARAMS, scenario: 'custom' }
}

/** Options as a caller gives them: a scenario, and any parameters to override. */
export type GenerateOptions = { readonly scenario?: ScenarioName } & Partial<Omit<SynthParams, 'scenario'>>

const RATE_KEYS = (Object.keys(INCIDENT_PARAMS) as (keyof SynthParams)[]).filter(
  (k) => k.endsWith('Rate') && typeof INCIDENT_PARAMS[k] === 'number',
)

/** Checks a full parameter set; returns every problem found (empty when valid). */
export function validateParams(params: SynthParams): Issue[] {
  const issues: Issue[] = []
  const bad = (field: string, message: string, input?: unknown) =>
    issues.push({ code: 'invalid_parameter', message, path: { field }, ...(input === undefined ? {} : { input: String(input) }) })
  for (const key of Object.keys(params)) {
    if (!(key in PARAMETER_DOCS)) bad(key, `unknown parameter ${key}`)
  }
  if (!SCENARIOS.includes(params.scenario)) bad('scenario', `scenario must be one of ${SCENARIOS.join(', ')}`, params.scenario)
  if (typeof params.seed !== 'number' && typeof params.seed !== 'string') bad('seed', 'seed must be a number or a string')
  if (!Number.isInteger(params.people) || params.people < 1 || params.people > 50_000_000) bad('people', 'people must be an integer from 1 to 50,000,000', params.people)
  if (!Number.isInteger(params.requests) || params.requests < 0 || params.requests > 20_000_000) bad('requests', 'requests must be an integer from 0 to 20,000,000', params.requests)
  if (!Number.isInteger(params.requestYear) || params.requestYear < 1990 || params.requestYear > 2100) bad('requestYear', 'requestYear must be a year from 1990 to 2100', params.requestYear)
  if (!Number.isInteger(params.latestAddressYear) || params.latestAddressYear > params.requestYear || params.latestAddressYear < 1990)
    bad('latestAddressYear', 'latestAddressYear must be a year no later than requestYear', params.latestAddressYear)
  if (!Number.isInteger(params.addressYearSpan) || params.addressYearSpan < 1 || params.addressYearSpan > 20) bad('addressYearSpan', 'addressYearSpan must be an integer from 1 to 20', params.addressYearSpan)
  for (const key of RATE_KEYS) {
    const value = params[key]
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) bad(key, `${key} must be a number from 0 to 1`, value)
  }
  const checkWeights = (field: string, weights: Readonly<Record<string, number>> | undefined, keys: readonly string[], rates: boolean) => {
    if (typeof weights !== 'object' || weights === null) return bad(field, `${field} must be an object with keys ${keys.join(', ')}`)
    let total = 0
    for (const k of keys) {
      const v = weights[k]
      if (typeof v !== 'number' || !(v >= 0) || (rates && v > 1)) bad(`${field}.${k}`, `${field}.${k} must be a non-negative number${rates ? ' at most 1' : ''}`, v)
      else total += v
    }
    for (const k of Object.keys(weights)) if (!keys.includes(k)) bad(`${field}.${k}`, `unknown key ${k} in ${field}`)
    if (!rates && total <= 0) bad(field, `${field} must have a positive total`)
  }
  checkWeights('requestCultureMix', params.requestCultureMix, CULTURES, false)
  checkWeights('itinRate', params.itinRate, CULTURES, true)
  checkWeights('addressKindWeights', params.addressKindWeights, ADDRESS_KINDS, false)
  const sizes = params.householdSizeWeights
  if (!Array.isArray(sizes) || sizes.length !== 8 || sizes.some((w) => typeof w !== 'number' || !(w >= 0)) || sizes.every((w) => w === 0))
    bad('householdSizeWeights', 'householdSizeWeights must be 8 non-negative weights (sizes 1 to 8), not all zero')
  return issues
}

/**
 * Resolves options to the full parameter set: the scenario's defaults, overridden by any given
 * parameter. Throws `InvalidInputError` listing every invalid one.
 *
 * @example
 * resolveParams({ scenario: 'demo', seed: 7 }).inMasterRate // 0.4
 */
export function resolveParams(options: GenerateOptions = {}): SynthParams {
  const base = scenarioDefaults(options.scenario ?? 'custom')
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
  const params = { ...base, ...defined, scenario: options.scenario ?? base.scenario } as SynthParams
  const issues = validateParams(params)
  if (issues.length > 0) throw new InvalidInputError(`invalid generator parameters (${issues.length})`, { issues })
  return params
}
