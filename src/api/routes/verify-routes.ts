/**
 * Online verification of one record for a requesting party: the batch's link and decide path
 * against the loaded master index. The answer says only whether a record was verified; master
 * values are never returned here. Logged by request id and answer code only.
 */
import type { FastifyInstance } from 'fastify'
import type { RequestRecord } from '../../core/index.js'
import type { ApiContext } from '../api-context.js'
import { need } from '../api-context.js'
import { defineRoute } from '../define-route.js'
import { ApiError } from '../errors.js'
import { principalOf } from '../request-principal.js'
import { verifyAnswerSchema, verifyBody } from '../schemas.js'
import { disclosuresSoFar } from '../volume-caps.js'

/** How long the counts behind the volume caps are reused (ms): one query a second, not one per request. */
const CAP_COUNT_TTL_MS = 1000

/** Registers `POST /v1/verify`. */
export function verifyRoutes(app: FastifyInstance, context: ApiContext): void {
  let counted: { at: number; counts: Awaited<ReturnType<typeof disclosuresSoFar>> } | undefined
  defineRoute(
    app,
    'verify',
    {
      summary: 'Verify one record online (the batch’s link and decide path; no fields released).',
      description: 'Answers `VERIFIED`, `NOT_VERIFIED`, `REQUEST_INCOMPLETE`, `NOT_PERMITTED` or `REVIEW_REQUIRED`; never which field failed. Refused with `volume_cap_reached` (429) past a cap of the agreement.',
      tags: ['verification'],
      body: verifyBody,
      response: { 200: verifyAnswerSchema },
    },
    async (request) => {
      const verifier = need(context.verifier, '--master and --agreement (online verification)')
      const principal = principalOf(request)
      const now = context.now()
      if (!counted || now.getTime() - counted.at > CAP_COUNT_TTL_MS) counted = { at: now.getTime(), counts: await disclosuresSoFar(context.store, verifier.agreement, now) }
      const asOf = now.toISOString()
      const decision = verifier.decide(request.body as RequestRecord, principal.partyId, counted.counts, asOf)
      if (decision.reasons.some((r) => r.code === 'VOLUME_CAP_REACHED')) throw new ApiError(429, 'volume_cap_reached', 'the agreement’s volume cap is reached: no verification is answered until the period ends')
      const answer = verifier.answerOf(decision, asOf)
      request.log.info({ requestId: answer.request_id, answer: answer.answer.code }, 'verified')
      return answer
    },
  )
}
