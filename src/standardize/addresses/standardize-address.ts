/**
 * US addresses, from one line or from parts, into Publication 28 form with a completeness
 * grade (docs/rules.md, rule 2) and the reasons for it.
 *
 * Grades (core/standardized.ts): `FULL` needs a house number or box, a street (a PO box or a
 * rural-route / highway-contract box counts as both), and a city with a US state or a US ZIP.
 * `STREET`: a street without a house number, or without a locality, or with only a city or a
 * state, or with a ZIP that belongs to another state (the locality cannot be trusted, so the
 * address as a whole cannot be FULL: docs/files-and-inputs.md says why). `LOCALITY`: no street,
 * but a city, a US state or a US ZIP (a facility's name or GENERAL DELIVERY with its city).
 * `NONE`: nothing usable. Only what the rules allow counts: a non-US postcode, an unknown
 * state, a placeholder ZIP (00000), a facility name or GENERAL DELIVERY without a street, a
 * c/o or ATTN line, and junk text never count. Junk sharing one
 * comma-free line with a ZIP ("Don't Care 12345") makes the whole address `NONE`, since nothing
 * in it can be trusted to be a locality; junk in a delivery field beside a separately stated
 * city and state leaves `LOCALITY`.
 */
import type { AddressGrade, StandardizedAddress } from '../../core/index.js'
import type { StandardizeIssueCode } from '../issues.js'
import { BoundedMemo } from '../memo.js'
import { stateCode, streetSuffix, unitDesignator } from '../reference/index.js'
import { facilityEnd, isJunkWords, mayNameFacility } from './address-lexicon.js'
import { dropCareOf, parseDelivery, parseUnit, startsDelivery, type Delivery } from './parse-delivery.js'
import { parseHighway } from './parse-highway.js'
import { readCityField, readStateField, readZip, readZipField, standardCity, zipStateMismatch, zipWord, type StateReading, type ZipReading } from './parse-locality.js'
import { tokenizeAddress } from './tokenize-address.js'

/** An address as an input file gives it: one line, or parts (or a line plus city/state/ZIP parts). */
export interface AddressInput {
  /** The whole address on one line, e.g. `123 Main St Apt 4B, Springfield, IL 62701`. */
  readonly address?: string
  readonly street_number?: string
  readonly street_name?: string
  readonly unit?: string
  readonly city?: string
  readonly state?: string
  readonly zip?: string
}

/** A standardized address with every issue found (grade reasons and data problems). */
export interface AddressResult {
  readonly address: StandardizedAddress
  readonly issues: readonly StandardizeIssueCode[]
}

interface Assembled {
  delivery: Delivery
  city: string
  state: StateReading
  zip: ZipReading
  junk: boolean
  /** Junk shared a comma-free line with the locality, so the locality is not trusted either. */
  junkPoisons: boolean
  unplaced: boolean
  original: string
  /** The ZIP does not belong to the state, when already known (memoised localities); computed when absent. */
  mismatch?: boolean
}

const EMPTY_STATE: StateReading = { state: '', us: false }
const EMPTY_ZIP: ZipReading = { zip: '', zip4: '', us: false, placeholder: false }

function emptyDelivery(): Delivery {
  return { streetNumber: '', predirectional: '', streetName: '', streetSuffix: '', postdirectional: '', unitType: '', unit: '', poBox: '', route: '', rest: [], facility: false, generalDelivery: false }
}

const isSuffixWord = (w: string): boolean => streetSuffix(w) !== undefined

/** True when the words can only be a city (no number, box, route, common suffix, highway, unit or facility). */
function isCityOnly(words: readonly string[]): boolean {
  const first = words[0] ?? ''
  if (/^\d/.test(first) || /^[NSEW]\d+(?:[NSEW]\d+)?$/.test(first)) return false
  if (['PO', 'P', 'POB', 'POBOX', 'BOX', 'POST', 'RR', 'RFD', 'HC', 'HCR', 'RURAL', 'STAR', '#'].includes(first)) return false
  if (first === 'GENERAL' || first === 'GEN') return false
  if (parseHighway(words, 0) !== undefined) return false
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? ''
    if (w === '#') return false
    // CAMP VERDE and FORT WORTH are towns: only a facility word or phrase stops a city here.
    if (mayNameFacility(w) && facilityEnd(words, isSuffixWord, false) >= 0) return false
    const s = streetSuffix(w)
    if (i > 0 && s !== undefined && ['ST', 'AVE', 'RD', 'DR', 'LN', 'BLVD', 'CT', 'PL', 'WAY', 'CIR', 'TER', 'PKWY', 'HWY', 'TRL'].includes(s)) return false
    if (i > 0 && unitDesignator(w) !== undefined && /^\d/.test(words[i + 1] ?? '')) return false
  }
  return true
}

