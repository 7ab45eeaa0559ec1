/**
 * Request generation: who each request is about (a master person, a non-filing member of a master
 * household, or someone with no tie to the master), what the requesting agency's record says about
 * them after the noise of real files, and the truth row that scores any answer to it. Each request
 * is a pure function of (parameters, seed, request number): it can be rebuilt at will.
 */
import { drawAddress } from './addresses.js'
import type { SynthAddress } from './addresses.js'
import { WeightedList } from './alias-table.js'
import { csvField } from './csv-writer.js'
import { civilDate, dayNumber, isoOf, isValidDate, usDate } from './dates.js'
import { accentName, digitSwap, digitTypo, keyboardTypo, ocrTypo, phoneticTypo, titleCase } from './noise.js'
import { ADDRESS_KINDS } from './params.js'
import type { AddressKind } from './params.js'
import { CULTURES } from './reference.js'
import { Rng, STREAMS } from './prng.js'
import { ShapeScratch, personIdOf } from './population.js'
import type { Household, PopulationContext, SynthPerson } from './population.js'
import { householdAt, locate, maxFilersOf } from './population-index.js'
import type { PopulationIndex } from './population-index.js'
import { ssnOf } from './tin.js'
import { hashParts } from './twin-index.js'

/** How the requested person relates to the master. */
export type RequestKind = 'in_master' | 'co_resident' | 'outside'

/** Who a request is about. */
export interface RequestPlan {
  readonly kind: RequestKind
  readonly household: number
  readonly outside: boolean
  readonly member: number
  /** The earlier request whose person this one repeats, or −1. */
  readonly duplicateOf: number
}

/** The truth about one request. */
export interface RequestTruth {
  readonly requestId: string
  readonly masterId: string
  readonly otherMasterId: string
  readonly personId: string
  readonly householdId: string
  readonly kind: RequestKind
  readonly noise: readonly string[]
  readonly addressKind: AddressKind
  readonly addressComplete: boolean
  /** True when a household member of the same name is a JR/SR pair (the master pass adds same-name neighbours). */
  readonly householdTwin: boolean
}

/** One generated request: its CSV line, its truth, and its near-twin key. */
export interface GeneratedRequest {
  /** The requests.csv line (no line break). */
  readonly line: string
  readonly truth: RequestTruth
  /** The person's number (for telling a near-twin from the person themself). */
  readonly personNumber: number
  /** given|surname1|surname2|city|state of the person at their current address. */
  readonly twinKey: string
  readonly person: SynthPerson
}

/** The id of master row `row` (0-based): M000000001, … */
export function masterIdOf(row: number): string {
  const text = String(row + 1)
  return text.length >= 9 ? `M${text}` : `M${'000000000'.slice(text.length)}${text}`
}

/** The id of request `i` (0-based): R0000001, … */
export function requestIdOf(i: number): string {
  const text = String(i + 1)
  return text.length >= 7 ? `R${text}` : `R${'0000000'.slice(text.length)}${text}`
}

/** The near-twin key of a person at an address: same given name, surnames, city and state. */
export function twinKeyOf(person: SynthPerson, address: SynthAddress): string {
  return `${person.given}|${person.surname1}|${person.surname2}|${address.city}|${address.state}`
}

/** Hashes the near-twin key of a person at an address into `out[at]`, `out[at + 1]` without building it (same as hashing `twinKeyOf`). */
export function hashTwinKey(person: SynthPerson, address: SynthAddress, out: Uint32Array, at = 0): void {
  hashParts(person.given, person.surname1, person.surname2, address.city, address.state, out, at)
}

const STATUTES = new WeightedList([
  ['8 U.S.C. 1253(a)(1)', 80],
  ['8 U.S.C. 1253', 10],
  ['8 U.S.C. 1326', 5],
  ['8 U.S.C. 1324(a)', 5],
] as const)

