/**
 * Person names to match keys: given name, middle names or initials, full surname with the parts
 * that may appear alone, generational suffix, and a completeness grade with its reasons.
 *
 * Unparsed names are read `LAST, FIRST MIDDLE` when they hold a comma (unless all that follows
 * the comma is a suffix: `John Smith, Jr.`), else `FIRST MIDDLE LAST`. Without a comma, where
 * the surname starts is decided from the end: particles (`DE LA`, `VAN DER`) belong to the
 * surname, and a Hispanic paternal + maternal surname (`GARCIA LOPEZ`) is taken whole when the
 * word before the last is on the Census Spanish-surname list and is not a common given name
 * (so `Jose Luis Garcia` keeps `LUIS` as a middle name, and `Maria Garcia Lopez` gets the
 * surname `GARCIA LOPEZ`).
 */
import type { NameGrade, StandardizedName } from '../../core/index.js'
import type { StandardizeIssueCode } from '../issues.js'
import { BoundedMemo } from '../memo.js'
import { isCommonGivenName, isSpanishSurname } from '../reference/index.js'
import { foldName } from '../text/index.js'
import { CREDENTIALS, DEVOTIONAL_GIVEN_NAMES, JOINED_PREFIXES, LEADING_PARTICLES, PARTICLES, PLACEHOLDER_MIDDLES, PLACEHOLDER_NAMES, SUFFIXES, TITLES } from './name-lexicon.js'
import { standardizeSuffix } from './standardize-suffix.js'

/** A person name as an input file gives it: in parts, or as one unparsed string. */
export interface NameInput {
  readonly given_name?: string
  readonly middle_name?: string
  readonly surname?: string
  /** Unparsed, e.g. `GARCIA LOPEZ, JOSE A` or `Jose A. Garcia Lopez Jr.`; used when no part is given. */
  readonly name?: string
  /**
   * A generational suffix in a field of its own (`Jr.`, `JUNIOR`, `3rd`); when it states one, it
   * is the name's suffix, whether or not the name fields also write one.
   */
  readonly suffix?: string
}

/** A standardized name with the issues found: the grade reasons, then any about a suffix field. */
export interface NameResult {
  readonly name: StandardizedName
  readonly issues: readonly StandardizeIssueCode[]
}

const NONE: readonly string[] = Object.freeze([])

/** Folds and splits into words. */
function words(text: string | undefined): string[] {
  if (text === undefined) return []
  const folded = foldName(text)
  return folded === '' ? [] : folded.split(' ')
}

/** Joins `MC DONALD` into `MCDONALD` (and `O BRIEN` into `OBRIEN` when `withO`). */
function joinPrefixes(tokens: string[], withO: boolean): string[] {
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i] ?? ''
    if (JOINED_PREFIXES.has(t) && (withO || t !== 'O')) {
      tokens.splice(i, 2, t + (tokens[i + 1] ?? ''))
    }
  }
  return tokens
}

/** Removes leading titles (keeping at least one word). */
function dropTitles(tokens: string[]): string[] {
  let i = 0
  while (i < tokens.length - 1 && TITLES.has(tokens[i] ?? '')) i++
  return i === 0 ? tokens : tokens.slice(i)
}

/** Removes trailing suffixes and credentials; returns the standard suffix found (the last one read). */
function takeSuffix(tokens: string[]): string {
  let suffix = ''
  while (tokens.length > 1) {
    const last = tokens[tokens.length - 1] ?? ''
    const s = SUFFIXES.get(last)
    if (s !== undefined) {
      if (suffix === '') suffix = s
      tokens.pop()
    } else if (CREDENTIALS.has(last)) tokens.pop()
    else break
  }
  return suffix
}

interface Parts {
  given: string
  middle: string[]
  surname: string[]
  suffix: string
  givenPlaceholder: boolean
  surnamePlaceholder: boolean
  wholePlaceholder: boolean
}

/** The most words a placeholder name has (`BABY GIRL`, `NOT PROVIDED`). */
const PLACEHOLDER_WORDS = Math.max(...[...PLACEHOLDER_NAMES].map((p) => p.split(' ').length))

/** True when the words `tokens[from..to)` are a placeholder name. */
function isPlaceholderRange(tokens: readonly string[], from: number, to: number): boolean {
  const n = to - from
  if (n <= 0 || n > PLACEHOLDER_WORDS) return false
  if (n === 1) return PLACEHOLDER_NAMES.has(tokens[from] ?? '')
  return PLACEHOLDER_NAMES.has(tokens.slice(from, to).join(' '))
}