/** Takes a state off the end of `words[0..end)`: a two-letter code first, then names of three, two and one words. */
function takeState(words: readonly string[], segments: readonly number[], end: number, allowed: (start: number) => boolean): readonly [string, number] | undefined {
  const last = words[end - 1]
  if (last === undefined) return undefined
  if (last.length === 2) {
    const code = stateCode(last)
    if (code !== undefined && allowed(end - 1)) return [code, end - 1]
  }
  for (let n = 3; n >= 1; n--) {
    const start = end - n
    if (start < 0 || segments[start] !== segments[end - 1]) continue
    const text = words.slice(start, end).join(' ')
    if (text.length <= 2) continue
    const code = stateCode(text)
    if (code !== undefined && allowed(start)) return [code, start]
  }
  return undefined
}

/**
 * True when a street ends before `stateStart - 1`, leaving at least one word for the city: a
 * street suffix after the house number (`6215 FRANKLIN LN BEAVERTON OR`), a highway
 * (`W123 WI-57 PLYMOUTH WI`), or a facility's name (`STEWART DETENTION CENTER LUMPKIN GA`).
 */
function suffixBeforeCity(words: readonly string[], stateStart: number): boolean {
  for (let i = 2; i < stateStart - 1; i++) {
    const word = words[i]
    if (word !== undefined && streetSuffix(word) !== undefined) return true
  }
  for (let i = 1; i <= 2; i++) {
    const highway = parseHighway(words, i)
    if (highway !== undefined && highway.next < stateStart) return true
  }
  const facility = facilityEnd(words.slice(0, stateStart), isSuffixWord)
  return facility >= 0 && facility < stateStart - 1
}

/**
 * True when a state that is not also a street suffix (`NEW YORK`, `UTAH`, `NY`, but not `CT`,
 * Court) ends a comma-free line whose delivery line, read up to the state, leaves words for a
 * city: `123 BROADWAY ALBANY NEW YORK`, `1200 N 500 W PROVO UTAH`, `PO BOX 12 BOISE IDAHO`. Read
 * only for lines with no ZIP and no comma, where the suffix test above found no street's end.
 */
function cityBeforeState(words: readonly string[], stateStart: number, end: number): boolean {
  if (end - stateStart === 1 && streetSuffix(words[stateStart] ?? '') !== undefined) return false
  if (!startsDelivery(words, 0)) return false
  return parseDelivery(words.slice(0, stateStart), 'line').rest.length > 0
}

/**
 * Where the address proper starts: after a leading line that names whoever or whatever is
 * there (a facility, a business) when a house number or box follows it, either in the next
 * comma-separated segment (`KROME PROCESSING CENTER, 18201 SW 12TH ST, …`) or right after a
 * facility's name (`COOK COUNTY JAIL 2700 S CALIFORNIA AVE …`). Junk is kept, to be judged whole.
 */
function addressStart(words: readonly string[], segments: readonly number[]): number {
  if (words.length === 0 || startsDelivery(words, 0)) return 0
  for (let m = 1; m < words.length; m++) {
    const w = words[m] ?? ''
    if (/\d/.test(w) && !startsDelivery(words, m)) return 0
    if (!startsDelivery(words, m)) continue
    // A house number must have a street after it in its own segment (`SPRINGFIELD, 62701` is a ZIP).
    const next = words[m + 1]
    if (next === undefined || segments[m + 1] !== segments[m] || /^\d/.test(next)) return 0
    const head = words.slice(0, m)
    if (isJunkWords(head)) return 0
    if (segments[m - 1] !== segments[m]) return m
    // Right after a facility's name, not after a unit word (`… BLDG 2 RM 101` is no house number).
    const before = words[m - 1] ?? ''
    return before !== '#' && unitDesignator(before) === undefined && facilityEnd(head, isSuffixWord, false) === m - 1 ? m : 0
  }
  return 0
}

