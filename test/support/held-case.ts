/**
 * A request the linker holds below `match` for a reason that still leaves it to people: two
 * master records of one name, date of birth and address with different SSNs (two people the
 * file cannot tell apart without a TIN), and a request for that name and birthday with no TIN.
 * The linker makes it `ambiguous` (`RIVAL_CLOSE`: never guess between two people) and the
 * corrected agreement sends an ambiguous request to review, so the review page and the API have
 * a case held below match to show. Appended to generated files, whose columns it follows.
 */
import { appendFileSync, readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'

/** The request id of the held case. */
export const HELD_REQUEST_ID = 'R9900001'

const PERSON = { given_name: 'ZEBEDIAH', surname: 'QUILLFEATHER', street_number: '7731', street_name: 'QUINCE HOLLOW RD', city: 'FAIRBANKS', state: 'AK', zip: '99701' }

/** Appends the two master records and the request (its legal elements copied from the file's first request). */
export function appendHeldCase(masterPath: string, requestsPath: string): void {
  const masterHeader = (parse(readFileSync(masterPath, 'utf8'), { to_line: 1 }) as string[][])[0]!
  const masterRow = (id: string, tin: string) => {
    const row: Record<string, string> = { ...PERSON, id, tin, dob: '1958-04-17', address_year: '2024' }
    return masterHeader.map((c) => row[c] ?? '')
  }
  appendFileSync(masterPath, stringify([masterRow('M990000001', '512849377'), masterRow('M990000002', '618204533')]))
  const requests = parse(readFileSync(requestsPath, 'utf8'), { columns: true, to_line: 2 }) as Record<string, string>[]
  const first = requests[0]!
  const header = Object.keys(first)
  const request: Record<string, string> = {
    ...PERSON,
    request_id: HELD_REQUEST_ID,
    case_ref: 'ERO-2025-9900001',
    order_date: first.order_date ?? '',
    tax_periods: first.tax_periods ?? '',
    statute: first.statute ?? '',
    reasons: first.reasons ?? '',
    dob: '04/17/1958',
  }
  appendFileSync(requestsPath, stringify([header.map((c) => request[c] ?? '')]))
}
