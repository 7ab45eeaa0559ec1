/**
 * @module standardize/dates
 * Dates of birth and other dates to `YYYY-MM-DD` / `YYYY-MM` / `YYYY`, impossible ones flagged.
 */
export { standardizeDate, standardizeDateDetailed } from './standardize-date.js'
export type { DateOptions, DateResult } from './standardize-date.js'