/**
 * Reads a ZIP (`12345`, `12345-6789`, or `12345 6789` in one segment) from the end of the words:
 * the ZIP, and where the words before it end.
 */
function takeZip(words: readonly string[], segments: readonly number[]): { zip: ZipReading; end: number } {
  const end = words.length
  const last = words[end - 1]
  if (last === undefined) return { zip: EMPTY_ZIP, end }
  const prev = words[end - 2]
  if (/^\d{4}$/.test(last) && prev !== undefined && /^\d{5}$/.test(prev) && segments[end - 2] === segments[end - 1]) {
    return { zip: readZip(prev, last), end: end - 2 }
  }
  const whole = zipWord(last)
  if (whole !== undefined) return { zip: readZip(whole[0], whole[1]), end: end - 1 }
  return { zip: EMPTY_ZIP, end }
}

/** Parses a one-line address. */
function parseLine(line: string): Assembled {
  const tokens = tokenizeAddress(line)
  const kept = dropCareOf(tokens.words, tokens.segments, false)
  const start = addressStart(kept.words, kept.segments)
  const words = start === 0 ? kept.words : kept.words.slice(start)
  const segments = start === 0 ? kept.segments : kept.segments.slice(start)
  const read = takeZip(words, segments)
  const zip = read.zip
  let end = read.end
  const zipFound = end < words.length
  let state: StateReading = EMPTY_STATE
  const firstSegment = segments[0]
  // Without a ZIP or a comma, a trailing state code is taken only when a street suffix stands
  // before it with at least one word between (the city): `6215 FRANKLIN LN BEAVERTON OR`, but
  // not `123 MAIN CT`, whose CT is the suffix Court.
  const taken = takeState(words, segments, end, (start) => start > 0 && (zipFound || segments[start] !== firstSegment || suffixBeforeCity(words, start) || cityBeforeState(words, start, end)))
  // `2499 MCDANIEL CT, 80410`: a code that is also a suffix (CT, Court), on the street's own
  // segment, ends the street when the ZIP, written apart, belongs to another state.
  const suffixNotState = taken !== undefined && zip.us && taken[1] === end - 1 && segments[taken[1]] === firstSegment && segments[words.length - 1] !== firstSegment &&
    streetSuffix(words[taken[1]] ?? '') !== undefined && zipStateMismatch(zip.zip, taken[0])
  if (taken !== undefined && !suffixNotState) {
    state = { state: taken[0], us: true }
    end = taken[1]
  }
  const localityStart = end
  const rest = words.slice(0, end)
  const restSegments = segments.slice(0, end)
  const assembled: Assembled = { delivery: emptyDelivery(), city: '', state, zip, junk: false, junkPoisons: false, unplaced: false, original: line.trim() }
  if (rest.length === 0) {
    assembled.junk = zip.placeholder
    return assembled
  }
  // Split off a city segment when commas mark one: the last segment that reads as a city.
  const lastSeg = restSegments[rest.length - 1]
  let cityStart = rest.length
  if (lastSeg !== restSegments[0]) {
    let k = rest.length
    while (k > 0 && restSegments[k - 1] === lastSeg) k--
    if (isCityOnly(rest.slice(k))) cityStart = k
  }
  const deliveryWords = rest.slice(0, cityStart)
  const cityWords = rest.slice(cityStart)
  if (isJunkWords(deliveryWords)) {
    assembled.junk = true
    // Junk in the same comma-free stretch as the ZIP or state poisons them too.
    assembled.junkPoisons = cityWords.length === 0 && restSegments[0] === segments[localityStart]
    assembled.city = standardCity(cityWords)
    return assembled
  }
  const singleSegment = cityStart === rest.length && lastSeg === restSegments[0]
  if (singleSegment && state.state === '' && !zipFound) {
    // A line that is only a state's name (`Texas`, `New Mexico`).
    const code = deliveryWords.join(' ').length > 2 ? stateCode(deliveryWords.join(' ')) : undefined
    if (code !== undefined) {
      assembled.state = { state: code, us: true }
      return assembled
    }
  }
  if (singleSegment && isCityOnly(deliveryWords)) {
    assembled.city = standardCity(deliveryWords)
    return assembled
  }
  const delivery = parseDelivery(deliveryWords, cityStart < rest.length ? 'segment' : 'line')
  assembled.delivery = delivery
  if (delivery.facility) {
    // A facility name is kept whole as the street name; it is not a location. Without a comma
    // the city follows the facility's name: COOK COUNTY JAIL | CHICAGO.
    const end = cityWords.length === 0 ? facilityEnd(deliveryWords, isSuffixWord) : -1
    const named = end >= 0 && end < deliveryWords.length - 1 ? end + 1 : deliveryWords.length
    delivery.streetName = deliveryWords.slice(0, named).join(' ')
    delivery.streetSuffix = ''
    delivery.predirectional = ''
    delivery.postdirectional = ''
    delivery.unitType = ''
    delivery.unit = ''
    delivery.rest = deliveryWords.slice(named)
  }
  if (cityWords.length > 0) {
    assembled.city = standardCity(cityWords)
    if (delivery.rest.length > 0) assembled.unplaced = true
  } else {
    assembled.city = standardCity(delivery.rest)
  }
  delivery.rest = []
  return assembled
}

