/** Health, readiness, metrics, the caller's identity, and the parties (admin). */
import type { FastifyInstance } from 'fastify'
import { defineRoute } from '../define-route.js'
import type { ApiContext } from '../api-context.js'
import { principalOf } from '../request-principal.js'
import { healthSchema, partyListSchema, readySchema, whoamiSchema } from '../schemas.js'
import { ApiError } from '../errors.js'

/** Registers `/health`, `/ready`, `/metrics`, `/v1/whoami` and `/v1/parties`. */
export function systemRoutes(app: FastifyInstance, context: ApiContext): void {
  defineRoute(
    app,
    'health',
    { summary: 'Is the server up, and can it reach its database?', tags: ['system'], response: { 200: healthSchema } },
    async () => {
      try {
        await context.store.ledger.size()
      } catch (cause) {
        throw new ApiError(503, 'database_unavailable', 'the database cannot be reached', undefined, { cause })
      }
      return {
        status: 'ok' as const,
        checks: { database: 'ok', master: context.verifier ? 'loaded' : 'not loaded', batches: context.batches ? 'accepting' : 'not configured' },
      }
    },
  )
  defineRoute(
    app,
    'ready',
    {
      summary: 'May this server take traffic? Its database answers and its ledger key is the store’s (503 otherwise, and while it shuts down).',
      tags: ['system'],
      response: { 200: readySchema },
    },
    async () => {
      let bound: string | undefined
      try {
        bound = (await context.store.ledger.signingKeys()).at(-1)?.keyId
      } catch (cause) {
        throw new ApiError(503, 'database_unavailable', 'the database cannot be reached', undefined, { cause })
      }
      // Without its ledger key the server can read but not record a disclosure: not ready.
      if (context.keys && bound !== undefined && bound !== context.keys.keyId) throw new ApiError(503, 'ledger_key_mismatch', 'the ledger key this server holds is not the store’s')
      return {
        status: 'ready' as const,
        checks: {
          database: 'ok',
          ledger_key: context.keys ? 'held' : 'none (read-only)',
          master: context.verifier ? 'loaded' : 'not loaded',
          batches: context.batches ? 'accepting' : 'not configured',
        },
      }
    },
  )
  defineRoute(
    app,
    'metrics',
    {
      summary: 'Counts and latencies in Prometheus’ text format: batches, requests, decisions by reason, the review queue, disclosures, the ledger, API latency by route.',
      tags: ['system'],
      produces: ['text/plain'],
      response: { 200: { type: 'string', description: 'Prometheus text exposition format 0.0.4.' } },
    },
    async (_request, reply) => {
      const text = await context.metrics.scrape()
      return reply.type(context.metrics.registry.contentType).send(text)
    },
  )
  defineRoute(app, 'whoami', { summary: 'The party, credential, role and person behind the API key.', tags: ['system'], response: { 200: whoamiSchema } }, async (request) => {
    const p = principalOf(request)
    return { party: p.partyId, credential: p.credentialId, role: p.role, person: p.person }
  })
  defineRoute(app, 'parties.list', { summary: 'The parties known to this server (admin).', tags: ['system'], response: { 200: partyListSchema } }, async () => {
    const parties = await context.store.parties.list()
    return { parties: parties.map((p) => ({ id: p.id, name: p.name, kind: p.kind, created_at: p.createdAt })) }
  })
}