const REASONS = [
  'Subject is under a final order of removal, has failed to depart, and is under investigation for violation of 8 U.S.C. 1253(a)(1); a current address is needed to locate the subject.',
  'Final order of removal issued; subject failed to depart. Address information is relevant to locating the subject for the criminal investigation.',
  'Subject willfully failed to depart the United States after a final order of removal; last known address required to locate and arrest.',
  'Investigation under 8 U.S.C. 1253: the subject\'s last known address is needed to serve process, "locate and apprehend".',
]

const JUNK_TEXT: Readonly<Record<string, readonly string[]>> = {
  'junk:failed_to_provide': ['FAILED TO PROVIDE', 'Failed to Provide', 'FAILED TO PROVIDE FAILED TO PROVIDE', 'FAILED TO PROVIDE, FAILED TO PROVIDE'],
  'junk:unknown_address': ['UNKNOWN ADDRESS', 'Unknown Address', 'UNKNOWN', 'ADDRESS UNKNOWN', 'UNK'],
  'junk:na_na': ['NA NA', 'N/A', 'NA', 'N/A N/A', 'NONE NONE'],
  'junk:zeros': ['00000', '000000000', '0 00000', '00000-0000', '0'],
}

/** Builds requests from the population. */
export class RequestGenerator {
  private readonly addressKinds: WeightedList<AddressKind>
  /** Acceptance probability by culture code, so requested master people follow the request culture mix. */
  private readonly accept: readonly number[]
  private readonly scratch = new ShapeScratch()

  constructor(
    readonly ctx: PopulationContext,
    readonly index: PopulationIndex,
  ) {
    const { params, ref } = ctx
    this.addressKinds = new WeightedList(ADDRESS_KINDS.map((k) => [k, params.addressKindWeights[k]] as const))
    const ratio = CULTURES.map((c) => (ref.cultureShare[c] > 0 ? params.requestCultureMix[c] / ref.cultureShare[c] : 0))
    const max = Math.max(...ratio)
    this.accept = ratio.map((r) => (max > 0 ? r / max : 1))
  }

  /** Who request `i` is about. */
  plan(i: number): RequestPlan {
    const { params } = this.ctx
    const rng = new Rng(this.ctx.seed, STREAMS.request, i)
    if (i > 0 && rng.chance(params.duplicateRate)) {
      const earlier = i - 1 - rng.int(Math.min(i, 5000))
      const base = this.plan(earlier)
      return { ...base, duplicateOf: base.duplicateOf >= 0 ? base.duplicateOf : earlier }
    }
    const u = rng.float()
    if (u < params.inMasterRate) {
      let rank = rng.int(this.index.people)
      let found = locate(this.index.cumFilers, rank)
      for (let tries = 0; tries < 1000; tries++) {
        if (rng.float() < (this.accept[this.index.culture[found.household] as number] as number)) break
        rank = rng.int(this.index.people)
        found = locate(this.index.cumFilers, rank)
      }
      const shape = this.scratch.fill(this.ctx, found.household, false, maxFilersOf(this.index, found.household))
      let member = -1
      for (let m = 0, seen = -1; m < shape.size && member < 0; m++) if (shape.filer[m] === 1 && ++seen === found.ordinal) member = m
      return { kind: 'in_master', household: found.household, outside: false, member, duplicateOf: -1 }
    }
    if (rng.chance(params.coResidentRate) && this.index.nonFilerAdults > 0) {
      let found = locate(this.index.cumNonFilerAdults, rng.int(this.index.nonFilerAdults))
      for (let tries = 0; tries < 1000; tries++) {
        if (rng.float() < (this.accept[this.index.culture[found.household] as number] as number)) break
        found = locate(this.index.cumNonFilerAdults, rng.int(this.index.nonFilerAdults))
      }
      const shape = this.scratch.fill(this.ctx, found.household, false, maxFilersOf(this.index, found.household))
      let member = -1
      for (let m = 0, seen = -1; m < shape.size && member < 0; m++) {
        if (shape.filer[m] === 0 && (shape.age[m] as number) >= 18 && ++seen === found.ordinal) member = m
      }
      return { kind: 'co_resident', household: found.household, outside: false, member, duplicateOf: -1 }
    }
    const household = this.index.households + i
    const shape = this.scratch.fill(this.ctx, household, true)
    let adults = 0
    for (let m = 0; m < shape.size; m++) if ((shape.age[m] as number) >= 18) adults += 1
    let pick = rng.int(adults)
    let member = 0
    for (let m = 0; m < shape.size; m++) {
      if ((shape.age[m] as number) >= 18 && pick-- === 0) {
        member = m
        break
      }
    }
    return { kind: 'outside', household, outside: true, member, duplicateOf: -1 }
  }

