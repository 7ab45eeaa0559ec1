/**
 * The agreement's volume caps, counted one way for every face (docs/rules.md: caps per day, month,
 * year or term). What counts is what the requester was told about people: the `disclose`
 * decisions of its batches that were not withheld at release, and its `VERIFIED` online
 * answers. A batch counts everything but itself (it counts its own decisions as it makes them);
 * the API's door and online verification count everything.
 */
import type { CapPeriod } from '../core/index.js'
import { periodStarts } from '../policy/index.js'
import type { ValidatedAgreement } from '../policy/index.js'
import type { Store } from '../store/index.js'

/** Counts per capped period (periods without a cap are not counted). */
export type CapCounts = Partial<Record<CapPeriod, number>>

/** Options of `disclosuresSoFar`. */
export interface CountOptions {
  /** A batch whose own decisions are left out (the batch being decided). */
  readonly exceptBatchId?: string
}

/**
 * The requester's disclosures in each capped period of the agreement containing `at`, up to
 * `at`: batch `disclose` decisions not withheld (counted when decided, so a batch's pending
 * releases count), reviewed cases released, and `VERIFIED` online answers.
 *
 * @example
 * const counts = await disclosuresSoFar(store, agreement, 'dhs-ice', new Date())
 * reachedCap(agreement, counts) // { period: 'day', max: 100000 } once the day's cap is reached
 */
export async function disclosuresSoFar(store: Store, agreement: ValidatedAgreement, requester: string, at: Date, options: CountOptions = {}): Promise<CapCounts> {
  const starts = periodStarts(agreement, at)
  const until = at.toISOString()
  const counts: CapCounts = {}
  for (const cap of agreement.document.caps) {
    const from = starts[cap.period]
    // No batch has an empty id: '' leaves none out.
    const except = options.exceptBatchId ?? ''
    const decided = await store.batchQueries.disclosesInPeriod(requester, except, from, until)
    const reviewed = await store.batchQueries.reviewedReleasesInPeriod(requester, except, from, until)
    const online = await store.onlineVerifications.verifiedInPeriod(requester, from, until)
    counts[cap.period] = decided + reviewed + online
  }
  return counts
}

/** The first cap the counts have reached, if any. */
export function reachedCap(agreement: ValidatedAgreement, counts: CapCounts): { readonly period: CapPeriod; readonly max: number } | undefined {
  for (const cap of agreement.document.caps) if ((counts[cap.period] ?? 0) >= cap.maxDisclosures) return { period: cap.period, max: cap.maxDisclosures }
  return undefined
}

/** A reservation of one disclosure against the caps: settle it once its record is written (or failed). */
export interface CapReservation {
  settle(): void
}

/**
 * The counts of one requester kept in memory by a long-running server: read from the store at
 * most once per `ttlMs`, and raised at once by every disclosure this process reserves, so that
 * concurrent answers in this process can never pass a cap between two reads. The store is read
 * again only when no reservation is in flight (a read while one is might or might not see it),
 * and answers wait for a read under way; disclosures other processes make are seen at the next
 * read.
 */
export interface CapCounter {
  /** Reads the store when the last read is older than the ttl (or of another period); then `current` is up to date. */
  refresh(now: Date): Promise<void>
  /**
   * The counts now, including every reservation. Decide under these and reserve with no await
   * in between, so that no other answer is decided under the same count.
   */
  current(): CapCounts
  /** Counts one disclosure now, before it is written. */
  reserve(): CapReservation
}

/**
 * Creates a cap counter for one requester under one agreement.
 *
 * @example
 * const counter = createCapCounter(store, agreement, 'dhs-ice')
 * await counter.refresh(now)
 * const decision = decide(…, counter.current())
 * if (decision.outcome === 'disclose') { const r = counter.reserve(); try { await write() } finally { r.settle() } }
 */
export function createCapCounter(store: Store, agreement: ValidatedAgreement, requester: string, ttlMs = 1000): CapCounter {
  let state: { readonly at: number; readonly periodStarts: string; counts: CapCounts } | undefined
  let reading: Promise<void> | undefined
  let pending = 0
  const read = async (now: Date) => {
    const counts = await disclosuresSoFar(store, agreement, requester, now)
    state = { at: now.getTime(), periodStarts: JSON.stringify(periodStarts(agreement, now)), counts }
  }
  return {
    async refresh(now) {
      while (reading) await reading
      // A new period starts from the store's count at once, even with reservations in flight
      // (which then count in the new period only if the read sees them: at most those in flight).
      const stale = state === undefined || (pending === 0 && now.getTime() - state.at > ttlMs) || state.periodStarts !== JSON.stringify(periodStarts(agreement, now))
      if (stale) {
        reading = read(now).finally(() => (reading = undefined))
        await reading
      }
    },
    current() {
      if (state === undefined) throw new Error('the cap counter was never refreshed')
      return { ...state.counts }
    },
    reserve() {
      const counts = state?.counts
      if (counts) for (const cap of agreement.document.caps) counts[cap.period] = (counts[cap.period] ?? 0) + 1
      pending++
      let settled = false
      return {
        settle() {
          if (settled) return
          settled = true
          pending--
        },
      }
    },
  }
}