/** True for a non-empty string of ASCII digits. */
function isDigits(text: string): boolean {
  if (text.length === 0) return false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

/** Cleans a house-number field: upper case, fraction kept (`123 1/2`). */
function readNumber(text: string): string {
  return tokenizeAddress(text).words.join(' ')
}

/** A street-name field as read, with a placeholder house number when one was given apart. */
interface StreetReading {
  readonly delivery: Readonly<Delivery>
  readonly junk: boolean
}

/** Stands for the house number while a street field is parsed, so one reading serves every number. */
const NUMBER_PLACEHOLDER = '\u0000'

function readStreetField(words: string[], number: string): StreetReading {
  const street = dropCareOf(words, words.map(() => 0), true).words
  if (isJunkWords(street)) return { delivery: emptyDelivery(), junk: true }
  const delivery = parseDelivery(street, 'street', number.split(' ')[0] === street[0] ? '' : number)
  if (number !== '' && delivery.streetNumber === '') delivery.streetNumber = number
  if (delivery.facility) {
    delivery.streetName = street.join(' ')
    delivery.streetSuffix = ''
    delivery.rest = []
  }
  if (delivery.rest.length > 0) {
    // Words after the street (FEBRL's building names in address_2) are kept as the unit.
    delivery.unit = [delivery.unit, ...delivery.rest].filter((w) => w !== '').join(' ')
    delivery.rest = []
  }
  return { delivery, junk: false }
}

const streetMemo = new BoundedMemo<StreetReading>(50_000)
const numberedStreetMemo = new BoundedMemo<StreetReading>(50_000)
const readBareStreet = (raw: string): StreetReading => readStreetField(tokenizeAddress(raw).words, '')
const readNumberedStreet = (raw: string): StreetReading => readStreetField(tokenizeAddress(raw).words, NUMBER_PLACEHOLDER)

/** Parses an address given in parts (street_number, street_name). */
function parseParts(input: AddressInput, assembled: Assembled): void {
  const rawNumber = input.street_number ?? ''
  const number = isDigits(rawNumber) ? rawNumber : readNumber(rawNumber)
  const rawStreet = input.street_name ?? ''
  let reading: StreetReading
  const c = rawStreet.trimStart().charCodeAt(0)
  if (rawStreet.trim() === '') {
    const delivery = emptyDelivery()
    delivery.streetNumber = number
    reading = { delivery, junk: number !== '' && /^0+$/.test(number) }
  } else if (c >= 48 && c <= 57) {
    reading = readStreetField(tokenizeAddress(rawStreet).words, number)
  } else {
    // The reading does not depend on the number's value, only on whether there is one.
    const hasNumber = number !== ''
    reading = hasNumber ? numberedStreetMemo.get(rawStreet, readNumberedStreet) : streetMemo.get(rawStreet, readBareStreet)
    if (hasNumber && reading.delivery.streetNumber === NUMBER_PLACEHOLDER) reading = { delivery: { ...reading.delivery, streetNumber: number }, junk: reading.junk }
  }
  assembled.junk = reading.junk
  assembled.delivery = reading.junk ? emptyDelivery() : { ...reading.delivery }
}

function readUnitField(text: string): { readonly type: string; readonly unit: string } {
  const words = tokenizeAddress(text).words
  const parsed = parseUnit(words)
  return parsed.unitType !== '' ? { type: parsed.unitType, unit: parsed.unit } : { type: '', unit: words.join(' ').replace(/-/g, '') }
}

const unitMemo = new BoundedMemo<{ readonly type: string; readonly unit: string }>(20_000)
/** The city, state and ZIP fields as read. */
interface LocalityFields {
  readonly city: string
  readonly state: StateReading
  readonly zip: ZipReading
  readonly mismatch: boolean
}

function readLocalityFields(key: string): LocalityFields {
  const [city = '', state = '', zip = ''] = key.split('\u0001')
  const stateReading = state === '' ? EMPTY_STATE : readStateField(state)
  const zipReading = zip === '' ? EMPTY_ZIP : readZipField(zip)
  const mismatch = zipReading.us && stateReading.us && zipStateMismatch(zipReading.zip, stateReading.state)
  return { city: city === '' ? '' : readCityField(city), state: stateReading, zip: zipReading, mismatch }
}

const localityMemo = new BoundedMemo<LocalityFields>(50_000)

/** Applies a unit field. */
function applyUnit(text: string, delivery: Delivery): void {
  const asUnit = unitMemo.get(text, readUnitField)
  if (asUnit.type === '' && asUnit.unit === '') return
  if (delivery.unitType === '' && delivery.unit === '') {
    delivery.unitType = asUnit.type
    delivery.unit = asUnit.unit
  } else {
    delivery.unit = [delivery.unit, asUnit.type, asUnit.unit].filter((w) => w !== '').join(' ')
  }
}

const NO_CODES: readonly StandardizeIssueCode[] = Object.freeze([])
const CLEAN_FULL = Object.freeze({ grade: 'FULL' as AddressGrade, reasons: NO_CODES, issues: NO_CODES })

/**
 * Grades an assembled address: the grade, its reasons (empty for FULL) and all issues. Reasons
 * come in this order: address_missing, address_junk, facility_without_location, general_delivery,
 * no_house_number, zip_state_mismatch or locality_missing or locality_incomplete, zip_only or locality_only,
 * street_missing with locality_missing (when nothing else explains a NONE), zip_invalid,
 * zip_not_us, state_unknown. The issues add zip_prefix_unknown, zip_state_mismatch (when it is not a reason) and
 * address_unparsed_text after the reasons (and hold the data problems of a FULL address).
 */
function grade(a: Assembled): { grade: AddressGrade; reasons: readonly StandardizeIssueCode[]; issues: readonly StandardizeIssueCode[] } {
  const d = a.delivery
  const hasZip = a.zip.us && !a.junkPoisons
  const hasState = a.state.us && !a.junkPoisons
  const hasCity = a.city !== '' && !a.junkPoisons
  const hasStreet = !a.junk && !d.facility && (d.streetName !== '' || d.poBox !== '' || d.route !== '')
  const hasNumber = !a.junk && !d.facility && (d.streetNumber !== '' || d.poBox !== '')
  const fullLocality = hasZip || (hasCity && hasState)
  const anyLocality = hasZip || hasState || hasCity
  const zipIssue = a.zip.issue
  const mismatch = a.mismatch ?? (a.zip.us && a.state.us && zipStateMismatch(a.zip.zip, a.state.state))
  if (hasStreet && hasNumber && fullLocality && zipIssue === undefined && a.state.issue === undefined && !mismatch && !a.unplaced) return CLEAN_FULL
  const reasons: StandardizeIssueCode[] = []
  if (a.original === '' && !a.junk && !hasStreet && !anyLocality) reasons.push('address_missing')
  if (a.junk) reasons.push('address_junk')
  if (d.facility) reasons.push('facility_without_location')
  if (d.generalDelivery && !a.junk) reasons.push('general_delivery')
  let g: AddressGrade
  // A ZIP of another state leaves the street with no locality it can be trusted to be in: the
  // street stands, but the address as a whole cannot go to FULL (docs/rules.md rule 2; the
  // choice is explained in docs/files-and-inputs.md).
  const distrusted = hasStreet && hasNumber && fullLocality && mismatch
  if (hasStreet && hasNumber && fullLocality && !distrusted) g = 'FULL'
  else if (hasStreet) {
    // A street line is a street whether or not a locality came with it: STREET, never NONE.
    g = 'STREET'
    if (!hasNumber) reasons.push('no_house_number')
    if (distrusted) reasons.push('zip_state_mismatch')
    else if (!anyLocality) reasons.push('locality_missing')
    else if (!fullLocality) reasons.push('locality_incomplete')
  } else if (anyLocality) {
    g = 'LOCALITY'
    reasons.push(hasZip && !hasCity && !hasState ? 'zip_only' : 'locality_only')
  } else {
    g = 'NONE'
    if (reasons.length === 0) reasons.push('street_missing', 'locality_missing')
  }
  if (zipIssue !== undefined && zipIssue !== 'zip_prefix_unknown') reasons.push(zipIssue)
  if (a.state.issue !== undefined) reasons.push(a.state.issue)
  const issues = [...reasons]
  if (zipIssue === 'zip_prefix_unknown') issues.push(zipIssue)
  if (mismatch && !distrusted) issues.push('zip_state_mismatch')
  if (a.unplaced) issues.push('address_unparsed_text')
  return { grade: g, reasons: g === 'FULL' ? NO_CODES : reasons, issues }
}

const trimmed = (s: string | undefined): string => (s === undefined ? '' : s.trim())
const join = (a: string, b: string, separator: string): string => (a === '' ? b : b === '' ? a : `${a}${separator}${b}`)

/**
 * The reference reading, without any memo: every memoised path must agree with it (the tests
 * compare them on generated lines).
 */
export function standardizeAddressUncached(input: AddressInput): AddressResult {
  return compute(input)
}

function compute(input: AddressInput): AddressResult {
  const line = trimmed(input.address)
  const hasParts = trimmed(input.street_number) !== '' || trimmed(input.street_name) !== ''
  let assembled: Assembled
  if (line !== '' && !hasParts) {
    assembled = parseLine(line)
  } else {
    assembled = { delivery: emptyDelivery(), city: '', state: EMPTY_STATE, zip: EMPTY_ZIP, junk: false, junkPoisons: false, unplaced: false, original: '' }
    if (hasParts) parseParts(input, assembled)
  }
  const unit = trimmed(input.unit)
  if (unit !== '') applyUnit(unit, assembled.delivery)
  const city = trimmed(input.city)
  const state = trimmed(input.state)
  const zip = trimmed(input.zip)
  // One look-up for the three fields: a city comes with the same state and a few ZIPs.
  const locality = city !== '' || state !== '' || zip !== '' ? localityMemo.get(`${city}\u0001${state}\u0001${zip}`, readLocalityFields) : undefined
  if (locality !== undefined && city !== '') assembled.city = locality.city
  if (locality !== undefined && state !== '') assembled.state = locality.state
  if (locality !== undefined && state !== '' && zip !== '') assembled.mismatch = locality.mismatch
  if (locality !== undefined && zip !== '') {
    assembled.zip = locality.zip
    if (assembled.zip.placeholder && !assembled.junk && assembled.delivery.streetName === '' && assembled.city === '') assembled.junk = true
  }
  if (city !== '' || state !== '' || zip !== '') assembled.junkPoisons = false
  if (line !== '' && !hasParts && unit === '' && city === '' && state === '' && zip === '') assembled.original = line
  else {
    const deliveryText = line !== '' && !hasParts ? line : join(trimmed(input.street_number), trimmed(input.street_name), ' ')
    assembled.original = join(join(join(deliveryText, unit, ', '), city, ', '), join(state, zip, ' '), ', ')
  }
  return finish(assembled)
}

/** Grades an assembled address and builds the result. */
function finish(assembled: Assembled): AddressResult {
  const { grade: g, reasons, issues } = grade(assembled)
  const d = assembled.delivery
  const junk = assembled.junk
  const address: StandardizedAddress = {
    original: assembled.original,
    streetNumber: junk ? '' : d.streetNumber,
    predirectional: junk ? '' : d.predirectional,
    streetName: junk ? '' : d.streetName,
    streetSuffix: junk ? '' : d.streetSuffix,
    postdirectional: junk ? '' : d.postdirectional,
    unitType: junk ? '' : d.unitType,
    unit: junk ? '' : d.unit,
    poBox: junk ? '' : d.poBox,
    route: junk ? '' : d.route,
    city: assembled.city,
    state: assembled.state.state,
    zip: assembled.zip.zip,
    zip4: assembled.zip.zip4,
    grade: g,
    gradeReasons: reasons,
  }
  return { address, issues }
}

const lineMemo = new BoundedMemo<AddressResult>(50_000)

/** The delivery segment of a line (before its first comma), read in `segment` mode as parseLine would. */
interface HeadReading {
  readonly delivery: Readonly<Delivery>
  readonly junk: boolean
  /** Words after the delivery line that fit no field. */
  readonly unplaced: boolean
}

/** The rest of a line after its first comma, when it is exactly `CITY[,] STATE ZIP` (any of state and ZIP may be missing, not the city). */
interface TailReading {
  readonly city: string
  readonly state: StateReading
  readonly zip: ZipReading
  readonly mismatch: boolean
}

function readHead(text: string): HeadReading {
  const tokens = tokenizeAddress(text)
  // The head is followed by the rest of its line, after a comma.
  const words = dropCareOf(tokens.words, tokens.segments, true).words
  if (isJunkWords(words)) return { delivery: emptyDelivery(), junk: true, unplaced: false }
  const delivery = parseDelivery(words, 'segment')
  if (delivery.facility) {
    delivery.streetName = words.join(' ')
    delivery.streetSuffix = ''
    delivery.predirectional = ''
    delivery.postdirectional = ''
    delivery.unitType = ''
    delivery.unit = ''
    delivery.rest = []
  }
  const unplaced = delivery.rest.length > 0
  delivery.rest = []
  return { delivery, junk: false, unplaced }
}

/** Reads the tail as parseLine would read it after a delivery segment; null when it is not a plain locality. */
function readTail(text: string): TailReading | null {
  const { words, segments } = tokenizeAddress(text)
  const read = takeZip(words, segments)
  const zip = read.zip
  let end = read.end
  // With nothing left, parseLine would look for a state in the delivery segment: not a plain tail.
  if (end === 0) return null
  let state: StateReading = EMPTY_STATE
  const taken = takeState(words, segments, end, () => true)
  if (taken !== undefined) {
    state = { state: taken[0], us: true }
    end = taken[1]
  }
  if (end === 0 || segments[0] !== segments[end - 1]) return null
  const cityWords = words.slice(0, end)
  if (!isCityOnly(cityWords)) return null
  return { city: standardCity(cityWords), state, zip, mismatch: zip.us && state.us && zipStateMismatch(zip.zip, state.state) }
}

const headMemo = new BoundedMemo<HeadReading>(100_000)
const tailMemo = new BoundedMemo<TailReading | null>(20_000)

/**
 * A line `DELIVERY, CITY[,] STATE ZIP` read in two memoised halves: streets recur with every
 * house number and unit, localities with every street, far more than whole lines do. Lines of
 * any other shape return undefined and are read whole.
 */
function readLineInHalves(line: string): AddressResult | undefined {
  const comma = line.indexOf(',')
  if (comma <= 0) return undefined
  // A ZIP+4 differs from house to house: read the tail without its +4 and put it back (the +4
  // never changes how the rest reads: every placeholder ZIP+4 has a placeholder ZIP).
  const n = line.length
  const plusFour = n - comma > 11 && line.charCodeAt(n - 5) === 45 && isDigitRun(line, n - 10, n - 5) && isDigitRun(line, n - 4, n) && !isDigitAt(line, n - 11)
  const tail = tailMemo.get(line.slice(comma + 1, plusFour ? n - 5 : n), readTail)
  if (tail === null) return undefined
  const four = plusFour ? line.slice(n - 4) : ''
  const head = line.slice(0, comma)
  const digits = leadingNumberLength(head)
  let reading: HeadReading
  let delivery: Delivery
  if (digits > 0) {
    // Keyed by what follows the number (it starts with a space, so it never meets a whole head).
    reading = headMemo.get(head.slice(digits), readNumberedHead)
    const number = reading.delivery.streetNumber
    if (number !== '1' && !number.startsWith('1 ')) return undefined
    delivery = { ...reading.delivery, streetNumber: `${head.slice(0, digits)}${number.slice(1)}` }
  } else {
    reading = headMemo.get(head, readHead)
    delivery = { ...reading.delivery }
  }
  if (!reading.junk && delivery.streetName === '' && delivery.poBox === '' && delivery.route === '' && delivery.streetNumber === '') return undefined
  const zip = four === '' || !tail.zip.us || tail.zip.zip4 !== '' ? tail.zip : { ...tail.zip, zip4: four === '0000' ? '' : four }
  return finish({ delivery, city: tail.city, state: tail.state, zip, junk: reading.junk, junkPoisons: false, unplaced: reading.unplaced, original: line, mismatch: tail.mismatch })
}

const readNumberedHead = (rest: string): HeadReading => readHead(`1${rest}`)

const isDigitAt = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i)
  return c >= 48 && c <= 57
}

