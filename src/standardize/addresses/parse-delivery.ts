/**
 * The delivery line (Publication 28, chapter 2): house number, pre-directional, street name,
 * suffix, post-directional and secondary unit; or a PO box; or a rural-route or
 * highway-contract box. Works on the words of tokenize-address.ts.
 */
import { directional, isRangelessUnit, spanishPrefix, streetSuffix, unitDesignator } from '../reference/index.js'
import { NAME_JOINERS, facilityEnd, generalDeliveryLength } from './address-lexicon.js'
import { parseHighway } from './parse-highway.js'

/**
 * How the words were delimited. `segment`: exactly the delivery line (a comma followed it), so
 * the suffix is the last street word before any unit. `line`: the line may run on into the city
 * (no commas), so the street ends at its first suffix. `street`: a street-name field, whose
 * trailing words after the suffix are kept (building names in FEBRL's `address_2`).
 */
export type DeliveryMode = 'segment' | 'line' | 'street'

/** The parts of a delivery line, in Publication 28 form. */
export interface Delivery {
  streetNumber: string
  predirectional: string
  streetName: string
  streetSuffix: string
  postdirectional: string
  unitType: string
  unit: string
  poBox: string
  route: string
  /** Words after the delivery line: in `line` mode the city, otherwise text that fits no field. */
  rest: string[]
  /** The words name an institution (a jail, a shelter) and there is no house number or box. */
  facility: boolean
  /** The line is `GENERAL DELIVERY`: mail held at the post office, no street. */
  generalDelivery: boolean
}

/** Suffixes that end most street names; a street ends at one of these rather than at an earlier suffix word (`DEER CREEK RD`). */
const FINAL_SUFFIXES = new Set(['ST', 'AVE', 'RD', 'DR', 'LN', 'BLVD', 'CT', 'PL', 'WAY', 'CIR', 'TER', 'PKWY', 'HWY', 'TRL', 'LOOP', 'SQ', 'ALY', 'XING', 'EXPY', 'FWY'])

const AVENUE_FORMS = new Set(['AVENUE', 'AVE', 'AV', 'AVEN', 'AVENU', 'AVN', 'AVNUE'])
/** Spanish abbreviations that are not also English suffix abbreviations people write first. */
const SPANISH_ONLY_ABBREVIATIONS = new Set(['CLL', 'CAM', 'CMT', 'PSO', 'PLA', 'VER', 'CER'])
const SPANISH_JOINERS = new Set(['DE', 'DEL', 'LA', 'LAS', 'LOS', 'EL'])

const isOrdinal = (w: string): boolean => /^\d+(?:ST|ND|RD|TH)$/.test(w)

/**
 * A house number: digits first (`123`, `123A`, `112-10`), or a Wisconsin/Illinois grid number,
 * whole (`N6W23001`) or one axis only, as rural Wisconsin writes it on county and state
 * highways (`N1234 CTY RD K`, `W5678 STATE HWY 12`).
 */
export function isHouseNumber(w: string | undefined): w is string {
  if (w === undefined) return false
  const c = w.charCodeAt(0)
  if (c >= 48 && c <= 57) return !isOrdinal(w) && !w.includes('/')
  return /^[NSEW]\d+(?:[NSEW]\d+)?$/.test(w) && w.length >= 3
}

/** The suffix test handed to {@link facilityEnd}. */
const isSuffixWord = (w: string): boolean => streetSuffix(w) !== undefined

/** True when a delivery line starts at `words[i]`: a house number, a PO box, a rural route or General Delivery. */
export function startsDelivery(words: readonly string[], i: number): boolean {
  const w = words[i]
  if (w === undefined) return false
  if (isHouseNumber(w)) return true
  return readPoBox(words.slice(i, i + 4)) !== undefined || readRoute(words.slice(i, i + 6)) !== undefined || generalDeliveryLength(words, i) > 0
}

/**
 * The length of a care-of or attention opener at `words[i]`, or 0: `C O` (how `c/o` arrives),
 * `IN CARE OF`, `CARE OF`, `ATTN`, `ATTENTION`, `ATT`.
 */