const isPlaceholder = (tokens: readonly string[]): boolean => isPlaceholderRange(tokens, 0, tokens.length)

/** Reads a given-name field: the first word is the given name, any others are middle names. */
function readGiven(tokens: string[], parts: Parts): void {
  tokens = dropTitles(tokens)
  const s = takeSuffix(tokens)
  if (s && !parts.suffix) parts.suffix = s
  if (isPlaceholder(tokens)) {
    parts.givenPlaceholder = tokens.length > 0
    return
  }
  parts.given = tokens[0] ?? ''
  parts.middle.push(...tokens.slice(1))
}

/** Reads a surname field. */
function readSurname(tokens: string[], parts: Parts): void {
  const s = takeSuffix(tokens)
  if (s) parts.suffix = s
  if (isPlaceholder(tokens)) {
    parts.surnamePlaceholder = true
    return
  }
  parts.surname = joinPrefixes(tokens, true)
}

/** Where the surname starts in `FIRST MIDDLE… LAST` (index ≥ 1). */
function surnameStart(tokens: readonly string[]): number {
  let s = tokens.length - 1
  while (s > 1 && PARTICLES.has(tokens[s - 1] ?? '')) s--
  // A Hispanic double surname, possibly joined by Y or E: GARCIA LOPEZ, GARCIA Y LOPEZ.
  const head = tokens[s] ?? ''
  let p = s - 1
  const conjunction = tokens[p] === 'Y' || tokens[p] === 'E'
  if (conjunction) p--
  const before = tokens[p] ?? ''
  if (p >= 1 && before.length > 1 && isSpanishSurname(before) && !isCommonGivenName(before) && (isSpanishSurname(head) || PARTICLES.has(head) || conjunction)) {
    let start = p
    while (start > 1 && PARTICLES.has(tokens[start - 1] ?? '')) start--
    // JUAN DE DIOS PEREZ: DIOS is on the surname list, but DE DIOS is his given name's second part.
    if (!DEVOTIONAL_GIVEN_NAMES.has(tokens.slice(start, p + 1).join(' '))) return start
    return s
  }
  return withParticleSurname(tokens, s)
}

/**
 * Where the surname starts when the words before the surname at `s` are a particle phrase and
 * one word (`DE LA CRUZ`, `VAN DYKE`): the phrase is a first surname, since a middle name does
 * not begin with a particle (JUAN DE LA CRUZ HERNANDEZ has the surname DE LA CRUZ HERNANDEZ,
 * not the middle name DE LA CRUZ). The devotional given names that do (MARIA DE JESUS, MARIA
 * DEL CARMEN, JUAN DE DIOS) stay middle names. Only particles that are no given name of their
 * own start such a phrase (not `AL`, `BEN`, `SAN`).
 */
function withParticleSurname(tokens: readonly string[], s: number): number {
  const word = s - 1
  let start = word
  while (start - 1 >= 1 && LEADING_PARTICLES.has(tokens[start - 1] ?? '')) start--
  if (start === word || (tokens[word] ?? '').length < 2 || PARTICLES.has(tokens[word] ?? '')) return s
  const phrase = tokens.slice(start, s).join(' ')
  return DEVOTIONAL_GIVEN_NAMES.has(phrase) ? s : start
}

/**
 * Folds an unparsed name into words, keeping a hyphenated compound as one word with a space in
 * it (`Smith-Jones` → `SMITH JONES`), so it stays a surname rather than a middle name and surname.
 */
function unparsedWords(text: string): string[] {
  const out: string[] = []
  const hyphen = text.includes('-')
  for (const chunk of (hyphen ? text.replace(/\s*-\s*/g, '-') : text).split(/[\s,]+/)) {
    const folded = foldName(chunk)
    if (folded === '') continue
    if (!folded.includes(' ')) out.push(folded)
    else if (hyphen && chunk.includes('-')) out.push(folded)
    else out.push(...folded.split(' '))
  }
  return out
}

/** Moves the words of a hyphenated given name after the first into the middle names. */
function splitGiven(parts: Parts): void {
  const space = parts.given.indexOf(' ')
  if (space > 0) {
    parts.middle.unshift(...parts.given.slice(space + 1).split(' '))
    parts.given = parts.given.slice(0, space)
  }
}

