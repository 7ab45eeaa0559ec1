/**
 * Highway street names in the standard forms of Publication 28, Appendix F: the route type is
 * spelled out (`COUNTY ROAD 42`, `STATE HIGHWAY 9`, `US HIGHWAY 19`, `INTERSTATE 10`), except
 * `FM` (farm-to-market), and a state prefix becomes its code (`KENTUCKY 440` → `KY HIGHWAY 440`).
 * A highway name takes no C1 suffix: in `HWY 66 FRONTAGE ROAD` the road is part of the name.
 */
import { directional, stateCode, streetSuffix } from '../reference/index.js'

const HIGHWAY = new Set(['HIGHWAY', 'HWY', 'HIWAY', 'HIWY', 'HGWY', 'HWAY'])
const ROAD = new Set(['ROAD', 'RD'])
const ROUTE = new Set(['ROUTE', 'RTE', 'RT'])
const COUNTY = new Set(['COUNTY', 'CNTY', 'CO', 'CTY'])
const STATE = new Set(['STATE', 'ST'])

/** Route types that may carry a letter code instead of a number (Missouri's STATE ROUTE MM, Wisconsin's COUNTY ROAD J). */
const LETTERED = new Set(['COUNTY HIGHWAY', 'COUNTY ROAD', 'COUNTY ROUTE', 'STATE ROUTE', 'STATE HIGHWAY', 'HIGHWAY'])

/**
 * A route number (`9`, `60E`, `1150EE`) or, for the lettered types, a letter code (`MM`, `J`)
 * that is not itself a suffix or directional (`HIGHWAY DR` is a drive, `I ST` a street).
 */
function isRouteId(word: string | undefined, type: string): word is string {
  if (word === undefined) return false
  if (/^\d{1,5}[A-Z]{0,2}$/.test(word)) return true
  return LETTERED.has(type) && /^[A-Z]{1,2}$/.test(word) && streetSuffix(word) === undefined && directional(word) === undefined
}

const hasDigit = (word: string | undefined): boolean => word !== undefined && /\d/.test(word)

/** The route type that starts at `words[i]`, as [standard prefix, words used], or undefined. */
function routeType(words: readonly string[], i: number): readonly [string, number] | undefined {
  const a = words[i] ?? ''
  const b = words[i + 1]
  const c = words[i + 2]
  if (COUNTY.has(a) && b !== undefined) {
    if (HIGHWAY.has(b)) return ['COUNTY HIGHWAY', 2]
    if (ROAD.has(b)) return ['COUNTY ROAD', 2]
    if (ROUTE.has(b)) return ['COUNTY ROUTE', 2]
  }
  if (a === 'CR') return ['COUNTY ROAD', 1]
  // Wisconsin's trunk highways: CTH K (county), STH 57 (state), USH 41; and COUNTY K, CTY JJ.
  if (a === 'CTH') return ['COUNTY HIGHWAY', 1]
  if (a === 'STH') return ['STATE HIGHWAY', 1]
  if (a === 'USH') return ['US HIGHWAY', 1]
  if (COUNTY.has(a) && a !== 'CO' && b !== undefined && /^[A-Z]{1,2}$/.test(b) && isRouteId(b, 'COUNTY HIGHWAY')) return ['COUNTY HIGHWAY', 1]
  if (STATE.has(a) && b !== undefined) {
    if (HIGHWAY.has(b)) return ['STATE HIGHWAY', 2]
    if (ROAD.has(b)) return ['STATE ROAD', 2]
    if (ROUTE.has(b)) return ['STATE ROUTE', 2]
  }
  // Appendix F: SR 220 → STATE ROAD 220, but SR MM → STATE ROUTE MM.
  if (a === 'SR') return [hasDigit(b) ? 'STATE ROAD' : 'STATE ROUTE', 1]
  if (a === 'US') return b !== undefined && (HIGHWAY.has(b) || ROUTE.has(b)) ? ['US HIGHWAY', 2] : ['US HIGHWAY', 1]
  if (a === 'INTERSTATE' || a === 'IH' || a === 'I') return b !== undefined && HIGHWAY.has(b) ? ['INTERSTATE', 2] : ['INTERSTATE', 1]
  if (a === 'FARM' && b === 'TO' && c === 'MARKET') return ['FM', 3]
  if (a === 'FM') return ['FM', 1]
  if (HIGHWAY.has(a)) return b === 'FM' ? ['FM', 2] : ['HIGHWAY', 1]
  if (a === 'RANCH' && b !== undefined && ROAD.has(b)) return ['RANCH ROAD', 2]
  if ((a === 'TOWNSHIP' || a === 'TWP') && b !== undefined && ROAD.has(b)) return ['TOWNSHIP ROAD', 2]
  if (a === 'TSR') return ['TOWNSHIP ROAD', 1]
  // A bare ROUTE, ROAD, LOOP or EXPRESSWAY is a highway only before a number: ROUTE 88, RD 5A.
  if (hasDigit(b)) {
    if (ROUTE.has(a)) return ['ROUTE', 1]
    if (ROAD.has(a)) return ['ROAD', 1]
    if (a === 'LOOP') return ['LOOP', 1]
    if (a === 'EXPRESSWAY' || a === 'EXPY') return ['EXPRESSWAY', 1]
  }
  return undefined
}

