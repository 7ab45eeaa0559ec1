/**
 * The canonical person record (docs/design.md), as read from any input file through a column
 * map, and the request record that adds what the law asks of a request (26 U.S.C. 6103(i)(2)).
 *
 * Fields hold the input text as given (trimmed); standardization happens later and keeps this
 * original beside its result.
 */

/**
 * Fields of a person record, in the order docs/design.md gives. `suffix` is a generational suffix
 * (JR, SR, III) stated in a column of its own; one written inside the name (`SMITH JR`) is
 * found there by standardization, and both end up the same.
 */
export const PERSON_FIELDS = [
  'id',
  'given_name',
  'middle_name',
  'surname',
  'suffix',
  'name',
  'dob',
  'tin',
  'address',
  'street_number',
  'street_name',
  'unit',
  'city',
  'state',
  'zip',
] as const

/** Fields a request record adds: the elements a lawful request must state. */
export const REQUEST_FIELDS = ['case_ref', 'tax_periods', 'statute', 'reasons', 'order_date'] as const

/** Every field a column map may target. */
export const CANONICAL_FIELDS = [...PERSON_FIELDS, ...REQUEST_FIELDS] as const

export type PersonField = (typeof PERSON_FIELDS)[number]
export type RequestField = (typeof REQUEST_FIELDS)[number]
export type CanonicalField = (typeof CANONICAL_FIELDS)[number]

/**
 * One person as an input file states them. `id` is always present; every other field is the
 * trimmed input text, or absent when the file had no value.
 */
export type PersonRecord = { readonly id: string } & { readonly [F in Exclude<PersonField, 'id'>]?: string }

/** A person record as a requesting agency sends it, with the request's legal elements. */
export type RequestRecord = PersonRecord & { readonly [F in RequestField]?: string }

/** Any canonical record (a master row or a request row). */
export type CanonicalRecord = RequestRecord

/** True when `name` is one of the canonical field names. */
export function isCanonicalField(name: string): name is CanonicalField {
  return (CANONICAL_FIELDS as readonly string[]).includes(name)
}