function careOfLength(words: readonly string[], i: number): number {
  // Written out rather than looped over the openers: every word of every line passes here.
  const w = words[i]
  if (w === 'C') return words[i + 1] === 'O' ? 2 : 0
  if (w === 'ATTN' || w === 'ATTENTION' || w === 'ATT') return 1
  if (w === 'CARE') return words[i + 1] === 'OF' ? 2 : 0
  if (w === 'IN') return words[i + 1] === 'CARE' && words[i + 2] === 'OF' ? 3 : 0
  return 0
}

/**
 * Drops care-of and attention lines (`c/o Mary Jones`, `ATTN Billing`): they name who takes the
 * mail, not where it goes, and the real street stands before or after them. A line that opens a
 * comma-separated segment runs to the segment's end, or to a house number or box within it
 * (`C/O JOHN SMITH 123 MAIN ST`); one written after the street runs to the end of its segment
 * when a comma follows (a later segment, or `followed`: the words are a segment cut from a longer
 * line, or a street field), else it takes two words (a given name and a surname: no comma is
 * left to tell the name from the city).
 *
 * @example
 * dropCareOf(['C', 'O', 'JOHN', 'SMITH', '123', 'MAIN', 'ST'], [0, 0, 0, 0, 1, 1, 1], false).words // ['123', 'MAIN', 'ST']
 */
export function dropCareOf(words: string[], segments: number[], followed: boolean): { readonly words: string[]; readonly segments: number[] } {
  let k = 0
  for (; k < words.length; k++) if (careOfLength(words, k) > 0) break
  if (k === words.length) return { words, segments }
  const keptWords: string[] = []
  const keptSegments: number[] = []
  const n = words.length
  for (let i = 0; i < n; ) {
    const len = careOfLength(words, i)
    if (len === 0) {
      keptWords.push(words[i] ?? '')
      keptSegments.push(segments[i] ?? 0)
      i++
      continue
    }
    const segment = segments[i]
    let j = i + len
    if (i === 0 || segments[i - 1] !== segment) {
      while (j < n && segments[j] === segment && !startsDelivery(words, j)) j++
    } else if (followed || segments[n - 1] !== segment) {
      while (j < n && segments[j] === segment) j++
    } else {
      const stop = Math.min(n, j + 2)
      while (j < stop && !startsDelivery(words, j)) j++
    }
    i = j
  }
  return { words: keptWords, segments: keptSegments }
}

/** A secondary unit value: digits first, or a short letter code (`4B`, `2-C`, `B`, `B-12`, `PH-2A`). */
const isUnitValue = (w: string | undefined): w is string => w !== undefined && w !== '#' && (/^\d/.test(w) || /^[A-Z]{1,2}\d*$/.test(w) || /^[A-Z]\d/.test(w) || /^[A-Z]{1,2}-\d+[A-Z]?$/.test(w))

/** True when a secondary unit starts at `words[k]`: `#`, or a C2 designator followed by a value (or rangeless at the end). */
function isUnitStart(words: readonly string[], k: number, end: number): boolean {
  const w = words[k]
  if (w === undefined || k >= end) return false
  if (w === '#') return true
  const d = unitDesignator(w)
  if (d === undefined) return false
  const next = words[k + 1]
  if (isUnitValue(next) || next === '#') return true
  return isRangelessUnit(d) && (k + 1 >= end || unitDesignator(next ?? '') !== undefined) && w.length <= 5
}

