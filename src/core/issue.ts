/**
 * Expected failures are values (docs/design.md, *Expected failures are values*): an `Issue` names what went wrong with a
 * stable snake_case `code`, where (`path`: file, line, field), and the facts that explain it.
 * Validators collect every issue and carry on; callers get a `Result`.
 *
 * Each layer declares its own union of codes (e.g. `IntakeIssueCode`) and its message table;
 * `IssueCode` here is the common supertype.
 */

/** A stable, snake_case issue code, e.g. `wrong_column_count`. Codes are the contract; wording is not. */
export type IssueCode = string

/** Where an issue was found. Every part is optional; give as much as is known. */
export interface IssuePath {
  readonly file?: string
  /** 1-based line number in the file (of the record's first line, for multi-line records). */
  readonly line?: number
  /** Canonical field or input column name. */
  readonly field?: string
}

/** One expected problem, with a readable `message` built from its code and facts. */
export interface Issue<C extends IssueCode = IssueCode> {
  readonly code: C
  readonly message: string
  readonly path?: IssuePath
  /** The offending input, shortened if long. */
  readonly input?: string
}

/** The outcome of an operation that can fail in expected ways. */
export type Result<T, C extends IssueCode = IssueCode> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly Issue<C>[] }

/** Wraps a value as a success. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value }
}

/** Wraps issues as a failure. */
export function fail<C extends IssueCode>(issues: readonly Issue<C>[]): { readonly ok: false; readonly issues: readonly Issue<C>[] } {
  return { ok: false, issues }
}

/** Formats a path as `file:line field` for messages, e.g. `requests.csv:12 (zip)`. */
export function formatPath(path: IssuePath | undefined): string {
  if (!path) return ''
  const where = [path.file, path.line === undefined ? undefined : String(path.line)].filter(Boolean).join(':')
  return path.field ? `${where}${where ? ' ' : ''}(${path.field})` : where
}

/** Formats an issue as one line: `requests.csv:12 (zip): wrong_column_count: expected 11 columns, found 9`. */
export function formatIssue(issue: Issue): string {
  const where = formatPath(issue.path)
  return `${where ? `${where}: ` : ''}${issue.code}: ${issue.message}`
}
