/**
 * A recipient's acknowledgement of a recall notice (issue 9): the recipient says it received the
 * notice, before it certifies disposal. Recorded once per notice, in the store and as a ledger
 * entry, so the holder can show when the recipient knew of the recall (docs/rules.md rule 11; IRS
 * Publication 1075 asks the holder to follow a recall up until disposal is certified). Only the
 * notice's recipient may acknowledge it; acknowledging again answers with the first
 * acknowledgement and writes nothing.
 */
import { NotFoundError, VerigateError } from '../../core/index.js'
import type { RecallAcknowledgementPayload } from '../../core/index.js'
import type { RecallNoticeSummary } from '../../report/index.js'
import type { Store, StoredRecallAcknowledgement } from '../../store/index.js'
import { recallStatus } from './recall.js'
import { refuseGivenTime } from '../clock.js'

/** Options of `acknowledgeRecall`. */
export interface AcknowledgeRecallOptions {
  readonly noticeId: string
  /** The party acknowledging: it must be the notice's recipient. */
  readonly party: string
  /** When it acknowledged (default: now). Only in a simulation store: a real one refuses it (`GivenTimeRefused`). */
  readonly at?: Date | string
  /** Who acted for the party (an API credential id, a person); default: the party. */
  readonly actor?: string
}

/** A notice's acknowledgement. */
export interface RecallAcknowledgement {
  readonly noticeId: string
  /** The recipient party that acknowledged. */
  readonly party: string
  readonly actor: string
  /** When it acknowledged (ISO 8601 UTC). */
  readonly acknowledgedAt: string
  /** The acknowledgement's ledger entry. */
  readonly ledgerSeq: number
}

function toAcknowledgement(a: StoredRecallAcknowledgement): RecallAcknowledgement {
  return { noticeId: a.recallId, party: a.partyId, actor: a.actor, acknowledgedAt: a.acknowledgedAt, ledgerSeq: a.ledgerSeq }
}

function isoTime(at: Date | string | undefined): string {
  const date = at === undefined ? new Date() : new Date(at)
  if (!Number.isFinite(date.getTime())) throw new VerigateError('invalid_input', `an acknowledgement time of ${String(at)}: expected an ISO 8601 time`)
  return date.toISOString()
}

/**
 * Records the recipient's acknowledgement of a notice, with its ledger entry, in one transaction;
 * or, when the notice was already acknowledged, returns that first acknowledgement
 * (`created: false`). Throws `NotFoundError` for an unknown notice and a `forbidden`
 * `VerigateError` when `party` is not the notice's recipient.
 *
 * @example
 * const { acknowledgement, created } = await acknowledgeRecall(store, { noticeId: 'rn-…', party: 'dhs-ice' })
 * acknowledgement.ledgerSeq // the ledger entry of kind `recall_acknowledgement`
 */
export async function acknowledgeRecall(store: Store, options: AcknowledgeRecallOptions): Promise<{ readonly acknowledgement: RecallAcknowledgement; readonly created: boolean }> {
  refuseGivenTime(store.mode, 'at', options.at)
  const recall = await store.recalls.get(options.noticeId)
  if (!recall) throw new NotFoundError(`no recall notice ${options.noticeId}`)
  if (recall.recipientPartyId !== options.party) throw new VerigateError('forbidden', `recall notice ${recall.id} is addressed to another party: only its recipient may acknowledge it`)
  const first = await store.acknowledgements.forRecall(recall.id)
  if (first) return { acknowledgement: toAcknowledgement(first), created: false }
  const acknowledgedAt = isoTime(options.at)
  const actor = options.actor ?? options.party
  try {
    const stored = await store.transaction(async (tx) => {
      const payload: RecallAcknowledgementPayload = { noticeId: recall.id, recipient: recall.recipientPartyId, acknowledgedAt }
      const [entry] = await tx.ledger.append([{ kind: 'recall_acknowledgement', at: acknowledgedAt, actor, payload }])
      const row: StoredRecallAcknowledgement = { recallId: recall.id, partyId: recall.recipientPartyId, actor, acknowledgedAt, ledgerSeq: entry!.seq }
      await tx.acknowledgements.insert(row)
      return row
    })
    return { acknowledgement: toAcknowledgement(stored), created: true }
  } catch (error) {
    // Two acknowledgements at once: the loser's transaction rolled back whole (its ledger entry
    // with it), and the winner's stands.
    const winner = await store.acknowledgements.forRecall(recall.id)
    if (winner) return { acknowledgement: toAcknowledgement(winner), created: false }
    throw error
  }
}

/** The acknowledgement of a notice, or null when it has none yet. */
export async function recallAcknowledgementOf(store: Store, noticeId: string): Promise<RecallAcknowledgement | null> {
  const a = await store.acknowledgements.forRecall(noticeId)
  return a ? toAcknowledgement(a) : null
}

/** A notice's standing (as `recallStatus` gives it) with its acknowledgement. */
export type TrackedRecallNotice = RecallNoticeSummary & {
  /** When and by whom the recipient acknowledged the notice; null while it has not. */
  readonly acknowledgement: Pick<RecallAcknowledgement, 'acknowledgedAt' | 'actor' | 'ledgerSeq'> | null
}

/**
 * Every notice's standing at `asOf` (outstanding, overdue, certified, certified late) with its
 * acknowledgement, for `verigate recall status`. Optionally only one audit's notices.
 */
export async function recallTracking(store: Store, asOf: Date, auditId?: string): Promise<readonly TrackedRecallNotice[]> {
  const notices = await recallStatus(store, asOf, auditId)
  const acknowledged = new Map((await store.acknowledgements.list()).map((a) => [a.recallId, a]))
  return notices.map((n) => {
    const a = acknowledged.get(n.noticeId)
    return { ...n, acknowledgement: a ? { acknowledgedAt: a.acknowledgedAt, actor: a.actor, ledgerSeq: a.ledgerSeq } : null }
  })
}
