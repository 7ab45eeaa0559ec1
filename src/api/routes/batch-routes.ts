/**
 * Batches for requesting parties: submit a request file (CSV or JSON Lines, streamed), follow
 * its progress, download the response once released; and, for supervisors, release the
 * reviewed cases. A requester sees only its own batches.
 */
import { createReadStream, existsSync } from 'node:fs'
import type { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { Batch } from '../../store/index.js'
import { GivenTimeRefused, disclosuresSoFar, reachedCap } from '../../workflow/index.js'
import type { ApiContext } from '../api-context.js'
import { need } from '../api-context.js'
import { assertOwner, isPartyScoped } from '../auth.js'
import type { BatchJob, UploadFormat } from '../batch-service.js'
import { defineRoute } from '../define-route.js'
import { ApiError } from '../errors.js'
import { accessOf, principalOf } from '../request-principal.js'
import { batchAcceptedSchema, batchListSchema, batchParams, batchStatusSchema, releaseBody, releaseSchema, submitQuery } from '../schemas.js'

/** The content types a batch upload may have, and the format each means. */
export const UPLOAD_TYPES: Readonly<Record<string, UploadFormat>> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/jsonlines': 'jsonl',
}

function statusOf(batchId: string, batch: Batch | undefined, job: BatchJob | undefined): Record<string, unknown> {
  const failed = job?.state === 'failed'
  const status = failed ? 'failed' : batch?.status === 'running' || !batch ? (job?.state === 'queued' ? 'queued' : 'running') : batch.status
  const released = batch?.status === 'complete' || batch?.status === 'awaiting_review'
  return {
    batch_id: batchId,
    party: batch?.requesterPartyId ?? job?.partyId ?? '',
    status,
    created_at: batch?.createdAt ?? null,
    updated_at: batch?.updatedAt ?? null,
    progress: job ? { state: job.state, stage: job.stage, done: job.done, total: job.total } : null,
    error: job?.error ?? null,
    summary: (batch?.summary as Record<string, unknown> | null | undefined) ?? null,
    response_url: released ? `/v1/batches/${batchId}/response` : null,
  }
}

