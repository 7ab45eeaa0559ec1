/**
 * Standardized values: what `standardize/` makes of a canonical record. Each keeps the original
 * text beside its standardized form, and the completeness grade that policy reads.
 */
import type { IssueCode } from './issue.js'

/**
 * How complete a name is. `FULL`: a given name and a surname; `PARTIAL`: only one of them (or
 * only initials); `NONE`: nothing usable (blank, or a placeholder such as "UNKNOWN").
 */
export type NameGrade = 'FULL' | 'PARTIAL' | 'NONE'

/**
 * How complete an address is (docs/rules.md, rule 2; docs/files-and-inputs.md). `FULL`: a house
 * number (or PO box, rural route or highway-contract box) and a street, plus city and state or a
 * ZIP that agree. `STREET`: a street without a house number, without a locality, with only part
 * of one, or with a ZIP of another state. `LOCALITY`: only a city, state or ZIP (a facility's
 * name or GENERAL DELIVERY with its city counts here). `NONE`: nothing usable, junk such as
 * "Failed to Provide", "NA NA", "00000".
 */
export type AddressGrade = 'FULL' | 'STREET' | 'LOCALITY' | 'NONE'

/** A standardized person name. Values are upper-case ASCII match keys; `original` keeps the input. */
export interface StandardizedName {
  /** The name as given, joined from the input fields, accents and case kept. */
  readonly original: string
  /** First given name, e.g. `JOSE`; empty when absent. */
  readonly given: string
  /** Middle names or initials, space-separated; empty when absent. */
  readonly middle: string
  /** Full surname, e.g. `GARCIA LOPEZ` or `DE LA CRUZ`; empty when absent. */
  readonly surname: string
  /**
   * The surname's parts that may appear alone in another record: for `GARCIA LOPEZ` both
   * `GARCIA` and `LOPEZ`; for `SMITH-JONES` both halves; for `DE LA CRUZ` just `CRUZ`.
   */
  readonly surnameParts: readonly string[]
  /** Generational suffix: `JR`, `SR`, `II`, `III`, `IV`; empty when absent. */
  readonly suffix: string
  readonly grade: NameGrade
  /** Why the name got its grade, as issue codes (e.g. `surname_missing`, `name_placeholder`); empty for `FULL`. */
  readonly gradeReasons: readonly IssueCode[]
}

/** A standardized US address in USPS Publication 28 form (upper case, standard abbreviations). */
export interface StandardizedAddress {
  /** The address as given, joined from the input fields. */
  readonly original: string
  /** House number with any fraction or letter, e.g. `123`, `123 1/2`, `N6W23001`. */
  readonly streetNumber: string
  readonly predirectional: string
  /** Street name without number, directionals or suffix, e.g. `MAIN`, `STATE HWY 9`, `CALLE DEL SOL`. */
  readonly streetName: string
  /** Pub 28 C1 suffix, e.g. `ST`, `AVE`. */
  readonly streetSuffix: string
  readonly postdirectional: string
  /** Pub 28 C2 secondary-unit designator, e.g. `APT`, `STE`, `#`. */
  readonly unitType: string
  readonly unit: string
  /** PO box number; empty when the address is not a PO box. */
  readonly poBox: string
  /** Rural route or highway-contract route, e.g. `RR 2` or `HC 3`, with its box in `poBox`. */
  readonly route: string
  readonly city: string
  /** Two-letter USPS state code. */
  readonly state: string
  /** Five-digit ZIP. */
  readonly zip: string
  readonly zip4: string
  readonly grade: AddressGrade
  /** Why the address got its grade, as issue codes (e.g. `address_junk`, `no_house_number`, `zip_only`); empty for `FULL`. */
  readonly gradeReasons: readonly IssueCode[]
}

/** How much of a date is known. */
export type DatePrecision = 'day' | 'month' | 'year' | 'none'

/** A standardized date. An impossible date is flagged and left unknown, never guessed. */
export interface StandardizedDate {
  readonly original: string
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY` according to `precision`; empty when unknown. */
  readonly value: string
  readonly year?: number
  readonly month?: number
  readonly day?: number
  readonly precision: DatePrecision
}

/** A canonical record after standardization: the input this grew from is kept in `source`. */
export interface StandardizedRecord {
  readonly id: string
  readonly name: StandardizedName
  readonly address: StandardizedAddress
  readonly dob: StandardizedDate
  /**
   * The taxpayer or person identifier, digits only: 9 digits for a US TIN (SSN, ITIN or EIN).
   * A 7–8 digit identifier (FEBRL's synthetic `soc_sec_id`) is kept for linking, with the issue
   * `tin_not_us`; empty when absent or unusable.
   */
  readonly tin: string
  /** Codes of every problem standardization noticed, e.g. `date_impossible`, `zip_state_mismatch`. */
  readonly issues: readonly IssueCode[]
}
