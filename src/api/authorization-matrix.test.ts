import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import Fastify from 'fastify'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { API_ROLES } from '../core/index.js'
import type { ApiRole } from '../core/index.js'
import { buildApp, guardRoutes } from './app.js'
import { ROUTES } from './route-table.js'
import type { RouteAccess } from './route-table.js'
import { BATCH_OF, NOTICE_OF, PARTY_A, PARTY_B, bearer, makeStoreFixture } from '../../test/support/api-test-support.js'
import type { StoreFixture } from '../../test/support/api-test-support.js'

/**
 * One sample request per route, for a resource owned by `owner`. A route in the table without a
 * sample here fails the test: adding a route means saying who may call it and testing it.
 */
const SAMPLES: Readonly<Record<string, (owner: string) => Omit<InjectOptions, 'method' | 'headers'> & { headers?: Record<string, string> }>> = {
  health: () => ({ url: '/health' }),
  ready: () => ({ url: '/ready' }),
  metrics: () => ({ url: '/metrics' }),
  openapi: () => ({ url: '/openapi.json' }),
  whoami: () => ({ url: '/v1/whoami' }),
  'batches.submit': () => ({ url: '/v1/batches', payload: 'id,surname\nR1,SMITH\n', headers: { 'content-type': 'text/csv' } }),
  'batches.list': () => ({ url: '/v1/batches' }),
  'batches.get': (owner) => ({ url: `/v1/batches/${BATCH_OF[owner]}` }),
  'batches.response': (owner) => ({ url: `/v1/batches/${BATCH_OF[owner]}/response` }),
  'batches.release': (owner) => ({ url: `/v1/batches/${BATCH_OF[owner]}/release`, payload: {} }),
  verify: () => ({ url: '/v1/verify', payload: { id: 'R1', surname: 'SMITH' } }),
  'recalls.list': () => ({ url: '/v1/recalls' }),
  'recalls.acknowledge': (owner) => ({ url: `/v1/recalls/${NOTICE_OF[owner]}/acknowledgement`, payload: {} }),
  'recalls.notice': (owner) => ({ url: `/v1/recalls/${NOTICE_OF[owner]}/notice` }),
  'recalls.attachment': (owner) => ({ url: `/v1/recalls/${NOTICE_OF[owner]}/notice.csv` }),
  'recalls.certify': (owner) => ({
    url: `/v1/recalls/${NOTICE_OF[owner]}/certification`,
    payload: { noticeId: NOTICE_OF[owner], recipient: owner, disclosureIds: ['d-1'], disposedAt: '2026-02-01T00:00:00Z', method: 'destroy', methodDetail: 'NIST SP 800-88 purge', certifiedBy: 'records officer' },
  }),
  'review.list': () => ({ url: '/v1/review/cases' }),
  'review.show': (owner) => ({ url: `/v1/review/cases/${BATCH_OF[owner]}/R1` }),
  'review.approve': (owner) => ({ url: `/v1/review/cases/${BATCH_OF[owner]}/R1/approve`, payload: { reason: 'same person' } }),
  'review.reject': (owner) => ({ url: `/v1/review/cases/${BATCH_OF[owner]}/R1/reject`, payload: { reason: 'not the same person' } }),
  'oversight.batches': () => ({ url: '/v1/oversight/batches' }),
  'oversight.batch': (owner) => ({ url: `/v1/oversight/batches/${BATCH_OF[owner]}` }),
  'oversight.audits': () => ({ url: '/v1/oversight/audits' }),
  'oversight.audit': () => ({ url: '/v1/oversight/audits/au-none' }),
  'oversight.incidents': () => ({ url: '/v1/oversight/incidents' }),
  'incidents.report': () => ({ url: '/v1/incidents/inc-none/report', payload: { to: ['TIGTA'] } }),
  'incidents.close': () => ({ url: '/v1/incidents/inc-none/closure', payload: { reason: 'every notice certified' } }),
  'oversight.accounting': () => ({ url: '/v1/oversight/accounting', payload: { subject: 'tin:123-45-6789' } }),
  'ledger.checkpoints': () => ({ url: '/v1/ledger/checkpoints' }),
  'ledger.inclusion': () => ({ url: '/v1/ledger/proofs/inclusion?seq=0&tree_size=1' }),
  'ledger.consistency': () => ({ url: '/v1/ledger/proofs/consistency?from=0&to=0' }),
  'parties.list': () => ({ url: '/v1/parties' }),
}