/** A highway name found in a word list: the standard name and the index after it. */
export interface HighwayMatch {
  readonly name: string
  readonly next: number
}

/**
 * Reads a highway name starting at `words[i]`, or returns undefined when there is none.
 *
 * @example
 * parseHighway(['STATE', 'HWY', '9'], 0)        // { name: 'STATE HIGHWAY 9', next: 3 }
 * parseHighway(['KENTUCKY', '440'], 0)          // { name: 'KY HIGHWAY 440', next: 2 }
 * parseHighway(['I10'], 0)                      // { name: 'INTERSTATE 10', next: 1 }
 */
export function parseHighway(words: readonly string[], i: number): HighwayMatch | undefined {
  const a = words[i] ?? ''
  const compact = /^I(?:H)?(\d{1,3})$/.exec(a)
  if (compact) return modifiers(words, `INTERSTATE ${compact[1]}`, i + 1)
  // A hyphenated route, read as its two words: WI-57, US-41, I-94, SR-20, CR-12.
  const hyphen = /^([A-Z]{1,3})-(\d{1,5}[A-Z]{0,2})$/.exec(a)
  if (hyphen) {
    const split = parseHighway([hyphen[1] ?? '', hyphen[2] ?? '', ...words.slice(i + 1)], 0)
    return split === undefined ? undefined : { name: split.name, next: i + split.next - 1 }
  }
  let type = routeType(words, i)
  let statePrefix = ''
  if (type === undefined) {
    // A state's own highway: KY 1207, KY HWY 75, KY ST HWY 1, CA COUNTY RD 150.
    const two = i + 1 < words.length ? stateCode(`${a} ${words[i + 1]}`) : undefined
    const code = two ?? stateCode(a)
    if (code === undefined) return undefined
    const used = two === undefined ? 1 : 2
    const inner = routeType(words, i + used)
    if (inner !== undefined && inner[0] !== 'US HIGHWAY' && inner[0] !== 'INTERSTATE' && inner[0] !== 'ROUTE' && inner[0] !== 'ROAD' && inner[0] !== 'LOOP') {
      type = [inner[0], used + inner[1]]
    } else if (hasDigit(words[i + used]) && /^\d/.test(words[i + used] ?? '')) type = ['HIGHWAY', used]
    else return undefined
    statePrefix = `${code} `
  }
  const id = words[i + type[1]]
  if (!isRouteId(id, type[0])) return undefined
  return modifiers(words, `${statePrefix}${type[0]} ${id}`, i + type[1] + 1)
}

/** Appendix F's modifiers after the number: `BYPASS` → `BYP`, but `BYP ROAD` → `BYPASS RD`; `FRONTAGE ROAD` → `FRONTAGE RD`. */
function modifiers(words: readonly string[], name: string, next: number): HighwayMatch {
  const w = words[next]
  const after = words[next + 1]
  if (w === 'BYPASS' || w === 'BYP' || w === 'BYPS') {
    return after !== undefined && ROAD.has(after) ? { name: `${name} BYPASS RD`, next: next + 2 } : { name: `${name} BYP`, next: next + 1 }
  }
  if ((w === 'FRONTAGE' || w === 'FRNT') && after !== undefined && ROAD.has(after)) return { name: `${name} FRONTAGE RD`, next: next + 2 }
  return { name, next }
}
