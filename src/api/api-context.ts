/** What the routes work with: the store and the services the server was started with. */
import type { LedgerKeys } from '../ledger/index.js'
import type { Store } from '../store/index.js'
import type { BatchService } from './batch-service.js'
import type { OnlineVerifier } from '../workflow/index.js'
import { ApiError } from './errors.js'
import type { ApiMetrics } from './metrics.js'

/** Size and rate limits. */
export interface ApiLimits {
  /** The largest JSON body, in bytes (default 1 MiB). */
  readonly bodyBytes: number
  /** The largest batch upload, in bytes (default 512 MiB). */
  readonly uploadBytes: number
  /** Requests per party per minute (default 6,000). */
  readonly requestsPerMinute: number
  /**
   * Failed authentications (API keys and web sign-ins together) per client address per minute
   * before the address is refused with 429 until the minute ends (default 10).
   */
  readonly authFailuresPerMinute: number
}

/** The defaults of `ApiLimits`. */
export const DEFAULT_LIMITS: ApiLimits = { bodyBytes: 1 << 20, uploadBytes: 512 * (1 << 20), requestsPerMinute: 6000, authFailuresPerMinute: 10 }

/** The store and services behind the routes. */
export interface ApiContext {
  readonly store: Store
  /** Batches over HTTP; absent when the server was started without a master and an agreement. */
  readonly batches: BatchService | undefined
  /** Online verification; absent when no master index is loaded. */
  readonly verifier: OnlineVerifier | undefined
  /** The ledger keys (the accounting needs the pseudonym secret); absent without `--key`. */
  readonly keys: LedgerKeys | undefined
  readonly limits: ApiLimits
  /** The clock of reads (cap counts, recall statuses): the given one, or the server's. */
  readonly now: () => Date
  /**
   * The clock given to serve a simulation store (tests, replays), passed to the workflows for
   * their writes; undefined for a real store, whose every write takes the server's clock.
   */
  readonly givenClock: (() => Date) | undefined
  /** What `/metrics` answers, and where answered requests are counted. */
  readonly metrics: ApiMetrics
}

/** The service, or a 503 saying how to start the server with it. */
export function need<T>(service: T | undefined, what: string): T {
  if (service === undefined) throw new ApiError(503, 'service_unavailable', `this server was started without ${what}`)
  return service
}