/** Reads a PO box (`PO BOX 55`, `P O BOX`, `POB 12`, `POST OFFICE BOX`, `BOX 9`) at the start: [number, words used]. */
function readPoBox(words: readonly string[]): readonly [string, number] | undefined {
  const [a, b, c] = words
  let used = 0
  if (a === 'PO' && b === 'BOX') used = 2
  else if (a === 'P' && b === 'O' && c === 'BOX') used = 3
  else if (a === 'P' && b === 'O' && c === 'B') used = 3
  else if (a === 'POST' && b === 'OFFICE' && c === 'BOX') used = 3
  else if (a === 'POST' && b === 'BOX') used = 2
  else if (a === 'POB' || a === 'POBOX' || a === 'BOX') used = 1
  else if (a === 'PO' && b !== undefined && /^\d/.test(b)) used = 1
  else return undefined
  const value = words[used] === '#' ? words[used + 1] : words[used]
  // A box number is digits, or a single letter with digits (`BOX ELDER RD` is a street, not box ELDER).
  if (value === undefined || !/^(?:\d[0-9A-Z-]*|[A-Z]\d*)$/.test(value)) return undefined
  return [value.replace(/-/g, ''), used + (words[used] === '#' ? 2 : 1)]
}

/** Reads `RR 2 BOX 15`, `RURAL ROUTE 3 BOX 120A`, `RFD 1`, `HC 3 BOX 7`, `HIGHWAY CONTRACT 3 BOX 7`, `STAR ROUTE 1 BOX 2`: [route, box, words used]. */
function readRoute(words: readonly string[]): readonly [string, string, number] | undefined {
  const [a, b, c] = words
  let type = ''
  let used = 0
  if (a === 'RR' || a === 'RFD') [type, used] = ['RR', 1]
  else if (a === 'R' && b === 'R') [type, used] = ['RR', 2]
  else if (a === 'R' && b === 'F' && c === 'D') [type, used] = ['RR', 3]
  else if (a === 'RURAL' && (b === 'ROUTE' || b === 'RTE' || b === 'RT')) [type, used] = ['RR', 2]
  else if (a === 'HC' || a === 'HCR') [type, used] = ['HC', 1]
  else if (a === 'H' && b === 'C') [type, used] = ['HC', 2]
  else if ((a === 'HIGHWAY' || a === 'HWY') && b === 'CONTRACT') [type, used] = ['HC', words[2] === 'ROUTE' ? 3 : 2]
  else if (a === 'STAR' && (b === 'ROUTE' || b === 'RTE')) [type, used] = ['HC', 2]
  else return undefined
  const number = words[used]
  if (number === undefined || !/^\d+[A-Z]?$/.test(number)) return undefined
  used++
  let box = ''
  if (words[used] === 'BOX' || words[used] === '#') {
    const value = words[used + 1]
    if (value !== undefined && /^[0-9A-Z][0-9A-Z-]*$/.test(value)) {
      box = value.replace(/-/g, '')
      used += 2
    } else used++
  }
  return [`${type} ${number}`, box, used]
}

/** Reads units from `words[k]` while they last: the first designator is the type; the rest is the unit text. */
function readUnits(words: readonly string[], k: number, end: number, out: Delivery): number {
  const parts: string[] = []
  let first = true
  while (k < end && isUnitStart(words, k, end)) {
    const w = words[k] ?? ''
    const type = w === '#' ? '#' : (unitDesignator(w) ?? w)
    k++
    if (type !== '#' && words[k] === '#') k++
    let value = ''
    if (k < end && isUnitValue(words[k])) {
      value = (words[k] ?? '').replace(/-/g, '')
      k++
    }
    if (first) {
      out.unitType = type
      if (value) parts.push(value)
      first = false
    } else parts.push(type, value)
  }
  out.unit = parts.filter((p) => p !== '').join(' ')
  return k
}

/** Index just after the street name that starts at `i`, in `line` or `street` mode: the first fitting suffix. */
function suffixIndexLine(words: readonly string[], i: number, end: number): number {
  for (let j = i + 1; j < end; j++) {
    const w = words[j] ?? ''
    if (isUnitStart(words, j, end)) return -1
    const s = streetSuffix(w)
    if (s === undefined || SPANISH_JOINERS.has(words[j - 1] ?? '')) continue
    // DEER CREEK RD: prefer a following common final suffix to an earlier suffix word.
    const next = words[j + 1]
    if (next !== undefined && j + 1 < end && !FINAL_SUFFIXES.has(s)) {
      const ns = streetSuffix(next)
      if (ns !== undefined && FINAL_SUFFIXES.has(ns)) return j + 1
    }
    return j
  }
  return -1
}

