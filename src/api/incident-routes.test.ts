import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { NOTICE_OF, PARTY_A, PARTY_B, bearer, makeStoreFixture } from '../../test/support/api-test-support.js'
import type { StoreFixture } from '../../test/support/api-test-support.js'

/** The fixture's audit `au-test` opened this incident; its report was due 24 hours after discovery. */
const INCIDENT = 'inc-test'
const DISCOVERED = '2025-08-06T09:00:00.000Z'
const DEADLINE = '2025-08-07T09:00:00.000Z'

describe('the incident routes: reported and closed through the API, by the caller’s person', () => {
  let fx: StoreFixture
  let app: FastifyInstance

  before(async () => {
    fx = await makeStoreFixture()
    await fx.store.incidents.insert({ id: INCIDENT, auditId: 'au-test', openedAt: DISCOVERED, reportDeadline: DEADLINE, record: { incidentId: INCIDENT } })
    // The app's clock (a simulation store's) is three hours past the deadline.
    app = await buildApp({ store: fx.store, keys: undefined, now: () => new Date('2025-08-07T12:00:00Z') })
  })
  after(async () => {
    await app.close()
    await fx.close()
  })

  it('reports late, refuses a close while the recalls are open (409, naming them), closes with a reason, and lists the lifecycle', async () => {
    const person = ((await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(fx.keys.supervisor) })).json() as { person: string }).person
    const reported = await app.inject({ method: 'POST', url: `/v1/incidents/${INCIDENT}/report`, headers: bearer(fx.keys.supervisor), payload: { reference: 'TIGTA 2025-0807' } })
    assert.equal(reported.statusCode, 200, reported.body)
    assert.deepEqual(reported.json(), {
      incidentId: INCIDENT,
      auditId: 'au-test',
      reportedTo: ['TIGTA', 'IRS Office of Safeguards'],
      reportedBy: person,
      reportedAt: '2025-08-07T12:00:00.000Z',
      deadline: DEADLINE,
      late: true,
      reference: 'TIGTA 2025-0807',
      ledgerSeq: (reported.json() as { ledgerSeq: number }).ledgerSeq,
    })
    const again = await app.inject({ method: 'POST', url: `/v1/incidents/${INCIDENT}/report`, headers: bearer(fx.keys.admin), payload: {} })
    assert.equal(again.statusCode, 409, again.body)

    const refused = await app.inject({ method: 'POST', url: `/v1/incidents/${INCIDENT}/closure`, headers: bearer(fx.keys.supervisor), payload: { reason: 'done' } })
    assert.equal(refused.statusCode, 409, refused.body)
    assert.match(refused.json().error.message, new RegExp(`${NOTICE_OF[PARTY_A]}.*${NOTICE_OF[PARTY_B]}`))

    const closed = await app.inject({ method: 'POST', url: `/v1/incidents/${INCIDENT}/closure`, headers: bearer(fx.keys.supervisor), payload: { reason: 'referred to counsel', close_anyway: 'the recipients dispute the recall' } })
    assert.equal(closed.statusCode, 200, closed.body)
    assert.deepEqual((closed.json() as { openNotices: string[] }).openNotices, [NOTICE_OF[PARTY_A], NOTICE_OF[PARTY_B]])

    const list = await app.inject({ method: 'GET', url: '/v1/oversight/incidents', headers: bearer(fx.keys.overseer) })
    assert.equal(list.statusCode, 200, list.body)
    const [incident] = (list.json() as { incidents: { incidentId: string; stage: string; reporting: string; closure: { closedAnywayReason: string } }[] }).incidents
    assert.deepEqual([incident?.incidentId, incident?.stage, incident?.reporting, incident?.closure.closedAnywayReason], [INCIDENT, 'closed', 'late', 'the recipients dispute the recall'])

    const entries = await fx.store.ledger.size()
    const [report, closure] = [await fx.store.ledger.get(entries - 2), await fx.store.ledger.get(entries - 1)]
    assert.deepEqual([report?.kind, report?.actor, closure?.kind, closure?.actor], ['incident_report', person, 'incident_closure', person])
  })
})
