/**
 * `verigate incident …`: an incident carried to its end (issue 16). An audit that finds improper
 * disclosures opens it; `report` records that it was reported to the overseers (Publication
 * 1075: TIGTA and the IRS Office of Safeguards, within 24 hours), `close` that it is closed
 * (refused while a recall notice is still open, unless a reason for closing anyway is given),
 * each a ledger entry made by a person of the holder through their own key; `status` shows where
 * each incident stands.
 */
import type { Command } from 'commander'
import { InvalidInputError } from '../../core/index.js'
import type { IncidentLifecycle } from '../../report/index.js'
import type { CredentialOptions } from '../credential.js'
import { actorFor, addCredentialOption } from '../credential.js'
import type { DbOptions } from '../db-option.js'
import { addDbOption, addKeyOption, ledgerKeysFor, openStoreFor } from '../db-option.js'
import { SIMULATION_ONLY } from '../given-time.js'
import { REPLAY_EXAMPLE } from './examples.js'

const EXAMPLES = `
Examples (a replay of the incident's batch and an audit under the court's reading first):
${REPLAY_EXAMPLE}
  verigate audit --agreement policies/agreements/irs-ice-2025-court-reading.yaml --orders policies/orders
  verigate incident status
  verigate incident report inc-… --to TIGTA --to "IRS Office of Safeguards" --reference "TIGTA 2026-0114" --credential officer.key
  verigate incident close inc-… --reason "every recipient certified disposal" --credential officer.key
  verigate incident close inc-… --reason "…" --anyway "the recipient's certificate is with counsel" --credential officer.key

Without --to, a report names TIGTA and the IRS Office of Safeguards (Publication 1075).
Reporting and closing are a holder supervisor's or administrator's act, through their own key
(--credential FILE or VERIGATE_API_KEY).`

/** The roles that may report and close an incident: the holder's supervisors and administrators. */
const INCIDENT_ROLES = ['supervisor', 'admin'] as const

function isoTime(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (!Number.isFinite(ms)) throw new InvalidInputError(`${name} ${value}: expected a date or an ISO 8601 time`)
  return new Date(ms).toISOString()
}

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/** One incident's state in a few lines. */
function describe(l: IncidentLifecycle): string {
  const lines = [`${l.incidentId} (audit ${l.auditId}): ${l.stage.toUpperCase()}, opened ${l.openedAt}, report due ${l.reportDeadline}`]
  if (l.report) lines.push(`  reported ${l.report.reportedAt} to ${l.report.reportedTo.join(', ')} by ${l.report.reportedBy}${l.report.reference ? ` (reference ${l.report.reference})` : ''}: ${l.report.late ? 'LATE' : 'on time'} (ledger entry ${l.report.ledgerSeq})`)
  else lines.push(`  not reported${l.reporting === 'overdue' ? ': OVERDUE, the 24-hour deadline has passed' : ''}`)
  if (l.closure) {
    lines.push(`  closed ${l.closure.closedAt} by ${l.closure.closedBy}: ${l.closure.reason} (ledger entry ${l.closure.ledgerSeq})`)
    if (l.closure.openNotices.length > 0) lines.push(`  closed with notices still open (${l.closure.openNotices.join(', ')}), because: ${l.closure.closedAnywayReason ?? ''}`)
  }
  for (const n of l.overdueRecalls) lines.push(`  overdue recall ${n.noticeId} to ${n.recipient}: ${n.disclosures} disclosures, due ${n.deadline}`)
  for (const n of l.lateCertificates) lines.push(`  late certificate for ${n.noticeId} (due ${n.deadline}, received ${n.certification?.receivedAt ?? ''})`)
  return lines.join('\n')
}

