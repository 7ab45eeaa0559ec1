/** Words and phrases the address standardizer recognises beyond the Publication 28 tables. */

/**
 * Phrases that mean "no address" (docs/rules.md: the values that passed the incident's ZIP-like
 * check: "Failed to Provide", "Unknown Address", "NA NA", "Don't Care"). A delivery line made only
 * of these (in any number and order) is junk.
 */
export const JUNK_PHRASES: readonly string[] = [
  'FAILED TO PROVIDE', 'FAILED', 'NOT PROVIDED', 'NOT GIVEN', 'NOT AVAILABLE', 'NOT APPLICABLE', 'NOT KNOWN', 'NOT ON FILE',
  'NOT STATED', 'UNKNOWN', 'UNKOWN', 'UNK', 'UNKN', 'ADDRESS', 'ADDR', 'NA', 'N A', 'NONE', 'NULL', 'NIL', 'NO', 'NO ADDRESS',
  'DONT CARE', 'DO NOT CARE', 'DONT KNOW', 'DO NOT KNOW', 'REFUSED', 'DECLINED', 'TBD', 'TBA', 'TEST', 'XXX', 'XX', 'X',
  'SAME', 'SAME AS ABOVE', 'ON FILE', 'UNAVAILABLE', 'BLANK', 'EMPTY', 'MISSING', 'INVALID', 'NO FIXED ADDRESS', 'NFA',
  'HOMELESS', 'TRANSIENT', 'ASDF', 'NOWHERE', 'ANYWHERE', 'STREET', 'ST', 'ROAD', 'RD', 'AVE', 'CITY', 'STATE', 'ZIP',
  'ZIPCODE', 'ZIP CODE', 'PROVIDE', 'PROVIDED', 'GIVEN', 'TO', 'OF', 'THE', 'AT', 'IN', 'N', 'A',
]

/** Junk words accepted only together with at least one word of {@link JUNK_PHRASES} that is junk on its own. */
const WEAK = new Set(['STREET', 'ST', 'ROAD', 'RD', 'AVE', 'CITY', 'STATE', 'ZIP', 'ZIPCODE', 'ZIP CODE', 'PROVIDE', 'PROVIDED', 'GIVEN', 'TO', 'OF', 'THE', 'AT', 'IN', 'N', 'A', 'ADDRESS', 'ADDR', 'SAME', 'NO'])

const junkWords = new Set(JUNK_PHRASES.flatMap((p) => p.split(' ')))
const strongWords = new Set(JUNK_PHRASES.filter((p) => !WEAK.has(p)).flatMap((p) => p.split(' ')).filter((w) => !WEAK.has(w)))

/**
 * True when every word is a junk word and at least one is junk on its own (so `NA NA`, `N A`,
 * `UNKNOWN ADDRESS` and `FAILED TO PROVIDE` are junk, but `MAIN STREET` or `ADDRESS` alone is
 * not decided here). Digit-only words of zeros are junk too (`0`, `000`).
 */
export function isJunkWords(words: readonly string[]): boolean {
  if (words.length === 0) return false
  let strong = false
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? ''
    // `N A` is how N/A arrives once the slash is gone.
    if ((w === 'N' && words[i + 1] === 'A') || (w === 'A' && words[i - 1] === 'N')) {
      strong = true
      continue
    }
    if (/^0+$/.test(w)) {
      strong = true
      continue
    }
    if (!junkWords.has(w)) return false
    if (strongWords.has(w)) strong = true
  }
  return strong
}

/**
 * Words that name an institution rather than a street location (a jail without an address is
 * not an address). Words that are also common street names (MISSION, CAMP, HOTEL: San Diego has
 * a Hotel Circle) are left out.
 */
export const FACILITY_WORDS: ReadonlySet<string> = new Set([
  'JAIL', 'PRISON', 'DETENTION', 'CORRECTIONAL', 'CORRECTIONS', 'PENITENTIARY', 'CUSTODY', 'SHELTER', 'HOSPITAL',
  'FACILITY', 'INSTITUTION', 'STOCKADE', 'REFORMATORY', 'LOCKUP',
])

/**
 * Phrases that name a place that is not a street location: a hospital, an airport, a processing
 * center, a military base. Unlike {@link FACILITY_WORDS} they are also street names when a suffix
 * follows them (`AIRPORT RD`, `MEDICAL CENTER DR`), so {@link facilityEnd} takes them only when
 * no street suffix comes right after.
 */
const FACILITY_PHRASES: readonly (readonly string[])[] = [
  ...['MEDICAL', 'PROCESSING', 'REHABILITATION', 'REHAB', 'TREATMENT', 'HEALTH', 'CARE', 'CRISIS', 'RECEPTION', 'STAGING', 'HOLDING', 'TRANSITIONAL', 'JUVENILE', 'DIAGNOSTIC', 'MENTAL']
    .flatMap((w) => [[w, 'CENTER'], [w, 'CTR'], [w, 'CENTRE']]),
  ['AIRPORT'], ['AIRFIELD'], ['AIR', 'FORCE', 'BASE'], ['AFB'], ['AIR', 'BASE'], ['JOINT', 'BASE'], ['NAVAL', 'BASE'], ['NAVAL', 'STATION'],
  ['NAVAL', 'AIR', 'STATION'], ['NAS'], ['ARMY', 'BASE'], ['MILITARY', 'BASE'], ['MARINE', 'CORPS', 'BASE'], ['MCB'], ['BARRACKS'],
  ['NURSING', 'HOME'], ['CLINIC'], ['INFIRMARY'], ['HOSPICE'], ['SANITARIUM'], ['SANATORIUM'], ['ORPHANAGE'],
]

