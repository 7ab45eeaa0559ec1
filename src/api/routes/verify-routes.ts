/**
 * Online verification of one record for a requesting party: the batch's link and decide path
 * against the loaded master index. The answer says only whether a record was verified; master
 * values are never returned here. An answer that tells the requester something about a person
 * (`VERIFIED`, `REVIEW_REQUIRED`: see `src/workflow/online-answer.ts`) is written to the ledger
 * and the person's accounting before it is sent, and a `VERIFIED` one counts against the
 * agreement's volume caps as a batch's disclosure does; no answer goes out whose record failed.
 * Logged by request id and answer code only.
 */
import type { FastifyInstance } from 'fastify'
import type { RequestRecord } from '../../core/index.js'
import { countsAgainstCaps, createCapCounter, disclosedFact, onlineAnswerOf, masterSubjectOf, recordOnlineAnswer } from '../../workflow/index.js'
import type { CapCounter } from '../../workflow/index.js'
import type { ApiContext } from '../api-context.js'
import { need } from '../api-context.js'
import { defineRoute } from '../define-route.js'
import { ApiError } from '../errors.js'
import { principalOf } from '../request-principal.js'
import { verifyAnswerSchema, verifyBody } from '../schemas.js'

/** Registers `POST /v1/verify`. */
export function verifyRoutes(app: FastifyInstance, context: ApiContext): void {
  // One counter per requester: the store is read at most once a second, and every VERIFIED
  // answer of this server counts at once, so concurrent answers cannot pass a cap together.
  const counters = new Map<string, CapCounter>()
  defineRoute(
    app,
    'verify',
    {
      summary: 'Verify one record online (the batch’s link and decide path; no fields released).',
      description:
        'Answers `VERIFIED`, `NOT_VERIFIED`, `REQUEST_INCOMPLETE`, `NOT_PERMITTED` or `REVIEW_REQUIRED`; never which field failed. A `VERIFIED` answer (the person is on file) and a `REVIEW_REQUIRED` one (a close record is) are disclosures: each is written to the ledger and to the person’s accounting before it is sent, and `VERIFIED` answers count against the agreement’s volume caps with the batches’ disclosures. Refused with `volume_cap_reached` (429) past a cap of the agreement.',
      tags: ['verification'],
      body: verifyBody,
      response: { 200: verifyAnswerSchema },
    },
    async (request) => {
      const verifier = need(context.verifier, '--master and --agreement (online verification)')
      const keys = need(context.keys, 'the ledger key (online answers are recorded in the ledger)')
      const principal = principalOf(request)
      const now = context.now()
      let counter = counters.get(principal.partyId)
      if (!counter) counters.set(principal.partyId, (counter = createCapCounter(context.store, verifier.agreement, principal.partyId)))
      await counter.refresh(now)
      const asOf = now.toISOString()
      // From here to the reservation nothing awaits: no other answer is decided under this count.
      const { decision, evidenceDigest } = verifier.decide(request.body as RequestRecord, principal.partyId, counter.current(), asOf)
      if (decision.reasons.some((r) => r.code === 'VOLUME_CAP_REACHED')) throw new ApiError(429, 'volume_cap_reached', 'the agreement’s volume cap is reached: no verification is answered until the period ends')
      const code = onlineAnswerOf(decision).code
      const reservation = countsAgainstCaps(code) ? counter.reserve() : undefined
      try {
        if (disclosedFact(code) !== null) {
          // The policy names the candidate of every VERIFIED and REVIEW_REQUIRED decision.
          if (decision.masterId === null) throw new Error(`a ${code} decision of request ${decision.requestId} names no master record`)
          await recordOnlineAnswer(context.store, { decision, evidenceDigest, masterDigest: verifier.masterDigest, subject: verifier.subjectOf(keys.holderSecret, decision.masterId), masterSubject: masterSubjectOf(keys.holderSecret, decision.masterId), requester: principal.partyId, askedBy: principal.credentialId, at: now })
        }
      } finally {
        reservation?.settle()
      }
      const answer = verifier.answerOf(decision, asOf)
      request.log.info({ requestId: answer.request_id, answer: answer.answer.code }, 'verified')
      return answer
    },
  )
}
