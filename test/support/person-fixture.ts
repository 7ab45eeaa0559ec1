/**
 * Hand-built standardized records for the link tests: a compact description in, a complete
 * `StandardizedRecord` out (as `standardize` would make it from clean input).
 */
import type { StandardizedRecord } from '../../src/core/index.js'

/** The fields a test sets; everything else is empty. */
export interface PersonSpec {
  readonly id: string
  readonly given?: string
  readonly middle?: string
  readonly surname?: string
  readonly surnameParts?: readonly string[]
  readonly suffix?: string
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
  readonly dob?: string
  readonly tin?: string
  readonly number?: string
  readonly street?: string
  readonly streetSuffix?: string
  readonly unit?: string
  readonly city?: string
  readonly state?: string
  readonly zip?: string
}

/** Makes a standardized record from a spec. */
export function person(spec: PersonSpec): StandardizedRecord {
  const given = spec.given ?? ''
  const surname = spec.surname ?? ''
  const dob = spec.dob ?? ''
  const [y, m, d] = dob.split('-').map(Number)
  const precision = dob.length === 10 ? 'day' : dob.length === 7 ? 'month' : dob.length === 4 ? 'year' : 'none'
  const hasStreet = (spec.street ?? '') !== ''
  const hasNumber = (spec.number ?? '') !== ''
  const hasLocality = (spec.zip ?? '') !== '' || (spec.city ?? '') !== ''
  return {
    id: spec.id,
    name: {
      original: `${given} ${surname}`.trim(),
      given,
      middle: spec.middle ?? '',
      surname,
      surnameParts: spec.surnameParts ?? (surname.includes(' ') ? surname.split(' ') : surname ? [surname] : []),
      suffix: spec.suffix ?? '',
      grade: given && surname ? 'FULL' : given || surname ? 'PARTIAL' : 'NONE',
      gradeReasons: [],
    },
    address: {
      original: '',
      streetNumber: spec.number ?? '',
      predirectional: '',
      streetName: spec.street ?? '',
      streetSuffix: spec.streetSuffix ?? '',
      postdirectional: '',
      unitType: spec.unit ? 'APT' : '',
      unit: spec.unit ?? '',
      poBox: '',
      route: '',
      city: spec.city ?? '',
      state: spec.state ?? '',
      zip: spec.zip ?? '',
      zip4: '',
      grade: hasStreet && hasNumber && hasLocality ? 'FULL' : hasStreet && hasLocality ? 'STREET' : hasLocality ? 'LOCALITY' : 'NONE',
      gradeReasons: [],
    },
    dob: {
      original: dob,
      value: dob,
      ...(precision !== 'none' ? { year: y } : {}),
      ...(precision === 'day' || precision === 'month' ? { month: m } : {}),
      ...(precision === 'day' ? { day: d } : {}),
      precision,
    },
    tin: spec.tin ?? '',
    issues: [],
  }
}
