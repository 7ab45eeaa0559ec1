/**
 * Issue 21: the oversight page shows the retention purges (batch, when, what, by whom, under
 * which rule, the ledger entry), read from the store, through the real web plugin and an
 * overseer's signed-in session.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import { hashApiKey, newApiKey } from '../core/index.js'
import { purgeExpired, runAudit } from '../workflow/index.js'
import { createSessionStore } from './sessions.js'
import { SESSION_COOKIE, SIGN_IN_COOKIE, webPlugin } from './web-plugin.js'
import { agreement, recordHistory } from '../../test/support/audit-test-support.js'
import type { History } from '../../test/support/audit-test-support.js'
import { cookieOf, csrfOf } from '../../test/support/web-test-support.js'

describe('the oversight page lists the retention purges', () => {
  let h: History
  let app: FastifyInstance
  let session: string

  before(async () => {
    h = await recordHistory(1000, 150, 5)
    const at = '2025-08-01T00:00:00.000Z'
    await h.store.parties.add({ id: 'tigta', name: 'TIGTA', kind: 'overseer', createdAt: at })
    const { key, prefix } = newApiKey()
    await h.store.parties.addCredential({ id: 'ovr-dana', partyId: 'tigta', role: 'overseer', keyPrefix: prefix, keyHash: await hashApiKey(key, { N: 1024, r: 8, p: 1 }), createdAt: at })
    app = Fastify()
    await app.register(webPlugin, { store: h.store, keys: h.keys, now: () => new Date('2027-01-15T10:00:00Z'), sessions: createSessionStore({ now: () => Date.parse('2027-01-15T10:00:00Z') }) })
    await app.ready()
    const page = await app.inject({ method: 'GET', url: '/ui/sign-in' })
    const pre = cookieOf(page.headers['set-cookie'], SIGN_IN_COOKIE)!
    const res = await app.inject({
      method: 'POST',
      url: '/ui/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${SIGN_IN_COOKIE}=${pre}` },
      payload: new URLSearchParams({ _csrf: csrfOf(page.body), user: 'ovr-dana', key, next: '/ui/oversight' }).toString(),
    })
    assert.equal(res.statusCode, 303, res.body)
    session = cookieOf(res.headers['set-cookie'], SESSION_COOKIE)!
  })
  after(async () => {
    await app.close()
    await h.store.close()
    rmSync(h.dir, { recursive: true, force: true })
  })

  const oversight = async () => {
    const page = await app.inject({ method: 'GET', url: '/ui/oversight', headers: { cookie: `${SESSION_COOKIE}=${session}` } })
    assert.equal(page.statusCode, 200)
    return page.body
  }

  it('says none was purged, then shows the purge: batch, when, by whom, rows, files with digests, rule and ledger entry', async () => {
    assert.match(await oversight(), /No batch has been purged\./)
    await runAudit(h.store, { agreement: agreement('as-run'), now: () => new Date('2026-03-10T09:00:00.000Z') })
    const run = await purgeExpired(h.store, { actor: 'rita.records', now: () => new Date('2027-01-15T09:00:00.000Z') })
    const purged = run.batches.find((b) => b.state === 'purged')
    assert.ok(purged, JSON.stringify(run.batches.map((b) => [b.batchId, b.state, b.holds])))
    const body = await oversight()
    const row = new RegExp(`<tr id="purge-${purged.batchId}">(.*?)</tr>`).exec(body)?.[1]
    assert.ok(row, 'the purged batch has a row')
    assert.match(row, /2027-01-15/)
    assert.match(row, /rita\.records/)
    assert.match(row, new RegExp(`>${purged.requests}<`))
    assert.match(row, new RegExp(`response <code>response-${purged.batchId}\\.csv</code>`))
    assert.match(row, new RegExp(purged.files[0]!.digest.slice(0, 19)))
    assert.match(row, /365 days after the batch&#39;s last activity|365 days after the batch's last activity/)
    assert.match(row, new RegExp(`<td>${purged.ledgerSeq}</td>`))
    assert.equal(body.match(/<tr id="purge-/g)?.length, 1, 'only the purged batch is listed')
  })
})