function emptyDelivery(): Delivery {
  return { streetNumber: '', predirectional: '', streetName: '', streetSuffix: '', postdirectional: '', unitType: '', unit: '', poBox: '', route: '', rest: [], facility: false, generalDelivery: false }
}

/** The first word of a leading-type street name, standardized: `AVE OF THE AMERICAS` → `AVENUE`, `CLL` → `CALLE`. */
function leadingType(words: readonly string[], i: number, end: number): string | undefined {
  const w = words[i] ?? ''
  const next = words[i + 1]
  if (next === undefined || i + 1 >= end || isUnitStart(words, i + 1, end)) return undefined
  if (AVENUE_FORMS.has(w)) return SPANISH_JOINERS.has(next) && next !== 'EL' ? (w === 'AVENUE' ? 'AVENUE' : 'AVENIDA') : 'AVENUE'
  const spanish = spanishPrefix(w)
  if (spanish !== undefined && (spanish === w || SPANISH_ONLY_ABBREVIATIONS.has(w))) return spanish
  return undefined
}

/**
 * Parses a delivery line from its words.
 *
 * @example
 * parseDelivery(['123', '1/2', 'N', 'MAIN', 'ST', 'APT', '4B'], 'segment')
 * // streetNumber '123 1/2', predirectional 'N', streetName 'MAIN', streetSuffix 'ST', unitType 'APT', unit '4B'
 */
