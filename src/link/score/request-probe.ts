/**
 * A request prepared for comparison with one master index: its values as the index's
 * dictionary codes where the index holds them (-1: absent from the request; -2: present but no
 * master record has it), as bytes for string metrics, and its blocking-key features.
 */
import { requestFactsOf, type RequestFacts, type RequestRecord, type StandardizedRecord } from '../../core/index.js'
import { type KeyFeatures, emptyKeyFeatures, packPrefix } from '../block/index.js'
import { phoneticKey, textBytes } from '../compare/index.js'
import { givenNameSex } from '../../standardize/index.js'
import { type MasterIndex, NICK_GROUP_BASE, REC, RECORD_STRIDE, middleInitialOfFlags, stateOfFlags, suffixOfFlags, unorderedPair, packDate, packState, packTin, packZip, streetExtraText, streetParts, suffixCode } from '../index/index.js'

/** Code of a value the request has but the master dictionary lacks. */
export const UNKNOWN = -2

/** Sexes of given names, as probes and the comparer hold them. */
export const SEX_UNKNOWN = 0
export const SEX_MALE = 1
export const SEX_FEMALE = 2

/** The sex code of a standardized given name (see `givenNameSex`). */
export function sexCode(given: string): number {
  const sex = given === '' ? undefined : givenNameSex(given)
  return sex === 'male' ? SEX_MALE : sex === 'female' ? SEX_FEMALE : SEX_UNKNOWN
}

/** One request, ready to compare. */
export interface RequestProbe {
  readonly id: string
  readonly facts: RequestFacts
  readonly given: number
  readonly givenBytes: Uint8Array
  /** The sex the given name all but always has (`SEX_MALE`, `SEX_FEMALE`), or `SEX_UNKNOWN`. */
  readonly givenSex: number
  readonly nickGroups: readonly number[]
  readonly surname: number
  readonly surnameBytes: Uint8Array
  /** Codes of the surname's parts the index holds (double surnames). */
  readonly surnameParts: readonly number[]
  readonly middleInitial: number
  readonly suffix: number
  readonly dob: number
  /**
   * When the request's date of birth is impossible (so standardization left it unknown) but its
   * text holds eight digits, those digits as `yyyymmdd`: a keying error may still be one digit
   * away from the true date. 0 otherwise.
   */
  readonly dobDigits: number
  readonly tin: number
  readonly streetNumber: number
  readonly street: number
  readonly streetBytes: Uint8Array
  readonly streetExtra: number
  readonly unit: number
  readonly city: number
  readonly cityBytes: Uint8Array
  readonly state: number
  readonly zip: number
  readonly features: KeyFeatures
}

/**
 * The digits of an impossible date as `yyyymmdd`: `19740164` as it is, `01/64/1974` reordered;
 * 0 when the text is not eight digits in one of those orders.
 */
export function impossibleDateDigits(date: StandardizedRecord['dob']): number {
  if (date.precision !== 'none') return 0
  const digits = date.original.replace(/\D/g, '')
  if (digits.length !== 8) return 0
  if (/^(18|19|20)/.test(digits)) return Number(digits)
  if (/(18|19|20)\d\d$/.test(digits)) return Number(digits.slice(4) + digits.slice(0, 4))
  return 0
}

/** The facts policy reads about a request: the one definition in core. */
export const requestFacts = requestFactsOf

function codeOf(index: MasterIndex, text: string): number {
  if (text.length === 0) return -1
  const code = index.dictionary.find(text)
  return code >= 0 ? code : UNKNOWN
}

function phoneticCodeOf(index: MasterIndex, text: string, code: number = codeOf(index, text)): number {
  if (text.length === 0) return -1
  // The index holds the sound of every name and street of the master: most requests' are there.
  const known = code >= 0 ? (index.arrays.phonetic[code] as number) : -1
  if (known >= 0) return known
  const key = phoneticKey(text)
  return key.length > 0 ? index.dictionary.find(key) : -1
}

/**
 * Prepares a standardized request for `index`.
 *
 * @example
 * const probe = makeProbe(index, standardizeRecord(row), row, nicknameGroups)
 */