  /** The master row ids of a member of a master household (primary first), empty if not a filer. */
  masterRowsOf(household: Household, member: number): string[] {
    const person = household.people[member]
    if (!person || !person.filer || household.outside) return []
    let row = this.index.cumRows[household.index] as number
    for (let m = 0; m < member; m++) {
      const earlier = household.people[m]
      if (earlier?.filer) row += earlier.secondRow === 'none' ? 1 : 2
    }
    return person.secondRow === 'none' ? [masterIdOf(row)] : [masterIdOf(row), masterIdOf(row + 1)]
  }

  /** Builds request `i`: its CSV line, its truth and its twin key. */
  build(i: number): GeneratedRequest {
    const plan = this.plan(i)
    const household = householdAt(this.ctx, this.index, plan.household, plan.member)
    const person = household.people[plan.member] as SynthPerson
    const rng = new Rng(this.ctx.seed, STREAMS.requestContent, i)
    const noise: string[] = []
    if (plan.duplicateOf >= 0) noise.push('duplicate')

    const current = this.currentAddress(person, rng)
    if (current !== person.address) noise.push('moved')

    const names = this.noisyNames(person, rng, noise)
    const dob = this.noisyDob(person, rng, noise)
    const tin = this.noisyTin(person, rng, noise)
    const addressKind = this.addressKinds.sample(rng)
    const address = this.renderAddress(addressKind, current, rng, noise)
    const legal = this.legalElements(i, rng, noise)

    const masterRows = this.masterRowsOf(household, plan.member)
    const requestId = requestIdOf(i)
    const fields = [
      requestId,
      legal.caseRef,
      legal.orderDate,
      tin,
      names.given,
      names.middle,
      names.surname,
      dob,
      address.oneLine,
      address.number,
      address.street,
      address.unit,
      address.city,
      address.state,
      address.zip,
      legal.taxPeriods,
      legal.statute,
      legal.reasons,
    ]
    let line = csvField(fields[0] as string)
    for (let f = 1; f < fields.length; f++) line += `,${csvField(fields[f] as string)}`
    return {
      line,
      truth: {
        requestId,
        masterId: masterRows[0] ?? '',
        otherMasterId: masterRows[1] ?? '',
        personId: personIdOf(person),
        householdId: household.householdId,
        kind: plan.kind,
        noise,
        addressKind,
        addressComplete: addressKind === 'full' && !noise.includes('zip_other_state'),
        householdTwin: person.hasHouseholdTwin,
      },
      personNumber: person.personNumber,
      twinKey: twinKeyOf(person, current),
      person,
    }
  }

  /**
   * Where the person lives at the request: movers (master people only) give an address the master
   * does not have. Always the first draws of a request's content stream.
   */
  private currentAddress(person: SynthPerson, rng: Rng): SynthAddress {
    const { params, ref } = this.ctx
    if (!person.filer || !rng.chance(params.movedRate)) return person.address
    const state = rng.chance(params.movedOutOfStateRate) ? ref.stateByPopulation.sample(rng) : person.address.stateIndex
    return drawAddress(ref, params, rng, state)
  }

