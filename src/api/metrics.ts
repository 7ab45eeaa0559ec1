/**
 * `/metrics` in Prometheus' text format (prom-client), for the engineer who operates the server:
 * what the store holds (batches by status, requests by outcome, decisions by reason, the review
 * queue by state and the age of the oldest batch waiting on a reviewer, disclosures, the ledger's size
 * and the age of its last signed checkpoint), how the API answers (requests and their latency by
 * route, so `verify` is the online verification's latency), and the process (memory, CPU, event
 * loop). Counts only: no identifier of a person, a request or a party is ever a label.
 *
 * The store's figures are read when scraped: each batch's stored summary, the cases of the
 * batches that still hold some for review, the ledger's size and its checkpoints; no scan of the
 * records. The names are listed
 * in docs/operations.md.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { ReadStore } from '../store/index.js'
import { listReviewCases } from '../workflow/index.js'

/** The figures a batch's stored summary carries (see `BatchSummary`), as far as metrics read them. */
interface SummaryFigures {
  readonly requested?: number
  readonly intake_refused?: number
  readonly matched?: number
  readonly possible?: number
  readonly ambiguous?: number
  readonly none?: number
  readonly disclosed?: number
  readonly withheld?: number
  readonly review?: number
  readonly by_reason?: Readonly<Record<string, number>>
}

/** What the API does with its metrics. */
export interface ApiMetrics {
  /** The registry `/metrics` answers from. */
  readonly registry: Registry
  /** Counts an answered request of route `route` (a route-table id, `web`, or `other`) and its latency. */
  observeRequest(route: string, method: string, status: number, seconds: number): void
  /** Reads the store's figures into the gauges, then the text of every metric. */
  scrape(): Promise<string>
}

/** The stages a request passes through, as a batch's summary counts them. */
const REQUEST_STAGES = ['requested', 'intake_refused', 'matched', 'possible', 'ambiguous', 'none'] as const
/** The final states of the accepted requests. */
const OUTCOMES = ['disclosed', 'withheld', 'review'] as const

/** Creates the metrics of one app over `store`; `now` is the server's clock. */
export function createApiMetrics(store: ReadStore, now: () => Date): ApiMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'verigate_' })
  const gauge = (name: string, help: string, labelNames: readonly string[] = []) => new Gauge({ name, help, labelNames: [...labelNames], registers: [registry] })
  const batches = gauge('verigate_batches', 'Batches in the store, by status.', ['status'])
  const requests = gauge('verigate_batch_requests', 'Requests of every batch, by stage: requested, refused at intake, and each link status.', ['stage'])
  const outcomes = gauge('verigate_batch_outcomes', 'Accepted requests of every batch by final state: disclosed, withheld, or held for review.', ['outcome'])
  const reasons = gauge('verigate_decision_reasons', 'Decisions carrying each reason code (and intake issue codes of unreadable rows), over every batch.', ['reason'])
  const reviewQueue = gauge('verigate_review_queue_cases', 'Cases held for review and not yet released or withheld, by state: pending (waiting on a reviewer), approved, rejected.', ['state'])
  const reviewAge = gauge('verigate_review_oldest_pending_age_seconds', 'Age of the oldest batch with a case still waiting on a reviewer (0 when none).')
  const disclosures = gauge('verigate_disclosures', 'Records disclosed by batches (releases included).')
  const ledgerEntries = gauge('verigate_ledger_entries', 'Entries in the ledger.')
  const checkpointAge = gauge('verigate_ledger_last_checkpoint_age_seconds', 'Seconds since the ledger’s last signed checkpoint (-1 when it has none).')
  const httpRequests = new Counter({ name: 'verigate_http_requests_total', help: 'API and page requests answered, by route id, method and status.', labelNames: ['route', 'method', 'status'], registers: [registry] })
  const httpLatency = new Histogram({
    name: 'verigate_http_request_duration_seconds',
    help: 'Time to answer a request, by route id (`verify` is an online verification).',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })

  const refresh = async (): Promise<void> => {
    const list = await store.batches.list()
    const sum = (pick: (s: SummaryFigures) => number | undefined) => list.reduce((total, b) => total + (pick((b.summary ?? {}) as SummaryFigures) ?? 0), 0)
    batches.reset()
    for (const b of list) batches.inc({ status: b.status })
    for (const stage of REQUEST_STAGES) requests.set({ stage }, sum((s) => s[stage]))
    for (const outcome of OUTCOMES) outcomes.set({ outcome }, sum((s) => s[outcome]))
    reasons.reset()
    for (const b of list) {
      for (const [reason, n] of Object.entries(((b.summary ?? {}) as SummaryFigures).by_reason ?? {})) reasons.inc({ reason }, n)
    }
    // The queue is read case by case (approvals change it between releases), only in the
    // batches whose summary still holds cases for review.
    reviewQueue.reset()
    for (const state of ['pending', 'approved', 'rejected'] as const) reviewQueue.set({ state }, 0)
    let oldestPending: number | undefined
    for (const b of list.filter((batch) => (((batch.summary ?? {}) as SummaryFigures).review ?? 0) > 0)) {
      for (const c of await listReviewCases(store, { batchId: b.id })) {
        if (c.state !== 'pending' && c.state !== 'approved' && c.state !== 'rejected') continue
        reviewQueue.inc({ state: c.state })
        const created = Date.parse(b.createdAt)
        if (c.state === 'pending' && (oldestPending === undefined || created < oldestPending)) oldestPending = created
      }
    }
    const t = now().getTime()
    reviewAge.set(oldestPending === undefined ? 0 : Math.max(0, (t - oldestPending) / 1000))
    disclosures.set(sum((s) => s.disclosed))
    ledgerEntries.set(await store.ledger.size())
    const last = (await store.ledger.checkpoints()).at(-1)
    checkpointAge.set(last ? Math.max(0, (t - Date.parse(last.time)) / 1000) : -1)
  }

  return {
    registry,
    observeRequest(route, method, status, seconds) {
      httpRequests.inc({ route, method, status: String(status) })
      httpLatency.observe({ route }, seconds)
    },
    async scrape() {
      await refresh()
      return registry.metrics()
    },
  }
}
