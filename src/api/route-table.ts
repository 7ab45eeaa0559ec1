/**
 * Every route of the API with who may call it: the one table the app registers its access rules
 * from and the authorization matrix test is generated from. A route registered without an entry
 * here is refused when the app is built (see `buildApp`), so it cannot be reached unguarded.
 */
import type { ApiRole } from '../core/index.js'

/** Who may call a route. */
export interface RouteAccess {
  /** A stable id, e.g. `batches.get`. */
  readonly id: string
  readonly method: 'GET' | 'POST'
  /** The path as Fastify spells it (`:param`). */
  readonly url: string
  /** `public`, or the roles allowed (every other role gets 403). */
  readonly roles: 'public' | readonly ApiRole[]
  /**
   * `party` when a requester may touch only its own party's resource (another party's answers
   * 403); other roles listed act for the holder or the overseer and see every party's.
   */
  readonly scope: 'party' | 'any'
}

const HOLDER_READERS = ['analyst', 'supervisor', 'overseer'] as const satisfies readonly ApiRole[]
const REVIEWERS = ['reviewer', 'supervisor'] as const satisfies readonly ApiRole[]
/** Who reports and closes an incident: the holder's supervisors and administrators. */
const INCIDENT_OFFICERS = ['supervisor', 'admin'] as const satisfies readonly ApiRole[]

/** The table. Order is the OpenAPI document's order. */
export const ROUTES: readonly RouteAccess[] = [
  { id: 'health', method: 'GET', url: '/health', roles: 'public', scope: 'any' },
  { id: 'ready', method: 'GET', url: '/ready', roles: 'public', scope: 'any' },
  // Counts only, no person or party in a label; a key of the holder's analysts, overseers or
  // administrators (a scraper's own analyst key), not open to requesters.
  { id: 'metrics', method: 'GET', url: '/metrics', roles: ['analyst', 'overseer', 'admin'], scope: 'any' },
  { id: 'openapi', method: 'GET', url: '/openapi.json', roles: 'public', scope: 'any' },
  { id: 'whoami', method: 'GET', url: '/v1/whoami', roles: ['requester', 'analyst', 'reviewer', 'supervisor', 'overseer', 'admin'], scope: 'any' },
  { id: 'batches.submit', method: 'POST', url: '/v1/batches', roles: ['requester'], scope: 'party' },
  { id: 'batches.list', method: 'GET', url: '/v1/batches', roles: ['requester', ...HOLDER_READERS], scope: 'party' },
  { id: 'batches.get', method: 'GET', url: '/v1/batches/:batchId', roles: ['requester', ...HOLDER_READERS], scope: 'party' },
  { id: 'batches.response', method: 'GET', url: '/v1/batches/:batchId/response', roles: ['requester'], scope: 'party' },
  { id: 'batches.release', method: 'POST', url: '/v1/batches/:batchId/release', roles: ['supervisor'], scope: 'any' },
  { id: 'verify', method: 'POST', url: '/v1/verify', roles: ['requester'], scope: 'party' },
  { id: 'recalls.list', method: 'GET', url: '/v1/recalls', roles: ['requester', 'overseer'], scope: 'party' },
  { id: 'recalls.acknowledge', method: 'POST', url: '/v1/recalls/:noticeId/acknowledgement', roles: ['requester'], scope: 'party' },
  { id: 'recalls.notice', method: 'GET', url: '/v1/recalls/:noticeId/notice', roles: ['requester', 'overseer'], scope: 'party' },
  { id: 'recalls.attachment', method: 'GET', url: '/v1/recalls/:noticeId/notice.csv', roles: ['requester', 'overseer'], scope: 'party' },
  { id: 'recalls.certify', method: 'POST', url: '/v1/recalls/:noticeId/certification', roles: ['requester'], scope: 'party' },
  { id: 'review.list', method: 'GET', url: '/v1/review/cases', roles: ['analyst', ...REVIEWERS], scope: 'any' },
  { id: 'review.show', method: 'GET', url: '/v1/review/cases/:batchId/:requestId', roles: REVIEWERS, scope: 'any' },
  { id: 'review.approve', method: 'POST', url: '/v1/review/cases/:batchId/:requestId/approve', roles: REVIEWERS, scope: 'any' },
  { id: 'review.reject', method: 'POST', url: '/v1/review/cases/:batchId/:requestId/reject', roles: REVIEWERS, scope: 'any' },
  { id: 'oversight.batches', method: 'GET', url: '/v1/oversight/batches', roles: ['overseer', 'analyst'], scope: 'any' },
  { id: 'oversight.batch', method: 'GET', url: '/v1/oversight/batches/:batchId', roles: ['overseer', 'analyst'], scope: 'any' },
  { id: 'oversight.audits', method: 'GET', url: '/v1/oversight/audits', roles: ['overseer'], scope: 'any' },
  { id: 'oversight.audit', method: 'GET', url: '/v1/oversight/audits/:auditId', roles: ['overseer'], scope: 'any' },
  { id: 'oversight.incidents', method: 'GET', url: '/v1/oversight/incidents', roles: ['overseer', 'supervisor', 'admin'], scope: 'any' },
  { id: 'incidents.report', method: 'POST', url: '/v1/incidents/:incidentId/report', roles: INCIDENT_OFFICERS, scope: 'any' },
  { id: 'incidents.close', method: 'POST', url: '/v1/incidents/:incidentId/closure', roles: INCIDENT_OFFICERS, scope: 'any' },
  { id: 'oversight.accounting', method: 'POST', url: '/v1/oversight/accounting', roles: ['overseer'], scope: 'any' },
  { id: 'ledger.checkpoints', method: 'GET', url: '/v1/ledger/checkpoints', roles: ['overseer'], scope: 'any' },
  { id: 'ledger.inclusion', method: 'GET', url: '/v1/ledger/proofs/inclusion', roles: ['overseer'], scope: 'any' },
  { id: 'ledger.consistency', method: 'GET', url: '/v1/ledger/proofs/consistency', roles: ['overseer'], scope: 'any' },
  { id: 'parties.list', method: 'GET', url: '/v1/parties', roles: ['admin'], scope: 'any' },
]

/** The paths served by the reference page's own assets (public, no data). */
export const DOCS_PREFIX = '/docs'

/** The table's entry for a method and path, if any. */
export function routeAccess(method: string, url: string): RouteAccess | undefined {
  return ROUTES.find((r) => r.method === method && r.url === url)
}
