/**
 * @module web
 * The pages for people: sign-in with sessions and CSRF tokens, the review queue and cases, the
 * batch pages and the oversight page, served by `verigate serve` under `/ui` as a Fastify plugin.
 */
export { webPlugin, SESSION_COOKIE, SIGN_IN_COOKIE } from './web-plugin.js'
export type { WebOptions } from './web-plugin.js'
export { WEB_ROUTES, PERSON_ROLES, isWebPath, webRouteAccess } from './web-routes.js'
export type { WebRouteAccess } from './web-routes.js'
export { WEB_PREFIX } from './layout.js'
export { createSessionStore, DEFAULT_SESSION_LIMITS } from './sessions.js'
export type { SessionLimits, SessionStore, WebSession } from './sessions.js'
export { documentHistories } from './documents.js'
export type { DocumentHistory, DocumentVersionView } from './documents.js'
export { waterfallSpec, waterfallSteps } from './waterfall-spec.js'
export type { WaterfallStep } from './waterfall-spec.js'
export { createFailureLimiter, DEFAULT_FAILURES_PER_WINDOW } from './failure-limiter.js'
export type { FailureLimiter, FailureLimiterOptions } from './failure-limiter.js'
