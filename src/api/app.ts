/**
 * The HTTP app as a function (docs/design.md, *The HTTP app is a function*): `buildApp` returns a Fastify instance that
 * tests drive with `inject()` and `verigate serve` puts on a port. Secure by default: every
 * route is in the route table with the roles allowed (a route missing from it is refused when
 * the app is built), every body and query is validated against its schema with unknown fields
 * refused, bodies are size-limited, each party is rate-limited, and logs carry ids and codes
 * only (no bodies, no query strings, no headers).
 */
import { randomUUID } from 'node:crypto'
import type { DestinationStream } from 'pino'
import Fastify from 'fastify'
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import type { Duplex } from 'node:stream'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { LedgerKeys } from '../ledger/index.js'
import type { Store } from '../store/index.js'
import { DEFAULT_LIMITS } from './api-context.js'
import type { ApiContext, ApiLimits } from './api-context.js'
import { authorize, createAuthenticator } from './auth.js'
import type { Principal } from './auth.js'
import type { BatchService } from './batch-service.js'
import { ApiError, clientErrorAnswer, errorBody, handleError } from './errors.js'
import type { OnlineVerifier } from '../workflow/index.js'
import { DOCS_PREFIX, ROUTES, routeAccess } from './route-table.js'
import './request-principal.js'
import { batchRoutes } from './routes/batch-routes.js'
import { oversightRoutes } from './routes/oversight-routes.js'
import { recallRoutes } from './routes/recall-routes.js'
import { reviewRoutes } from './routes/review-routes.js'
import { systemRoutes } from './routes/system-routes.js'
import { verifyRoutes } from './routes/verify-routes.js'
import { createFailureLimiter, isWebPath, webPlugin } from '../web/index.js'
import { createApiMetrics } from './metrics.js'
import { refuseGivenTime, serverClock } from '../workflow/index.js'

/** Options of `buildApp`. */
export interface BuildAppOptions {
  readonly store: Store
  readonly batches?: BatchService
  readonly verifier?: OnlineVerifier
  readonly keys?: LedgerKeys
  readonly limits?: Partial<ApiLimits>
  /** The clock (tests pass a fixed one): only for a simulation store; a real one refuses it. */
  readonly now?: () => Date
  /** Logging: off (the default for tests), or pino at a level, to a stream (default stdout). */
  readonly logger?: false | { readonly level?: string; readonly stream?: DestinationStream }
  /** How long a prefix's active credentials are reused before the store is read again (ms, default 1,000). */
  readonly credentialCacheMs?: number
  /** TLS for `verigate serve` (mutual when `ca` is given: clients must present a certificate it signed). */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer; readonly ca?: Buffer }
}

/** The API's version, as the OpenAPI document states it. */
export const API_VERSION = '1.0.0'

function loggerOptions(logger: BuildAppOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false
  return {
    level: logger.level ?? 'info',
    ...(logger.stream ? { stream: logger.stream } : {}),
    // Ids and codes only: the path without its query string (which could name a person), no
    // headers (the API key), no bodies.
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({ method: req.method, path: (req.url ?? '').split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    redact: { paths: ['req.headers', 'headers', 'body', 'req.body'], remove: true },
  }
}

/**
 * Secure by default: a route the route table does not know cannot be registered (only the
 * reference page's own assets, under /docs, are exempt).
 */
export function guardRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(DOCS_PREFIX)) return
    for (const method of [route.method].flat()) {
      if (!routeAccess(method, route.url)) throw new Error(`route ${method} ${route.url} has no entry in the route table (src/api/route-table.ts)`)
    }
  })
}

