/**
 * Blocking rules as data (Splink's "declare, then execute"): a rule is a list of key parts; two
 * records are compared when they agree on every part of at least one rule (the rules are OR-ed).
 * A record missing a part gets no key for that rule, so it skips that pass and never matches on
 * it (as the Census PVS passes do). Parts that can take several values (a name's phonetic key and
 * its nickname groups; a double surname and each of its parts) give one key per combination.
 */
import { thousands } from '../../core/index.js'

/** A part of a blocking key. */
export type BlockingKeyPart =
  | 'tin'
  | 'dob'
  | 'dob_year'
  | 'given_initial'
  | 'given_phonetic'
  | 'given_sound'
  | 'surname_initial'
  | 'surname_prefix'
  | 'initials'
  | 'any_initial'
  | 'name_phonetic'
  | 'surname_phonetic'
  | 'zip'
  | 'city'
  | 'street_number'
  | 'street_phonetic'

/** A blocking rule: a name for reports and the parts its key joins. */
export interface BlockingRule {
  readonly name: string
  readonly parts: readonly BlockingKeyPart[]
  /**
   * How the rule's blocks that would grow with the master are split (none when absent): a block
   * of more than `above` master records is keyed by the rule's parts and `parts` too, so its
   * records fall into smaller blocks, and a request whose key lands on a split block looks up
   * its finer keys instead. Which blocks were split is decided once, over the whole master, and
   * kept with the postings (`BlockingPostings.split`); a shard carries the whole's.
   */
  readonly split?: BlockSplit
}

/** A rule's finer key for its large blocks (see `BlockingRule.split`). */
export interface BlockSplit {
  /** A block of more records than this is split. */
  readonly above: number
  /** The parts the finer key adds to the rule's (multi-valued parts give one key per value). */
  readonly parts: readonly BlockingKeyPart[]
  /**
   * Blocks are split only in a master of at least this many records (always when absent). Below
   * it blocks are cheap, and a split would lose the true pairs a block holds that differ in the
   * finer key: in a file deduplicated against itself, several records of one person are a block.
   */
  readonly fromRecords?: number
}

/** Two rules the same: name, parts and split. */
export function sameRule(a: BlockingRule, b: BlockingRule): boolean {
  const sameParts = (x: readonly BlockingKeyPart[], y: readonly BlockingKeyPart[]) => x.length === y.length && x.every((p, i) => p === y[i])
  if (a.name !== b.name || !sameParts(a.parts, b.parts)) return false
  if (!a.split || !b.split) return !a.split && !b.split
  return a.split.above === b.split.above && a.split.fromRecords === b.split.fromRecords && sameParts(a.split.parts, b.split.parts)
}

/**
 * A rule as the content digest and the manifest see it: name and parts, and the split only when
 * there is one (so an index of rules without splits keeps the digest it had before splits).
 */
export function ruleDocument(rule: BlockingRule): { name: string; parts: BlockingKeyPart[]; split?: { above: number; parts: BlockingKeyPart[]; fromRecords?: number } } {
  if (!rule.split) return { name: rule.name, parts: [...rule.parts] }
  const { above, parts, fromRecords } = rule.split
  return { name: rule.name, parts: [...rule.parts], split: { above, parts: [...parts], ...(fromRecords === undefined ? {} : { fromRecords }) } }
}

/** Whether a rule splits its large blocks in a master of `records` records (see `BlockSplit.fromRecords`). */
export function splitsIn(rule: BlockingRule, records: number): boolean {
  return rule.split !== undefined && records >= (rule.split.fromRecords ?? 0)
}

/**
 * The block size over which the national rules split a block (`BlockingRule.split`). Their value
 * sets (dates of birth, ZIPs, cities, name sounds) are fixed, so their blocks grow with the
 * master: unsplit, 1.59 candidates a request at one million generated records became 13.35 at ten
 * million. A block of more than two records is keyed finer, and a request looks up its finer
 * key: 2.80 at ten million, with the same blocking recall (`npm run bench -- blocking`,
 * bench/RESULTS.md). Two, not more: at eight, blocks of three to eight records still gave 7.9 a
 * request at ten million. FEBRL 4's 5,000 records have no block over two under these rules.
 */
