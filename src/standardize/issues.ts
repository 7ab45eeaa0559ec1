/**
 * The issue codes standardization reports, with their message table. Codes are the contract
 * (policy reads the grade reasons); the wording may change.
 */
import type { Issue, IssuePath } from '../core/index.js'

/** Every code standardization may report, in a record's `issues` or a grade's `gradeReasons`. */
export type StandardizeIssueCode =
  // names
  | 'name_missing'
  | 'name_placeholder'
  | 'given_name_missing'
  | 'surname_missing'
  | 'given_name_initial_only'
  | 'surname_initial_only'
  | 'suffix_unrecognized'
  | 'suffix_conflict'
  // addresses
  | 'address_missing'
  | 'address_junk'
  | 'facility_without_location'
  | 'general_delivery'
  | 'street_missing'
  | 'no_house_number'
  | 'locality_missing'
  | 'locality_incomplete'
  | 'zip_only'
  | 'locality_only'
  | 'zip_invalid'
  | 'zip_not_us'
  | 'zip_prefix_unknown'
  | 'zip_state_mismatch'
  | 'state_unknown'
  | 'address_unparsed_text'
  // dates
  | 'date_missing'
  | 'date_unparseable'
  | 'date_impossible'
  | 'date_partial'
  | 'date_in_future'
  // taxpayer numbers
  | 'tin_missing'
  | 'tin_invalid'
  | 'tin_not_us'

/** One readable sentence per code. */
export const STANDARDIZE_MESSAGES: Readonly<Record<StandardizeIssueCode, string>> = {
  name_missing: 'no name was given',
  name_placeholder: 'the name is a placeholder (such as "BABY GIRL", "UNKNOWN" or "FNU"), not a real name',
  given_name_missing: 'the given name is missing or a placeholder',
  surname_missing: 'the surname is missing or a placeholder',
  given_name_initial_only: 'the given name is only an initial',
  surname_initial_only: 'the surname is only an initial',
  suffix_unrecognized: 'the suffix field holds no generational suffix (JR, SR, II, III, IV, V) and is left out',
  suffix_conflict: 'the suffix field and the name state different generational suffixes; the suffix field is taken',
  address_missing: 'no address was given',
  address_junk: 'the address is junk (such as "Failed to Provide", "Unknown Address", "NA NA" or "00000"), not an address',
  facility_without_location: 'the address names a facility (such as a jail, a hospital, an airport or a base) without a street location',
  general_delivery: 'the address is General Delivery (mail held at a post office for pickup), which names no street',
  street_missing: 'the address has no street, PO box or route',
  no_house_number: 'the street has no house number',
  locality_missing: 'the address has neither a ZIP nor a city and state',
  locality_incomplete: 'the address has a city or a state but not both, and no ZIP',
  zip_only: 'the address is only a ZIP code',
  locality_only: 'the address is only a city or state, without a street',
  zip_invalid: 'the ZIP code is not a valid 5-digit or ZIP+4 code',
  zip_not_us: 'the postal code is not a US ZIP code; it is kept as given',
  zip_prefix_unknown: 'the ZIP prefix is not in the ZIP prefix → state table (PO-box-only or unassigned)',
  zip_state_mismatch: 'the ZIP code does not belong to the stated state',
  state_unknown: 'the state is not a US state or possession; it is kept as given',
  address_unparsed_text: 'part of the address could not be placed in a field and was dropped',
  date_missing: 'no date was given',
  date_unparseable: 'the date is not in a recognised format',
  date_impossible: 'the date does not exist (such as 30 February or month 13) and is left unknown',
  date_partial: 'only part of the date is known (year, or year and month)',
  date_in_future: 'the date of birth lies in the future and is left unknown',
  tin_missing: 'no taxpayer number was given',
  tin_invalid: 'the taxpayer number is not a valid 9-digit SSN, ITIN or EIN',
  tin_not_us: 'the identifier has 7 or 8 digits: kept for linking, but it is not a US taxpayer number',
}

/** Builds an `Issue` for a standardization code. */
export function standardizeIssue(code: StandardizeIssueCode, path?: IssuePath, input?: string): Issue<StandardizeIssueCode> {
  const issue: { code: StandardizeIssueCode; message: string; path?: IssuePath; input?: string } = { code, message: STANDARDIZE_MESSAGES[code] }
  if (path) issue.path = path
  if (input !== undefined) issue.input = input.length > 80 ? `${input.slice(0, 77)}...` : input
  return issue
}