export function parseDelivery(words: readonly string[], mode: DeliveryMode, givenNumber = ''): Delivery {
  const out = emptyDelivery()
  const end = words.length
  let i = 0
  const general = generalDeliveryLength(words, 0)
  if (general > 0) {
    // Mail held at the post office for pickup: there is no street to read.
    out.generalDelivery = true
    out.rest = words.slice(general)
    return out
  }
  const box = readPoBox(words)
  if (box !== undefined) {
    out.poBox = box[0]
    out.rest = words.slice(box[1])
    return out
  }
  const route = readRoute(words)
  if (route !== undefined) {
    out.route = route[0]
    out.poBox = route[1]
    out.rest = words.slice(route[2])
    return out
  }
  if (givenNumber !== '') {
    out.streetNumber = givenNumber
    if (words[0] === givenNumber) i = 1
  } else if (isHouseNumber(words[0]) && end > 1) {
    out.streetNumber = words[0]
    i = 1
    const fraction = words[1]
    if (fraction !== undefined && /^\d+\/\d+$/.test(fraction)) {
      out.streetNumber += ` ${fraction}`
      i = 2
    }
  } else if (isHouseNumber(words[0]) && end === 1) {
    out.streetNumber = words[0]
    return out
  }
  // Pre-directional, unless the directional is the name itself (NORTH ST, E AVE).
  const d = directional(words[i] ?? '')
  if (d !== undefined && i + 1 < end && !isUnitStart(words, i + 1, end)) {
    const next = words[i + 1] ?? ''
    const nextIsSuffix = streetSuffix(next) !== undefined
    const afterNext = words[i + 2]
    const nameFollows = !nextIsSuffix || (afterNext !== undefined && i + 2 < end && streetSuffix(afterNext) !== undefined && !isUnitStart(words, i + 2, end))
    if (nameFollows) {
      out.predirectional = d
      i++
    }
  }
  let next = i
  const highway = parseHighway(words, i)
  const gridDirection = out.predirectional !== '' && mode !== 'segment' && /^\d+$/.test(words[i] ?? '') && i + 1 < end ? directional(words[i + 1] ?? '') : undefined
  if (gridDirection !== undefined && (words[i + 1] ?? '').length === 1) {
    // Utah's grid: 1234 S 500 E names the street 500 East, whatever city follows.
    out.streetName = words[i] ?? ''
    out.postdirectional = gridDirection
    next = i + 2
  } else if (highway !== undefined && highway.next <= end) {
    out.streetName = highway.name
    next = highway.next
  } else if (i < end) {
    const lead = leadingType(words, i, end)
    if (lead !== undefined) {
      // CALLE DEL SOL, AVENIDA DE LA ESTRELLA, AVENUE OF THE AMERICAS, AVENUE J: type, joiners, one word…
      let j = i + 1
      while (j < end - 1 && NAME_JOINERS.has(words[j] ?? '')) j++
      j++
      const name = [lead, ...words.slice(i + 1, j)]
      // …and on to a suffix within two words (RANCHO SANTA FE RD, CAMINO REAL RD).
      let suffixAt = -1
      if (mode === 'segment') {
        let k = j
        while (k < end && !isUnitStart(words, k, end)) k++
        const lastStd = k > j ? streetSuffix(words[k - 1] ?? '') : undefined
        name.push(...words.slice(j, lastStd === undefined ? k : k - 1))
        if (lastStd !== undefined) suffixAt = k - 1
        j = lastStd === undefined ? k : k - 1
      } else {
        for (let k = j; k < Math.min(end, j + 3); k++) {
          if (isUnitStart(words, k, end)) break
          if (streetSuffix(words[k] ?? '') !== undefined) {
            name.push(...words.slice(j, k))
            suffixAt = k
            break
          }
        }
        if (suffixAt >= 0) j = suffixAt
      }
      out.streetName = name.join(' ')
      next = j
      if (suffixAt >= 0) {
        out.streetSuffix = streetSuffix(words[suffixAt] ?? '') ?? ''
        next = suffixAt + 1
      }
    } else if (mode === 'segment') {
      let k = i
      while (k < end && !(k > i && isUnitStart(words, k, end))) k++
      let last = k - 1
      const post = last > i ? directional(words[last] ?? '') : undefined
      if (post !== undefined) {
        out.postdirectional = post
        last--
      }
      const suffix = last > i ? streetSuffix(words[last] ?? '') : undefined
      if (suffix !== undefined) {
        out.streetSuffix = suffix
        last--
      }
      out.streetName = words.slice(i, last + 1).join(' ')
      next = k
    } else {
      const s = suffixIndexLine(words, i, end)
      if (s >= 0) {
        out.streetName = words.slice(i, s).join(' ')
        out.streetSuffix = streetSuffix(words[s] ?? '') ?? ''
        next = s + 1
      } else {
        // No suffix: the street runs to a unit, or is one word (123 BROADWAY NEW YORK).
        let k = i + 1
        while (k < end && !isUnitStart(words, k, end) && mode === 'street') k++
        out.streetName = words.slice(i, k).join(' ')
        next = k
      }
    }
  }
  if (out.postdirectional === '' && next < end && out.streetName !== '') {
    const post = directional(words[next] ?? '')
    // In a line that runs on into the city, WEST HARTFORD is a city: only an abbreviation, or a word at the very end, is a post-directional.
    const word = words[next] ?? ''
    if (post !== undefined && (mode !== 'line' || word.length <= 2 || next + 1 >= end)) {
      out.postdirectional = post
      next++
    }
  }
  next = readUnits(words, next, end, out)
  out.rest = words.slice(next)
  if (out.streetNumber === '' && out.poBox === '' && out.route === '' && facilityEnd(words, isSuffixWord) >= 0) out.facility = true
  return out
}

/**
 * Parses a unit field on its own: `APT 4B`, `# 12`, `Bldg 2 Rm 101`. Text that is not a
 * designated unit gives an empty type (the caller keeps it as the unit text).
 *
 * @example
 * parseUnit(['STE', '300']) // { unitType: 'STE', unit: '300' }
 */
export function parseUnit(words: readonly string[]): { readonly unitType: string; readonly unit: string } {
  const out = emptyDelivery()
  const next = readUnits(words, 0, words.length, out)
  if (next < words.length) return { unitType: '', unit: '' }
  return { unitType: out.unitType, unit: out.unit }
}
