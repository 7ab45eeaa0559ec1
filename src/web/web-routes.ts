/**
 * Every page and form of the web face with who may open it: the one table the plugin registers
 * its access rules from (a route missing from it is refused when the plugin is built), like the
 * API's route table. The pages are not API routes: they authenticate people by session cookie,
 * not parties by API key, and answer HTML, so they stay out of the API's table and its OpenAPI
 * document.
 */
import type { ApiRole } from '../core/index.js'
import { WEB_PREFIX } from './layout.js'

/** Who may open a page. */
export interface WebRouteAccess {
  readonly method: 'GET' | 'POST'
  /** The path as Fastify spells it. */
  readonly url: string
  /** `public` (no session needed), or the roles allowed. */
  readonly roles: 'public' | readonly ApiRole[]
}

/** The roles a person may sign in to the pages with (requesters and analysts use the API). */
export const PERSON_ROLES = ['reviewer', 'supervisor', 'overseer', 'admin'] as const satisfies readonly ApiRole[]

const REVIEWERS = ['reviewer', 'supervisor'] as const satisfies readonly ApiRole[]
const OVERSIGHT = ['overseer', 'admin'] as const satisfies readonly ApiRole[]

/** The table. */
export const WEB_ROUTES: readonly WebRouteAccess[] = [
  // The address people type: answered with a redirect to the start, which signs them in first.
  { method: 'GET', url: WEB_PREFIX, roles: 'public' },
  { method: 'GET', url: `${WEB_PREFIX}/assets/app.css`, roles: 'public' },
  { method: 'GET', url: `${WEB_PREFIX}/assets/keys.js`, roles: 'public' },
  { method: 'GET', url: `${WEB_PREFIX}/sign-in`, roles: 'public' },
  { method: 'POST', url: `${WEB_PREFIX}/sign-in`, roles: 'public' },
  { method: 'POST', url: `${WEB_PREFIX}/sign-out`, roles: PERSON_ROLES },
  { method: 'GET', url: `${WEB_PREFIX}/`, roles: PERSON_ROLES },
  { method: 'GET', url: `${WEB_PREFIX}/review`, roles: REVIEWERS },
  { method: 'GET', url: `${WEB_PREFIX}/review/:batchId/:requestId`, roles: REVIEWERS },
  { method: 'POST', url: `${WEB_PREFIX}/review/:batchId/:requestId/approve`, roles: REVIEWERS },
  { method: 'POST', url: `${WEB_PREFIX}/review/:batchId/:requestId/reject`, roles: REVIEWERS },
  { method: 'GET', url: `${WEB_PREFIX}/batches`, roles: PERSON_ROLES },
  { method: 'GET', url: `${WEB_PREFIX}/batches/:batchId`, roles: PERSON_ROLES },
  { method: 'GET', url: `${WEB_PREFIX}/oversight`, roles: OVERSIGHT },
  { method: 'POST', url: `${WEB_PREFIX}/oversight/verify`, roles: OVERSIGHT },
  { method: 'POST', url: `${WEB_PREFIX}/oversight/accounting`, roles: OVERSIGHT },
]

/** The table's entry for a method and path. */
export function webRouteAccess(method: string, url: string): WebRouteAccess | undefined {
  // HEAD is GET without a body (RFC 9110 §9.3.2): the same rule.
  const m = method === 'HEAD' ? 'GET' : method
  return WEB_ROUTES.find((r) => r.method === m && r.url === url)
}

/** True for a path the web face serves (the API's guard leaves these to the web plugin). */
export function isWebPath(url: string): boolean {
  return url === WEB_PREFIX || url.startsWith(`${WEB_PREFIX}/`)
}
