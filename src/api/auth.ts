/**
 * Authentication by per-party API key (`Authorization: Bearer vg_<prefix>_<secret>`) and
 * authorization by role and party. The credential is found by its prefix, the key checked
 * against the stored scrypt hash (`verifyApiKey`); a key once verified is remembered by its
 * SHA-256 for the life of the process, so the slow hash is paid once per key, not per request.
 * The active credentials of a prefix are read from the store at most once per `cacheMs` (default
 * one second) for reads; a request that acts (any method but GET) reads them afresh, so a key
 * revoked by another process (`verigate party key revoke` beside `verigate serve`) acts no more
 * from that moment. Every use checks the credential may act (`credentialRefusal`): its role must
 * fit its party's kind, whatever row an intruder wrote.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { parseApiKey, verifyApiKey } from '../core/index.js'
import type { ApiRole } from '../core/index.js'
import type { CredentialOfParty, Store } from '../store/index.js'
import { credentialRefusal } from '../workflow/index.js'
import { ApiError } from './errors.js'
import type { RouteAccess } from './route-table.js'

/** Who is calling: the credential's party and role, and the person holding it. */
export interface Principal {
  readonly partyId: string
  /** The credential id: the key's own name. */
  readonly credentialId: string
  readonly role: ApiRole
  /** The person holding the key: the name a review or release is recorded under. */
  readonly person: string
}

/**
 * Finds the principal behind an `Authorization` header. `acting` (a request that changes
 * anything) reads the credential's state from the store afresh instead of from the cache.
 */
export type Authenticator = (authorization: string | undefined, options?: { readonly acting?: boolean }) => Promise<Principal>

const unauthenticated = (message: string) => new ApiError(401, 'unauthenticated', message)

/**
 * Makes the authenticator over the store's credentials.
 *
 * @example
 * const authenticate = createAuthenticator(store)
 * const principal = await authenticate(request.headers.authorization)
 */
export function createAuthenticator(store: Store, options: { readonly cacheMs?: number } = {}): Authenticator {
  const cacheMs = options.cacheMs ?? 1000
  const verified = new Map<string, Buffer>()
  const active = new Map<string, { readonly at: number; readonly credentials: readonly CredentialOfParty[] }>()
  const credentialsOf = async (prefix: string, fresh: boolean): Promise<readonly CredentialOfParty[]> => {
    const now = Date.now()
    const cached = active.get(prefix)
    if (!fresh && cached && now - cached.at < cacheMs) return cached.credentials
    const credentials = await store.parties.activeCredentials(prefix)
    // Only prefixes that exist are remembered, so random keys cannot grow the cache.
    if (credentials.length > 0) active.set(prefix, { at: now, credentials })
    else active.delete(prefix)
    return credentials
  }
  return async (authorization, options = {}) => {
    if (!authorization) throw unauthenticated('this route needs an API key: send Authorization: Bearer vg_…')
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim())
    const parts = match ? parseApiKey(match[1]!) : undefined
    if (!match || !parts) throw unauthenticated('the Authorization header is not a Verigate API key (Bearer vg_<prefix>_<secret>)')
    const key = match[1]!
    const fingerprint = createHash('sha256').update(key).digest()
    for (const credential of await credentialsOf(parts.prefix, options.acting === true)) {
      const known = verified.get(credential.id)
      const ok = known ? timingSafeEqual(known, fingerprint) : await verifyApiKey(key, credential.keyHash)
      if (!ok) continue
      verified.set(credential.id, fingerprint)
      const refusal = credentialRefusal(credential)
      if (refusal) throw new ApiError(refusal.code === 'forbidden' ? 403 : 401, refusal.code, refusal.message)
      return { partyId: credential.partyId, credentialId: credential.id, role: credential.role as ApiRole, person: credential.person.normalize('NFKC').trim() }
    }
    throw unauthenticated('the API key is unknown or has been revoked')
  }
}

/** Refuses a principal whose role the route does not allow (403). */
export function authorize(route: RouteAccess, principal: Principal): void {
  if (route.roles === 'public') return
  if (!route.roles.includes(principal.role)) throw new ApiError(403, 'forbidden', `the role ${principal.role} may not call ${route.method} ${route.url}`)
}

/** True when the principal may see only its own party's resources on this route. */
export function isPartyScoped(route: RouteAccess | undefined, principal: Principal): boolean {
  return route?.scope === 'party' && principal.role === 'requester'
}

/** Refuses (403) a party-scoped principal reaching another party's resource. */
export function assertOwner(route: RouteAccess | undefined, principal: Principal, ownerPartyId: string, what: string): void {
  if (isPartyScoped(route, principal) && ownerPartyId !== principal.partyId) throw new ApiError(403, 'forbidden', `${what} belongs to another party`)
}