/** Reads an unparsed name. */
function readUnparsed(raw: string, parts: Parts): void {
  const comma = raw.indexOf(',')
  if (comma >= 0) {
    const after = words(raw.slice(comma + 1))
    const onlySuffix = after.length > 0 && after.every((t) => SUFFIXES.has(t) || CREDENTIALS.has(t))
    if (!onlySuffix) {
      readSurname(dropTitles(words(raw.slice(0, comma))), parts)
      readGiven(after, parts)
      if (parts.givenPlaceholder && parts.surnamePlaceholder) parts.wholePlaceholder = true
      return
    }
  }
  let tokens = joinPrefixes(dropTitles(unparsedWords(comma >= 0 ? raw.replace(',', ' ') : raw)), false)
  parts.suffix = takeSuffix(tokens)
  if (isPlaceholder(tokens)) {
    parts.wholePlaceholder = true
    return
  }
  // A placeholder given name in front (BABY GIRL GARCIA, FNU SMITH) or surname at the end (JOHN LNU).
  for (const n of [2, 1]) {
    if (tokens.length > n && isPlaceholderRange(tokens, 0, n)) {
      parts.givenPlaceholder = true
      readSurname(tokens.slice(n), parts)
      return
    }
  }
  if (tokens.length > 1 && isPlaceholderRange(tokens, tokens.length - 1, tokens.length)) {
    parts.surnamePlaceholder = true
    tokens = tokens.slice(0, -1)
    parts.given = tokens[0] ?? ''
    parts.middle.push(...tokens.slice(1).filter((t) => !PLACEHOLDER_MIDDLES.has(t)))
    splitGiven(parts)
    return
  }
  if (tokens.length === 1) {
    const only = tokens[0] ?? ''
    if (isCommonGivenName(only)) {
      parts.given = only
      splitGiven(parts)
    } else parts.surname = [only]
    return
  }
  const s = surnameStart(tokens)
  parts.given = tokens[0] ?? ''
  parts.middle.push(...tokens.slice(1, s).filter((t) => !PLACEHOLDER_MIDDLES.has(t)))
  parts.surname = tokens.slice(s)
  splitGiven(parts)
}

/** The surname words that may stand alone elsewhere: all but particles and conjunctions. */
function surnameParts(tokens: readonly string[]): readonly string[] {
  if (tokens.length === 0) return NONE
  const surname = tokens.length === 1 && !(tokens[0] ?? '').includes(' ') ? tokens : tokens.join(' ').split(' ')
  if (surname.length === 1) return Object.freeze([surname[0] ?? ''])
  const kept = surname.filter((t, i) => !(PARTICLES.has(t) && i < surname.length - 1) && !((t === 'Y' || t === 'E') && i > 0 && i < surname.length - 1))
  return Object.freeze(kept)
}

function grade(parts: Parts): { grade: NameGrade; reasons: StandardizeIssueCode[] } {
  const reasons: StandardizeIssueCode[] = []
  const hasGiven = parts.given !== ''
  const hasSurname = parts.surname.length > 0
  if (parts.wholePlaceholder || parts.givenPlaceholder || parts.surnamePlaceholder) reasons.push('name_placeholder')
  if (!hasGiven && !hasSurname) {
    if (reasons.length === 0) reasons.push('name_missing')
    return { grade: 'NONE', reasons }
  }
  if (!hasGiven) reasons.push('given_name_missing')
  else if (parts.given.length === 1) reasons.push('given_name_initial_only')
  if (!hasSurname) reasons.push('surname_missing')
  else if (parts.surname.length === 1 && (parts.surname[0] ?? '').length === 1) reasons.push('surname_initial_only')
  const full = hasGiven && hasSurname && parts.given.length > 1 && !reasons.includes('surname_initial_only')
  return { grade: full ? 'FULL' : 'PARTIAL', reasons: full ? [] : reasons }
}

const NO_REASONS: readonly StandardizeIssueCode[] = Object.freeze([])

function freshParts(): Parts {
  return { given: '', middle: [], surname: [], suffix: '', givenPlaceholder: false, surnamePlaceholder: false, wholePlaceholder: false }
}

function build(original: string, parts: Parts, surname: string, partsOfSurname: readonly string[]): NameResult {
  const { grade: g, reasons } = grade(parts)
  const gradeReasons = reasons.length === 0 ? NO_REASONS : Object.freeze(reasons)
  const name: StandardizedName = {
    original,
    given: parts.given,
    middle: parts.middle.length === 0 ? '' : parts.middle.join(' '),
    surname,
    surnameParts: partsOfSurname,
    suffix: parts.suffix,
    grade: g,
    gradeReasons,
  }
  return { name, issues: gradeReasons }
}

