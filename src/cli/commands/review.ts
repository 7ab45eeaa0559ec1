/**
 * `verigate review …`: the cases people must decide (ambiguous, tied or possible matches, orders
 * requiring review). Every action names its reviewer and a reason and is a ledger entry; a case
 * needs as many distinct approvals as its decision asks, and nobody acts twice on one case.
 * `verigate batch release` then releases the approved cases.
 */
import type { Command } from 'commander'
import type { ReviewCase, ReviewState } from '../../workflow/index.js'
import { InvalidInputError } from '../../core/index.js'
import type { DbOptions } from '../db-option.js'
import { addDbOption, addKeyOption, ledgerKeysFor, openStoreFor } from '../db-option.js'

const STATES: readonly ReviewState[] = ['pending', 'approved', 'rejected', 'released', 'withheld']

function caseLine(c: ReviewCase): string {
  const weight = c.weight === null ? '' : ` weight ${c.weight.toFixed(1)}`
  return `${c.batchId} ${c.requestId}  ${c.state.padEnd(8)} approvals ${c.approvedBy.length}/${c.approvalsNeeded}${c.rejectedBy.length ? `, rejected by ${c.rejectedBy.join(', ')}` : ''}  ${c.reasons.join(' ')}${weight}`
}

interface ActOptions extends DbOptions {
  readonly batch: string
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
    addKeyOption(addDbOption(
      review
        .command(action)
        .description(action === 'approve' ? 'Approve a case: you confirm the candidate is the requested person and no rival is.' : 'Reject a case: nothing is released for it (a withholding is logged at release).')
        .argument('<request>', 'the request id')
        .requiredOption('--batch <id>', 'the batch id')
        .requiredOption('--reviewer <id>', 'your reviewer identity (each reviewer acts once per case)')
        .requiredOption('--reason <text>', 'why (kept with the action in the ledger)')
        .option('--json', 'print the case as JSON'),
    )).action(async (requestId: string, options: ActOptions) => {
      const { reviewCase } = await import('../../workflow/index.js')
      const store = await openStoreFor(options, true)
      try {
        // A review is a ledger entry: only with the store's key at hand.
        await ledgerKeysFor(options, store, 'use')
        const c = await reviewCase(store, { batchId: options.batch, requestId, reviewer: options.reviewer ?? '', action, reason: options.reason ?? '' })
        process.stdout.write(options.json ? `${JSON.stringify(c, null, 2)}\n` : `${caseLine(c)}\n`)
      } finally {
        await store.close()
      }
    })
  }
}
