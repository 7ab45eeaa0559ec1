/** A whole canonical record: name, address, date of birth and TIN, with every issue collected. */
import type { CanonicalRecord, StandardizedRecord } from '../core/index.js'
import { standardizeAddressDetailed } from './addresses/index.js'
import { standardizeDateDetailed } from './dates/index.js'
import type { StandardizeIssueCode } from './issues.js'
import { standardizeNameDetailed } from './names/index.js'
import { standardizeTinDetailed } from './tin.js'

/**
 * Standardizes a canonical record. `issues` lists the name's and the address's grade reasons
 * and data problems, then the date's and the TIN's. An absent date of birth or TIN is not an
 * issue (many files have no such column); an absent name or address is, since grades rest on it.
 *
 * @example
 * const r = standardizeRecord({ id: 'r1', name: 'Jose A. Garcia Lopez', dob: '3/7/85', tin: '512-34-8761',
 *   address: '123 Calle del Sol, Santa Fe, NM 87501' })
 * // r.name.grade 'FULL', r.address.grade 'FULL', r.dob.value '1985-03-07', r.tin '512348761', r.issues []
 */
export function standardizeRecord(record: CanonicalRecord): StandardizedRecord {
  const name = standardizeNameDetailed(record)
  const address = standardizeAddressDetailed(record)
  const dob = standardizeDateDetailed(record.dob)
  const tin = standardizeTinDetailed(record.tin)
  let issues: readonly StandardizeIssueCode[] = name.issues
  if (address.issues.length > 0) issues = issues.length === 0 ? address.issues : [...issues, ...address.issues]
  const dateIssue = dob.issues[0]
  const tinIssue = tin.issues[0]
  if ((dateIssue !== undefined && dateIssue !== 'date_missing') || (tinIssue !== undefined && tinIssue !== 'tin_missing')) {
    const more = [...issues]
    for (const code of dob.issues) if (code !== 'date_missing') more.push(code)
    for (const code of tin.issues) if (code !== 'tin_missing') more.push(code)
    issues = more
  }
  return { id: record.id, name: name.name, address: address.address, dob: dob.date, tin: tin.value, issues }
}
