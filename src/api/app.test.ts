import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { rawDatabaseForTamperTests } from '../store/index.js'
import { buildApp } from './app.js'
import { ROUTES } from './route-table.js'
import { BATCH_OF, NOTICE_OF, PARTY_A, bearer, makeStoreFixture } from '../../test/support/api-test-support.js'
import type { StoreFixture } from '../../test/support/api-test-support.js'

const NOW = () => new Date('2025-08-07T12:00:00Z')

/** Asserts the one error shape, and returns the error. */
function errorOf(res: { statusCode: number; body: string }, status: number, code: string): { code: string; message: string; field?: string } {
  assert.equal(res.statusCode, status, res.body)
  const body = JSON.parse(res.body) as { error: { code: string; message: string; field?: string } }
  assert.deepEqual(Object.keys(body), ['error'])
  assert.equal(body.error.code, code, res.body)
  assert.ok(body.error.message.length > 0)
  return body.error
}

describe('the API app', () => {
  let fx: StoreFixture
  let app: FastifyInstance
  const logLines: string[] = []

  before(async () => {
    fx = await makeStoreFixture()
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString())
        done()
      },
    })
    app = await buildApp({ store: fx.store, now: NOW, limits: { bodyBytes: 4096, requestsPerMinute: 1000 }, logger: { level: 'info', stream } })
  })
  after(async () => {
    await app.close()
    await fx.close()
  })

  describe('the OpenAPI document', () => {
    it('is an OpenAPI 3 document with every route, each with its schemas, security and error responses', async () => {
      const res = await app.inject({ method: 'GET', url: '/openapi.json' })
      assert.equal(res.statusCode, 200)
      const doc = res.json() as { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Record<string, unknown>>>; components: { securitySchemes: Record<string, unknown> } }
      assert.match(doc.openapi, /^3\.0\.\d$/)
      assert.ok(doc.info.title && doc.info.version)
      assert.ok(doc.components.securitySchemes['bearerAuth'])
      const operationIds = new Set<string>()
      for (const route of ROUTES) {
        const path = route.url.replace(/:(\w+)/g, '{$1}')
        const op = doc.paths[path]?.[route.method.toLowerCase()] as
          | { operationId: string; summary: string; responses: Record<string, { content?: Record<string, { schema?: unknown }> }>; security?: unknown[]; parameters?: { in: string; name: string; required?: boolean }[]; requestBody?: { content: Record<string, { schema: unknown }> } }
          | undefined
        assert.ok(op, `${route.method} ${path} is documented`)
        assert.equal(op.operationId, route.id)
        operationIds.add(op.operationId)
        assert.ok(op.summary.length > 0)
        const ok = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s))
        assert.ok(ok.length > 0, `${route.id} documents a success response`)
        if (route.id !== 'openapi') for (const s of ok) assert.ok(op.responses[s]!.content, `${route.id} ${s} has a schema`)
        if (route.id !== 'openapi') assert.ok(Object.values(op.responses['4XX']?.content ?? {})[0]?.schema, `${route.id} documents its errors`)
        assert.equal(Boolean(op.security), route.roles !== 'public', `${route.id} security`)
        const pathParams = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1])
        assert.deepEqual((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort(), pathParams.sort(), `${route.id} path parameters`)
        for (const p of (op.parameters ?? []).filter((p) => p.in === 'path')) assert.equal(p.required, true)
        if (route.method === 'POST' && route.id !== 'batches.submit') assert.ok(op.requestBody?.content['application/json']?.schema, `${route.id} request body`)
      }
      assert.equal(operationIds.size, ROUTES.length)
      assert.ok(doc.paths['/v1/batches']!['post']!['requestBody'], 'the upload documents its body types')
    })

    it('serves a readable reference page at /docs', async () => {
      const res = await app.inject({ method: 'GET', url: '/docs' })
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /Swagger UI/)
    })
  })

  describe('malformed input', () => {
    const overseer = () => bearer(fx.keys.overseer)
    const reviewer = () => bearer(fx.keys.reviewer)

    it('answers bad JSON with invalid_json', async () => {
      const res = await app.inject({ method: 'POST', url: '/v1/oversight/accounting', headers: { ...overseer(), 'content-type': 'application/json' }, payload: '{"subject": ' })
      errorOf(res, 400, 'invalid_json')
    })

    it('answers a wrong type with invalid_input naming the field', async () => {
      const res = await app.inject({ method: 'POST', url: '/v1/oversight/accounting', headers: overseer(), payload: { subject: 42 } })
      assert.equal(errorOf(res, 400, 'invalid_input').field, 'body.subject')
    })

    it('answers an unknown field with unknown_field naming it, instead of dropping it', async () => {
      const res = await app.inject({ method: 'POST', url: `/v1/review/cases/${BATCH_OF[PARTY_A]}/R1/approve`, headers: reviewer(), payload: { reason: 'ok', approver: 'someone else' } })
      assert.equal(errorOf(res, 400, 'unknown_field').field, 'body.approver')
    })

    it('answers a missing field and a blank reason with invalid_input', async () => {
      errorOf(await app.inject({ method: 'POST', url: `/v1/review/cases/${BATCH_OF[PARTY_A]}/R1/reject`, headers: reviewer(), payload: {} }), 400, 'invalid_input')
      errorOf(await app.inject({ method: 'POST', url: `/v1/review/cases/${BATCH_OF[PARTY_A]}/R1/reject`, headers: reviewer(), payload: { reason: '' } }), 400, 'invalid_input')
    })

    it('answers a body over the limit with 413 body_too_large', async () => {
      const res = await app.inject({ method: 'POST', url: '/v1/oversight/accounting', headers: overseer(), payload: { subject: 'x'.repeat(10_000) } })
      errorOf(res, 413, 'body_too_large')
    })

    it('answers path traversal in a name with 400, reaching no file', async () => {
      for (const url of [`/v1/batches/..%2F..%2Fetc%2Fpasswd/response`, `/v1/batches/b-${'a'.repeat(19)}%2F/response`, `/v1/batches/..%2Fverigate.sqlite`]) {
        const res = await app.inject({ method: 'GET', url, headers: bearer(fx.keys.requester) })
        assert.equal(errorOf(res, 400, 'invalid_input').field, 'params.batchId')
      }
    })

    it('answers bad query numbers with invalid_input', async () => {
      errorOf(await app.inject({ method: 'GET', url: '/v1/ledger/proofs/inclusion?seq=-1&tree_size=1', headers: overseer() }), 400, 'invalid_input')
      errorOf(await app.inject({ method: 'GET', url: '/v1/ledger/proofs/inclusion?seq=abc&tree_size=1', headers: overseer() }), 400, 'invalid_input')
      errorOf(await app.inject({ method: 'GET', url: '/v1/ledger/proofs/consistency?from=0&to=0&extra=1', headers: overseer() }), 400, 'unknown_field')
    })

    it('answers an unknown route with route_not_found, and a wrong content type with 415', async () => {
      errorOf(await app.inject({ method: 'GET', url: '/v1/master/records' }), 404, 'route_not_found')
      const res = await app.inject({ method: 'POST', url: '/v1/oversight/accounting', headers: { ...overseer(), 'content-type': 'application/xml' }, payload: '<subject/>' })
      errorOf(res, 415, 'unsupported_media_type')
    })

    it('stays healthy after all of it', async () => {
      const res = await app.inject({ method: 'GET', url: '/health' })
      assert.equal(res.statusCode, 200)
      assert.equal(res.json().status, 'ok')
    })
  })

  describe('answers', () => {
    it('refuses a certificate that does not match its notice with the workflow’s code and field, recording nothing', async () => {
      const res = await app.inject({
        method: 'POST',
        url: `/v1/recalls/${NOTICE_OF[PARTY_A]}/certification`,
        headers: bearer(fx.keys.requester),
        payload: { noticeId: NOTICE_OF[PARTY_A], recipient: PARTY_A, disclosureIds: ['d-1', 'd-9'], disposedAt: '2025-08-01T00:00:00Z', method: 'destroy', methodDetail: 'purge', certifiedBy: 'officer' },
      })
      assert.equal(errorOf(res, 422, 'disclosures_not_recalled').field, 'body.disclosureIds')
      assert.equal(await fx.store.certifications.forRecall(NOTICE_OF[PARTY_A]!), undefined)
    })

    it('refuses a certificate of the wrong method, recipient and records with every reason in error.issues (422), recording nothing', async () => {
      const size = await fx.store.ledger.size()
      const res = await app.inject({
        method: 'POST',
        url: `/v1/recalls/${NOTICE_OF[PARTY_A]}/certification`,
        headers: bearer(fx.keys.requester),
        payload: { noticeId: NOTICE_OF[PARTY_A], recipient: 'someone-else', disclosureIds: ['d-9'], disposedAt: '2025-08-01T00:00:00Z', method: 'return', methodDetail: 'returned by courier', certifiedBy: 'officer' },
      })
      const error = errorOf(res, 422, 'recipient_mismatch') as { message: string; field?: string; issues?: { code: string; message: string; field?: string }[] }
      assert.equal(error.field, 'body.recipient')
      assert.deepEqual(
        error.issues?.map((i) => [i.code, i.field]),
        [
          ['recipient_mismatch', 'body.recipient'],
          ['method_mismatch', 'body.method'],
          ['disclosures_not_recalled', 'body.disclosureIds'],
          ['disclosures_not_covered', 'body.disclosureIds'],
        ],
      )
      assert.match(error.message, /refused for 4 reasons: .*asks for its destruction \(method: destroy\)/)
      assert.equal(await fx.store.certifications.forRecall(NOTICE_OF[PARTY_A]!), undefined)
      assert.equal(await fx.store.ledger.size(), size)
    })

    it('records a good certificate once (201), and refuses a second with 409', async () => {
      const payload = { noticeId: NOTICE_OF[PARTY_A], recipient: PARTY_A, disclosureIds: ['d-1'], disposedAt: '2025-08-01T00:00:00Z', method: 'destroy', methodDetail: 'purge', certifiedBy: 'officer' }
      const first = await app.inject({ method: 'POST', url: `/v1/recalls/${NOTICE_OF[PARTY_A]}/certification`, headers: bearer(fx.keys.requester), payload })
      assert.equal(first.statusCode, 201, first.body)
      assert.equal(first.json().late, false)
      errorOf(await app.inject({ method: 'POST', url: `/v1/recalls/${NOTICE_OF[PARTY_A]}/certification`, headers: bearer(fx.keys.requester), payload }), 409, 'already_certified')
    })

    it('records a requester’s acknowledgement of its own notice once (201), answers a repeat with the first (200), and lists it', async () => {
      const url = `/v1/recalls/${NOTICE_OF[PARTY_A]}/acknowledgement`
      const first = await app.inject({ method: 'POST', url, headers: bearer(fx.keys.requester), payload: {} })
      assert.equal(first.statusCode, 201, first.body)
      const ack = first.json() as { notice_id: string; party: string; actor: string; acknowledged_at: string; ledger_seq: number; created: boolean }
      assert.deepEqual(ack, { notice_id: NOTICE_OF[PARTY_A], party: PARTY_A, actor: 'key-requester', acknowledged_at: NOW().toISOString(), ledger_seq: ack.ledger_seq, created: true })
      const entry = await fx.store.ledger.get(ack.ledger_seq)
      assert.equal(entry?.kind, 'recall_acknowledgement')
      assert.deepEqual(entry?.payload, { noticeId: NOTICE_OF[PARTY_A], recipient: PARTY_A, acknowledgedAt: ack.acknowledged_at })
      const size = await fx.store.ledger.size()
      // No body at all is an acknowledgement too; a repeat answers the first and writes nothing.
      const again = await app.inject({ method: 'POST', url, headers: bearer(fx.keys.requester) })
      assert.equal(again.statusCode, 200, again.body)
      assert.deepEqual(again.json(), { ...ack, created: false })
      assert.equal(await fx.store.ledger.size(), size)
      const listed = (await app.inject({ method: 'GET', url: '/v1/recalls', headers: bearer(fx.keys.requester) })).json() as { notices: { notice_id: string; acknowledgement: unknown }[] }
      assert.deepEqual(listed.notices.map((n) => [n.notice_id, n.acknowledgement]), [[NOTICE_OF[PARTY_A], { acknowledged_at: ack.acknowledged_at, actor: 'key-requester', ledger_seq: ack.ledger_seq }]])
      const theirs = (await app.inject({ method: 'GET', url: '/v1/recalls', headers: bearer(fx.otherRequesterKey) })).json() as { notices: { acknowledgement: unknown }[] }
      assert.deepEqual(theirs.notices.map((n) => n.acknowledgement), [null])
    })

    it('refuses to acknowledge another party’s notice (403), an unknown one (404) and a body with fields (400), recording nothing', async () => {
      const size = await fx.store.ledger.size()
      errorOf(await app.inject({ method: 'POST', url: `/v1/recalls/${NOTICE_OF[PARTY_A]}/acknowledgement`, headers: bearer(fx.otherRequesterKey), payload: {} }), 403, 'forbidden')
      assert.equal(errorOf(await app.inject({ method: 'POST', url: '/v1/recalls/rn-none/acknowledgement', headers: bearer(fx.keys.requester), payload: {} }), 404, 'not_found').field, 'noticeId')
      const extra = await app.inject({ method: 'POST', url: `/v1/recalls/${NOTICE_OF['other-agency']}/acknowledgement`, headers: bearer(fx.otherRequesterKey), payload: { party: PARTY_A } })
      assert.equal(errorOf(extra, 400, 'unknown_field').field, 'body.party')
      assert.equal(await fx.store.acknowledgements.forRecall(NOTICE_OF['other-agency']!), undefined)
      assert.equal(await fx.store.ledger.size(), size)
    })

    it('answers the summary of an unknown batch with 404 not_found in the one error shape, and of a known one with its counts', async () => {
      const missing = await app.inject({ method: 'GET', url: `/v1/oversight/batches/b-${'0'.repeat(20)}`, headers: bearer(fx.keys.overseer) })
      assert.match(errorOf(missing, 404, 'not_found').message, /no batch b-0{20}/)
      const known = await app.inject({ method: 'GET', url: `/v1/oversight/batches/${BATCH_OF[PARTY_A]}`, headers: bearer(fx.keys.analyst) })
      assert.equal(known.statusCode, 200, known.body)
      assert.equal(known.json().batch_id, BATCH_OF[PARTY_A])
      assert.equal(known.json().requested, 0)
      errorOf(await app.inject({ method: 'GET', url: '/v1/oversight/batches/b-nothex', headers: bearer(fx.keys.overseer) }), 400, 'invalid_input')
    })

    it('gives an overseer ledger checkpoints and proofs, and refuses a proof past the ledger', async () => {
      const size = await fx.store.ledger.size()
      assert.ok(size >= 1)
      const cps = await app.inject({ method: 'GET', url: '/v1/ledger/checkpoints', headers: bearer(fx.keys.overseer) })
      assert.equal(cps.statusCode, 200)
      const inclusion = await app.inject({ method: 'GET', url: `/v1/ledger/proofs/inclusion?seq=0&tree_size=${size}`, headers: bearer(fx.keys.overseer) })
      assert.equal(inclusion.statusCode, 200, inclusion.body)
      assert.match(inclusion.json().root_hash, /^[0-9a-f]{64}$/)
      const consistency = await app.inject({ method: 'GET', url: `/v1/ledger/proofs/consistency?from=1&to=${size}`, headers: bearer(fx.keys.overseer) })
      assert.equal(consistency.statusCode, 200, consistency.body)
      errorOf(await app.inject({ method: 'GET', url: `/v1/ledger/proofs/inclusion?seq=0&tree_size=${size + 5}`, headers: bearer(fx.keys.overseer) }), 404, 'not_found')
    })
  })

  describe('logs', () => {
    it('carry ids and codes, never a body, a query string or the key', async () => {
      await app.inject({ method: 'POST', url: '/v1/oversight/accounting', headers: bearer(fx.keys.overseer), payload: { subject: 'tin:987-65-4321' } })
      await app.inject({ method: 'POST', url: `/v1/review/cases/${BATCH_OF[PARTY_A]}/R1/reject`, headers: bearer(fx.keys.reviewer), payload: { reason: 'MARIA GARCIA LIVES ELSEWHERE' } })
      await app.inject({ method: 'GET', url: '/v1/ledger/proofs/inclusion?seq=0&tree_size=1&subject=123456789', headers: bearer(fx.keys.overseer) })
      const text = logLines.join('')
      assert.ok(text.includes('"reqId"'))
      for (const secret of ['987-65-4321', 'MARIA', 'GARCIA', '123456789', fx.keys.overseer, fx.keys.reviewer, 'authorization']) assert.ok(!text.includes(secret), `the log holds ${secret}`)
    })
  })
})

