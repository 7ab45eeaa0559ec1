/**
 * `verigate audit`: re-decide every recorded disclosure from its stored evidence under a given
 * agreement and court orders, and list those that would not be made now, with the reasons and
 * the fields concerned (docs/rules.md rule 9). The audit is a ledger entry; one that finds improper
 * disclosures opens an incident record with its 24-hour reporting deadline (rule 11). The entry
 * names who ran it: the person of `--credential` (an analyst, supervisor, admin or overseer key),
 * or `system` without one; never a typed name.
 */
import type { Command } from 'commander'
import { InvalidInputError } from '../../core/index.js'
import type { AuditResult } from '../../workflow/index.js'
import type { DbOptions } from '../db-option.js'
import { addDbOption, addKeyOption, ledgerKeysFor, openStoreFor } from '../db-option.js'
import type { CredentialOptions } from '../credential.js'
import { CREDENTIAL_ENV, actorFor, credentialOption } from '../credential.js'
import { SIMULATION_ONLY } from '../given-time.js'
import { REPLAY_EXAMPLE } from './examples.js'

const EXAMPLES = `
By default each disclosure is re-decided at its own decision time and re-checked at its own
release time, so a court order counts only from the day it took effect; --as-of re-decides every
disclosure at one time instead.

Examples (a replay of the incident's batch first, in a simulation store):
${REPLAY_EXAMPLE}
  verigate audit --agreement policies/agreements/irs-ice-2025-corrected.yaml
  verigate audit --agreement policies/agreements/irs-ice-2025-as-run.yaml --orders policies/orders
  verigate audit --agreement policies/agreements/irs-ice-2025-court-reading.yaml --compare a-… --report oversight.html
  verigate recall create --audit a-…`

interface AuditOptions extends DbOptions, CredentialOptions {
  readonly agreement: string
  readonly orders?: string
  readonly asOf?: string
  readonly batch?: readonly string[]
  readonly at?: string
  /** Gone: refused with a pointer to --credential (a typed name is not an identity). */
  readonly actor?: string
  readonly contactName?: string
  readonly contactPhone?: string
  readonly contactEmail?: string
  readonly compare?: readonly string[]
  readonly report?: string
  readonly incident?: string
  readonly json?: boolean
}

function isoTime(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (!Number.isFinite(ms)) throw new InvalidInputError(`${name} ${value}: expected a date or an ISO 8601 time`)
  return new Date(ms).toISOString()
}

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/** The human-readable lines of an audit. */
export function auditLines(a: AuditResult): string[] {
  const n = (v: number) => v.toLocaleString('en-US')
  const lines = [
    `audit ${a.auditId} under ${a.agreement.id} ${a.agreement.version ?? ''}${a.orders.length ? ` with ${a.orders.map((o) => o.id).join(', ')}` : ''} (ledger entry ${a.ledgerSeq})`,
    `  re-decided          ${a.asOf === null ? 'each at its own decision and release time' : `at ${a.asOf}`}`,
    `  batches             ${a.batches.join(', ') || '(none)'}`,
    `  requests examined   ${n(a.requestsExamined)}`,
    `  disclosures made    ${n(a.disclosuresMade)}`,
    `  now improper        ${n(a.improper)} (${n(a.peopleConcerned)} people)`,
  ]
  if (a.improperByReason.length) {
    lines.push('  by reason:')
    for (const r of a.improperByReason) lines.push(`    ${r.code.padEnd(30)} ${n(r.count)}`)
    lines.push('  by field:')
    for (const f of a.improperByField) lines.push(`    ${f.field.padEnd(30)} ${n(f.count)}`)
  }
  if (a.incidentId) lines.push(`  incident ${a.incidentId} opened: report to TIGTA and the Office of Safeguards within 24 hours (IRS Publication 1075)`)
  if (a.findings.length) {
    lines.push('  improper disclosures (disclosure, batch, request, disclosed at, fields, reasons):')
    for (const f of a.findings) lines.push(`    ${f.disclosureId} ${f.batchId} ${f.requestId} ${f.disclosedAt} ${f.improperFields.join(',')} ${[...new Set(f.reasons.map((r) => r.code))].join(' ')}`)
  }
  return lines
}