  private noisyNames(person: SynthPerson, rng: Rng, noise: string[]): { given: string; middle: string; surname: string } {
    const { params, ref } = this.ctx
    let given = person.given
    let middle = person.middleFull
    let surname = person.surname
    if (middle !== '') {
      if (person.secondGiven && rng.chance(params.middleInGivenRate)) {
        given = `${given} ${middle}`
        middle = ''
        noise.push('middle_in_given')
      } else if (rng.chance(params.middleDroppedRate)) {
        middle = ''
        noise.push('middle_dropped')
      } else if (middle.length > 1 && rng.chance(0.3)) {
        middle = middle.charAt(0)
        noise.push('middle_initial')
      }
    }
    if (person.surname2 !== '') {
      const r = rng.float()
      if (r < params.secondSurnameDroppedRate) {
        surname = person.surname1
        noise.push('second_surname_dropped')
      } else if (r < params.secondSurnameDroppedRate + params.hyphenChangedRate) {
        const forms = [`${person.surname1} ${person.surname2}`, `${person.surname1}-${person.surname2}`, `${person.surname1}${person.surname2}`].filter((f) => f !== surname)
        surname = rng.pick(forms)
        noise.push('hyphen_changed')
      }
    }
    if ((person.givenVariants.length > 0 || person.surnameVariants.length > 0) && rng.chance(params.translitVariantRate)) {
      if (person.givenVariants.length > 0 && (person.surnameVariants.length === 0 || rng.chance(0.6))) given = given.replace(person.given, rng.pick(person.givenVariants))
      else surname = rng.pick(person.surnameVariants)
      noise.push('translit_variant')
    }
    const nicknames = ref.nicknames.get(person.given)
    if (nicknames && given === person.given && rng.chance(params.nicknameRate)) {
      given = rng.pick(nicknames)
      noise.push('nickname')
    }
    if (person.suffix !== '' && rng.chance(params.suffixInSurnameRate)) {
      surname = `${surname} ${person.suffix}`
      noise.push('suffix_in_surname')
    }
    if (rng.chance(params.typoKeyboardRate)) {
      const onGiven = rng.chance(0.4)
      const changed = keyboardTypo(onGiven ? given : surname, rng)
      if (changed !== undefined) {
        if (onGiven) given = changed
        else surname = changed
        noise.push('typo_keyboard')
      }
    }
    if (rng.chance(params.typoOcrRate)) {
      const onGiven = rng.chance(0.4)
      const changed = ocrTypo(onGiven ? given : surname, rng)
      if (changed !== undefined) {
        if (onGiven) given = changed
        else surname = changed
        noise.push('typo_ocr')
      }
    }
    if (rng.chance(params.typoPhoneticRate)) {
      const onGiven = rng.chance(0.4)
      const changed = phoneticTypo(onGiven ? given : surname, rng)
      if (changed !== undefined) {
        if (onGiven) given = changed
        else surname = changed
        noise.push('typo_phonetic')
      }
    }
    if (person.culture === 'hispanic' && rng.chance(params.accentRate)) {
      const g = accentName(given)
      const s = accentName(surname)
      if (g !== undefined || s !== undefined) {
        given = g ?? given
        surname = s ?? surname
        noise.push('accent')
      }
    }
    if (rng.chance(params.nameSwapRate) || (person.culture === 'asian' && rng.chance(params.asianSurnameFirstRate))) {
      const swapped = given
      given = surname
      surname = swapped
      noise.push('name_swap')
    }
    if (rng.chance(params.caseChangedRate)) {
      if (rng.chance(0.5)) {
        given = given.toLowerCase()
        middle = middle.toLowerCase()
        surname = surname.toLowerCase()
      } else {
        given = titleCase(given)
        middle = titleCase(middle)
        surname = titleCase(surname)
      }
      noise.push('case_changed')
    }
    return { given, middle, surname }
  }

