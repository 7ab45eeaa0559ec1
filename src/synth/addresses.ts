/**
 * Synthetic US addresses whose state, ZIP and city agree: the ZIP's first three digits are a real
 * prefix of the state (Census ZCTA relationship file), the city a real city of the state, and each
 * ZIP code is always paired with the same city. Which city a prefix serves is synthetic. Street
 * addresses (house number, directional, name, USPS suffix, unit), PO boxes and rural routes come
 * in the shares the parameters give.
 */
import { mix32 } from './prng.js'
import type { Rng } from './prng.js'
import type { Reference, StatePlaces } from './reference.js'
import type { SynthParams } from './params.js'

/** A generated address, in parts. */
export interface SynthAddress {
  /** street: a house on a street; po_box: PO BOX n; rural_route: RR n BOX m or HC n BOX m. */
  readonly kind: 'street' | 'po_box' | 'rural_route'
  /** House number, empty for boxes and routes. */
  readonly number: string
  /** Pre-directional (N, SW), or empty. */
  readonly predir: string
  /** The street's own name (MAIN, 5TH, MARTIN LUTHER KING JR), or PO BOX 12 / RR 2 BOX 45. */
  readonly name: string
  /** USPS standard suffix abbreviation (ST, AVE), or empty. */
  readonly suffix: string
  /** The master's `street_name`: predirectional, name and suffix. */
  readonly streetName: string
  /** Unit as written (APT 4B, # 3, LOT 12), or empty. */
  readonly unit: string
  readonly city: string
  readonly state: string
  readonly zip: string
  /** Index of the state in the reference's states. */
  readonly stateIndex: number
}

/** States where Spanish street names are common. */
const SPANISH_STREET_STATES = new Set(['CA', 'TX', 'AZ', 'NM', 'FL', 'NV', 'CO', 'PR'])
const DIRECTIONALS = ['N', 'S', 'E', 'W', 'N', 'S', 'E', 'W', 'NE', 'NW', 'SE', 'SW']
const HIGHWAYS = ['COUNTY ROAD', 'STATE HIGHWAY', 'US HIGHWAY', 'FM', 'STATE ROUTE', 'COUNTY HIGHWAY']
const UNIT_LETTERS = 'ABCDEFGH'

/** 1ST, 2ND, 3RD, 4TH, 11TH, 21ST, … */
export function ordinal(n: number): string {
  const tens = n % 100
  if (tens >= 11 && tens <= 13) return `${n}TH`
  const last = n % 10
  return `${n}${last === 1 ? 'ST' : last === 2 ? 'ND' : last === 3 ? 'RD' : 'TH'}`
}

/** The city a ZIP code is paired with: mostly its prefix's main city, else another of the state's. */
export function cityOfZip(state: StatePlaces, prefixIndex: number, lastTwo: number): string {
  const prefix = state.zips[prefixIndex]
  if (!prefix) throw new RangeError(`no ZIP prefix ${prefixIndex} in ${state.code}`)
  const h = mix32(Number(prefix.zip3) * 100 + lastTwo)
  const index = h % 10 < 7 ? prefix.primaryCity : h % state.cities.length
  return state.cities[index] as string
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** Draws a ZIP code (and its city) in a state. */
export function drawZip(ref: Reference, rng: Rng, stateIndex: number): { readonly zip: string; readonly city: string } {
  const state = ref.states[stateIndex] as StatePlaces
  const prefixIndex = state.zipTable.sample(rng)
  const prefix = state.zips[prefixIndex] as StatePlaces['zips'][number]
  const lastTwo = 1 + rng.int(Math.min(99, prefix.zctaCount))
  return { zip: prefix.zip3 + pad2(lastTwo), city: cityOfZip(state, prefixIndex, lastTwo) }
}

function houseNumber(rng: Rng): string {
  const r = rng.float()
  if (r < 0.25) return String(1 + rng.int(99))
  if (r < 0.85) return String(100 + rng.int(9900))
  return String(10_000 + rng.int(20_000))
}

function unitOf(ref: Reference, rng: Rng): string {
  const designator = ref.unitDesignators.sample(rng)
  if (designator === 'LOT' || designator === 'TRLR' || designator === 'SPC') return `${designator} ${1 + rng.int(200)}`
  const r = rng.float()
  const number = r < 0.5 ? String(1 + rng.int(40)) : r < 0.8 ? `${1 + rng.int(30)}${UNIT_LETTERS[rng.int(8)]}` : String(100 * (1 + rng.int(12)) + 1 + rng.int(30))
  return designator === '#' ? `# ${number}` : `${designator} ${number}`
}

/**
 * Draws an address in a state.
 *
 * @example
 * drawAddress(ref, params, rng, 4) // { kind: 'street', number: '1432', streetName: 'W OAK AVE', city: 'FRESNO', state: 'CA', zip: '93703', … }
 */
export function drawAddress(ref: Reference, params: SynthParams, rng: Rng, stateIndex: number): SynthAddress {
  const state = ref.states[stateIndex] as StatePlaces
  const { zip, city } = drawZip(ref, rng, stateIndex)
  const r = rng.float()
  if (r < params.poBoxRate) {
    const name = `PO BOX ${1 + rng.int(9999)}`
    return { kind: 'po_box', number: '', predir: '', name, suffix: '', streetName: name, unit: '', city, state: state.code, zip, stateIndex }
  }
  if (r < params.poBoxRate + params.ruralRouteRate) {
    const name = `${rng.chance(0.7) ? 'RR' : 'HC'} ${1 + rng.int(9)} BOX ${1 + rng.int(400)}`
    return { kind: 'rural_route', number: '', predir: '', name, suffix: '', streetName: name, unit: '', city, state: state.code, zip, stateIndex }
  }
  const number = houseNumber(rng)
  const predir = rng.chance(0.12) ? rng.pick(DIRECTIONALS) : ''
  let name: string
  let suffix = ''
  const kind = rng.float()
  if (state.code === 'PR' && kind < 0.6) {
    name = `CALLE ${rng.pick(ref.spanishStreetNames)}`
  } else if (kind < 0.02) {
    name = `${rng.pick(HIGHWAYS)} ${1 + rng.int(999)}`
  } else {
    const choice = rng.float()
    if (choice < 0.2) name = ordinal(1 + Math.floor(rng.float() * rng.float() * 120))
    else if (choice < 0.45) name = rng.pick(ref.surnameStreets)
    else if (choice < 0.55 && SPANISH_STREET_STATES.has(state.code)) name = rng.pick(ref.spanishStreetNames)
    else name = rng.pick(ref.streetNames)
    suffix = ref.streetSuffixes.sample(rng)
  }
  const streetName = predir ? (suffix ? `${predir} ${name} ${suffix}` : `${predir} ${name}`) : suffix ? `${name} ${suffix}` : name
  const unit = rng.chance(params.unitRate) ? unitOf(ref, rng) : ''
  return { kind: 'street', number, predir, name, suffix, streetName, unit, city, state: state.code, zip, stateIndex }
}