/** True when text[from..to) is all ASCII digits. */
function isDigitRun(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigitAt(text, i)) return false
  return true
}

/**
 * The length of a plain house number at the start of a line (1–7 digits, no leading zero,
 * followed by a space or tab, with a letter somewhere after it), or 0.
 */
function leadingNumberLength(text: string): number {
  const c0 = text.charCodeAt(0)
  if (c0 < 49 || c0 > 57) return 0
  let i = 1
  while (i < text.length && i < 8) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) break
    i++
  }
  const next = text.charCodeAt(i)
  if (next !== 32 && next !== 9) return 0
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j) | 32
    if (c >= 97 && c <= 122) return i
  }
  return 0
}

/** A one-line address that starts with a plain house number: the number and what follows it. */
const LEADING_NUMBER = /^([1-9]\d{0,6})(?=\s)/
const HAS_LETTER = /[A-Za-z]/

/**
 * A one-line address read through the memo. The reading of `123 Main St, …` does not depend on
 * the digits of a plain leading house number (only on there being one), so the line is read
 * once as `1 Main St, …` for every house number on that street and the number put back.
 */
function readLine(line: string): AddressResult {
  const halves = readLineInHalves(line)
  if (halves !== undefined) return halves
  if (lineMemo.bypassed) return compute({ address: line })
  const m = LEADING_NUMBER.exec(line)
  const rest = m === null ? '' : line.slice(m[0].length)
  if (m === null || !HAS_LETTER.test(rest)) return lineMemo.get(line, (key) => freeze(compute({ address: key })))
  const template = lineMemo.get(`1${rest}`, (key) => freeze(compute({ address: key })))
  const number = template.address.streetNumber
  if (number !== '1' && !number.startsWith('1 ')) return compute({ address: line })
  return { address: { ...template.address, original: line, streetNumber: `${m[0]}${number.slice(1)}` }, issues: template.issues }
}

