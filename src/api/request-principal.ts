/** The principal on a request, set by the app's authentication hook. */
import type { FastifyRequest } from 'fastify'
import type { Principal } from './auth.js'
import { ApiError } from './errors.js'
import { routeAccess } from './route-table.js'
import type { RouteAccess } from './route-table.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; null on public routes. */
    principal: Principal | null
    /** The route-table id the access hook found for this request (for the metrics); null when it found none. */
    routeId: string | null
  }
}

/** The caller of an authenticated route (401 if there is none: never reached past the hook). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError(401, 'unauthenticated', 'this route needs an API key')
  return request.principal
}

/** The route table's entry for the route serving this request. */
export function accessOf(request: FastifyRequest): RouteAccess | undefined {
  return routeAccess(request.method, request.routeOptions.url ?? '')
}
