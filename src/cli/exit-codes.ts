import type { VerigateErrorCode } from '../core/index.js'

/**
 * Exit codes by error code, following BSD sysexits(3) where one fits, so scripts can tell bad
 * input (65) from a missing thing (66) or a detected integrity failure (70+).
 */
const EXIT_CODES: Record<VerigateErrorCode, number> = {
  invalid_input: 65, // EX_DATAERR
  invalid_document: 65,
  not_found: 66, // EX_NOINPUT
  conflict: 75, // EX_TEMPFAIL: try again
  forbidden: 77, // EX_NOPERM
  unauthenticated: 77,
  integrity: 70, // EX_SOFTWARE: the data is not what was written
  unsupported: 64, // EX_USAGE
  internal: 70,
}

/** The exit code of a command line that could not be understood (sysexits' EX_USAGE). */
export const EX_USAGE = 64

/** The process exit code for an error code. */
export function exitCodeFor(code: VerigateErrorCode): number {
  return EXIT_CODES[code]
}
