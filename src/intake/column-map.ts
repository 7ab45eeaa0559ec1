/**
 * Column maps: which of a file's columns feed each canonical field (docs/design.md, *The
 * canonical person record*). A map is JSON, validated once at the edge (docs/design.md,
 * *Documents are validated once, at the edge*); a field may take a list of columns, whose
 * non-blank values are joined with one space. The check is written out here rather than as a
 * zod schema: the shape is two lines of rules, and loading zod (ninety modules, its locales
 * included) cost `verigate link` a tenth of a second of its half-second budget (issue 19).
 */
import { readFile } from 'node:fs/promises'
import { CANONICAL_FIELDS, InvalidInputError, type CanonicalField } from '../core/index.js'
import { intakeIssue, type IntakeIssue } from './intake-issue.js'

/** Canonical field → the file column (or columns, joined with a space) that feeds it. */
export type ColumnMap = Readonly<Partial<Record<CanonicalField, string | readonly string[]>>>

const CANONICAL = new Set<string>(CANONICAL_FIELDS)

/** A column name, trimmed, or what is wrong with it. */
function columnName(value: unknown): string | { readonly problem: string } {
  if (typeof value !== 'string') return { problem: `expected a column name (a string), got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}` }
  const name = value.trim()
  return name.length > 0 ? name : { problem: 'a column name must not be blank' }
}

/**
 * Validates a parsed JSON value as a column map. Every problem is collected; unknown canonical
 * fields are refused by name.
 *
 * @param source where the map came from, named in the issues (a file path)
 * @throws InvalidInputError with one issue per problem (`unknown_field`, `invalid_column_map`)
 * @example
 * parseColumnMap({ id: 'rec_id', street_name: ['address_1', 'address_2'] })
 */
export function parseColumnMap(json: unknown, source?: string): ColumnMap {
  const issues: IntakeIssue[] = []
  const file = source === undefined ? {} : { file: source }
  const map: Partial<Record<CanonicalField, string | readonly string[]>> = {}
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    issues.push(intakeIssue('invalid_column_map', file, { detail: 'a column map is a JSON object of canonical field → column name or list of names' }))
  } else {
    for (const [key, spec] of Object.entries(json)) {
      if (!CANONICAL.has(key)) {
        issues.push(intakeIssue('unknown_field', { ...file, field: key }, {}, key))
        continue
      }
      const problem = (field: string, detail: string) => issues.push(intakeIssue('invalid_column_map', { ...file, field }, { detail }))
      if (Array.isArray(spec)) {
        if (spec.length === 0) problem(key, 'a list of columns must name at least one')
        const names: string[] = []
        spec.forEach((item: unknown, i) => {
          const name = columnName(item)
          if (typeof name === 'string') names.push(name)
          else problem(`${key}.${i}`, name.problem)
        })
        map[key as CanonicalField] = Object.freeze(names)
      } else if (spec !== undefined) {
        const name = columnName(spec)
        if (typeof name === 'string') map[key as CanonicalField] = name
        else problem(key, `${name.problem}, or a list of them`)
      }
    }
  }
  if (issues.length === 0) {
    // Fields in canonical order, whatever the order of the file's keys.
    const ordered: Partial<Record<CanonicalField, string | readonly string[]>> = {}
    for (const field of CANONICAL_FIELDS) if (map[field] !== undefined) ordered[field] = map[field]
    return Object.freeze(ordered)
  }
  const where = source ? ` in ${source}` : ''
  throw new InvalidInputError(`the column map${where} is not valid: ${issues.map((i) => `${i.path?.field ?? '(map)'}: ${i.message}`).join('; ')}`, { issues })
}

/**
 * Reads and validates a column map from a JSON file.
 *
 * @throws InvalidInputError when the file cannot be read, is not JSON, or is not a valid map
 */
export async function loadColumnMap(path: string): Promise<ColumnMap> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause)
    throw new InvalidInputError(`cannot read the column map ${path}: ${detail}`, {
      cause,
      issues: [intakeIssue('unreadable_file', { file: path }, { detail })],
    })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause)
    throw new InvalidInputError(`the column map ${path} is not JSON: ${detail}`, {
      cause,
      issues: [intakeIssue('invalid_column_map', { file: path }, { detail: `not JSON: ${detail}` })],
    })
  }
  return parseColumnMap(json, path)
}

/**
 * Column names taken without a map, by canonical field: the field's own name first, then common
 * synonyms. Names are compared after `normalizeColumnName` (lower case, `_` between words), so
 * `First Name`, `firstName` and `first-name` all read as `first_name`.
 */