export const SPLIT_ABOVE = 2

/**
 * The national rules split blocks only in a master of at least a million records. Below it their
 * candidates cost little (1.6 a request at one million generated records), and splitting at two
 * records loses true pairs wherever a person has several records: Splink's historical_50k
 * deduplicated against itself found 0.19 of its true pairs at p ≥ 0.5 split, 0.36 unsplit, and
 * scaled FEBRL at 100,000 lost a few matches. At one million and ten million generated records
 * the split rules find every true pair the unsplit ones find.
 */
export const SPLIT_FROM_RECORDS = 1_000_000

/**
 * The default rules. Every rule joins a name or an address key with a value of fine grain (a
 * ZIP, a city, a full date of birth, a house number), so its blocks stay a few records even at
 * ten million. Together they recover a record with typos in any one or two fields, or given name
 * and surname swapped: the TIN; the sound of either name with both initials in either order, in
 * the ZIP (a given name's sound alone in a ZIP was a third of all candidates at ten million);
 * house number and street sound in the ZIP, or in the city; surname sound at a house number and
 * street sound (a household, wherever its ZIP and city were mistyped); the date of birth with
 * both initials in either order, with the sound of either name, with the ZIP (a new surname in
 * the same place), or with the surname's first four letters (a surname mistyped late or split:
 * GEORG E); both names' sounds in the city (the given name's own sound: with its nickname groups
 * too, the rule held a sixth of the index and found no pair more). On FEBRL 4 they find 4,998 of
 * the 5,000 true pairs (the wide set below 4,999, the one more ending `possible`); on generated
 * incident data the same pairs as the wide set with an eighth of its candidates. Each key costs
 * about 6 bytes a master record.
 *
 * Where a rule's blocks grow with the master, its blocks over `SPLIT_ABOVE` are split (in a
 * master of `SPLIT_FROM_RECORDS` records or more) by a key the rule's own purpose leaves
 * standing, so a true pair it alone finds keeps being found: a name's sound with the date of
 * birth, by both initials in either order (the mistyped name usually keeps its first letter);
 * both initials with the date of birth (both names' sounds changed), by the city; the surname's
 * first letters with the date of birth, by the given initial; both names' sounds in the city
 * (the date of birth wrong or missing), by the birth year; a name's sound with initials in the
 * ZIP, by the house number; a house in the city, by either initial (anyone of the household
 * named alike); a surname at a house, by the given name's sound or nickname group. The TIN, and
 * the date of birth or house in the ZIP, do not grow. At ten million (60,000 requests, 2,281 in
 * the master) the split rules find as many true pairs as the unsplit ones (blocking recall
 * 0.9982 either way).
 */