/** The phrases by their first word: a word that opens none costs one look-up. */
const PHRASES_BY_FIRST: ReadonlyMap<string, readonly (readonly string[])[]> = (() => {
  const byFirst = new Map<string, (readonly string[])[]>()
  for (const phrase of FACILITY_PHRASES) {
    const first = phrase[0] ?? ''
    byFirst.set(first, [...(byFirst.get(first) ?? []), phrase])
  }
  return byFirst
})()

/** True when a facility's name may start or stand at this word (a cheap test before {@link facilityEnd}). */
export const mayNameFacility = (word: string): boolean => FACILITY_WORDS.has(word) || PHRASES_BY_FIRST.has(word)

/** Words that may close a facility's name after its facility word: the DETENTION CENTER, the JAIL ANNEX. */
const FACILITY_CONTINUATIONS: ReadonlySet<string> = new Set(['CENTER', 'CTR', 'CENTRE', 'FACILITY', 'COMPLEX', 'ANNEX', 'CAMPUS', 'INSTITUTE', 'INSTITUTION', 'CAMP'])

/**
 * Words that open a facility's name when they stand first and no street suffix follows:
 * `CAMP EAST MONTANA`, `FORT BLISS` given before a city (alone, `CAMP VERDE AZ` is a town and the
 * caller reads it as a city).
 */
const FACILITY_OPENERS: ReadonlySet<string> = new Set(['CAMP', 'FORT', 'FT'])

/**
 * Where a facility's name ends in `words` (the index of its last word), or -1 when the words
 * name no facility. `isSuffix` says whether a word is a street suffix (passed in so the lexicon
 * needs no reference tables); `openers` false leaves out `CAMP …` and `FORT …`, which alone
 * are towns.
 *
 * @example
 * facilityEnd(['COOK', 'COUNTY', 'JAIL', 'CHICAGO'], isSuffix)        // 2
 * facilityEnd(['KROME', 'PROCESSING', 'CENTER', 'MIAMI'], isSuffix)   // 2
 * facilityEnd(['AIRPORT', 'RD'], isSuffix)                            // -1
 */
export function facilityEnd(words: readonly string[], isSuffix: (word: string) => boolean, openers = true): number {
  let end = -1
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? ''
    if (FACILITY_WORDS.has(w)) {
      end = i
      continue
    }
    const phrases = PHRASES_BY_FIRST.get(w)
    if (phrases === undefined) continue
    for (const phrase of phrases) {
      if (!phrase.every((p, k) => words[i + k] === p)) continue
      const after = words[i + phrase.length]
      if (after !== undefined && isSuffix(after)) continue
      end = Math.max(end, i + phrase.length - 1)
    }
  }
  if (end < 0) {
    const first = words[0]
    if (!openers || first === undefined || !FACILITY_OPENERS.has(first) || words.length < 2) return -1
    for (let i = 1; i < words.length; i++) if (isSuffix(words[i] ?? '') || /\d/.test(words[i] ?? '')) return -1
    return words.length - 1
  }
  while (end + 1 < words.length && FACILITY_CONTINUATIONS.has(words[end + 1] ?? '')) end++
  return end
}

/** `GENERAL DELIVERY` (mail held at the post office for pickup) and its abbreviations: [words used] or 0. */
export function generalDeliveryLength(words: readonly string[], i: number): number {
  const a = words[i]
  const b = words[i + 1]
  if ((a === 'GENERAL' || a === 'GEN') && (b === 'DELIVERY' || b === 'DEL' || b === 'DELIV' || b === 'DELIVER')) return 2
  return 0
}

/** ZIP values that are placeholders, not ZIP codes. */
export const PLACEHOLDER_ZIPS: ReadonlySet<string> = new Set(['00000', '99999', '11111', '12345', '000000000', '999999999', '123456789', '111111111'])

/** City words written abbreviated → the spelled-out form the USPS city list uses (`ST LOUIS` → `SAINT LOUIS`). */
export const CITY_WORDS: ReadonlyMap<string, string> = new Map([
  ['ST', 'SAINT'], ['STE', 'SAINTE'], ['FT', 'FORT'], ['MT', 'MOUNT'], ['PT', 'POINT'], ['N', 'NORTH'], ['S', 'SOUTH'],
  ['E', 'EAST'], ['W', 'WEST'], ['PK', 'PARK'], ['HTS', 'HEIGHTS'], ['SPGS', 'SPRINGS'], ['SPG', 'SPRINGS'], ['CTY', 'CITY'],
  ['BCH', 'BEACH'], ['VLG', 'VILLAGE'], ['LK', 'LAKE'],
])

/** Words that join a leading-type street name: `CALLE DEL SOL`, `AVENUE OF THE AMERICAS`. */
export const NAME_JOINERS: ReadonlySet<string> = new Set(['DE', 'DEL', 'LA', 'LAS', 'LOS', 'EL', 'OF', 'THE', 'LO'])