export const COLUMN_SYNONYMS: { readonly [F in CanonicalField]: readonly string[] } = {
  id: ['id', 'rec_id', 'record_id', 'request_id', 'unique_id', 'person_id', 'uid'],
  given_name: ['given_name', 'first_name', 'firstname', 'given', 'forename', 'fname', 'first'],
  middle_name: ['middle_name', 'middlename', 'middle', 'middle_initial', 'mi'],
  surname: ['surname', 'last_name', 'lastname', 'family_name', 'familyname', 'lname', 'last'],
  suffix: ['suffix', 'name_suffix', 'generational_suffix'],
  name: ['name', 'full_name', 'fullname', 'person_name'],
  dob: ['dob', 'date_of_birth', 'birth_date', 'birthdate', 'dateofbirth', 'birthday'],
  tin: ['tin', 'ssn', 'soc_sec_id', 'social_security_number', 'itin', 'taxpayer_id'],
  address: ['address', 'full_address', 'street_address', 'address_line', 'addr'],
  street_number: ['street_number', 'house_number', 'housenumber', 'street_no', 'house_no'],
  street_name: ['street_name', 'streetname', 'street'],
  unit: ['unit', 'apartment', 'apt', 'unit_number', 'suite'],
  city: ['city', 'town', 'suburb', 'locality'],
  state: ['state', 'state_code'],
  zip: ['zip', 'zipcode', 'zip_code', 'postcode', 'postal_code', 'postalcode'],
  case_ref: ['case_ref', 'case_number', 'case_no', 'case_id'],
  tax_periods: ['tax_periods', 'tax_period', 'tax_years'],
  statute: ['statute', 'statutory_authority'],
  reasons: ['reasons', 'reason'],
  order_date: ['order_date', 'removal_order_date'],
}

/**
 * The comparable form of a column name: words in lower case joined by `_`.
 *
 * @example
 * normalizeColumnName('First Name') // 'first_name'
 * normalizeColumnName('dateOfBirth') // 'date_of_birth'
 */
export function normalizeColumnName(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
}

/**
 * The map taken when none is given: for each canonical field, the first synonym (in the order of
 * `COLUMN_SYNONYMS`) that names one of the columns. A column feeds at most one field.
 *
 * @example
 * inferColumnMap(['unique_id', 'first_name', 'surname', 'dob', 'city'])
 * // { id: 'unique_id', given_name: 'first_name', surname: 'surname', dob: 'dob', city: 'city' }
 */
export function inferColumnMap(columns: readonly string[]): ColumnMap {
  const byName = new Map<string, string>()
  for (const column of columns) {
    const key = normalizeColumnName(column)
    if (!byName.has(key)) byName.set(key, column)
  }
  const used = new Set<string>()
  const map: Partial<Record<CanonicalField, string>> = {}
  for (const field of CANONICAL_FIELDS) {
    for (const synonym of COLUMN_SYNONYMS[field]) {
      const column = byName.get(synonym)
      if (column !== undefined && !used.has(column)) {
        map[field] = column
        used.add(column)
        break
      }
    }
  }
  return Object.freeze(map)
}

/** A column map resolved against a file's columns: the column positions feeding each field. */
export interface CompiledColumnMap {
  /** The map as resolved (given, or inferred when none was given). */
  readonly map: ColumnMap
  /** Fields in canonical order, each with the positions of its columns in the file. */
  readonly fields: readonly { readonly field: CanonicalField; readonly columns: readonly number[] }[]
  /** Every column position some field reads, ascending. */
  readonly usedColumns: readonly number[]
}

/**
 * Resolves a map against a file's columns. A mapped name matches a column exactly (after
 * trimming), else case-insensitively when that is unambiguous.
 *
 * @throws InvalidInputError listing the file's columns when a mapped column is missing, or when
 *   nothing maps onto `id`
 */
export function compileColumnMap(map: ColumnMap | undefined, columns: readonly string[], file: string): CompiledColumnMap {
  const resolved = map ?? inferColumnMap(columns)
  const exact = new Map<string, number>()
  const folded = new Map<string, number | 'ambiguous'>()
  columns.forEach((column, index) => {
    const name = column.trim()
    if (!exact.has(name)) exact.set(name, index)
    const lower = name.toLowerCase()
    const seen = folded.get(lower)
    folded.set(lower, seen === undefined || seen === index ? index : 'ambiguous')
  })
  const issues: IntakeIssue[] = []
  const fields: { field: CanonicalField; columns: number[] }[] = []
  for (const field of CANONICAL_FIELDS) {
    const spec = resolved[field]
    if (spec === undefined) continue
    const names = typeof spec === 'string' ? [spec] : spec
    const positions: number[] = []
    for (const name of names) {
      const wanted = name.trim()
      const fold = folded.get(wanted.toLowerCase())
      const position = exact.get(wanted) ?? (typeof fold === 'number' ? fold : undefined)
      if (position === undefined) issues.push(intakeIssue('missing_column', { file, field: wanted }, { columns }))
      else positions.push(position)
    }
    fields.push({ field, columns: positions })
  }
  const listed = columns.length > 0 ? columns.join(', ') : '(none)'
  if (issues.length > 0) {
    const missing = issues.map((i) => i.path?.field ?? '').join(', ')
    throw new InvalidInputError(`${file}: mapped column${issues.length > 1 ? 's' : ''} ${missing} not in the file; its columns are: ${listed}`, { issues })
  }
  if (resolved.id === undefined) {
    const hint = map === undefined ? ` (without a map, one of: ${COLUMN_SYNONYMS.id.join(', ')})` : ''
    throw new InvalidInputError(`${file}: no column maps onto id${hint}; the file's columns are: ${listed}`, {
      issues: [intakeIssue('missing_column', { file, field: 'id' }, { columns })],
    })
  }
  const usedColumns = [...new Set(fields.flatMap((f) => f.columns))].sort((a, b) => a - b)
  return { map: resolved, fields, usedColumns }
}