describe('errors of the database', () => {
  it('answer internal with no stack trace and no SQL, and are logged by class only', async () => {
    const fx = await makeStoreFixture()
    const lines: string[] = []
    const stream = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    const app = await buildApp({ store: fx.store, now: NOW, logger: { level: 'info', stream } })
    try {
      // Force a database error: the table the route reads is gone.
      await rawDatabaseForTamperTests(fx.store).schema.alterTable('recalls').renameTo('recalls_moved').execute()
      const res = await app.inject({ method: 'GET', url: '/v1/recalls', headers: bearer(fx.keys.overseer) })
      errorOf(res, 500, 'internal')
      for (const leak of [/select/i, /from\s/i, /recalls/, /sqlite/i, /postgres/i, /relation/i, /no such table/i, /\bat\s+\S+\s*\(/, /\.js:\d+/, /stack/i]) assert.doesNotMatch(res.body, leak)
      const logged = lines.join('')
      assert.match(logged, /"errorClass":"\w*Error"/)
      assert.doesNotMatch(logged, /no such table|does not exist/i)
    } finally {
      await app.close()
      await fx.close()
    }
  })
})

describe('rate limits', () => {
  it('answer 429 rate_limited per party: one party’s burst does not stop another', async () => {
    const fx = await makeStoreFixture()
    const app = await buildApp({ store: fx.store, now: NOW, limits: { requestsPerMinute: 3 } })
    try {
      const call = (key: string) => app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(key) })
      for (let i = 0; i < 3; i++) assert.equal((await call(fx.keys.requester)).statusCode, 200)
      errorOf(await call(fx.keys.requester), 429, 'rate_limited')
      assert.equal((await call(fx.otherRequesterKey)).statusCode, 200)
    } finally {
      await app.close()
      await fx.close()
    }
  })
})
