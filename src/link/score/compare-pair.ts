/**
 * Compares a request with one master record, field by field, into the ordered levels of
 * `COMPARISON_LEVELS` (as level indices, in `COMPARED_FIELDS` order). Missing on either side is
 * its own level, which carries no weight: an absent value is not a disagreement.
 */
import { digitDifference, jaroWinklerBytes, shortOneEdit, yearOneDigit } from '../compare/index.js'
import { type MasterIndex, REC, RECORD_STRIDE, middleInitialOfFlags, suffixOfFlags } from '../index/index.js'
import { SEX_UNKNOWN, type RequestProbe, sexCode } from './request-probe.js'

/** Level indices (positions in `COMPARISON_LEVELS`), by field. */
export const GIVEN = { exact: 0, nickname: 1, jwHigh: 2, shortOneEdit: 3, jwMid: 4, initial: 5, transposed: 6, different: 7, missing: 8 } as const
export const SURNAME = { exact: 0, part: 1, jwHigh: 2, jwMid: 3, transposed: 4, different: 5, missing: 6 } as const
export const DOB = { exact: 0, swapped: 1, oneDigit: 2, yearOneDigit: 3, yearMonth: 4, year: 5, different: 6, missing: 7 } as const
export const ADDRESS = { full: 0, houseNumberStreet: 1, street: 2, zip: 3, city: 4, different: 5, missing: 6 } as const
export const TIN = { exact: 0, oneDigit: 1, transposition: 2, different: 3, missing: 4 } as const
export const SUFFIX = { exact: 0, different: 1, missing: 2 } as const

/** Field positions in a level vector (`COMPARED_FIELDS` order). */
export const F_GIVEN = 0
export const F_SURNAME = 1
export const F_DOB = 2
export const F_ADDRESS = 3
export const F_TIN = 4
export const F_SUFFIX = 5

/** Jaro–Winkler thresholds of the name and address levels. */
export interface ComparisonThresholds {
  /** Names at or above this are `jaro_winkler_high` (default 0.92, as Splink's name comparison). */
  readonly nameHigh: number
  /** Names at or above this are `jaro_winkler_mid` (default 0.8). */
  readonly nameMid: number
  /** Street names at or above this count as the same street (default 0.9). */
  readonly street: number
  /** City names at or above this count as the same city (default 0.92). */
  readonly city: number
}

export const DEFAULT_THRESHOLDS: ComparisonThresholds = { nameHigh: 0.92, nameMid: 0.8, street: 0.9, city: 0.92 }

/** Compares records of one master index with requests, reusing its buffers. */
export class PairComparer {
  readonly #index: MasterIndex
  readonly #t: ComparisonThresholds
  /** Per dictionary entry, its sex as a given name plus one (0: not looked up yet). */
  readonly #sexes: Uint8Array

  constructor(index: MasterIndex, thresholds: ComparisonThresholds = DEFAULT_THRESHOLDS) {
    this.#index = index
    this.#t = thresholds
    this.#sexes = new Uint8Array(index.dictionary.size)
  }

  /** The sex code of master given name `code`, looked up once per entry. */
  #sexOf(code: number): number {
    let known = this.#sexes[code] as number
    if (known === 0) {
      known = sexCode(this.#index.dictionary.value(code)) + 1
      this.#sexes[code] = known
    }
    return known - 1
  }

