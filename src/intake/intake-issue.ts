/**
 * The expected problems of intake, by code, with the one table of their wording
 * (docs/design.md, *Expected failures are values*: codes are the contract, wording lives in one
 * place).
 */
import type { Issue, IssuePath } from '../core/index.js'

/** Every code an intake issue may carry. */
export const INTAKE_ISSUE_CODES = [
  'unbalanced_quote',
  'malformed_quote',
  'wrong_column_count',
  'invalid_utf8',
  'field_too_long',
  'record_too_long',
  'missing_id',
  'duplicate_id',
  'invalid_json',
  'not_an_object',
  'nested_value',
  'duplicate_column',
  'unsupported_value',
  'missing_column',
  'unknown_field',
  'invalid_column_map',
  'empty_file',
  'unreadable_file',
] as const

/** A stable snake_case intake issue code. */
export type IntakeIssueCode = (typeof INTAKE_ISSUE_CODES)[number]

/** An issue raised by intake. */
export type IntakeIssue = Issue<IntakeIssueCode>

/** Facts that complete a message; which ones a code reads is listed in `MESSAGES`. */
export interface IntakeIssueFacts {
  readonly expected?: number
  readonly found?: number
  readonly limit?: number
  readonly id?: string
  readonly detail?: string
  readonly columns?: readonly string[]
}

const MESSAGES: { readonly [C in IntakeIssueCode]: (facts: IntakeIssueFacts) => string } = {
  unbalanced_quote: (f) =>
    `a quoted field is never closed${f.detail ? ` (${f.detail})` : ''}; the row is refused and reading resumes at the next line`,
  malformed_quote: (f) => `a quote is out of place${f.detail ? `: ${f.detail}` : ''}`,
  wrong_column_count: (f) => `expected ${f.expected} columns, found ${f.found}`,
  invalid_utf8: () => 'the row is not valid UTF-8',
  field_too_long: (f) => `the field is ${f.found} bytes long, over the limit of ${f.limit}`,
  record_too_long: (f) => `the row is over ${f.limit} bytes long`,
  missing_id: () => 'the row has no id',
  duplicate_id: (f) => `id ${JSON.stringify(f.id ?? '')} appeared on an earlier row; the first row is kept`,
  invalid_json: (f) => `the line is not valid JSON${f.detail ? `: ${f.detail}` : ''}`,
  not_an_object: (f) => `the line holds a JSON ${f.detail ?? 'value'}, not an object`,
  nested_value: (f) => `the value is a nested ${f.detail ?? 'value'}; only strings, numbers, booleans and null are read`,
  duplicate_column: () => 'the header names this column more than once; the first one is read',
  unsupported_value: (f) => `the value has a type intake cannot read${f.detail ? ` (${f.detail})` : ''}`,
  missing_column: (f) => `the mapped column is not in the file, whose columns are: ${(f.columns ?? []).join(', ') || '(none)'}`,
  unknown_field: () => 'not a canonical field',
  invalid_column_map: (f) => f.detail ?? 'the column map is not valid',
  empty_file: () => 'the file is empty: it has no header',
  unreadable_file: (f) => `the file cannot be read${f.detail ? `: ${f.detail}` : ''}`,
}

/** Shortens offending input so an issue never carries a huge field. */
export function shorten(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`
}

/**
 * Builds an intake issue with its message from the table.
 *
 * @example
 * intakeIssue('wrong_column_count', { file: 'a.csv', line: 3 }, { expected: 4, found: 2 })
 * // { code: 'wrong_column_count', message: 'expected 4 columns, found 2', path: { file: 'a.csv', line: 3 } }
 */
export function intakeIssue(code: IntakeIssueCode, path: IssuePath, facts: IntakeIssueFacts = {}, input?: string): IntakeIssue {
  const issue: { code: IntakeIssueCode; message: string; path: IssuePath; input?: string } = { code, message: MESSAGES[code](facts), path }
  if (input !== undefined) issue.input = shorten(input)
  return issue
}