export const DEFAULT_BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'tin', parts: ['tin'] },
  { name: 'name_phonetic_initials_zip', parts: ['name_phonetic', 'initials', 'zip'], split: { above: SPLIT_ABOVE, fromRecords: SPLIT_FROM_RECORDS, parts: ['street_number'] } },
  { name: 'street_number_street_phonetic_zip', parts: ['street_number', 'street_phonetic', 'zip'] },
  { name: 'street_number_street_phonetic_city', parts: ['street_number', 'street_phonetic', 'city'], split: { above: SPLIT_ABOVE, fromRecords: SPLIT_FROM_RECORDS, parts: ['any_initial'] } },
  { name: 'surname_phonetic_street_number_street_phonetic', parts: ['surname_phonetic', 'street_number', 'street_phonetic'], split: { above: SPLIT_ABOVE, fromRecords: SPLIT_FROM_RECORDS, parts: ['given_phonetic'] } },
  { name: 'dob_initials', parts: ['dob', 'initials'], split: { above: SPLIT_ABOVE, fromRecords: SPLIT_FROM_RECORDS, parts: ['city'] } },
  { name: 'dob_name_phonetic', parts: ['dob', 'name_phonetic'], split: { above: SPLIT_ABOVE, fromRecords: SPLIT_FROM_RECORDS, parts: ['initials'] } },
  { name: 'dob_zip', parts: ['dob', 'zip'] },
  { name: 'dob_surname_prefix', parts: ['dob', 'surname_prefix'], split: { above: SPLIT_ABOVE, fromRecords: SPLIT_FROM_RECORDS, parts: ['given_initial'] } },
  { name: 'given_sound_surname_phonetic_city', parts: ['given_sound', 'surname_phonetic', 'city'], split: { above: SPLIT_ABOVE, fromRecords: SPLIT_FROM_RECORDS, parts: ['dob_year'] } },
]

/**
 * The rules of the first version, kept for comparison and for small masters: the date of birth
 * with either initial, and a given initial with the surname's sound in the city. Their blocks
 * grow with the master: at ten million records the date-of-birth rule alone gave 107 candidates
 * a request (11 at one million), most of all pairs and most of the linking time.
 */
export const WIDE_BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'tin', parts: ['tin'] },
  { name: 'dob_any_initial', parts: ['dob', 'any_initial'] },
  { name: 'name_phonetic_zip', parts: ['name_phonetic', 'zip'] },
  { name: 'street_number_street_phonetic_zip', parts: ['street_number', 'street_phonetic', 'zip'] },
  { name: 'street_number_street_phonetic_city', parts: ['street_number', 'street_phonetic', 'city'] },
  { name: 'given_initial_surname_phonetic_city', parts: ['given_initial', 'surname_phonetic', 'city'] },
  { name: 'surname_phonetic_street_number_street_phonetic', parts: ['surname_phonetic', 'street_number', 'street_phonetic'] },
]

/**
 * The rules of a small master (see `SMALL_FILE_MAX_RECORDS`): loose keys whose blocks grow with
 * the master, affordable when it holds a few thousand records. The surname's sound alone (any
 * given name, any date); the given name's sound (with its nickname groups) with the birth year,
 * in the city or in the ZIP; the date of birth alone (both names mistyped or missing); the TIN and
 * the street keys of the national rules. On Splink's fake_1000 (a file with no address, a fifth of
 * its names missing, dates of birth shifted by months) they find 1,494 of the 2,031 true pairs of
 * the file linked against itself, where the national rules find 783 (docs/design.md: blocking by
 * the size of the master).
 */
export const SMALL_FILE_BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'tin', parts: ['tin'] },
  { name: 'surname_phonetic', parts: ['surname_phonetic'] },
  { name: 'given_phonetic_dob_year', parts: ['given_phonetic', 'dob_year'] },
  { name: 'dob', parts: ['dob'] },
  { name: 'given_phonetic_city', parts: ['given_phonetic', 'city'] },
  { name: 'given_phonetic_zip', parts: ['given_phonetic', 'zip'] },
  { name: 'street_number_street_phonetic_zip', parts: ['street_number', 'street_phonetic', 'zip'] },
  { name: 'street_number_street_phonetic_city', parts: ['street_number', 'street_phonetic', 'city'] },
]

/**
 * The largest master (records) that `rulesForSize` gives the small-file rules. Their candidates
 * grow with the master, about 3 a request per 1,000 master records (measured: 6.7 a record of
 * fake_1000 linked against itself, 22 a request of FEBRL 4 at 5,000, 168 at 53,424 generated
 * records); at 2,500 that is about 15, what the national rules cost a request at ten million
 * records before they split their large blocks, the most the product is built to spend. Above
 * it, the national rules.
 */
export const SMALL_FILE_MAX_RECORDS = 2_500

