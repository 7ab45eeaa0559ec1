/**
 * `verigate review …`: the cases people must decide (ambiguous, tied or possible matches, orders
 * requiring review). Every action is a reviewer's, through their own key (`--credential FILE` or
 * `VERIGATE_API_KEY`: a reviewer or supervisor key of the holder), with a reason, and is a ledger
 * entry under the key's person; a case needs as many distinct people's approvals as its decision
 * asks (names compare case-insensitively), and nobody acts twice on one case.
 * `verigate batch release` then releases the approved cases.
 */
import type { Command } from 'commander'
import type { ReviewCase, ReviewState } from '../../workflow/index.js'
import { InvalidInputError } from '../../core/index.js'
import type { DbOptions } from '../db-option.js'
import { addDbOption, addKeyOption, ledgerKeysFor, openStoreFor } from '../db-option.js'
import type { CredentialOptions } from '../credential.js'
import { CREDENTIAL_ENV, actorFor, addCredentialOption } from '../credential.js'

const STATES: readonly ReviewState[] = ['pending', 'approved', 'rejected', 'released', 'withheld']

function caseLine(c: ReviewCase): string {
  const weight = c.weight === null ? '' : ` weight ${c.weight.toFixed(1)}`
  return `${c.batchId} ${c.requestId}  ${c.state.padEnd(8)} approvals ${c.approvedBy.length}/${c.approvalsNeeded}${c.rejectedBy.length ? `, rejected by ${c.rejectedBy.join(', ')}` : ''}  ${c.reasons.join(' ')}${weight}`
}

const ACT_EXAMPLES = `
You act as the person of your key, never under a typed name: an operator creates it once,
  verigate party key create irs --role reviewer --person alice --out alice.key
and you give it to every action:
  verigate review approve R0000042 --batch b-… --credential alice.key --reason "same DOB and TIN"
  ${CREDENTIAL_ENV}=$(cat alice.key) verigate review reject R0000043 --batch b-… --reason "the rival is as likely"`

interface ActOptions extends DbOptions, CredentialOptions {
  readonly batch: string
  /** Gone: refused with a pointer to --credential (a typed name is not an identity). */
  readonly reviewer?: string
  readonly reason?: string
  readonly json?: boolean
}

/** Registers `verigate review` and its sub-commands. */
export function registerReviewCommand(program: Command): void {
  const review = program.command('review').description('Review the cases a batch held for people: list, show, approve, reject.')

  addDbOption(
    review
      .command('list')
      .description('List review cases (every batch, or one).')
      .option('--batch <id>', 'only this batch')
      .option('--state <state>', `only cases in this state: ${STATES.join(', ')}`)
      .option('--json', 'print the cases as JSON'),
  ).action(async (options: DbOptions & { batch?: string; state?: string; json?: boolean }) => {
    if (options.state !== undefined && !STATES.includes(options.state as ReviewState)) throw new InvalidInputError(`--state ${options.state}: expected one of ${STATES.join(', ')}`)
    const { listReviewCases } = await import('../../workflow/index.js')
    const store = await openStoreFor(options, true)
    try {
      const cases = await listReviewCases(store, { ...(options.batch ? { batchId: options.batch } : {}), ...(options.state ? { state: options.state as ReviewState } : {}) })
      if (options.json) process.stdout.write(`${JSON.stringify(cases, null, 2)}\n`)
      else if (cases.length === 0) process.stdout.write('no review cases\n')
      else for (const c of cases) process.stdout.write(`${caseLine(c)}\n`)
    } finally {
      await store.close()
    }
  })

  addDbOption(
    review
      .command('show')
      .description('Show one case: the decision’s reasons, the evidence (field by field, rivals) and the review actions.')
      .argument('<request>', 'the request id')
      .requiredOption('--batch <id>', 'the batch id')
      .option('--json', 'print the case as JSON'),
  ).action(async (requestId: string, options: DbOptions & { batch: string; json?: boolean }) => {
    const { showReviewCase } = await import('../../workflow/index.js')
    const store = await openStoreFor(options, true)
    try {
      const detail = await showReviewCase(store, options.batch, requestId)
      if (options.json) {
        process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`)
        return
      }
      const lines = [caseLine(detail.case), 'reasons:']
      for (const r of detail.decision.reasons) lines.push(`  ${r.code}: ${r.message}`)
      const candidates = [...(detail.evidence.best ? [detail.evidence.best] : []), ...detail.evidence.rivals]
      lines.push(`evidence (${detail.evidence.status}):`)
      candidates.forEach((c, i) => {
        lines.push(`  ${i === 0 ? 'best ' : 'rival'} ${c.masterId}  weight ${c.weight.toFixed(2)}`)
        lines.push(`        ${c.comparisons.map((f) => `${f.field}=${f.level}`).join('  ')}`)
      })
      lines.push('actions:')
      if (detail.actions.length === 0) lines.push('  none yet')
      for (const a of detail.actions) lines.push(`  ${a.createdAt}  ${a.reviewer} ${a.action}: ${a.note}`)
      process.stdout.write(`${lines.join('\n')}\n`)
    } finally {
      await store.close()
    }
  })

  for (const action of ['approve', 'reject'] as const) {
    addCredentialOption(
      addKeyOption(addDbOption(
        review
          .command(action)
          .description(
            `${action === 'approve' ? 'Approve a case: you confirm the candidate is the requested person and no rival is.' : 'Reject a case: nothing is released for it (a withholding is logged at release).'} You act as the person of your key (a reviewer or supervisor key of the holder); each person acts once per case.`,
          )
          .argument('<request>', 'the request id')
          .requiredOption('--batch <id>', 'the batch id')
          .requiredOption('--reason <text>', 'why (kept with the action in the ledger)')
          .option('--reviewer <name>', 'no longer taken: you act as the person of your key (--credential)')
          .option('--json', 'print the case as JSON')
          .addHelpText('after', ACT_EXAMPLES),
      )),
    ).action(async (requestId: string, options: ActOptions) => {
      if (options.reviewer !== undefined) throw new InvalidInputError(`--reviewer is no longer taken: a typed name is not an identity. You act as the person of your key: give --credential FILE or set ${CREDENTIAL_ENV}`)
      const { reviewCase } = await import('../../workflow/index.js')
      const store = await openStoreFor(options, true)
      try {
        // A review is a ledger entry: only with the store's key at hand, and by a person's own key.
        await ledgerKeysFor(options, store, 'use')
        const actor = await actorFor(store, options, ['reviewer', 'supervisor'], `${action} a review case`)
        const c = await reviewCase(store, { batchId: options.batch, requestId, reviewer: actor.person, action, reason: options.reason ?? '' })
        process.stdout.write(options.json ? `${JSON.stringify(c, null, 2)}\n` : `${caseLine(c)}\n`)
      } finally {
        await store.close()
      }
    })
  }
}
