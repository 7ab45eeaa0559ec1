/**
 * Oversight: batch and audit summaries, the accounting of disclosures about one person
 * (5 U.S.C. 552a(c)), ledger checkpoints, and the inclusion and consistency proofs an overseer
 * checks with the standalone verifier (RFC 6962 §2.1).
 */
import type { FastifyInstance } from 'fastify'
import { hashLeaf } from '../../ledger/index.js'
import { PUBLICATION_1075_RECIPIENTS, accountingFor, closeIncident, incidentLifecycles, loadAudit, parseSubject, reportIncident, summarizeBatch } from '../../workflow/index.js'
import type { ApiContext } from '../api-context.js'
import { need } from '../api-context.js'
import { defineRoute } from '../define-route.js'
import { ApiError } from '../errors.js'
import { principalOf } from '../request-principal.js'
import {
  accountingBody,
  accountingSchema,
  auditListSchema,
  auditParams,
  auditSchema,
  batchParams,
  batchSummarySchema,
  checkpointListSchema,
  consistencyQuery,
  consistencySchema,
  inclusionQuery,
  inclusionSchema,
  incidentCloseBody,
  incidentListSchema,
  incidentParams,
  incidentReportBody,
  incidentStepSchema,
  oversightBatchesSchema,
} from '../schemas.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

