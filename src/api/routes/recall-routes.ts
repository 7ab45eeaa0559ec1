/**
 * Recall notices for requesting parties (issue 8's audit and recall workflow): list the notices
 * addressed to the caller's party, acknowledge one, and certify disposal against one. Overseers
 * list every notice.
 */
import type { FastifyInstance } from 'fastify'
import type { StoredRecall, StoredRecallAcknowledgement } from '../../store/index.js'
import { acknowledgeRecall, certifyDisposal, exportRecallNotice, recallNoticeCsv } from '../../workflow/index.js'
import type { SignedRecallNotice } from '../../workflow/index.js'
import type { ApiContext } from '../api-context.js'
import { need } from '../api-context.js'
import { assertOwner, isPartyScoped } from '../auth.js'
import { defineRoute } from '../define-route.js'
import { ApiError } from '../errors.js'
import { accessOf, principalOf } from '../request-principal.js'
import { acknowledgementBody, acknowledgementSchema, certificationBody, certificationSchema, noticeParams, recallListSchema, signedRecallNoticeSchema } from '../schemas.js'
import type { FastifyRequest } from 'fastify'

function noticeOf(r: StoredRecall, a: StoredRecallAcknowledgement | undefined): Record<string, unknown> {
  return {
    notice_id: r.id,
    audit_id: r.auditId,
    recipient: r.recipientPartyId,
    disclosure_ids: r.disclosureIds,
    fields: r.fields,
    reason: r.reason,
    deadline: r.deadline,
    status: r.status,
    created_at: r.createdAt,
    ledger_seq: r.ledgerSeq,
    acknowledgement: a ? { acknowledged_at: a.acknowledgedAt, actor: a.actor, ledger_seq: a.ledgerSeq } : null,
  }
}

/** Statuses by certification issue code: a refused certificate is the client's to fix (422), a second one a conflict. */
const CERTIFICATION_STATUS: Readonly<Record<string, number>> = { notice_unknown: 404, already_certified: 409 }

