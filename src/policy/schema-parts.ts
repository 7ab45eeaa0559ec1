/**
 * Schema pieces shared by agreements and court orders: identifiers, dates, disclosure items,
 * comparison levels and request-address grades.
 */
import { z } from 'zod'
import { COMPARISON_LEVELS, DISCLOSURE_ITEMS } from '../core/index.js'
import type { AddressGrade, ComparedField, ComparisonLevel, DisclosureItem } from '../core/index.js'

/** A document or party identifier: lower-case letters, digits, `-`, `_` and `.`. */
export const identifier = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'an identifier is lower-case letters, digits, ".", "_" or "-", starting with a letter or digit')

/** Non-blank text. */
export const text = z.string().trim().min(1, 'must not be blank')

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/** True when `YYYY-MM-DD` names a day that exists (no 31 April). */
function isRealDay(value: string): boolean {
  const m = DAY.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const t = new Date(Date.UTC(y, mo - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
}

/**
 * A day (`2025-11-21`, meaning the whole day in UTC) or an instant with its offset
 * (`2025-11-21T17:00:00Z`).
 */
export const dateOrTime = z.string().refine((v) => isRealDay(v) || (DATE_TIME.test(v) && isRealDay(v.slice(0, 10)) && Number.isFinite(Date.parse(v))), {
  message: 'expected a date YYYY-MM-DD or a date-time with its offset, e.g. 2025-11-21T17:00:00Z',
})

/** A day only. */
export const day = z.string().refine(isRealDay, { message: 'expected a date YYYY-MM-DD' })

const DAY_MS = 86_400_000

/**
 * The instant a document date starts (`end: false`) or ends (`end: true`, exclusive) in epoch
 * milliseconds: a day runs from its UTC midnight to the next one; an instant is itself.
 *
 * @example
 * startOf('2025-11-21') === Date.UTC(2025, 10, 21)
 */
export function startOf(value: string): number {
  return Date.parse(DAY.test(value) ? `${value}T00:00:00Z` : value)
}

/** The exclusive end of a document date: the next midnight for a day, the instant itself otherwise. */
export function endOf(value: string): number {
  return DAY.test(value) ? startOf(value) + DAY_MS : Date.parse(value)
}

/** The disclosure vocabulary (core's DISCLOSURE_ITEMS): a group such as `address` or a field. */
export const disclosureItem = z.enum(DISCLOSURE_ITEMS as [DisclosureItem, ...DisclosureItem[]])

/** Levels a standard may ask for: every level of the field but `different` and `missing`. */
function agreeingLevels<F extends ComparedField>(field: F): [ComparisonLevel<F>, ...ComparisonLevel<F>[]] {
  return (COMPARISON_LEVELS[field] as readonly ComparisonLevel<F>[]).filter((l) => l !== 'different' && l !== 'missing') as [
    ComparisonLevel<F>,
    ...ComparisonLevel<F>[],
  ]
}

/** The minimum agreement level of each compared field, e.g. `address: house_number_street`. */
export const fieldLevels = z.strictObject({
  given_name: z.enum(agreeingLevels('given_name')).optional(),
  surname: z.enum(agreeingLevels('surname')).optional(),
  dob: z.enum(agreeingLevels('dob')).optional(),
  address: z.enum(agreeingLevels('address')).optional(),
  tin: z.enum(agreeingLevels('tin')).optional(),
  suffix: z.enum(agreeingLevels('suffix')).optional(),
})

/** An address comparison level that counts as agreement. */
export const addressLevel = z.enum(agreeingLevels('address'))

/** Request-address grades a condition may require (`NONE` would be no condition: omit it). */
export const requestAddressGrade = z.enum(['FULL', 'STREET', 'LOCALITY'] satisfies AddressGrade[])

/** Grades from the weakest up: a higher rank is a more complete address. */
export const ADDRESS_GRADE_RANK: Readonly<Record<AddressGrade, number>> = { NONE: 0, LOCALITY: 1, STREET: 2, FULL: 3 }

/** The two matching paths of docs/rules.md: a request with a TIN, and one without. */
export const MATCH_PATHS = ['tin', 'address'] as const
export type MatchPath = (typeof MATCH_PATHS)[number]
export const matchPath = z.enum(MATCH_PATHS)
