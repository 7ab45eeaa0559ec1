/**
 * The incident record an audit opens when it finds improper disclosures (docs/rules.md rule 11), with
 * the fields IRS Publication 1075 asks of an incident report to TIGTA and the Office of
 * Safeguards within 24 hours: agency and contact, when it happened and was found, what data, how
 * many records, where, which systems. It carries counts and field names only, never personal or
 * tax data, so it can be exported as it is.
 */
import { DISCLOSABLE_FIELDS } from '../../core/index.js'
import type { ValidatedAgreement } from '../../policy/index.js'
import type { IncidentRecord } from '../../report/index.js'
import type { AuditResult, IncidentContact } from './audit-types.js'

/** Publication 1075: report within 24 hours of discovery. */
export const INCIDENT_REPORT_HOURS = 24

/** The id of the incident an audit opens (derived, so a retry names the same one). */
export function incidentIdOf(auditId: string): string {
  return `inc-${auditId.replace(/^a-/, '')}`
}

/**
 * Builds the incident record of an audit that found improper disclosures.
 *
 * @example
 * const incident = incidentRecordFor(result, agreement, { name: 'Disclosure office', phone: '+1 202 555 0100', email: 'disclosure@irs.example' }, ['Verigate'])
 * incident.reportDeadline // 24 hours after result.at
 */
export function incidentRecordFor(result: AuditResult, agreement: ValidatedAgreement, contact: IncidentContact, systems: readonly string[]): IncidentRecord {
  const doc = agreement.document
  const released = new Set(result.improperByField.map((f) => f.field))
  const fields = DISCLOSABLE_FIELDS.filter((f) => released.has(f))
  const recipients = [...new Set(result.findings.map((f) => f.recipient))].sort()
  const named = recipients.map((r) => (r === doc.parties.requesting.id ? `${doc.parties.requesting.name} (${r})` : r))
  const reasons = result.improperByReason.map((r) => `${r.code} ${r.count}`).join(', ')
  const deadline = new Date(Date.parse(result.at) + INCIDENT_REPORT_HOURS * 3_600_000).toISOString()
  return {
    incidentId: incidentIdOf(result.auditId),
    agency: doc.parties.disclosing.name,
    contact: { name: contact.name, phone: contact.phone, email: contact.email },
    occurredFrom: result.improperFrom ?? result.at,
    occurredTo: result.improperTo ?? result.at,
    discoveredAt: result.at,
    openedAt: result.at,
    reportDeadline: deadline,
    reportedAt: null,
    dataDescription: `Return information disclosed under ${doc.legalBasis}: the fields ${fields.join(', ')}. No values are included in this report.`,
    records: result.improper,
    peopleConcerned: result.peopleConcerned,
    location: `Disclosed to ${named.join(', ')}, and held by the recipient under agreement ${doc.id}.`,
    systems: [...systems],
    description:
      `Retroactive audit ${result.auditId} re-decided ${result.disclosuresMade} disclosures of ${result.batches.length} batch(es) ` +
      `under agreement ${doc.id} version ${doc.version}${result.orders.length > 0 ? ` and ${result.orders.length} court order(s)` : ''}; ` +
      `${result.improper} would not be made (${reasons}).`,
    status: 'open',
  }
}