function freeze(result: AddressResult): AddressResult {
  Object.freeze(result.address.gradeReasons)
  Object.freeze(result.address)
  Object.freeze(result.issues)
  return Object.freeze(result)
}

const isBlank = (s: string | undefined): boolean => s === undefined || s.trim() === ''

/**
 * Standardizes an address, returning every issue found beside it. Each distinct street, unit,
 * city, state and ZIP is read once (memoised); a one-line address is read once per street line.
 *
 * @example
 * standardizeAddressDetailed({ address: 'Failed to Provide' }).address.grade // 'NONE'
 */
export function standardizeAddressDetailed(input: AddressInput): AddressResult {
  if (input.address !== undefined && isBlank(input.street_number) && isBlank(input.street_name) && isBlank(input.unit) && isBlank(input.city) && isBlank(input.state) && isBlank(input.zip)) {
    const line = input.address.trim()
    if (line !== '') return readLine(line)
  }
  return compute(input)
}

/**
 * Standardizes a US address into Publication 28 form with its completeness grade.
 *
 * @example
 * const a = standardizeAddress({ address: '123 1/2 N Main St Apt 4B, Springfield, IL 62701-1234' })
 * // a.streetNumber '123 1/2', a.predirectional 'N', a.streetName 'MAIN', a.streetSuffix 'ST', a.unitType 'APT',
 * // a.unit '4B', a.city 'SPRINGFIELD', a.state 'IL', a.zip '62701', a.zip4 '1234', a.grade 'FULL'
 * standardizeAddress({ address: '00000' }).grade // 'NONE'
 */
export function standardizeAddress(input: AddressInput): StandardizedAddress {
  return standardizeAddressDetailed(input).address
}