  private noisyDob(person: SynthPerson, rng: Rng, noise: string[]): string {
    const { params } = this.ctx
    if (rng.chance(params.dobMissingRate)) {
      noise.push('dob_missing')
      return ''
    }
    let { year, month, day } = civilDate(person.dob)
    if (rng.chance(params.dobWrongRate)) {
      const what = rng.float()
      if (what < 0.4) year += rng.chance(0.5) ? 1 + rng.int(2) : -1 - rng.int(2)
      else if (what < 0.8) day = day <= 3 ? day + 1 + rng.int(3) : day - 1 - rng.int(3)
      else month = month === 12 ? 11 : month + 1
      while (!isValidDate(year, month, day)) day -= 1
      noise.push('dob_wrong')
    } else if (day <= 12 && day !== month && rng.chance(params.dobDayMonthSwapRate)) {
      const swapped = day
      day = month
      month = swapped
      noise.push('dob_day_month_swap')
    }
    return rng.chance(params.dobUsFormatRate) ? usDate(year, month, day) : isoOf(year, month, day)
  }

  private noisyTin(person: SynthPerson, rng: Rng, noise: string[]): string {
    const { params } = this.ctx
    if (!rng.chance(person.filer ? params.tinRateInMaster : params.tinRateNotInMaster)) return ''
    let tin = person.secondTin !== '' && rng.chance(0.5) ? person.secondTin : person.tin
    const r = rng.float()
    if (r < params.tinOtherPersonRate) {
      tin = ssnOf(rng.int(this.index.persons), this.ctx.seed)
      noise.push('tin_other_person')
    } else if (r < params.tinOtherPersonRate + params.tinTypoRate) {
      tin = rng.chance(0.6) ? digitTypo(tin, rng) : digitSwap(tin, rng)
      noise.push('tin_typo')
    }
    return rng.chance(params.tinDashedRate) ? `${tin.slice(0, 3)}-${tin.slice(3, 5)}-${tin.slice(5)}` : tin
  }

  private renderAddress(
    kind: AddressKind,
    address: SynthAddress,
    rng: Rng,
    noise: string[],
  ): { oneLine: string; number: string; street: string; unit: string; city: string; state: string; zip: string } {
    const { params, ref } = this.ctx
    let number = ''
    let street = ''
    let unit = ''
    let city = ''
    let state = ''
    let zip = ''
    let junk = ''
    const withStreet = kind === 'full' || kind === 'street_only' || kind === 'junk:no_house_number'
    if (withStreet) {
      number = kind === 'junk:no_house_number' ? '' : address.number
      unit = address.unit
      let name = address.name
      let suffix = address.suffix
      if (unit !== '' && rng.chance(params.unitMissingRate)) {
        unit = ''
        noise.push('unit_missing')
      }
      if (address.kind === 'street') {
        const spellings = suffix === '' ? undefined : ref.suffixSpellings.get(suffix)?.filter((s) => s !== suffix)
        if (spellings && spellings.length > 0 && rng.chance(params.suffixVariantRate)) {
          suffix = rng.pick(spellings)
          noise.push('suffix_variant')
        }
        if (rng.chance(params.streetTypoRate)) {
          const changed = keyboardTypo(name, rng)
          if (changed !== undefined) {
            name = changed
            noise.push('street_typo')
          }
        }
      }
      street = [address.predir, name, suffix].filter((p) => p !== '').join(' ')
      if (kind === 'junk:no_house_number' && address.kind !== 'street') street = `${ref.streetNames[rng.int(ref.streetNames.length)]} ST`
    }
    if (kind === 'full' || kind === 'junk:no_house_number') {
      city = address.city
      state = address.state
      zip = address.zip
      if (kind === 'full') {
        const r = rng.float()
        if (r < params.zipMissingRate) {
          zip = ''
          noise.push('zip_missing')
        } else if (r < params.zipMissingRate + params.cityMissingRate) {
          city = ''
          state = ''
          noise.push('city_missing')
        }
        if (zip !== '' && rng.chance(params.zipTypoRate)) {
          zip = digitTypo(zip, rng)
          noise.push('zip_typo')
          // A typo in the first three digits can land in another state's ZIP range: the ZIP and the
          // state then name two places, so the address no longer says where the street is and is
          // not complete by docs/rules.md rule 2 (the standardizer grades it STREET).
          const landed = ref.stateOfZip3.get(zip.slice(0, 3))
          if (landed !== undefined && landed !== state) noise.push('zip_other_state')
        }
      }
    } else if (kind === 'locality_only') {
      city = address.city
      state = address.state
      if (rng.chance(0.4)) zip = address.zip
    } else if (kind === 'zip_only') {
      zip = address.zip
    } else if (kind.startsWith('junk:')) {
      if (kind === 'junk:bare_zip') junk = rng.chance(0.7) ? String(10_000 + rng.int(90_000)) : String(100_000_000 + rng.int(900_000_000))
      else if (kind === 'junk:facility') junk = rng.chance(0.3) ? `${address.city} ${rng.pick(ref.facilities)}` : rng.pick(ref.facilities)
      else junk = rng.pick(JUNK_TEXT[kind] as readonly string[])
      // Junk often comes with a real city, state and ZIP, which is what let it pass a "looks like a ZIP" test.
      if ((kind === 'junk:failed_to_provide' || kind === 'junk:unknown_address' || kind === 'junk:facility') && rng.chance(0.25)) {
        city = address.city
        state = address.state
        zip = address.zip
      }
    }
    if (city !== '' && rng.chance(params.cityTypoRate)) {
      const changed = keyboardTypo(city, rng)
      if (changed !== undefined) {
        city = changed
        noise.push('city_typo')
      }
    }
    if (zip !== '' && kind !== 'junk:zeros' && rng.chance(0.1)) zip = `${zip}-${String(1000 + rng.int(9000))}`

    if (rng.chance(params.oneLineAddressRate)) {
      const streetPart = [number, street, unit, junk].filter((p) => p !== '').join(' ')
      const stateZip = [state, zip].filter((p) => p !== '').join(' ')
      const parts = [streetPart, city, stateZip].filter((p) => p !== '')
      const oneLine = parts.join(rng.chance(0.75) ? ', ' : ' ')
      return { oneLine, number: '', street: '', unit: '', city: '', state: '', zip: '' }
    }
    if (junk !== '') {
      if (kind === 'junk:zeros' && rng.chance(0.6)) zip = junk
      else if (kind === 'junk:bare_zip' && rng.chance(0.5)) zip = junk
      else street = junk
    }
    return { oneLine: '', number, street, unit, city, state, zip }
  }