/** Registers `verigate audit`. */
export function registerAuditCommand(program: Command): void {
  addKeyOption(addDbOption(
    program
      .command('audit')
      .description('Re-decide every recorded disclosure under an agreement and court orders; list the ones that would not be made now, record the audit, open the incident.')
      .requiredOption('--agreement <file>', 'the agreement to re-decide under (a corrected version, or a reading of the law), YAML or JSON')
      .option('--orders <dir>', 'a folder of court orders to apply, including orders issued after the disclosures')
      .option('--as-of <time>', 're-decide every disclosure at this one time (default: each at its own decision and release time)')
      .option('--batch <id>', 'audit this batch (repeat for several; default: every batch under the agreement)', collect)
      .option('--at <time>', `the audit’s own time, recorded as the discovery time (default: now). ${SIMULATION_ONLY} (--as-of is free: re-deciding history is a what-if)`)
      .addOption(credentialOption(`your key's file, when a person runs the audit: the ledger names its person (default: the key in ${CREDENTIAL_ENV}, else "system")`))
      .option('--actor <id>', 'no longer taken: the ledger names the person of your key (--credential)')
      .option('--contact-name <name>', 'the agency’s contact for the incident report (default: the disclosing agency’s disclosure office)')
      .option('--contact-phone <phone>', 'the contact’s telephone, for the incident report')
      .option('--contact-email <email>', 'the contact’s e-mail, for the incident report')
      .option('--compare <audit>', 'another audit of the same batches to show beside this one in the report (repeat for several)', collect)
      .option('--report <file.html>', 'write the oversight report (self-contained HTML) to this file, on a ledger checkpoint signed with --key that covers the audit')
      .option('--incident <file.json>', 'write the incident record (no personal data) to this file, when one is opened')
      .option('--json', 'print the audit result as JSON (people by pseudonym only)')
      .addHelpText('after', EXAMPLES),
  )).action(async (options: AuditOptions) => {
    if (options.actor !== undefined) throw new InvalidInputError(`--actor is no longer taken: a typed name is not an identity. The audit is recorded under the person of your key (--credential FILE or ${CREDENTIAL_ENV}), or as "system" without one`)
    const asOf = isoTime('--as-of', options.asOf)
    const at = isoTime('--at', options.at)
    const { readAgreementFile, readOrdersDir } = await import('../../policy/index.js')
    const { refuseGivenTime, runAudit, buildOversightReport } = await import('../../workflow/index.js')
    const agreement = readAgreementFile(options.agreement)
    const orders = options.orders ? readOrdersDir(options.orders) : []
    const store = await openStoreFor(options, true)
    try {
      // An audit writes to the ledger: only with the store's key at hand.
      const keys = await ledgerKeysFor(options, store, 'use')
      const person = options.credential !== undefined || process.env[CREDENTIAL_ENV] ? (await actorFor(store, options, ['analyst', 'supervisor', 'admin', 'overseer'], 'run an audit')).person : undefined
      refuseGivenTime(store.mode, '--at', at)
      const contactName = options.contactName
      const result = await runAudit(store, {
        agreement,
        orders,
        ...(asOf ? { asOf } : {}),
        ...(options.batch ? { batchIds: options.batch } : {}),
        ...(person ? { actor: person } : {}),
        ...(contactName || options.contactPhone || options.contactEmail
          ? { contact: { name: contactName ?? `Disclosure office, ${agreement.document.parties.disclosing.name}`, phone: options.contactPhone ?? '', email: options.contactEmail ?? '' } }
          : {}),
        ...(at ? { now: () => new Date(at) } : {}),
      })
      if (options.incident && result.incidentId) {
        const { writeFileSync } = await import('node:fs')
        const [incident] = await store.incidents.byAudit(result.auditId)
        writeFileSync(options.incident, `${JSON.stringify(incident?.record, null, 2)}\n`)
      }
      if (options.report) {
        const { writeFileSync } = await import('node:fs')
        const { renderOversightReport } = await import('../../report/index.js')
        const report = await buildOversightReport(store, { auditId: result.auditId, keys, ...(options.compare ? { compareWith: options.compare } : {}), ...(at ? { now: () => new Date(at) } : {}) })
        writeFileSync(options.report, await renderOversightReport(report))
      }
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
      else process.stdout.write(`${auditLines(result).join('\n')}\n`)
    } finally {
      await store.close()
    }
  })
}
