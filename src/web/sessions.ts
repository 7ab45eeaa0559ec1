/**
 * Server-side sessions for people signed in to the pages. The cookie carries a random 32-byte
 * token; the server keeps only its SHA-256, so a copy of the session table (a heap dump, a log)
 * cannot be replayed as a cookie (OWASP Session Management Cheat Sheet, "Session ID
 * Properties"). Each session has its own CSRF token (the synchronizer-token pattern, OWASP CSRF
 * Prevention Cheat Sheet) and an absolute and an idle expiry.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { ApiRole } from '../core/index.js'

/** A person signed in. */
export interface WebSession {
  /** The credential id the person signed in with (checked against the store on every request). */
  readonly userId: string
  /** The person holding that credential: the name their reviews are recorded under. */
  readonly person: string
  readonly partyId: string
  readonly role: ApiRole
  /** The token every form POST must carry. */
  readonly csrfToken: string
  /** When it was created and when it was last used (ms since the epoch). */
  readonly createdAt: number
  lastSeenAt: number
}

/** How long sessions live. */
export interface SessionLimits {
  /** Idle timeout (default 30 minutes). */
  readonly idleMs: number
  /** Absolute lifetime (default 12 hours: one working day). */
  readonly absoluteMs: number
}

/** The defaults of `SessionLimits`. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 }

/** The sessions of one server process. */
export interface SessionStore {
  /** Opens a session; returns the token for the cookie (never stored). */
  open(person: { readonly userId: string; readonly person: string; readonly partyId: string; readonly role: ApiRole }): { readonly token: string; readonly session: WebSession }
  /** The live session behind a cookie token, touched; undefined when unknown or expired (an expired one is dropped). */
  find(token: string | undefined): WebSession | undefined
  /** Ends the session behind a token. */
  close(token: string | undefined): void
  /** Live sessions (for tests and metrics). */
  size(): number
  /** A fresh random token (for the sign-in form's pre-session CSRF cookie). */
  newCsrfToken(): string
  readonly limits: SessionLimits
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex')

/** True when two tokens are equal, in constant time. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Makes an in-memory session store. Sessions end when the process ends (people sign in again).
 *
 * @example
 * const sessions = createSessionStore({ now: () => Date.now() })
 * const { token } = sessions.open({ userId: 'rev-alice', person: 'alice', partyId: 'irs', role: 'reviewer' })
 * sessions.find(token)?.person // 'alice'
 */
export function createSessionStore(options: { readonly now?: () => number; readonly limits?: Partial<SessionLimits> } = {}): SessionStore {
  const now = options.now ?? (() => Date.now())
  const limits: SessionLimits = { ...DEFAULT_SESSION_LIMITS, ...options.limits }
  const byHash = new Map<string, WebSession>()
  const expired = (s: WebSession, t: number) => t - s.lastSeenAt > limits.idleMs || t - s.createdAt > limits.absoluteMs
  const sweep = (t: number) => {
    for (const [h, s] of byHash) if (expired(s, t)) byHash.delete(h)
  }
  return {
    open(person) {
      const t = now()
      if (byHash.size > 0 && byHash.size % 64 === 0) sweep(t)
      const token = randomBytes(32).toString('base64url')
      const session: WebSession = { ...person, csrfToken: randomBytes(32).toString('base64url'), createdAt: t, lastSeenAt: t }
      byHash.set(hashOf(token), session)
      return { token, session }
    },
    find(token) {
      if (!token || token.length > 128) return undefined
      const h = hashOf(token)
      const session = byHash.get(h)
      if (!session) return undefined
      const t = now()
      if (expired(session, t)) {
        byHash.delete(h)
        return undefined
      }
      session.lastSeenAt = t
      return session
    },
    close(token) {
      if (token) byHash.delete(hashOf(token))
    },
    size: () => byHash.size,
    newCsrfToken: () => randomBytes(32).toString('base64url'),
    limits,
  }
}
