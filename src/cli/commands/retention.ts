/**
 * `verigate retention run` (issue 21): purges what the holder kept of each batch past its
 * retention period (the raw values of its request rows, the request file the server kept of an
 * upload, the response files), one ledger entry per batch, and says what holds the others.
 * docs/operations.md, *Retention*, says what is purged, what is kept and when a batch is due.
 */
import type { Command } from 'commander'
import { InvalidInputError } from '../../core/index.js'
import type { CredentialOptions } from '../credential.js'
import { actorFor, addCredentialOption } from '../credential.js'
import type { DbOptions } from '../db-option.js'
import { addDbOption, addKeyOption, ledgerKeysFor, openStoreFor } from '../db-option.js'
import { SIMULATION_ONLY } from '../given-time.js'
import { REPLAY_EXAMPLE } from './examples.js'

const EXAMPLES = `
Examples (a replay of the incident's batch and an audit first, in a simulation store, where a time may be given):
${REPLAY_EXAMPLE}
  verigate audit --agreement policies/agreements/irs-ice-2025-corrected.yaml --orders policies/orders
  verigate retention run --dry-run --as-of 2030-01-01T00:00:00Z
  verigate retention run --credential officer.key
  verigate retention run --older-than 730 --batch b-… --credential officer.key --json

A batch is due its agreement's retention.days after its last disclosure, withholding, review or
response file (--older-than may only lengthen that). It is held, whatever its age, while it is
running, has review cases not yet released or withheld, has a disclosure under a recall notice
without a certification of disposal, is covered by an incident not yet closed, or has not been
audited since its last disclosure. Disclosures, decisions, evidence and the ledger are never
purged: an audit and an accounting after a purge answer as before it. A purge is a holder
supervisor's or administrator's act, through their own key (--credential FILE or
VERIGATE_API_KEY); a dry run needs no key.`

/** The roles that may purge: the holder's supervisors and administrators. */
const RETENTION_ROLES = ['supervisor', 'admin'] as const

function days(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidInputError(`--older-than ${value}: expected a whole number of days`)
  return Number(value)
}

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/** Registers `verigate retention` and its sub-command. */
export function registerRetentionCommand(program: Command): void {
  const retention = program.command('retention').description('Purge what the holder kept of requests past their retention period, keeping what audits and accountings read.')
  addCredentialOption(
    addKeyOption(
      addDbOption(
        retention
          .command('run')
          .description('Purge every batch past its retention period and held by nothing (a ledger entry each); say what holds the others.')
          .option('--dry-run', 'say what would be purged, and purge nothing')
          .option('--older-than <days>', 'a retention period longer than the agreement’s, in days (a shorter one is refused)')
          .option('--batch <id>', 'only this batch (repeat for several; default: every batch)', collect)
          .option('--as-of <time>', `judge the periods at this time (default: now). ${SIMULATION_ONLY}`)
          .option('--json', 'print the run as JSON')
          .addHelpText('after', EXAMPLES),
      ),
    ),
  ).action(async (options: DbOptions & CredentialOptions & { dryRun?: boolean; olderThan?: string; batch?: string[]; asOf?: string; json?: boolean }) => {
    const olderThanDays = options.olderThan === undefined ? undefined : days(options.olderThan)
    let asOf: Date | undefined
    if (options.asOf !== undefined) {
      asOf = new Date(options.asOf)
      if (!Number.isFinite(asOf.getTime())) throw new InvalidInputError(`--as-of ${options.asOf}: expected a date or an ISO 8601 time`)
    }
    const { purgeExpired, refuseGivenTime } = await import('../../workflow/index.js')
    const store = await openStoreFor(options, true)
    try {
      refuseGivenTime(store.mode, '--as-of', asOf)
      let actor = 'dry-run'
      if (!options.dryRun) {
        // A ledger entry: only with the store's key at hand, and by a person's own key.
        await ledgerKeysFor(options, store, 'use')
        actor = (await actorFor(store, options, RETENTION_ROLES, 'run a retention purge')).person
      }
      const given = asOf
      const run = await purgeExpired(store, {
        actor,
        ...(given ? { now: () => given } : {}),
        ...(olderThanDays !== undefined ? { olderThanDays } : {}),
        ...(options.dryRun ? { dryRun: true } : {}),
        ...(options.batch ? { batchIds: options.batch } : {}),
      })
      if (options.json) {
        process.stdout.write(`${JSON.stringify(run, null, 2)}\n`)
        return
      }
      const lines = [`retention ${run.dryRun ? 'dry run' : 'run'} at ${run.at}: ${run.batches.length} batch(es)`]
      for (const b of run.batches) {
        if (b.state === 'purged' || b.state === 'already_purged') {
          lines.push(`  ${b.batchId}: ${b.state === 'purged' ? 'PURGED' : 'purged before'} ${b.purgedAt ?? ''}: ${b.requests} request row(s) reduced to their ids, ${b.files.length} file(s) deleted${b.files.length ? ` (${b.files.map((f) => f.file).join(', ')})` : ''} (ledger entry ${b.ledgerSeq ?? ''})`)
        } else if (b.state === 'held') {
          lines.push(`  ${b.batchId}: HELD (due ${b.dueAt}): ${b.holds.join('; ')}`)
        } else if (b.state === 'due') {
          lines.push(`  ${b.batchId}: due since ${b.dueAt}: would reduce ${b.requests} request row(s) and delete ${b.files.length} file(s)`)
        } else {
          lines.push(`  ${b.batchId}: not due until ${b.dueAt} (${b.rule})`)
        }
        for (const k of b.keptFiles) if (b.state === 'purged' || b.state === 'due') lines.push(`    kept ${k.file}: ${k.why}`)
      }
      process.stdout.write(`${lines.join('\n')}\n`)
    } finally {
      await store.close()
    }
  })
}
