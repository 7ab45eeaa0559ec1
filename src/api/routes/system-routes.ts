/** Health, the caller's identity, and the parties (admin). */
import type { FastifyInstance } from 'fastify'
import { defineRoute } from '../define-route.js'
import type { ApiContext } from '../api-context.js'
import { principalOf } from '../request-principal.js'
import { healthSchema, partyListSchema, whoamiSchema } from '../schemas.js'
import { ApiError } from '../errors.js'

/** Registers `/health`, `/v1/whoami` and `/v1/parties`. */
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
  defineRoute(app, 'whoami', { summary: 'The party, credential, role and person behind the API key.', tags: ['system'], response: { 200: whoamiSchema } }, async (request) => {
    const p = principalOf(request)
    return { party: p.partyId, credential: p.credentialId, role: p.role, person: p.person }
  })
  defineRoute(app, 'parties.list', { summary: 'The parties known to this server (admin).', tags: ['system'], response: { 200: partyListSchema } }, async () => {
    const parties = await context.store.parties.list()
    return { parties: parties.map((p) => ({ id: p.id, name: p.name, kind: p.kind, created_at: p.createdAt })) }
  })
}
