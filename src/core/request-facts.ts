/**
 * The facts about a request that policy checks before it looks at any candidate, derived from the
 * standardized record and the canonical request. One definition, used by the link engine (in
 * every `MatchResult`) and by the workflow's pre-match intake check, so the two cannot drift.
 */
import type { RequestFacts } from './evidence.js'
import type { RequestRecord } from './record.js'
import type { StandardizedRecord } from './standardized.js'

/** True for a value with something besides spaces in it. */
function present(value: string | undefined): boolean {
  return value !== undefined && value.trim().length > 0
}

/**
 * The facts policy reads about a request. Without the canonical record (a master row probed as a
 * request), the legal elements read as absent.
 *
 * @example
 * const facts = requestFactsOf(standardizeRecord(record), record)
 * facts.address // 'FULL' | 'STREET' | 'LOCALITY' | 'NONE'
 */
export function requestFactsOf(standardized: StandardizedRecord, record?: RequestRecord): RequestFacts {
  return {
    name: standardized.name.grade,
    address: standardized.address.grade,
    addressReasons: [...standardized.address.gradeReasons],
    hasDob: standardized.dob.precision !== 'none',
    hasTin: standardized.tin.length > 0,
    caseRef: record?.case_ref?.trim() ?? '',
    hasTaxPeriods: present(record?.tax_periods),
    hasStatute: present(record?.statute),
    hasReasons: present(record?.reasons),
    hasOrderDate: present(record?.order_date),
  }
}