  /** Jaro–Winkler of request bytes and a dictionary entry. */
  #jw(bytes: Uint8Array, code: number): number {
    const d = this.#index.dictionary
    return jaroWinklerBytes(bytes, 0, bytes.length, d.bytes, d.start(code), d.length(code))
  }

  /**
   * True when one street name has several words, the other one word, and the first words of
   * both agree (Jaro–Winkler at the street threshold): a second address line or a typo that split
   * the suffix ran into the street name ("HOWIE CO URT OAKS CARAVAN" for HOWIE CT), which a
   * whole-name metric misses. Two names of several words each that differ after the first are
   * different streets: CALLE SANTA FE and CALLE DEL SOL (Puerto Rico), AVENUE A and AVENUE B.
   */
  #firstWordsAgree(bytes: Uint8Array, code: number): boolean {
    const d = this.#index.dictionary
    const start = d.start(code)
    const length = d.length(code)
    const aEnd = firstWordEnd(bytes, 0, bytes.length)
    const bEnd = firstWordEnd(d.bytes, start, length)
    if ((aEnd === bytes.length) === (bEnd === length)) return false
    if (aEnd < 4 || bEnd < 4) return false
    return jaroWinklerBytes(bytes, 0, aEnd, d.bytes, start, bEnd) >= this.#t.street
  }

  /** True when request `p` and master row `row` both give a middle name and the initials differ. */
  middleInitialsDiffer(p: RequestProbe, row: number): boolean {
    const master = middleInitialOfFlags(this.#index.arrays.records[row * RECORD_STRIDE + REC.flags] as number)
    return p.middleInitial > 0 && master > 0 && p.middleInitial !== master
  }

  /**
   * True when the given names of request `p` and master row `row` are of different sexes (by the
   * sex of the names, or a masculine and a feminine form of one name): why `#given` calls them
   * `different` whatever a nickname table or a string metric says. Asked only to explain a
   * held candidate (the hold code `SEX_OF_GIVEN_NAME`), never on the hot path.
   */
  givenSexDiffers(p: RequestProbe, row: number): boolean {
    const given = this.#index.arrays.records[row * RECORD_STRIDE + REC.given] as number
    if (p.given === -1 || given < 0 || p.given === given) return false
    if (p.givenSex !== SEX_UNKNOWN) {
      const sex = this.#sexOf(given)
      if (sex !== SEX_UNKNOWN && sex !== p.givenSex) return true
    }
    const d = this.#index.dictionary
    return p.given >= 0 && (this.#index.arrays.givenCount[p.given] as number) > 0 && genderedPair(p.givenBytes, d.bytes, d.start(given), d.length(given))
  }

  /** True when request `p` and master row `row` both give a middle name and the initials agree. */
  middleInitialsAgree(p: RequestProbe, row: number): boolean {
    return p.middleInitial > 0 && p.middleInitial === middleInitialOfFlags(this.#index.arrays.records[row * RECORD_STRIDE + REC.flags] as number)
  }

  /** Writes the level of each field for request `p` and master row `row` into `out`. */
  compare(p: RequestProbe, row: number, out: Uint8Array): void {
    const r = this.#index.arrays.records
    const at = row * RECORD_STRIDE
    const given = r[at + REC.given] as number
    const surname = r[at + REC.surname] as number
    const dob = r[at + REC.dob] as number
    const surnameLevel = this.#surname(p, surname, given)
    out[F_SURNAME] = surnameLevel
    out[F_GIVEN] = this.#given(p, given, surname, surnameLevel === SURNAME.exact || surnameLevel === SURNAME.part || surnameLevel === SURNAME.jwHigh)
    out[F_DOB] = p.dobDigits > 0 ? compareImpossibleDob(p.dobDigits, dob) : compareDob(p.dob, dob)
    out[F_ADDRESS] = this.#address(p, r, at)
    out[F_TIN] = compareTin(p.tin, r[at + REC.tin] as number)
    const suffix = suffixOfFlags(r[at + REC.flags] as number)
    out[F_SUFFIX] = p.suffix === 0 || suffix === 0 ? SUFFIX.missing : p.suffix === suffix ? SUFFIX.exact : SUFFIX.different
  }

  #sameName(bytes: Uint8Array, code: number, other: number): boolean {
    if (other < 0) return false
    if (code === other) return true
    return bytes.length > 1 && this.#jw(bytes, other) >= this.#t.nameHigh
  }

  /** True when the request's given name is the master's surname (or one of its parts). */
  #givenIsMasterSurname(p: RequestProbe, surname: number): boolean {
    if (p.given === -1 || surname < 0) return false
    // Most pairs are strangers: skip the metric unless the first letters could agree.
    if (p.givenBytes[0] !== this.#index.dictionary.firstByte(surname) && p.surnameParts.length === 0 && this.#index.arrays.partOffsets[surname] === this.#index.arrays.partOffsets[surname + 1]) return false
    if (this.#sameName(p.givenBytes, p.given, surname)) return true
    const a = this.#index.arrays
    for (let k = a.partOffsets[surname] as number; k < (a.partOffsets[surname + 1] as number); k++) {
      if ((a.parts[k] as number) === p.given) return true
    }
    return false
  }

  /** True when the request's surname (or one of its parts) is the master's given name. */
  #surnameIsMasterGiven(p: RequestProbe, given: number): boolean {
    if (p.surname === -1 || given < 0) return false
    if (p.surnameBytes[0] !== this.#index.dictionary.firstByte(given) && p.surnameParts.length === 0) return false
    return this.#sameName(p.surnameBytes, p.surname, given) || p.surnameParts.includes(given)
  }

  /**
   * The given-name level. `surnameAgrees` (the surnames agree in place) rules out a transposition:
   * a request MUHAMMED MOHAMMED beside LEILA MOHAMMED has a given name like the surname, but the
   * names are not swapped, and counting it as a swap would make a sister look like the person.
   */
  #given(p: RequestProbe, given: number, surname: number, surnameAgrees: boolean): number {
    if (p.given === -1 || given < 0) return GIVEN.missing
    if (p.given === given) return GIVEN.exact
    // A boy's name and a girl's name are two people, whatever a nickname table or a string
    // metric says: CHRISTOPHER and CHRISTINA, ERNEST and ERNESTINE (one nickname group).
    if (p.givenSex !== SEX_UNKNOWN) {
      const sex = this.#sexOf(given)
      if (sex !== SEX_UNKNOWN && sex !== p.givenSex) return GIVEN.different
    }
    const a = this.#index.arrays
    if (p.nickGroups.length > 0) {
      for (let k = a.nickOffsets[given] as number; k < (a.nickOffsets[given + 1] as number); k++) {
        if (p.nickGroups.includes(a.nicks[k] as number)) return GIVEN.nickname
      }
    }
    const d = this.#index.dictionary
    const masterLength = d.length(given)
    if (p.givenBytes.length === 1 || masterLength === 1) {
      if (p.givenBytes[0] === d.firstByte(given)) return GIVEN.initial
      return !surnameAgrees && this.#givenIsMasterSurname(p, surname) ? GIVEN.transposed : GIVEN.different
    }
    // Both must be given names of the master: KAYL for KAYLA is a dropped letter, not a brother.
    if (p.given >= 0 && (a.givenCount[p.given] as number) > 0 && genderedPair(p.givenBytes, d.bytes, d.start(given), masterLength)) return GIVEN.different
    const jw = this.#jw(p.givenBytes, given)
    if (jw >= this.#t.nameHigh) return GIVEN.jwHigh
    if (shortOneEdit(p.givenBytes, 0, p.givenBytes.length, d.bytes, d.start(given), masterLength)) return GIVEN.shortOneEdit
    if (!surnameAgrees && this.#givenIsMasterSurname(p, surname)) return GIVEN.transposed
    if (jw >= this.#t.nameMid) return GIVEN.jwMid
    return GIVEN.different
  }

  #surname(p: RequestProbe, surname: number, given: number): number {
    if (p.surname === -1 || surname < 0) return SURNAME.missing
    if (p.surname === surname) return SURNAME.exact
    const a = this.#index.arrays
    const partStart = a.partOffsets[surname] as number
    const partEnd = a.partOffsets[surname + 1] as number
    if (p.surnameParts.includes(surname)) return SURNAME.part
    for (let k = partStart; k < partEnd; k++) {
      const part = a.parts[k] as number
      if (part === p.surname || p.surnameParts.includes(part)) return SURNAME.part
    }
    const jw = this.#jw(p.surnameBytes, surname)
    if (jw >= this.#t.nameHigh) return SURNAME.jwHigh
    // The given names agreeing in place rule out a swap (as for the given name above).
    if (p.given !== given && this.#surnameIsMasterGiven(p, given)) return SURNAME.transposed
    if (jw >= this.#t.nameMid) return SURNAME.jwMid
    return SURNAME.different
  }

  /** The address level of request `p` and the record at `at` in `r`. */
  #address(p: RequestProbe, r: Int32Array, at: number): number {
    const street = r[at + REC.street] as number
    const city = r[at + REC.city] as number
    const zip = r[at + REC.zip] as number
    const requestHas = p.street !== -1 || p.city !== -1 || p.zip >= 0
    const masterHas = street >= 0 || city >= 0 || zip >= 0
    if (!requestHas || !masterHas) return ADDRESS.missing
    const zipSame = p.zip >= 0 && p.zip === zip
    // A mistyped city keeps its first letter in practice; checking it first spares the metric
    // for the strangers (other towns) most candidates of a date-of-birth block are.
    const citySame = p.city !== -1 && city >= 0 && (p.city === city || (p.cityBytes[0] === this.#index.dictionary.firstByte(city) && this.#jw(p.cityBytes, city) >= this.#t.city))
    const zipsDiffer = p.zip >= 0 && zip >= 0 && p.zip !== zip
    const citiesDiffer = p.city !== -1 && city >= 0 && !citySame
    const localityAgrees = zipSame || citySame
    const localityConflicts = !localityAgrees && (zipsDiffer || citiesDiffer)
    if (p.street !== -1 && street >= 0 && !localityConflicts) {
      const streetExact = p.street === street
      const streetSame = streetExact || this.#jw(p.streetBytes, street) >= this.#t.street || this.#firstWordsAgree(p.streetBytes, street)
      if (streetSame && !localityConflicts) {
        const number = r[at + REC.streetNumber] as number
        const numberSame = p.streetNumber >= 0 && p.streetNumber === number
        if (numberSame) {
          const extra = r[at + REC.streetExtra] as number
          const extraSame = p.streetExtra === extra || p.streetExtra === -1 || extra < 0
          const unit = r[at + REC.unit] as number
          const unitSame = p.unit === unit || (p.unit === -1 && unit < 0)
          if (streetExact && extraSame && unitSame && localityAgrees) return ADDRESS.full
          return ADDRESS.houseNumberStreet
        }
        if (localityAgrees) return ADDRESS.street
      }
    }
    // A street missing on either side is unknown, not different: the same house number in the
    // same locality is then as far as the address can be checked.
    if ((p.street === -1 || street < 0) && localityAgrees && p.streetNumber >= 0 && p.streetNumber === (r[at + REC.streetNumber] as number)) {
      return ADDRESS.houseNumberStreet
    }
    if (zipSame) return ADDRESS.zip
    if (citySame) return ADDRESS.city
    return ADDRESS.different
  }
}

const A = 65
const E = 69
const O = 79

/** Endings that make a feminine given name of a masculine one: JOSE → JOSEFINA, PAUL → PAULINE, GEORGE → GEORGINA, DANIEL → DANIELLE. */
const FEMININE_ENDINGS: readonly Uint8Array[] = ['A', 'IA', 'LE', 'INA', 'INE', 'ITA', 'ETTA', 'ETTE', 'ELLA', 'ELLE', 'FINA'].map((e) => Uint8Array.from(e, (c) => c.charCodeAt(0)))

/**
 * True when two given names are the masculine and feminine forms of one name: MARIO and MARIA,
 * ANTONIO and ANTONIA (the last letter O against A), DANIEL and DANIELA, PAUL and PAULINE, JOSE
 * and JOSEFINA, GEORGE and GEORGINA (a feminine ending added to the name, or to it less a final E
 * or O). Jaro–Winkler rates them near-identical, but they name a brother and a sister, the
 * commonest near-twin of a household: no keying error. (The comparer asks it only when both are
 * given names the master knows: KAYL is KAYLA mistyped. An E alone is no ending: ANN and ANNE
 * are one name.)
 */
export function genderedPair(a: Uint8Array, b: Uint8Array, bStart: number, bLength: number): boolean {
  const aLength = a.length
  if (Math.min(aLength, bLength) < 3) return false
  if (aLength === bLength) {
    const x = a[aLength - 1] as number
    const y = b[bStart + bLength - 1] as number
    if (!((x === A && y === O) || (x === O && y === A))) return false
    for (let i = 0; i < aLength - 1; i++) if (a[i] !== b[bStart + i]) return false
    return true
  }
  return aLength < bLength ? feminineOf(a, 0, aLength, b, bStart, bLength) : feminineOf(b, bStart, bLength, a, 0, aLength)
}

/** The most letters a feminine form adds: its longest ending, plus the E or O the name may lose. */
const LONGEST_ENDING = Math.max(...FEMININE_ENDINGS.map((e) => e.length)) + 1

/** True when the longer name `l` is the shorter `s` (or `s` less a final E or O) with a feminine ending. */
function feminineOf(s: Uint8Array, sStart: number, sLength: number, l: Uint8Array, lStart: number, lLength: number): boolean {
  if (lLength - sLength > LONGEST_ENDING) return false
  const last = s[sStart + sLength - 1] as number
  const shortestStem = Math.max(3, last === E || last === O ? sLength - 1 : sLength)
  for (let stem = sLength; stem >= shortestStem; stem--) {
    let same = true
    for (let i = 0; i < stem && same; i++) same = s[sStart + i] === l[lStart + i]
    if (!same) continue
    for (const ending of FEMININE_ENDINGS) {
      if (stem + ending.length !== lLength) continue
      let matches = true
      for (let i = 0; i < ending.length && matches; i++) matches = ending[i] === l[lStart + stem + i]
      if (matches) return true
    }
  }
  return false
}

/** Length of the first word of a byte slice (up to the first space). */
function firstWordEnd(bytes: Uint8Array, start: number, length: number): number {
  for (let i = 0; i < length; i++) if (bytes[start + i] === 32) return i
  return length
}

/** The level of two packed dates of birth (`yyyymmdd`, 00 for an unknown month or day, 0 absent). */
export function compareDob(a: number, b: number): number {
  if (a === 0 || b === 0) return DOB.missing
  const ya = Math.floor(a / 10000)
  const yb = Math.floor(b / 10000)
  const ma = Math.floor(a / 100) % 100
  const mb = Math.floor(b / 100) % 100
  const da = a % 100
  const db = b % 100
  if (da > 0 && db > 0) {
    if (a === b) return DOB.exact
    if (ya === yb && ma === db && da === mb) return DOB.swapped
    if (ma === mb && da === db && yearOneDigit(ya, yb)) return DOB.yearOneDigit
    // One digit keyed wrong, or two adjacent digits swapped (Damerau's commonest typing errors).
    if (digitDifference(a, b, 8) !== 'other') return DOB.oneDigit
  }
  if (ya !== yb) return DOB.different
  if (ma > 0 && mb > 0) return ma === mb ? DOB.yearMonth : DOB.year
  return DOB.year
}

/**
 * The level of an impossible request date (its digits) against a master date: `one_digit` when
 * one keying error away from it, else `missing` (an impossible date is no evidence either way).
 */
export function compareImpossibleDob(digits: number, b: number): number {
  if (b === 0 || b % 100 === 0) return DOB.missing
  return digitDifference(digits, b, 8) === 'other' ? DOB.missing : DOB.oneDigit
}

/** The level of two taxpayer numbers (0: absent). */
export function compareTin(a: number, b: number): number {
  if (a === 0 || b === 0) return TIN.missing
  const d = digitDifference(a, b, 9)
  if (d === 'same') return TIN.exact
  if (d === 'one_digit') return TIN.oneDigit
  if (d === 'transposition') return TIN.transposition
  return TIN.different
}