/** Registers `verigate incident` and its sub-commands. */
export function registerIncidentCommand(program: Command): void {
  const incident = program.command('incident').description('Carry an incident to its end: report it to the overseers, close it when every recall is certified, see where it stands.').addHelpText('after', EXAMPLES)

  addCredentialOption(
    addKeyOption(
      addDbOption(
        incident
          .command('report')
          .description('Record that an incident was reported (a ledger entry): when, to whom, by you; late when after the 24-hour deadline.')
          .argument('<incident>', 'the incident id (inc-…)')
          .option('--to <overseer>', 'whom it was reported to (repeat for several; default: TIGTA and the IRS Office of Safeguards)', collect)
          .option('--reference <text>', 'the overseer’s reference for the report (a case or ticket number)')
          .option('--at <time>', `when it was reported (default: now). ${SIMULATION_ONLY}`)
          .option('--json', 'print the recorded report as JSON'),
      ),
    ),
  ).action(async (incidentId: string, options: DbOptions & CredentialOptions & { to?: string[]; reference?: string; at?: string; json?: boolean }) => {
    const at = isoTime('--at', options.at)
    const { reportIncident, refuseGivenTime, PUBLICATION_1075_RECIPIENTS } = await import('../../workflow/index.js')
    const store = await openStoreFor(options, true)
    try {
      refuseGivenTime(store.mode, '--at', at)
      // A ledger entry: only with the store's key at hand, and by a person's own key.
      await ledgerKeysFor(options, store, 'use')
      const actor = await actorFor(store, options, INCIDENT_ROLES, 'report an incident')
      const r = await reportIncident(store, { incidentId, to: options.to ?? PUBLICATION_1075_RECIPIENTS, actor: actor.person, ...(options.reference !== undefined ? { reference: options.reference } : {}), ...(at ? { at } : {}) })
      if (options.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`)
      else process.stdout.write(`recorded: ${r.incidentId} reported ${r.reportedAt} to ${r.reportedTo.join(', ')} by ${r.reportedBy}, ${r.late ? `LATE (due ${r.deadline})` : `on time (due ${r.deadline})`} (ledger entry ${r.ledgerSeq})\n`)
    } finally {
      await store.close()
    }
  })

  addCredentialOption(
    addKeyOption(
      addDbOption(
        incident
          .command('close')
          .description('Close an incident (a ledger entry): refused while any recall notice of its audit has no certification of disposal, unless --anyway says why.')
          .argument('<incident>', 'the incident id (inc-…)')
          .requiredOption('--reason <text>', 'why the incident is closed')
          .option('--anyway <reason>', 'close it although recall notices are still open, for this reason (recorded with the notices left open)')
          .option('--at <time>', `when it was closed (default: now). ${SIMULATION_ONLY}`)
          .option('--json', 'print the recorded closure as JSON'),
      ),
    ),
  ).action(async (incidentId: string, options: DbOptions & CredentialOptions & { reason: string; anyway?: string; at?: string; json?: boolean }) => {
    const at = isoTime('--at', options.at)
    const { closeIncident, refuseGivenTime } = await import('../../workflow/index.js')
    const store = await openStoreFor(options, true)
    try {
      refuseGivenTime(store.mode, '--at', at)
      await ledgerKeysFor(options, store, 'use')
      const actor = await actorFor(store, options, INCIDENT_ROLES, 'close an incident')
      const c = await closeIncident(store, { incidentId, reason: options.reason, actor: actor.person, ...(options.anyway !== undefined ? { closeAnyway: options.anyway } : {}), ...(at ? { at } : {}) })
      if (options.json) process.stdout.write(`${JSON.stringify(c, null, 2)}\n`)
      else process.stdout.write(`recorded: ${c.incidentId} closed ${c.closedAt} by ${c.closedBy}${c.openNotices.length > 0 ? ` with ${c.openNotices.length} recall notice(s) still open` : ''} (ledger entry ${c.ledgerSeq})\n`)
    } finally {
      await store.close()
    }
  })

  addDbOption(
    incident
      .command('status')
      .description('Show every incident (or one): opened, reported on time or late, closed; with its overdue recalls and late certificates.')
      .argument('[incident]', 'only this incident')
      .option('--as-of <time>', 'as of this time (default: now)')
      .option('--json', 'print as JSON'),
  ).action(async (incidentId: string | undefined, options: DbOptions & { asOf?: string; json?: boolean }) => {
    const asOf = new Date(isoTime('--as-of', options.asOf) ?? Date.now())
    const { incidentLifecycle, incidentLifecycles } = await import('../../workflow/index.js')
    const store = await openStoreFor(options, true)
    try {
      const all = incidentId === undefined ? await incidentLifecycles(store, asOf) : [await incidentLifecycle(store, incidentId, asOf)]
      if (options.json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`)
      else process.stdout.write(all.length === 0 ? 'no incidents\n' : `${all.map(describe).join('\n')}\n`)
    } finally {
      await store.close()
    }
  })
}
