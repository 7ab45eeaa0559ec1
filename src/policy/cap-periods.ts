/**
 * The periods an agreement's volume caps count over (docs/rules.md: caps per day, month, year or
 * term), as the instants they start: the one definition the API's door and the batch's
 * cross-batch counts both use.
 */
import type { CapPeriod } from '../core/index.js'
import type { ValidatedAgreement } from './validate-document.js'

/**
 * The start (ISO 8601, UTC) of each cap period containing `at`: the UTC day, month and year, and
 * the agreement's term.
 *
 * @example
 * periodStarts(agreement, new Date('2025-08-07T12:00:00Z')).month // '2025-08-01T00:00:00.000Z'
 */
export function periodStarts(agreement: ValidatedAgreement, at: Date): Readonly<Record<CapPeriod, string>> {
  const y = at.getUTCFullYear()
  const m = at.getUTCMonth()
  const from = String(agreement.document.effective.from)
  return {
    day: new Date(Date.UTC(y, m, at.getUTCDate())).toISOString(),
    month: new Date(Date.UTC(y, m, 1)).toISOString(),
    year: new Date(Date.UTC(y, 0, 1)).toISOString(),
    term: new Date(/^\d{4}-\d{2}-\d{2}$/.test(from) ? `${from}T00:00:00Z` : from).toISOString(),
  }
}
