/** Decision times: what callers may pass, and the day arithmetic of disposal dates. */
import { InvalidInputError } from '../core/index.js'

/** A decision time: epoch milliseconds, a Date, or an ISO 8601 string with its offset. */
export type Instant = number | Date | string

/** Milliseconds in a UTC day (no leap seconds in ECMAScript time). */
export const DAY_MS = 86_400_000

/** `ms`'s UTC day plus `days`, as YYYY-MM-DD. */
export function dayPlus(ms: number, days: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS + days * DAY_MS).toISOString().slice(0, 10)
}

/** Epoch milliseconds of an instant; throws on a string that is not a date-time. */
export function instantMs(asOf: Instant): number {
  const ms = typeof asOf === 'number' ? asOf : typeof asOf === 'string' ? Date.parse(asOf) : asOf.getTime()
  if (!Number.isFinite(ms)) throw new InvalidInputError(`the decision time ${String(asOf)} is not a valid date-time`)
  return ms
}