/** Registers the batch routes. */
export function batchRoutes(app: FastifyInstance, context: ApiContext): void {
  // Uploads are streamed to disk by the handler, never buffered: the parser hands over the stream.
  app.addContentTypeParser(Object.keys(UPLOAD_TYPES), (_request, payload, done) => done(null, payload))

  defineRoute(
    app,
    'batches.submit',
    {
      summary: 'Submit a batch of requests (CSV or JSON Lines), run under the server’s agreement.',
      description:
        'The body is the request file, streamed to disk (Content-Type text/csv or application/x-ndjson). The same file submitted twice is the same batch (`created: false`). Refused with `volume_cap_reached` (429) when a cap of the agreement is already reached.',
      tags: ['batches'],
      querystring: submitQuery,
      consumes: Object.keys(UPLOAD_TYPES),
      streamedBody: { type: 'string', format: 'binary', description: 'The request file: CSV with a header row, or JSON Lines (one request record per line).' },
      response: { 200: batchAcceptedSchema, 202: batchAcceptedSchema },
    },
    async (request, reply) => {
      const batches = need(context.batches, '--agreement and --master (batches)')
      const principal = principalOf(request)
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
      const format = (request.query as { format?: UploadFormat }).format ?? UPLOAD_TYPES[type]
      if (!format || !UPLOAD_TYPES[type]) throw new ApiError(415, 'unsupported_media_type', `send the request file as ${Object.keys(UPLOAD_TYPES).join(' or ')}`, 'content-type')
      const cap = reachedCap(batches.agreement, await disclosuresSoFar(context.store, batches.agreement, principal.partyId, context.now()))
      if (cap) throw new ApiError(429, 'volume_cap_reached', `the agreement’s cap of ${cap.max} disclosures per ${cap.period} is reached: no batch is accepted until the period ends`, `caps.${cap.period}`)
      const { batchId, created } = await batches.submit(principal.partyId, request.body as Readable, format, context.limits.uploadBytes)
      request.log.info({ batchId, created }, 'batch submitted')
      return reply.code(created ? 202 : 200).send({ batch_id: batchId, created, status_url: `/v1/batches/${batchId}` })
    },
  )

  defineRoute(app, 'batches.list', { summary: 'List batches (a requester: its own).', tags: ['batches'], response: { 200: batchListSchema } }, async (request) => {
    const principal = principalOf(request)
    const own = isPartyScoped(accessOf(request), principal)
    const stored = (await context.store.batches.list()).filter((b) => !own || b.requesterPartyId === principal.partyId)
    return { batches: stored.map((b) => statusOf(b.id, b, context.batches?.job(b.id))) }
  })

  defineRoute(
    app,
    'batches.get',
    { summary: 'A batch’s status, with its progress while it runs and its summary once done.', tags: ['batches'], params: batchParams, response: { 200: batchStatusSchema } },
    async (request) => {
      const { batchId } = request.params as { batchId: string }
      const batch = await context.store.batches.get(batchId)
      const job = context.batches?.job(batchId)
      if (!batch && !job) throw new ApiError(404, 'not_found', `no batch ${batchId}`, 'batchId')
      assertOwner(accessOf(request), principalOf(request), batch?.requesterPartyId ?? job!.partyId, `batch ${batchId}`)
      return statusOf(batchId, batch, job)
    },
  )

  defineRoute(
    app,
    'batches.response',
    {
      summary: 'Download the response file of a released batch (CSV: the permitted fields only).',
      tags: ['batches'],
      params: batchParams,
      produces: ['text/csv'],
      response: { 200: { type: 'string', description: 'The response file (CSV).' } },
    },
    async (request, reply) => {
      const { batchId } = request.params as { batchId: string }
      const batch = await context.store.batches.get(batchId)
      if (!batch) throw new ApiError(404, 'not_found', `no batch ${batchId}`, 'batchId')
      assertOwner(accessOf(request), principalOf(request), batch.requesterPartyId, `batch ${batchId}`)
      const batches = need(context.batches, '--agreement and --master (batches)')
      const path = batches.responsePath(batchId)
      if ((batch.status !== 'complete' && batch.status !== 'awaiting_review') || !existsSync(path)) throw new ApiError(409, 'not_released', `batch ${batchId} is ${batch.status}: its response is not ready`, 'batchId')
      request.log.info({ batchId }, 'response downloaded')
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="response-${batchId}.csv"`).send(createReadStream(path))
    },
  )

  defineRoute(
    app,
    'batches.release',
    {
      summary: 'Release the approved review cases of a batch and withhold the rejected ones (supervisor).',
      tags: ['batches', 'review'],
      params: batchParams,
      body: releaseBody,
      response: { 200: releaseSchema },
    },
    async (request) => {
      const batches = need(context.batches, '--agreement and --master (batches)')
      const { batchId } = request.params as { batchId: string }
      const body = (request.body ?? {}) as { release_at?: string }
      if (!(await context.store.batches.get(batchId))) throw new ApiError(404, 'not_found', `no batch ${batchId}`, 'batchId')
      // A real store releases at the server's clock: a given time is a simulation's, refused here before anything is written.
      if (context.store.mode === 'real' && body.release_at !== undefined) throw new ApiError(400, 'release_at_refused', new GivenTimeRefused('release_at', body.release_at).message, 'body.release_at')
      const result = await batches.release(batchId, body.release_at ? new Date(body.release_at).toISOString() : undefined, principalOf(request).person)
      request.log.info({ batchId, released: result.released, withheld: result.withheld }, 'reviewed cases released')
      return { batch_id: batchId, ...result }
    },
  )
}