/** A given-name field as read: the given name, any further words (middle names), a suffix, and whether it was a placeholder. */
interface GivenReading {
  readonly given: string
  readonly middle: readonly string[]
  /** `middle` joined with spaces. */
  readonly middleText: string
  readonly suffix: string
  readonly placeholder: boolean
}

/** A surname field as read. */
interface SurnameReading {
  readonly tokens: readonly string[]
  readonly surname: string
  readonly parts: readonly string[]
  readonly suffix: string
  readonly placeholder: boolean
}

const givenMemo = new BoundedMemo<GivenReading>(50_000)
const middleMemo = new BoundedMemo<readonly string[]>(20_000)
const surnameMemo = new BoundedMemo<SurnameReading>(100_000)
const unparsedMemo = new BoundedMemo<NameResult>(100_000)

function readGivenField(raw: string): GivenReading {
  const parts = freshParts()
  readGiven(words(raw), parts)
  return Object.freeze({ given: parts.given, middle: Object.freeze(parts.middle), middleText: parts.middle.join(' '), suffix: parts.suffix, placeholder: parts.givenPlaceholder })
}

function readMiddleField(raw: string): readonly string[] {
  return Object.freeze(words(raw).filter((t) => !PLACEHOLDER_MIDDLES.has(t)))
}

function readSurnameField(raw: string): SurnameReading {
  const parts = freshParts()
  readSurname(words(raw), parts)
  const tokens = Object.freeze(parts.surname)
  return Object.freeze({ tokens, surname: tokens.join(' '), parts: surnameParts(tokens), suffix: parts.suffix, placeholder: parts.surnamePlaceholder })
}

function computeUnparsed(name: string): NameResult {
  const parts = freshParts()
  readUnparsed(name, parts)
  const result = build(name.trim(), parts, parts.surname.join(' '), surnameParts(parts.surname))
  Object.freeze(result.name)
  return Object.freeze(result)
}

const isBlank = (s: string | undefined): boolean => s === undefined || s.trim() === ''

/**
 * Standardizes a name, returning the issues found beside it. Each field is read once per
 * distinct value (memoised); a name given in parts is then assembled from its fields, and a
 * suffix field, when there is one, gives the suffix.
 *
 * @example
 * standardizeNameDetailed({ name: 'BABY GIRL' }).name.grade // 'NONE'
 * standardizeNameDetailed({ given_name: 'John', surname: 'Smith', suffix: 'Jr.' }).name.suffix // 'JR', as for { name: 'John Smith Jr' }
 */
export function standardizeNameDetailed(input: NameInput): NameResult {
  const result = nameOfNameFields(input)
  return input.suffix === undefined ? result : withSuffixField(result, input.suffix)
}

/**
 * Puts a suffix field's reading into a name read from the other fields. The field is taken over
 * a suffix found in the name: a file that keeps a column for it states it on purpose, while a
 * word at the end of a name is a suffix only by where it stands. A disagreement is reported, as
 * is a field that holds no generational suffix (then the name's own suffix, if any, stays).
 */
function withSuffixField(result: NameResult, text: string): NameResult {
  const trimmed = text.trim()
  if (trimmed === '') return result
  const field = standardizeSuffix(trimmed)
  const inName = result.name.suffix
  const suffix = field.suffix === '' ? inName : field.suffix
  const original = result.name.original === '' ? trimmed : `${result.name.original} ${trimmed}`
  const name: StandardizedName = Object.freeze({ ...result.name, original, suffix })
  const issue = field.issue ?? (inName !== '' && field.suffix !== '' && inName !== field.suffix ? 'suffix_conflict' : undefined)
  return { name, issues: issue === undefined ? result.issues : Object.freeze([...result.issues, issue]) }
}

/** A name from its name fields (`given_name`, `middle_name`, `surname`, or the unparsed `name`). */
function nameOfNameFields(input: NameInput): NameResult {
  const { given_name: given, middle_name: middle, surname } = input
  if (isBlank(given) && isBlank(middle) && isBlank(surname)) return readUnparsedName(input.name ?? '')
  const g = given === undefined ? undefined : givenMemo.get(given, readGivenField)
  const m = middle === undefined ? undefined : middleMemo.get(middle, readMiddleField)
  const s = surname === undefined ? undefined : surnameMemo.get(surname, readSurnameField)
  let original = given === undefined ? '' : given.trim()
  const mt = middle === undefined ? '' : middle.trim()
  const st = surname === undefined ? '' : surname.trim()
  if (mt !== '') original = original === '' ? mt : `${original} ${mt}`
  if (st !== '') original = original === '' ? st : `${original} ${st}`
  return assemble(original, g, m, s)
}

