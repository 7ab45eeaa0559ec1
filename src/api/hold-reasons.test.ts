import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { HOLD_REASONS } from '../core/index.js'
import { SESSION_COOKIE, SIGN_IN_COOKIE } from '../web/index.js'
import { buildApp } from './app.js'
import { reviewDetailSchema } from './schemas.js'
import { HELD_REQUEST_ID } from '../../test/support/held-case.js'
import { cookieOf, csrfOf, makeWebFixture } from '../../test/support/web-test-support.js'
import type { WebFixture } from '../../test/support/web-test-support.js'

/** The page escapes text as HTML: the words as they appear in it. */
const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')

// A real batch (generated data plus one request two people of one name, birthday and address
// could answer: test/support/held-case.ts), served by the real app: the API with a bearer key,
// the review page with a signed-in reviewer's session cookie.
describe('a candidate held below match: the API and the review page say why', () => {
  let fx: WebFixture
  let app: FastifyInstance

  before(async () => {
    fx = await makeWebFixture(1500, 80, { heldCase: true })
    app = await buildApp({ store: fx.store, keys: fx.data.keys, now: () => new Date('2025-08-07T13:00:00Z') })
    await app.ready()
  })
  after(async () => {
    await app.close()
    await fx.close()
  })

  it('the held request is a pending review case, ambiguous, with its hold reasons in the stored evidence', async () => {
    assert.ok(fx.cases.some((c) => c.requestId === HELD_REQUEST_ID), 'the held request is not a pending review case')
    const evidence = (await fx.store.evidence.get(fx.batchId, HELD_REQUEST_ID))!.result
    assert.equal(evidence.status, 'ambiguous')
    assert.deepEqual(evidence.holds?.map((h) => h.code), ['RIVAL_CLOSE', 'RIVAL_ALSO_MATCHES'])
  })

  it('GET /v1/review/cases/:batch/:request returns each hold reason’s code and plain words, as its schema says', async () => {
    const res = await app.inject({ method: 'GET', url: `/v1/review/cases/${fx.batchId}/${HELD_REQUEST_ID}`, headers: { authorization: `Bearer ${fx.keys['rev-alice']}` } })
    assert.equal(res.statusCode, 200, res.body)
    const body = reviewDetailSchema.parse(res.json())
    assert.equal(body.evidence.status, 'ambiguous')
    assert.deepEqual(body.evidence.holds, [
      { code: 'RIVAL_CLOSE', message: HOLD_REASONS.RIVAL_CLOSE },
      { code: 'RIVAL_ALSO_MATCHES', message: HOLD_REASONS.RIVAL_ALSO_MATCHES },
    ])
    // The rest of the evidence still comes whole.
    assert.ok(Array.isArray((body.evidence as Record<string, unknown>).rivals))
  })

  it('the review page shows each hold code with its plain words to a signed-in reviewer', async () => {
    const signInPage = await app.inject({ method: 'GET', url: '/ui/sign-in' })
    const pre = cookieOf(signInPage.headers['set-cookie'], SIGN_IN_COOKIE)!
    const signIn = await app.inject({
      method: 'POST',
      url: '/ui/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${SIGN_IN_COOKIE}=${pre}` },
      payload: new URLSearchParams({ _csrf: csrfOf(signInPage.body), user: 'rev-alice', key: fx.keys['rev-alice'], next: '/ui/review' }).toString(),
    })
    assert.equal(signIn.statusCode, 303, signIn.body)
    const session = cookieOf(signIn.headers['set-cookie'], SESSION_COOKIE)!
    const page = await app.inject({ method: 'GET', url: `/ui/review/${fx.batchId}/${HELD_REQUEST_ID}`, headers: { cookie: `${SESSION_COOKIE}=${session}` } })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Why the link is ambiguous, not match/)
    for (const code of ['RIVAL_CLOSE', 'RIVAL_ALSO_MATCHES'] as const) {
      assert.ok(page.body.includes(`<code>${code}</code>: ${escaped(HOLD_REASONS[code])}`), `${code} and its words are not on the page`)
    }
  })
})