/** Registers the recall routes. */
export function recallRoutes(app: FastifyInstance, context: ApiContext): void {
  /** The signed notice a caller may read (its recipient, or an overseer), exported afresh: the same notice signs the same bytes. */
  const signedNotice = async (request: FastifyRequest): Promise<SignedRecallNotice> => {
    const { noticeId } = request.params as { noticeId: string }
    const recall = await context.store.recalls.get(noticeId)
    if (!recall) throw new ApiError(404, 'not_found', `no recall notice ${noticeId}`, 'noticeId')
    assertOwner(accessOf(request), principalOf(request), recall.recipientPartyId, `notice ${noticeId}`)
    return exportRecallNotice(context.store, noticeId, need(context.keys, 'the ledger key (--key), which signs recall notices'))
  }

  defineRoute(
    app,
    'recalls.notice',
    {
      summary: 'The recall notice signed with the ledger key: each recalled record by request id, case reference, batch and the SHA-256 of the response file it arrived in, with the fields to dispose of.',
      description: 'The document exactly as signed (Ed25519 over its canonical JSON; check it with `verigate recall verify-notice` and the holder’s public key). Its `attachment.sha256` is the digest of `GET /v1/recalls/{noticeId}/notice.csv`.',
      tags: ['recalls'],
      params: noticeParams,
      response: { 200: signedRecallNoticeSchema },
    },
    async (request) => {
      const signed = await signedNotice(request)
      request.log.info({ noticeId: signed.notice.noticeId, records: signed.records.length }, 'recall notice exported')
      return signed
    },
  )

  defineRoute(
    app,
    'recalls.attachment',
    {
      summary: 'The CSV attachment of a recall notice: one row per recalled record (request id, case reference, batch, response-file SHA-256, fields, disposal, deadline).',
      description: 'The signed notice (`GET /v1/recalls/{noticeId}/notice`) carries this file’s SHA-256, so the signature covers it.',
      tags: ['recalls'],
      params: noticeParams,
      produces: ['text/csv'],
      response: { 200: { type: 'string', description: 'The attachment (CSV).' } },
    },
    async (request, reply) => {
      const signed = await signedNotice(request)
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${signed.attachment.file}"`).send(recallNoticeCsv(signed))
    },
  )

  defineRoute(app, 'recalls.list', { summary: 'Recall notices (a requester: those addressed to its party).', tags: ['recalls'], response: { 200: recallListSchema } }, async (request) => {
    const principal = principalOf(request)
    const own = isPartyScoped(accessOf(request), principal)
    const notices = (await context.store.recalls.list()).filter((r) => !own || r.recipientPartyId === principal.partyId)
    const acknowledged = new Map((await context.store.acknowledgements.list()).map((a) => [a.recallId, a]))
    return { notices: notices.map((r) => noticeOf(r, acknowledged.get(r.id))) }
  })

  defineRoute(
    app,
    'recalls.acknowledge',
    {
      summary: 'Acknowledge receipt of a recall notice addressed to the caller’s party (once; again answers the first).',
      description: 'Recorded with its ledger entry (`recall_acknowledgement`). A first acknowledgement answers 201; a repeated one 200 with the first, unchanged. No body, or `{}`.',
      tags: ['recalls'],
      params: noticeParams,
      body: acknowledgementBody,
      response: { 200: acknowledgementSchema, 201: acknowledgementSchema },
    },
    async (request, reply) => {
      const { noticeId } = request.params as { noticeId: string }
      const principal = principalOf(request)
      const recall = await context.store.recalls.get(noticeId)
      if (!recall) throw new ApiError(404, 'not_found', `no recall notice ${noticeId}`, 'noticeId')
      assertOwner(accessOf(request), principal, recall.recipientPartyId, `notice ${noticeId}`)
      const { acknowledgement: a, created } = await acknowledgeRecall(context.store, { noticeId, party: principal.partyId, ...(context.givenClock ? { at: context.givenClock() } : {}), actor: principal.person })
      request.log.info({ noticeId, ledgerSeq: a.ledgerSeq, created }, 'recall acknowledged')
      return reply.code(created ? 201 : 200).send({ notice_id: a.noticeId, party: a.party, actor: a.actor, acknowledged_at: a.acknowledgedAt, ledger_seq: a.ledgerSeq, created })
    },
  )

  defineRoute(
    app,
    'recalls.certify',
    {
      summary: 'Certify the disposal of the data a notice recalled (one certificate per notice).',
      description: 'Checked against the notice: the right recipient, the disposal method the notice asks for, every recalled disclosure covered and nothing else. A refusal lists every reason at once in `error.issues` (`code` is the first one\'s). Received after the deadline, it is recorded and flagged late.',
      tags: ['recalls'],
      params: noticeParams,
      body: certificationBody,
      response: { 201: certificationSchema },
    },
    async (request, reply) => {
      const { noticeId } = request.params as { noticeId: string }
      const recall = await context.store.recalls.get(noticeId)
      if (!recall) throw new ApiError(404, 'not_found', `no recall notice ${noticeId}`, 'noticeId')
      assertOwner(accessOf(request), principalOf(request), recall.recipientPartyId, `notice ${noticeId}`)
      const result = await certifyDisposal(context.store, { noticeId, text: JSON.stringify(request.body), source: 'body', ...(context.givenClock ? { now: context.givenClock } : {}) })
      if (!result.ok) {
        // Every reason at once, so the recipient fixes its certificate in one round; the status and
        // the code are the first reason's (an unknown or already certified notice comes first).
        const issues = result.issues.map((i) => ({ code: i.code, message: i.message, ...(i.path?.field ? { field: `body.${i.path.field}` } : {}) }))
        const first = issues[0]!
        const message = issues.length === 1 ? first.message : `the certificate was refused for ${issues.length} reasons: ${issues.map((i) => i.message).join('; ')}`
        throw new ApiError(CERTIFICATION_STATUS[first.code] ?? 422, first.code, message, first.field, { issues })
      }
      const c = result.value
      request.log.info({ noticeId, certificationId: c.certificationId, late: c.late }, 'disposal certified')
      return reply.code(201).send({ certification_id: c.certificationId, notice_id: c.noticeId, received_at: c.receivedAt, late: c.late, ledger_seq: c.ledgerSeq })
    },
  )
}