  private legalElements(
    i: number,
    rng: Rng,
    noise: string[],
  ): { caseRef: string; orderDate: string; taxPeriods: string; statute: string; reasons: string } {
    const { params } = this.ctx
    const year = params.requestYear
    const orderDay = dayNumber(1998, 1, 1) + rng.int(dayNumber(year, 4, 1) - dayNumber(1998, 1, 1))
    const order = civilDate(orderDay)
    const elements: { caseRef: string; orderDate: string; taxPeriods: string; statute: string; reasons: string } = {
      caseRef: `ERO-${year}-${String(i + 1).padStart(7, '0')}`,
      orderDate: rng.chance(params.dobUsFormatRate) ? usDate(order.year, order.month, order.day) : isoOf(order.year, order.month, order.day),
      taxPeriods: rng.chance(0.6) ? `${year - 3}-${year - 1}` : `${year - 3};${year - 2};${year - 1}`,
      statute: STATUTES.sample(rng),
      reasons: rng.pick(REASONS),
    }
    if (rng.chance(params.legalMissingRate)) {
      const keys = ['caseRef', 'orderDate', 'taxPeriods', 'statute', 'reasons'] as const
      const codes = ['missing_case_ref', 'missing_order_date', 'missing_tax_periods', 'missing_statute', 'missing_reasons']
      const first = rng.int(keys.length)
      const dropped = [first]
      if (rng.chance(0.25)) dropped.push((first + 1 + rng.int(keys.length - 1)) % keys.length)
      for (const k of dropped.sort()) {
        elements[keys[k] as (typeof keys)[number]] = ''
        noise.push(codes[k] as string)
      }
    }
    return elements
  }
}