export function makeProbe(index: MasterIndex, standardized: StandardizedRecord, record?: RequestRecord, nicknameGroups: (given: string) => readonly number[] = () => []): RequestProbe {
  const name = standardized.name
  const a = standardized.address
  const { number, street } = streetParts(a)
  const nickGroups = name.given ? nicknameGroups(name.given) : []
  const parts = name.surnameParts.filter((p) => p !== name.surname && p.length > 0)
  const surnameParts: number[] = []
  for (const p of parts) {
    const c = index.dictionary.find(p)
    if (c >= 0) surnameParts.push(c)
  }
  const dob = packDate(standardized.dob)
  const tin = packTin(standardized.tin)
  const zip = packZip(a.zip)
  const f = emptyKeyFeatures()
  f.tin = tin > 0 ? tin : -1
  f.dob = dob > 0 && dob % 100 > 0 ? dob : -1
  f.dobYear = dob > 0 ? Math.floor(dob / 10000) : -1
  f.givenInitial = name.given ? name.given.charCodeAt(0) & 0xff : -1
  f.surnameInitial = name.surname ? name.surname.charCodeAt(0) & 0xff : -1
  f.initials = unorderedPair(f.givenInitial, f.surnameInitial)
  f.zip = zip
  const city = codeOf(index, a.city)
  const streetNumber = codeOf(index, number)
  const streetCode = codeOf(index, street)
  const given = codeOf(index, name.given)
  const surname = codeOf(index, name.surname)
  const surnameBytes = bytesOf(index, surname, name.surname)
  f.surnamePrefix = packPrefix(surnameBytes, 0, surnameBytes.length)
  f.city = city >= 0 ? city : -1
  f.streetNumber = streetNumber >= 0 ? streetNumber : -1
  f.streetPhonetic = phoneticCodeOf(index, street, streetCode)
  if (f.givenInitial >= 0) f.anyInitial.push(f.givenInitial)
  if (f.surnameInitial >= 0) f.anyInitial.push(f.surnameInitial)
  const gp = phoneticCodeOf(index, name.given, given)
  if (gp >= 0) f.givenPhonetic.push(gp)
  f.givenSound = gp
  if (gp >= 0) f.namePhonetic.push(gp)
  for (const g of nickGroups) f.givenPhonetic.push(NICK_GROUP_BASE + g)
  const sp = phoneticCodeOf(index, name.surname, surname)
  if (sp >= 0) f.surnamePhonetic.push(sp)
  for (const p of parts) {
    const q = phoneticCodeOf(index, p)
    if (q >= 0) f.surnamePhonetic.push(q)
  }
  for (const q of f.surnamePhonetic) f.namePhonetic.push(q)
  return {
    id: standardized.id,
    facts: requestFacts(standardized, record),
    given,
    givenBytes: bytesOf(index, given, name.given),
    givenSex: sexCode(name.given),
    nickGroups,
    surname,
    surnameBytes,
    surnameParts,
    middleInitial: name.middle.length > 0 ? name.middle.charCodeAt(0) & 0xff : 0,
    suffix: suffixCode(name.suffix),
    dob,
    dobDigits: impossibleDateDigits(standardized.dob),
    tin,
    streetNumber,
    street: streetCode,
    streetBytes: bytesOf(index, streetCode, street),
    streetExtra: codeOf(index, streetExtraText(a)),
    unit: codeOf(index, a.unit),
    city,
    cityBytes: bytesOf(index, city, a.city),
    state: packState(a.state),
    zip,
    features: f,
  }
}

const NO_FACTS: RequestFacts = {
  name: 'NONE',
  address: 'NONE',
  addressReasons: [],
  hasDob: false,
  hasTin: false,
  caseRef: '',
  hasTaxPeriods: false,
  hasStatute: false,
  hasReasons: false,
  hasOrderDate: false,
}

/**
 * The bytes of a request's value: a view of the dictionary's when the master has the value (the
 * dictionary holds `textBytes` of each value, so they are the same bytes, neither encoded nor
 * copied again: most requests' names, streets and cities are the master's); encoded otherwise.
 * Probes only read their bytes.
 */
function bytesOf(index: MasterIndex, code: number, text: string): Uint8Array {
  return code >= 0 ? entryBytes(index, code) : textBytes(text)
}

function entryBytes(index: MasterIndex, code: number): Uint8Array {
  if (code < 0) return new Uint8Array(0)
  const d = index.dictionary
  return d.bytes.subarray(d.start(code), d.start(code) + d.length(code))
}

/**
 * A master row as a probe, to compare two master records (random pairs for u-probabilities).
 * Its facts are empty: it is not a request.
 */
export function masterProbe(index: MasterIndex, row: number, withFeatures = true): RequestProbe {
  const a = index.arrays
  const r = a.records
  const at = row * RECORD_STRIDE
  const given = r[at + REC.given] as number
  const surname = r[at + REC.surname] as number
  const flags = r[at + REC.flags] as number
  const nickGroups: number[] = []
  if (given >= 0) for (let k = a.nickOffsets[given] as number; k < (a.nickOffsets[given + 1] as number); k++) nickGroups.push(a.nicks[k] as number)
  const surnameParts: number[] = []
  if (surname >= 0) for (let k = a.partOffsets[surname] as number; k < (a.partOffsets[surname + 1] as number); k++) surnameParts.push(a.parts[k] as number)
  const street = r[at + REC.street] as number
  const city = r[at + REC.city] as number
  const features = emptyKeyFeatures()
  if (withFeatures) index.features(row, features)
  return {
    id: '',
    facts: NO_FACTS,
    given,
    givenBytes: entryBytes(index, given),
    givenSex: given >= 0 ? sexCode(index.dictionary.value(given)) : SEX_UNKNOWN,
    nickGroups,
    surname,
    surnameBytes: entryBytes(index, surname),
    surnameParts,
    middleInitial: middleInitialOfFlags(flags),
    suffix: suffixOfFlags(flags),
    dob: r[at + REC.dob] as number,
    dobDigits: 0,
    tin: r[at + REC.tin] as number,
    streetNumber: r[at + REC.streetNumber] as number,
    street,
    streetBytes: entryBytes(index, street),
    streetExtra: r[at + REC.streetExtra] as number,
    unit: r[at + REC.unit] as number,
    city,
    cityBytes: entryBytes(index, city),
    state: stateOfFlags(flags),
    zip: r[at + REC.zip] as number,
    features,
  }
}
