/**
 * Failed authentications counted by client address, checked before a key is looked at. The
 * per-party request limit runs after authentication, so it cannot slow down someone guessing
 * keys: each wrong key for a known prefix costs the server a slow scrypt hash (`verifyApiKey`),
 * and each guess at /ui/sign-in the same. Once an address has failed `max` times within a window,
 * it is refused with 429 and a Retry-After until the window ends, without a key being hashed. One
 * limiter serves the API and the web pages, so alternating between them gains nothing.
 *
 * Addresses are the socket's (the server does not trust X-Forwarded-For): behind a proxy every
 * client shares the proxy's address and budget.
 */

/** Counts failures per address; see the module comment. */
export interface FailureLimiter {
  /** Whole seconds until `address` may try again (at least 1), or 0 when it may try now. */
  retryAfter(address: string): number
  /** Counts one failed authentication from `address`. */
  fail(address: string): void
  /** The most failures an address may make in a window. */
  readonly max: number
}

/** Options of `createFailureLimiter`. */
export interface FailureLimiterOptions {
  /** Failures allowed per address per window (default 10). */
  readonly max?: number
  /** The window, from an address's first failure in it (ms, default 60,000). */
  readonly windowMs?: number
  /** The clock (ms since the epoch; tests pass their own). */
  readonly now?: () => number
  /**
   * Addresses remembered at most (default 100,000): past it, windows that have ended are
   * forgotten, then the oldest, so a flood of addresses cannot grow memory without bound.
   */
  readonly maxAddresses?: number
}

/** The defaults of `FailureLimiterOptions`. */
export const DEFAULT_FAILURES_PER_WINDOW = 10

/**
 * Makes a limiter.
 *
 * @example
 * const failures = createFailureLimiter({ max: 10, windowMs: 60_000 })
 * if (failures.retryAfter(request.ip) > 0) // answer 429 without checking the key
 * failures.fail(request.ip) // after a wrong key
 */
export function createFailureLimiter(options: FailureLimiterOptions = {}): FailureLimiter {
  const max = options.max ?? DEFAULT_FAILURES_PER_WINDOW
  const windowMs = options.windowMs ?? 60_000
  const now = options.now ?? Date.now
  const maxAddresses = options.maxAddresses ?? 100_000
  if (!(max >= 1) || !(windowMs >= 1)) throw new RangeError(`a failure limiter needs max ≥ 1 and windowMs ≥ 1 (got ${max}, ${windowMs})`)
  /** Per address: failures in its window, and when the window ends. Insertion order is age. */
  const windows = new Map<string, { count: number; readonly endsAt: number }>()

  const forgetSome = (at: number): void => {
    for (const [address, window] of windows) if (window.endsAt <= at) windows.delete(address)
    for (const address of windows.keys()) {
      if (windows.size < maxAddresses) break
      windows.delete(address)
    }
  }

  return {
    max,
    retryAfter(address) {
      const window = windows.get(address)
      if (!window) return 0
      const at = now()
      if (window.endsAt <= at) {
        windows.delete(address)
        return 0
      }
      return window.count >= max ? Math.max(1, Math.ceil((window.endsAt - at) / 1000)) : 0
    },
    fail(address) {
      const at = now()
      const window = windows.get(address)
      if (window && window.endsAt > at) {
        window.count += 1
        return
      }
      windows.delete(address)
      if (windows.size >= maxAddresses) forgetSome(at)
      windows.set(address, { count: 1, endsAt: at + windowMs })
    },
  }
}