/** The names of the rule sets, as the summaries of `verigate index` and `verigate link` print them. */
export type BlockingSetName = 'national' | 'wide' | 'small-file' | 'custom'

/** Named rule sets, for the command line (`default` is the national set, by its older name). */
export const BLOCKING_RULE_SETS: Readonly<Record<'default' | 'national' | 'wide' | 'small-file', readonly BlockingRule[]>> = {
  default: DEFAULT_BLOCKING_RULES,
  national: DEFAULT_BLOCKING_RULES,
  wide: WIDE_BLOCKING_RULES,
  'small-file': SMALL_FILE_BLOCKING_RULES,
}

/**
 * The rules for a master of `records` records: the small-file rules up to
 * `SMALL_FILE_MAX_RECORDS`, the national rules above.
 */
export function rulesForSize(records: number): readonly BlockingRule[] {
  return records <= SMALL_FILE_MAX_RECORDS ? SMALL_FILE_BLOCKING_RULES : DEFAULT_BLOCKING_RULES
}

/**
 * A rule set in words, for the summaries of `verigate index` and `verigate link`: which set and,
 * for the two `rulesForSize` chooses between, why a master of `records` records has it.
 */
export function describeBlocking(set: BlockingSetName, records: number): string {
  const size = `${thousands(records)} records`
  if (set === 'small-file') return `small-file rules (${size}${records <= SMALL_FILE_MAX_RECORDS ? `, at most ${thousands(SMALL_FILE_MAX_RECORDS)}: wide blocks cost little` : ''})`
  if (set === 'national') return `national rules (${size}${records > SMALL_FILE_MAX_RECORDS ? `, over ${thousands(SMALL_FILE_MAX_RECORDS)}` : ''})`
  return `${set} rules (${size})`
}

/**
 * The name of the set `rules` are (by their names and parts, so a loaded snapshot is named by
 * what it was built with); `custom` for any other list.
 */
export function blockingSetName(rules: readonly BlockingRule[]): BlockingSetName {
  const same = (set: readonly BlockingRule[]) => set.length === rules.length && set.every((r, i) => sameRule(r, rules[i] as BlockingRule))
  if (same(DEFAULT_BLOCKING_RULES)) return 'national'
  if (same(SMALL_FILE_BLOCKING_RULES)) return 'small-file'
  if (same(WIDE_BLOCKING_RULES)) return 'wide'
  return 'custom'
}

/**
 * The values of a record's key parts, as integers (dictionary codes, packed dates, ZIPs). A
 * missing single value is -1; multi-valued parts are lists, empty when missing. One object is
 * reused per thread, so filling it allocates nothing.
 */
export interface KeyFeatures {
  tin: number
  dob: number
  dobYear: number
  givenInitial: number
  surnameInitial: number
  /**
   * The surname's first four letters packed in 32 bits (the whole surname when shorter): with a
   * date of birth it finds a surname mistyped after its fourth letter, split by a stray space
   * (GEORG E) or cut short, whose sound changed.
   */
  surnamePrefix: number
  /** Both initials as an unordered pair: the same when given name and surname are swapped. */
  initials: number
  zip: number
  city: number
  streetNumber: number
  streetPhonetic: number
  /** The phonetic key of the given name alone (no nickname groups); -1 when absent. */
  givenSound: number
  readonly givenPhonetic: number[]
  readonly surnamePhonetic: number[]
  /** The given-name initial and the surname initial, either of which may match either. */
  readonly anyInitial: number[]
  /** Phonetic keys of the given name, the surname and its parts, in one set. */
  readonly namePhonetic: number[]
}

/** Letters of a surname prefix. */
export const PREFIX_LETTERS = 4

/**
 * Packs the first `PREFIX_LETTERS` bytes of `bytes[start, start + length)` into a non-negative
 * 31-bit integer (7 bits a letter: standardized names are ASCII); -1 when empty.
 */
