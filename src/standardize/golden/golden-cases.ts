/**
 * Reads the golden tables (golden-*.txt beside this file, kept as data) and compares each case
 * with what the standardizers produce. The text files are read from the source tree: the build
 * is plain `tsc`, which copies no data files, and the repository root is four folders above
 * dist/src/standardize/golden/.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { StandardizedAddress, StandardizedName } from '../../core/index.js'
import { standardizeAddress } from '../addresses/index.js'
import { standardizeDateDetailed } from '../dates/index.js'
import { standardizeName } from '../names/index.js'

/** The folder of the golden tables. */
export const GOLDEN_DIR = fileURLToPath(new URL('../../../../src/standardize/golden/', import.meta.url))

/** The date the golden dates are read on, so two-digit years and future dates stay fixed. */
export const GOLDEN_TODAY = '2026-11-26'

/** One golden case: where it is, what was given, and the differences found (empty when exact). */
export interface GoldenOutcome {
  readonly file: string
  readonly line: number
  readonly input: string
  readonly differences: readonly string[]
}

const ADDRESS_FIELDS: Readonly<Record<string, keyof StandardizedAddress>> = {
  num: 'streetNumber', pre: 'predirectional', name: 'streetName', sfx: 'streetSuffix', post: 'postdirectional',
  utype: 'unitType', unit: 'unit', box: 'poBox', route: 'route', city: 'city', st: 'state', zip: 'zip', zip4: 'zip4',
}

/** Parses `key=value; key=value`. */
function fields(text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of text.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) {
      if (part.trim() !== '') throw new Error(`malformed golden field ${JSON.stringify(part)}`)
      continue
    }
    out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  return out
}

function compare(differences: string[], field: string, expected: string, found: string): void {
  if (expected !== found) differences.push(`${field}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}`)
}

function checkAddress(found: StandardizedAddress, expected: Map<string, string>): string[] {
  const differences: string[] = []
  for (const key of expected.keys()) {
    if (!(key in ADDRESS_FIELDS) && key !== 'grade' && key !== 'why') differences.push(`unknown golden field ${key}`)
  }
  for (const [key, field] of Object.entries(ADDRESS_FIELDS)) compare(differences, key, expected.get(key) ?? '', String(found[field]))
  compare(differences, 'grade', expected.get('grade') ?? 'FULL', found.grade)
  compare(differences, 'why', expected.get('why') ?? '', found.gradeReasons.join(','))
  return differences
}

function checkName(found: StandardizedName, expected: Map<string, string>): string[] {
  const differences: string[] = []
  for (const key of expected.keys()) {
    if (!['given', 'middle', 'surname', 'parts', 'suffix', 'grade', 'why'].includes(key)) differences.push(`unknown golden field ${key}`)
  }
  compare(differences, 'given', expected.get('given') ?? '', found.given)
  compare(differences, 'middle', expected.get('middle') ?? '', found.middle)
  const surname = expected.get('surname') ?? ''
  compare(differences, 'surname', surname, found.surname)
  compare(differences, 'parts', expected.get('parts') ?? (surname === '' ? '' : surname.split(' ').join(',')), found.surnameParts.join(','))
  compare(differences, 'suffix', expected.get('suffix') ?? '', found.suffix)
  compare(differences, 'grade', expected.get('grade') ?? 'FULL', found.grade)
  compare(differences, 'why', expected.get('why') ?? '', found.gradeReasons.join(','))
  return differences
}

function checkDate(input: string, expected: string): string[] {
  const differences: string[] = []
  const { date, issues } = standardizeDateDetailed(input, { today: GOLDEN_TODAY })
  if (expected.startsWith('-')) {
    compare(differences, 'value', '', date.value)
    compare(differences, 'precision', 'none', date.precision)
    compare(differences, 'issue', expected.slice(1).trim(), issues.join(','))
  } else {
    compare(differences, 'value', expected, date.value)
    const precision = expected.length === 10 ? 'day' : expected.length === 7 ? 'month' : 'year'
    compare(differences, 'precision', precision, date.precision)
    compare(differences, 'issue', precision === 'day' ? '' : 'date_partial', issues.join(','))
  }
  return differences
}

const blankToUndefined = (s: string | undefined): string | undefined => (s === undefined || s.trim() === '' ? undefined : s)

/** Runs every case of one golden file. */
export function runGoldenFile(file: string): GoldenOutcome[] {
  const text = readFileSync(`${GOLDEN_DIR}${file}`, 'utf8')
  const outcomes: GoldenOutcome[] = []
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '' || raw.startsWith('#')) return
    const space = raw.indexOf(' ')
    const kind = raw.slice(0, space < 0 ? raw.length : space)
    const arrow = raw.lastIndexOf(' => ')
    if (space < 0 || arrow < 0) throw new Error(`${file}:${index + 1}: malformed golden line`)
    const input = raw.slice(space + 1, arrow)
    const expected = raw.slice(arrow + 4)
    let differences: string[]
    if (kind === 'A') differences = checkAddress(standardizeAddress({ address: input }), fields(expected))
    else if (kind === 'AP') {
      const [street_number, street_name, unit, city, state, zip] = input.split('|')
      const parts = { street_number: blankToUndefined(street_number), street_name: blankToUndefined(street_name), unit: blankToUndefined(unit), city: blankToUndefined(city), state: blankToUndefined(state), zip: blankToUndefined(zip) }
      differences = checkAddress(standardizeAddress(parts), fields(expected))
    } else if (kind === 'N') differences = checkName(standardizeName({ name: input }), fields(expected))
    else if (kind === 'NP') {
      const [given_name, middle_name, surname] = input.split('|')
      differences = checkName(standardizeName({ given_name: blankToUndefined(given_name), middle_name: blankToUndefined(middle_name), surname: blankToUndefined(surname) }), fields(expected))
    } else if (kind === 'D') differences = checkDate(input, expected.trim())
    else throw new Error(`${file}:${index + 1}: unknown golden kind ${kind}`)
    outcomes.push({ file, line: index + 1, input, differences })
  })
  return outcomes
}
