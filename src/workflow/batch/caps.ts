/**
 * The cap count of one batch while it is decided: what the requester's other batches and online
 * answers count against the agreement's caps up to the batch's decision time (read once, with
 * `disclosuresSoFar`), plus this batch's own `disclose` decisions as they are written, in order.
 * Link workers decide a chunk under the count known when it was sent; `crosses` says when a
 * request's true count reached a cap that count did not, so that it is decided again.
 */
import type { CapPeriod } from '../../core/index.js'
import type { ValidatedAgreement } from '../../policy/index.js'
import type { Store } from '../../store/index.js'
import { disclosuresSoFar } from '../volume-caps.js'
import type { CapCounts } from '../volume-caps.js'

/** A batch's count against the agreement's caps. */
export interface BatchCapCount {
  /** This batch's `disclose` decisions so far (written, or counted in the chunk being written). */
  readonly disclosed: number
  /** The counts per capped period when this batch has made `n` disclosures. */
  countsAt(n: number): CapCounts
  /** True when a decision made with `sent` disclosures of this batch would not hold at `n`: a cap's threshold lies in (sent, n]. */
  crosses(sent: number, n: number): boolean
  /** Counts one more `disclose` decision of this batch. */
  addDisclosure(): void
}

/**
 * Reads the count a batch starts from: the requester's other disclosures in each capped period
 * (the caps are per period, not per batch) and this batch's decisions already stored.
 */
export async function openBatchCapCount(store: Store, batchId: string, agreement: ValidatedAgreement, requester: string, asOf: string): Promise<BatchCapCount> {
  const caps = agreement.document.caps
  const base = await disclosuresSoFar(store, agreement, requester, new Date(asOf), { exceptBatchId: batchId })
  let disclosed = await store.batchQueries.discloseDecisions(batchId)
  // A cap is reached when this batch's disclosures reach its threshold.
  const thresholds = caps.map((cap) => cap.maxDisclosures - (base[cap.period] ?? 0))
  return {
    get disclosed() {
      return disclosed
    },
    countsAt(n) {
      const counts: Partial<Record<CapPeriod, number>> = {}
      for (const cap of caps) counts[cap.period] = (base[cap.period] ?? 0) + n
      return counts
    },
    crosses: (sent, n) => thresholds.some((t) => sent < t && t <= n),
    addDisclosure() {
      disclosed++
    },
  }
}
