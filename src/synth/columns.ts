/**
 * The columns of the generated files, in order. These are the contract with the link engine's
 * benchmark, the demo and the tests.
 */

/** master.csv: one row per person-record, as a tax authority holds it. */
export const MASTER_COLUMNS = [
  'id',
  'tin',
  'given_name',
  'middle_name',
  'surname',
  'suffix',
  'dob',
  'street_number',
  'street_name',
  'unit',
  'city',
  'state',
  'zip',
  'address_year',
] as const

/** requests.csv: what a requesting agency sends, with the request's legal elements. */
export const REQUEST_COLUMNS = [
  'request_id',
  'case_ref',
  'order_date',
  'tin',
  'given_name',
  'middle_name',
  'surname',
  'dob',
  'address',
  'street_number',
  'street_name',
  'unit',
  'city',
  'state',
  'zip',
  'tax_periods',
  'statute',
  'reasons',
] as const

/**
 * truth.csv: the answer key, one row per request.
 *
 * - `master_id`: the person's (primary) master row, empty when the person is not in the master;
 * - `person_id`, `household_id`: the generated person and household;
 * - `noise`: the noise codes applied, `;`-separated (see NOISE_CODES);
 * - `address_complete`: whether the request's address is complete by docs/rules.md rule 2;
 * - `address_kind`: full, street_only, locality_only, zip_only, none or junk:<which>;
 * - `has_twin`: the person has a near-twin in the master (another master person with the same
 *   given name and surname in the same city and state, or a JR/SR household member of the same name);
 * - `request_kind`: in_master, co_resident (lives in a master household without filing) or outside;
 * - `other_master_id`: the person's second master row (older address or second TIN), else empty.
 */
export const TRUTH_COLUMNS = [
  'request_id',
  'master_id',
  'person_id',
  'noise',
  'address_complete',
  'address_kind',
  'has_twin',
  'household_id',
  'request_kind',
  'other_master_id',
] as const

/** Every noise code truth.csv can list, with what it means. */
export const NOISE_CODES: Readonly<Record<string, string>> = {
  duplicate: 'the request repeats the person of an earlier request',
  moved: 'the person moved after the master address year; the request gives the new address',
  typo_keyboard: 'a keyboard slip in a name',
  typo_ocr: 'an OCR confusion in a name',
  typo_phonetic: 'a phonetic misspelling of a name',
  nickname: 'a nickname for the given name',
  name_swap: 'given name and surname swapped',
  second_surname_dropped: 'the second (maternal) surname left out',
  hyphen_changed: 'a double or hyphenated surname written another way',
  middle_dropped: 'the middle name left out',
  middle_initial: 'the middle name given as an initial only',
  middle_in_given: 'both given names in the given-name column',
  translit_variant: 'another transliteration of a name',
  accent: 'accents written in a name',
  suffix_in_surname: 'the generational suffix written in the surname',
  case_changed: 'names in lower or title case',
  dob_missing: 'no date of birth',
  dob_wrong: 'a wrong date of birth',
  dob_day_month_swap: 'day and month of birth swapped',
  tin_typo: 'a typo in the TIN',
  tin_other_person: "another person's TIN",
  unit_missing: 'the unit left out',
  suffix_variant: 'the street suffix spelt another way',
  street_typo: 'a typo in the street name',
  zip_typo: 'one ZIP digit wrong',
  zip_other_state: "the ZIP typo landed in another state's ZIP range (the address is then not complete)",
  zip_missing: 'the ZIP left out (city and state given)',
  city_missing: 'the city and state left out (ZIP given)',
  city_typo: 'a typo in the city',
  missing_case_ref: 'no case reference',
  missing_order_date: 'no removal-order date',
  missing_tax_periods: 'no tax periods',
  missing_statute: 'no statute',
  missing_reasons: 'no reasons',
}