export function packPrefix(bytes: Uint8Array, start: number, length: number): number {
  if (length <= 0) return -1
  let v = 0
  const n = Math.min(PREFIX_LETTERS, length)
  for (let i = 0; i < n; i++) v = (v << 7) | ((bytes[start + i] as number) & 0x7f)
  return v
}

/** A fresh, empty features object. */
export function emptyKeyFeatures(): KeyFeatures {
  return {
    tin: -1,
    dob: -1,
    dobYear: -1,
    givenInitial: -1,
    surnameInitial: -1,
    surnamePrefix: -1,
    initials: -1,
    zip: -1,
    city: -1,
    streetNumber: -1,
    streetPhonetic: -1,
    givenSound: -1,
    givenPhonetic: [],
    surnamePhonetic: [],
    anyInitial: [],
    namePhonetic: [],
  }
}

function mix(h: number, value: number): number {
  let k = Math.imul(value | 0, 0xcc9e2d51)
  k = (k << 15) | (k >>> 17)
  k = Math.imul(k, 0x1b873593)
  h ^= k
  h = (h << 13) | (h >>> 19)
  return (Math.imul(h, 5) + 0xe6546b64) | 0
}

function finish(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function multiValues(part: BlockingKeyPart, f: KeyFeatures): readonly number[] | undefined {
  switch (part) {
    case 'given_phonetic':
      return f.givenPhonetic
    case 'surname_phonetic':
      return f.surnamePhonetic
    case 'any_initial':
      return f.anyInitial
    case 'name_phonetic':
      return f.namePhonetic
    default:
      return undefined
  }
}

function singleValue(part: BlockingKeyPart, f: KeyFeatures): number {
  switch (part) {
    case 'tin':
      return f.tin
    case 'dob':
      return f.dob
    case 'dob_year':
      return f.dobYear
    case 'given_initial':
      return f.givenInitial
    case 'surname_initial':
      return f.surnameInitial
    case 'surname_prefix':
      return f.surnamePrefix
    case 'initials':
      return f.initials
    case 'zip':
      return f.zip
    case 'city':
      return f.city
    case 'street_number':
      return f.streetNumber
    case 'street_phonetic':
      return f.streetPhonetic
    case 'given_sound':
      return f.givenSound
    default:
      return -1
  }
}

/**
 * Appends the 32-bit keys of `rule` for a record to `out` (none when a part is missing). Keys are
 * hashes (MurmurHash3's mixing): two different keys may collide, which only adds a candidate that
 * scoring then rejects, never loses one.
 */
export function ruleKeys(rule: BlockingRule, f: KeyFeatures, out: number[]): void {
  keysFrom(rule.parts, 0, f, 0x9747b28c, out)
}

function keysFrom(parts: readonly BlockingKeyPart[], at: number, f: KeyFeatures, h: number, out: number[]): void {
  if (at === parts.length) {
    out.push(finish(h))
    return
  }
  const part = parts[at] as BlockingKeyPart
  const values = multiValues(part, f)
  if (values) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number
      let seen = false
      for (let j = 0; j < i; j++) if (values[j] === v) seen = true
      if (!seen) keysFrom(parts, at + 1, f, mix(h, v), out)
    }
    return
  }
  const value = singleValue(part, f)
  if (value < 0) return
  keysFrom(parts, at + 1, f, mix(h, value), out)
}

/** Seed of the finer keys: a split block's keys continue from the rule's key under another seed. */
const FINER_SEED = 0x5bd1e995

/**
 * Appends the finer keys of a record within the split block of `key` (a key of `rule`) to `out`:
 * none when a finer part is missing (the record then has no key in the split block, as a record
 * missing a part of the rule has none in the rule).
 */
export function finerKeys(split: BlockSplit, key: number, f: KeyFeatures, out: number[]): void {
  keysFrom(split.parts, 0, f, mix(FINER_SEED, key), out)
}