/** Registers the oversight and ledger routes. */
export function oversightRoutes(app: FastifyInstance, context: ApiContext): void {
  const { store } = context
  defineRoute(app, 'oversight.batches', { summary: 'Every batch with its summary (counts only).', tags: ['oversight'], response: { 200: oversightBatchesSchema } }, async () => {
    const batches = await store.batches.list()
    return {
      batches: batches.map((b) => ({
        batch_id: b.id,
        agreement: `${b.agreementId} ${b.agreementVersion}`,
        requester: b.requesterPartyId,
        status: b.status,
        created_at: b.createdAt,
        updated_at: b.updatedAt,
        summary: (b.summary as Record<string, unknown> | null) ?? null,
      })),
    }
  })
  defineRoute(
    app,
    'oversight.batch',
    {
      summary: 'One batch’s summary, read from the store now (counts only): after reviews are released it is current, where the stored one is as of the run.',
      tags: ['oversight'],
      params: batchParams,
      response: { 200: batchSummarySchema },
    },
    async (request) => {
      const { batchId } = request.params as { batchId: string }
      // An unknown batch is the workflow's NotFoundError: 404 in the one error shape.
      const { summary } = await summarizeBatch(store, batchId, { masterDigest: '', thresholds: { match: 0, possible: 0 } })
      return summary
    },
  )
  defineRoute(app, 'oversight.audits', { summary: 'Every retroactive audit.', tags: ['oversight'], response: { 200: auditListSchema } }, async () => {
    const audits = await store.audits.list()
    return {
      audits: audits.map((a) => ({ audit_id: a.id, created_at: a.createdAt, agreement_id: a.agreementId, agreement_digest: a.agreementDigest, result_digest: a.resultDigest, ledger_seq: a.ledgerSeq })),
    }
  })
  defineRoute(app, 'oversight.audit', { summary: 'One audit’s full result: findings by reason, the improper disclosures, incidents.', tags: ['oversight'], params: auditParams, response: { 200: auditSchema } }, async (request) => {
    const { auditId } = request.params as { auditId: string }
    if (!(await store.audits.get(auditId))) throw new ApiError(404, 'not_found', `no audit ${auditId}`, 'auditId')
    return (await loadAudit(store, auditId)) as unknown as Record<string, unknown>
  })
  defineRoute(
    app,
    'oversight.incidents',
    { summary: 'Every incident’s lifecycle: opened, reported (on time or late against the 24-hour deadline), closed; with its overdue recalls and late certificates.', tags: ['oversight'], response: { 200: incidentListSchema } },
    async () => ({ incidents: (await incidentLifecycles(store, (context.givenClock ?? (() => new Date()))())) as unknown as Record<string, unknown>[] }),
  )
  defineRoute(
    app,
    'incidents.report',
    {
      summary: 'Record that an incident was reported to the overseers (a ledger entry), by the caller’s person; late when after the 24-hour deadline.',
      tags: ['oversight'],
      params: incidentParams,
      body: incidentReportBody,
      response: { 200: incidentStepSchema },
    },
    async (request) => {
      const { incidentId } = request.params as { incidentId: string }
      const body = (request.body ?? {}) as { to?: string[]; reference?: string }
      const report = await reportIncident(store, {
        incidentId,
        to: body.to ?? PUBLICATION_1075_RECIPIENTS,
        actor: principalOf(request).person,
        ...(body.reference !== undefined ? { reference: body.reference } : {}),
        ...(context.givenClock ? { at: context.givenClock() } : {}),
      })
      return report as unknown as Record<string, unknown>
    },
  )
  defineRoute(
    app,
    'incidents.close',
    {
      summary: 'Close an incident (a ledger entry), by the caller’s person: 409 while a recall notice of its audit has no certification of disposal, unless `close_anyway` says why.',
      tags: ['oversight'],
      params: incidentParams,
      body: incidentCloseBody,
      response: { 200: incidentStepSchema },
    },
    async (request) => {
      const { incidentId } = request.params as { incidentId: string }
      const body = request.body as { reason: string; close_anyway?: string }
      const closure = await closeIncident(store, {
        incidentId,
        reason: body.reason,
        actor: principalOf(request).person,
        ...(body.close_anyway !== undefined ? { closeAnyway: body.close_anyway } : {}),
        ...(context.givenClock ? { at: context.givenClock() } : {}),
      })
      return closure as unknown as Record<string, unknown>
    },
  )
  defineRoute(
    app,
    'oversight.accounting',
    {
      summary: 'The accounting of disclosures about one person (by TIN, master record id or a request of a batch).',
      description: 'A POST so the person’s identifier never appears in a URL or an access log. The subject is `tin:123-45-6789`, `master:M000000101`, `request:BATCH/REQUEST`, or a bare value; any of them finds every disclosure about the person through the identifiers linked at disclosure time. An empty accounting says in `searched` what it searched; a request not in its batch is a 404 naming it.',
      tags: ['oversight'],
      body: accountingBody,
      response: { 200: accountingSchema },
    },
    async (request) => {
      const keys = need(context.keys, 'the ledger key (--key), which keys the pseudonyms')
      const { subject } = request.body as { subject: string }
      const accounting = await accountingFor(store, keys.holderSecret, parseSubject(subject))
      request.log.info({ entries: accounting.entries.length }, 'accounting read')
      return { subjects: [...accounting.subjects], searched: [...accounting.searched], foundThroughDecisions: accounting.foundThroughDecisions, entries: accounting.entries as unknown as Record<string, unknown>[] }
    },
  )
  defineRoute(app, 'ledger.checkpoints', { summary: 'Every signed checkpoint of the ledger, oldest first.', tags: ['ledger'], response: { 200: checkpointListSchema } }, async () => ({
    checkpoints: [...(await store.ledger.checkpoints())],
  }))
  defineRoute(
    app,
    'ledger.inclusion',
    { summary: 'The inclusion proof of entry `seq` in the tree of the first `tree_size` entries.', tags: ['ledger'], querystring: inclusionQuery, response: { 200: inclusionSchema } },
    async (request) => {
      const { seq, tree_size } = request.query as { seq: number; tree_size: number }
      if (seq >= tree_size) throw new ApiError(400, 'invalid_input', `seq ${seq} is not below tree_size ${tree_size}`, 'query.seq')
      const proof = await store.ledger.inclusionProof(seq, tree_size)
      const encoded = await store.ledger.encoded(seq)
      if (!encoded) throw new ApiError(404, 'not_found', `no ledger entry ${seq}`, 'query.seq')
      return { seq, tree_size, leaf_hash: hex(hashLeaf(encoded)), root_hash: hex(await store.ledger.root(tree_size)), proof: proof.map(hex) }
    },
  )
  defineRoute(
    app,
    'ledger.consistency',
    { summary: 'The consistency proof between the trees of the first `from` and `to` entries.', tags: ['ledger'], querystring: consistencyQuery, response: { 200: consistencySchema } },
    async (request) => {
      const { from, to } = request.query as { from: number; to: number }
      if (from > to) throw new ApiError(400, 'invalid_input', `from ${from} is after to ${to}`, 'query.from')
      const proof = await store.ledger.consistencyProof(from, to)
      return { from, to, from_root: hex(await store.ledger.root(from)), to_root: hex(await store.ledger.root(to)), proof: proof.map(hex) }
    },
  )
}