/** Builds a name from its field readings: the given field's suffix yields to the surname's. */
function assemble(original: string, g: GivenReading | undefined, m: readonly string[] | undefined, s: SurnameReading | undefined): NameResult {
  // The common case, a full given name and surname, without the general grading.
  if (g !== undefined && s !== undefined && !g.placeholder && !s.placeholder && g.given.length > 1 && s.tokens.length > 0 && (s.tokens.length > 1 || s.surname.length > 1)) {
    const extra = m === undefined || m.length === 0 ? '' : m.length === 1 ? (m[0] ?? '') : m.join(' ')
    const middle = g.middleText === '' ? extra : extra === '' ? g.middleText : `${g.middleText} ${extra}`
    const name: StandardizedName = { original, given: g.given, middle, surname: s.surname, surnameParts: s.parts, suffix: s.suffix !== '' ? s.suffix : g.suffix, grade: 'FULL', gradeReasons: NO_REASONS }
    return { name, issues: NO_REASONS }
  }
  const parts = freshParts()
  if (g !== undefined) {
    parts.given = g.given
    if (g.middle.length > 0) parts.middle.push(...g.middle)
    parts.suffix = g.suffix
    parts.givenPlaceholder = g.placeholder
  }
  if (m !== undefined && m.length > 0) parts.middle.push(...m)
  if (s !== undefined) {
    parts.surname = s.tokens as string[]
    if (s.suffix !== '') parts.suffix = s.suffix
    parts.surnamePlaceholder = s.placeholder
  }
  if (parts.givenPlaceholder && parts.surnamePlaceholder) parts.wholePlaceholder = true
  return build(original, parts, s === undefined ? '' : s.surname, s === undefined ? NONE : s.parts)
}

/** What follows the comma of `LAST, FIRST MIDDLE`, and whether it is only a suffix (`John Smith, Jr.`). */
interface AfterComma {
  readonly given: GivenReading
  readonly onlySuffix: boolean
}

const afterCommaMemo = new BoundedMemo<AfterComma>(50_000)
const beforeCommaMemo = new BoundedMemo<SurnameReading>(50_000)

function readAfterComma(text: string): AfterComma {
  const after = words(text)
  const onlySuffix = after.length > 0 && after.every((t) => SUFFIXES.has(t) || CREDENTIALS.has(t))
  return Object.freeze({ given: readGivenField(text), onlySuffix })
}

function readBeforeComma(text: string): SurnameReading {
  const parts = freshParts()
  readSurname(dropTitles(words(text)), parts)
  const tokens = Object.freeze(parts.surname)
  return Object.freeze({ tokens, surname: tokens.join(' '), parts: surnameParts(tokens), suffix: parts.suffix, placeholder: parts.surnamePlaceholder })
}

/**
 * An unparsed name. `LAST, FIRST MIDDLE` is read from its two sides, each memoised (surnames and
 * given names recur far more than their pairs); any other form is read whole.
 */
function readUnparsedName(name: string): NameResult {
  const comma = name.indexOf(',')
  if (comma >= 0) {
    const after = afterCommaMemo.get(name.slice(comma + 1), readAfterComma)
    if (!after.onlySuffix) return assemble(name.trim(), after.given, undefined, beforeCommaMemo.get(name.slice(0, comma), readBeforeComma))
  }
  return unparsedMemo.get(name, computeUnparsed)
}

/**
 * Standardizes a person name from its parts or from one unparsed string.
 *
 * @example
 * const n = standardizeName({ name: 'GARCIA LOPEZ, JOSE A' })
 * // n.given 'JOSE', n.middle 'A', n.surname 'GARCIA LOPEZ', n.surnameParts ['GARCIA', 'LOPEZ'], n.grade 'FULL'
 * standardizeName({ name: 'Dr. Juan de la Cruz Jr.' }).surnameParts // ['CRUZ']
 */
export function standardizeName(input: NameInput): StandardizedName {
  return standardizeNameDetailed(input).name
}