/**
 * Builds the app. Await `ready()` (or `inject()`, which does) before use; `close()` closes the
 * app, not the store.
 *
 * @example
 * const app = await buildApp({ store })
 * const res = await app.inject({ method: 'GET', url: '/health' })
 * res.json().status // 'ok'
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const limits: ApiLimits = { ...DEFAULT_LIMITS, ...options.limits }
  // One clock: a real store is served at the server's clock only.
  refuseGivenTime(options.store.mode, 'now', options.now)
  const context: ApiContext = {
    store: options.store,
    batches: options.batches,
    verifier: options.verifier,
    keys: options.keys,
    limits,
    now: options.now ?? serverClock,
    givenClock: options.now,
    metrics: createApiMetrics(options.store, options.now ?? serverClock),
  }
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit: limits.bodyBytes,
    exposeHeadRoutes: false,
    genReqId: () => randomUUID(),
    // Refuse unknown fields instead of Fastify's default of dropping them quietly.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    // Fastify's own refusals (a URL that cannot be decoded, a path parameter over its length)
    // and Node's (headers over the size limit) answer in the API's shape, echoing nothing.
    frameworkErrors: (error: unknown, request: FastifyRequest, reply: FastifyReply) => handleError(error, request, reply),
    clientErrorHandler: (error: Error & { code?: string }, socket: Duplex) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return
      if (socket.writable) socket.write(clientErrorAnswer(error))
      socket.destroy(error)
    },
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key, ...(options.https.ca ? { ca: options.https.ca, requestCert: true, rejectUnauthorized: true } : {}) } } : {}),
  }) as unknown as FastifyInstance
  app.decorateRequest('principal', null)
  app.decorateRequest('routeId', null)
  app.setErrorHandler(handleError)
  // Echoes nothing the client sent (the path could carry anything: markup, a person's name).
  app.setNotFoundHandler((_request, reply) => reply.code(404).type('application/json; charset=utf-8').send(errorBody('route_not_found', 'there is no such route: the routes are listed at /openapi.json')))

  // The web pages (src/web, under /ui) sign people in with sessions, not parties with API keys,
  // and guard their own routes (WEB_ROUTES, deny by default); registered before the API's guard.
  // One count of failed authentications per address for the API and the web sign-in.
  const failures = createFailureLimiter({ max: limits.authFailuresPerMinute, windowMs: 60_000 })
  await app.register(webPlugin, { store: options.store, keys: options.keys, ...(options.now ? { now: options.now } : {}), failures })
  guardRoutes(app)

  const authenticate = createAuthenticator(options.store, options.credentialCacheMs === undefined ? {} : { cacheMs: options.credentialCacheMs })
  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url
    if (url === undefined || url.startsWith(DOCS_PREFIX) || isWebPath(url)) return
    const access = routeAccess(request.method, url)
    if (!access) throw new ApiError(403, 'forbidden', 'this route is not open to anyone')
    request.routeId = access.id
    if (access.roles === 'public') return
    // Before the key is looked at: an address that has failed too often waits (no slow hash).
    const wait = failures.retryAfter(request.ip)
    if (wait > 0) {
      void reply.header('retry-after', String(wait))
      throw new ApiError(429, 'too_many_failures', `${failures.max} failed authentications from this address within a minute: retry in ${wait} s`)
    }
    let principal: Principal
    try {
      // A request that acts sees the credential's state in the store now, not a second ago.
      principal = await authenticate(request.headers.authorization, { acting: request.method !== 'GET' && request.method !== 'HEAD' })
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) failures.fail(request.ip)
      throw error
    }
    authorize(access, principal)
    request.principal = principal
  })
  // Every answered request is counted by its route-table id (never its path, which could name a
  // person or a batch), the pages as `web`; the id is the one the access hook looked up.
  app.addHook('onResponse', async (request, reply) => {
    const url = request.routeOptions.url
    const route = request.routeId ?? (url === undefined ? 'other' : isWebPath(url) ? 'web' : url.startsWith(DOCS_PREFIX) ? 'docs' : 'other')
    context.metrics.observeRequest(route, request.method, reply.statusCode, reply.elapsedTime / 1000)
  })
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff')
    reply.header('cache-control', 'no-store')
    return payload
  })

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Verigate API',
        version: API_VERSION,
        description:
          'Governed record matching and disclosure. Authenticate with a per-party API key: `Authorization: Bearer vg_<prefix>_<secret>` (created with `verigate key create`). Every error answers `{ "error": { "code", "message", "field"? } }`.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'vg_<prefix>_<secret>' } } },
      tags: [
        { name: 'system', description: 'Health and identity' },
        { name: 'batches', description: 'Batches of requests (requesting parties)' },
        { name: 'verification', description: 'Online verification of one record' },
        { name: 'recalls', description: 'Recall notices and disposal certifications' },
        { name: 'review', description: 'The review queue (reviewers and supervisors)' },
        { name: 'oversight', description: 'Summaries, audits and the accounting of disclosures' },
        { name: 'ledger', description: 'Checkpoints and proofs of the tamper-evident ledger' },
      ],
    },
  })
  await app.register(rateLimit, {
    global: true,
    max: limits.requestsPerMinute,
    timeWindow: 60_000,
    // After authentication, so the limit is per party, not per address.
    hook: 'preHandler',
    keyGenerator: (request) => (request.principal ? `party:${request.principal.partyId}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, c) => new ApiError(429, 'rate_limited', `more than ${c.max} requests a minute from this party: retry in ${Math.ceil(c.ttl / 1000)} s`),
  })
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { docExpansion: 'list', deepLinking: true } })

  systemRoutes(app, context)
  app.route({
    method: 'GET',
    url: '/openapi.json',
    schema: { operationId: 'openapi', summary: 'This API’s OpenAPI 3 document.', tags: ['system'] },
    handler: async () => app.swagger(),
  })
  batchRoutes(app, context)
  verifyRoutes(app, context)
  recallRoutes(app, context)
  reviewRoutes(app, context)
  oversightRoutes(app, context)
  await app.ready()
  return app
}

/** The route table (re-exported for the matrix test and the docs). */
export { ROUTES }