/** What a call should get: `allowed` (anything but 401/403, and never a 5xx other than 503 for a service not started), or 403. */
function expected(route: RouteAccess, role: ApiRole, owner: string): 'allowed' | 403 {
  if (route.roles === 'public') return 'allowed'
  if (!route.roles.includes(role)) return 403
  if (route.scope === 'party' && role === 'requester' && owner !== PARTY_A) {
    // Listing routes filter to the caller's own; routes on one resource refuse another party's.
    return route.url.includes(':') ? 403 : 'allowed'
  }
  return 'allowed'
}

describe('the authorization matrix: every route × every role × own/other party', () => {
  let fx: StoreFixture
  let app: FastifyInstance

  before(async () => {
    fx = await makeStoreFixture()
    // Every route is tried with six bad keys from the one test address: no failure limit here
    // (test/attacks/auth-failure-burst.test.ts holds the limit).
    app = await buildApp({ store: fx.store, keys: undefined, now: () => new Date('2025-08-07T12:00:00Z'), limits: { authFailuresPerMinute: 1_000_000 } })
  })
  after(async () => {
    await app.close()
    await fx.close()
  })

  it('has a sample request for every route in the table, and no sample without a route', () => {
    assert.deepEqual(Object.keys(SAMPLES).sort(), ROUTES.map((r) => r.id).sort())
  })

  it('documents every route of the table in the OpenAPI document, and nothing else', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> }
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
    const table = ROUTES.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`)
    assert.deepEqual(documented.sort(), table.sort())
  })

  for (const route of ROUTES) {
    for (const role of API_ROLES) {
      for (const owner of [PARTY_A, PARTY_B]) {
        const want = expected(route, role, owner)
        it(`${route.method} ${route.url} as ${role} on ${owner === PARTY_A ? 'its own' : 'another'} party’s resource: ${want === 403 ? '403' : 'allowed'}`, async () => {
          const sample = SAMPLES[route.id]!(owner)
          const res = await app.inject({ method: route.method, ...sample, headers: { ...sample.headers, ...bearer(fx.keys[role]) } })
          if (want === 403) {
            assert.equal(res.statusCode, 403, res.body)
            assert.equal(res.json().error.code, 'forbidden')
          } else {
            assert.ok(res.statusCode !== 401 && res.statusCode !== 403, `${res.statusCode} ${res.body}`)
            assert.ok(res.statusCode < 500 || res.statusCode === 503, `${res.statusCode} ${res.body}`)
          }
        })
      }
    }
    if (route.roles === 'public') continue
    it(`${route.method} ${route.url}: 401 with no key, a malformed key, an unknown key, a wrong secret and a revoked key`, async () => {
      const sample = SAMPLES[route.id]!(PARTY_A)
      const good = fx.keys.requester
      const wrongSecret = `${good.slice(0, 16)}${good[16] === 'A' ? 'B' : 'A'}${good.slice(17)}`
      for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: `Basic ${good}` }, bearer(`vg_000000000000_${'A'.repeat(43)}`), bearer(wrongSecret), bearer(fx.revokedKey)]) {
        const res = await app.inject({ method: route.method, ...sample, headers: { ...sample.headers, ...headers } })
        assert.equal(res.statusCode, 401, `${JSON.stringify(headers)}: ${res.body}`)
        assert.equal(res.json().error.code, 'unauthenticated')
      }
    })
  }

  it('lists only a requester’s own batches and notices, and every party’s to an overseer', async () => {
    const own = (await app.inject({ method: 'GET', url: '/v1/batches', headers: bearer(fx.keys.requester) })).json() as { batches: { batch_id: string }[] }
    assert.deepEqual(own.batches.map((b) => b.batch_id), [BATCH_OF[PARTY_A]])
    const other = (await app.inject({ method: 'GET', url: '/v1/recalls', headers: bearer(fx.otherRequesterKey) })).json() as { notices: { notice_id: string }[] }
    assert.deepEqual(other.notices.map((n) => n.notice_id), [NOTICE_OF[PARTY_B]])
    const all = (await app.inject({ method: 'GET', url: '/v1/recalls', headers: bearer(fx.keys.overseer) })).json() as { notices: unknown[] }
    assert.equal(all.notices.length, 2)
  })

  it('refuses to register a route that is not in the table', async () => {
    const bare = Fastify()
    guardRoutes(bare)
    assert.throws(() => bare.get('/v1/master-records', async () => ({})), /no entry in the route table/)
    await bare.close()
  })
})
