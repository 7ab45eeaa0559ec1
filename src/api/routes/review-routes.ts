/**
 * The review queue for reviewers and supervisors (the web pages of issue 10 use these): list the
 * cases, show one with its evidence, approve or reject it with a reason. The reviewer's identity
 * is the credential's id, so one person's key cannot approve a case twice (a second action is a
 * `conflict`, 409, from the workflow).
 */
import type { FastifyInstance } from 'fastify'
import { listReviewCases, reviewCase, showReviewCase } from '../../workflow/index.js'
import type { ReviewCase, ReviewState } from '../../workflow/index.js'
import type { ApiContext } from '../api-context.js'
import { defineRoute } from '../define-route.js'
import { principalOf } from '../request-principal.js'
import { caseParams, reviewActionBody, reviewActionSchema, reviewDetailSchema, reviewListQuery, reviewListSchema } from '../schemas.js'

function caseOf(c: ReviewCase): Record<string, unknown> {
  return {
    batch_id: c.batchId,
    request_id: c.requestId,
    master_id: c.masterId,
    approvals_needed: c.approvalsNeeded,
    approved_by: c.approvedBy,
    rejected_by: c.rejectedBy,
    state: c.state,
    reasons: c.reasons,
    weight: c.weight,
  }
}

/** Registers the review routes. */
export function reviewRoutes(app: FastifyInstance, context: ApiContext): void {
  defineRoute(
    app,
    'review.list',
    { summary: 'The review cases (every batch, or one; optionally in one state).', tags: ['review'], querystring: reviewListQuery, response: { 200: reviewListSchema } },
    async (request) => {
      const q = request.query as { batch?: string; state?: ReviewState }
      const cases = await listReviewCases(context.store, { ...(q.batch ? { batchId: q.batch } : {}), ...(q.state ? { state: q.state } : {}) })
      return { cases: cases.map(caseOf) }
    },
  )
  defineRoute(
    app,
    'review.show',
    { summary: 'One case: the decision’s reasons, the evidence field by field, the actions so far.', tags: ['review'], params: caseParams, response: { 200: reviewDetailSchema } },
    async (request) => {
      const { batchId, requestId } = request.params as { batchId: string; requestId: string }
      const detail = await showReviewCase(context.store, batchId, requestId)
      return {
        case: caseOf(detail.case),
        decision: detail.decision,
        evidence: detail.evidence,
        actions: detail.actions.map((a) => ({ reviewer: a.reviewer, action: a.action, note: a.note, created_at: a.createdAt, ledger_seq: a.ledgerSeq })),
      }
    },
  )
  for (const action of ['approve', 'reject'] as const) {
    defineRoute(
      app,
      `review.${action}`,
      {
        summary: action === 'approve' ? 'Approve a case, with a reason (a ledger entry).' : 'Reject a case, with a reason (a ledger entry).',
        tags: ['review'],
        params: caseParams,
        body: reviewActionBody,
        response: { 200: reviewActionSchema },
      },
      async (request) => {
        const { batchId, requestId } = request.params as { batchId: string; requestId: string }
        const { reason } = request.body as { reason: string }
        const principal = principalOf(request)
        const result = await reviewCase(context.store, { batchId, requestId, reviewer: principal.person, action, reason, ...(context.givenClock ? { at: context.givenClock() } : {}) })
        request.log.info({ batchId, requestId, action, state: result.state }, 'case reviewed')
        return { case: caseOf(result) }
      },
    )
  }
}
