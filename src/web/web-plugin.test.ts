import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import { createSessionStore } from './sessions.js'
import { SESSION_COOKIE, SIGN_IN_COOKIE, webPlugin } from './web-plugin.js'
import { casePath } from './review-pages.js'
import { cookieOf, csrfOf, disclosedSubject, makeWebFixture } from '../../test/support/web-test-support.js'
import type { Person, WebFixture } from '../../test/support/web-test-support.js'

const form = (fields: Record<string, string>) => ({ 'content-type': 'application/x-www-form-urlencoded', payload: new URLSearchParams(fields).toString() })

describe('the web pages: sign-in, sessions, CSRF and review actions (inject)', () => {
  let fx: WebFixture
  let app: FastifyInstance
  let clock = Date.parse('2025-08-07T12:00:00Z')

  before(async () => {
    fx = await makeWebFixture()
    app = Fastify()
    await app.register(webPlugin, { store: fx.store, keys: fx.data.keys, now: () => new Date('2025-08-07T13:00:00Z'), sessions: createSessionStore({ now: () => clock, limits: { idleMs: 30 * 60_000 } }) })
    await app.ready()
  })
  after(async () => {
    await app.close()
    await fx.close()
  })

  /** Signs in through the form; returns the session cookie. */
  async function signIn(user: string, key: string): Promise<{ status: number; session: string | undefined; body: string }> {
    const page = await app.inject({ method: 'GET', url: '/ui/sign-in' })
    const pre = cookieOf(page.headers['set-cookie'], SIGN_IN_COOKIE)!
    const { payload, ...h } = form({ _csrf: csrfOf(page.body), user, key, next: '/ui/review' })
    const res = await app.inject({ method: 'POST', url: '/ui/sign-in', headers: { ...h, cookie: `${SIGN_IN_COOKIE}=${pre}` }, payload })
    return { status: res.statusCode, session: cookieOf(res.headers['set-cookie'], SESSION_COOKIE), body: res.body }
  }
  const as = (session: string) => ({ cookie: `${SESSION_COOKIE}=${session}` })
  const post = (url: string, session: string, fields: Record<string, string>) =>
    app.inject({ method: 'POST', url, headers: { ...as(session), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() })
  async function signedIn(person: Person): Promise<string> {
    const r = await signIn(person, fx.keys[person])
    assert.equal(r.status, 303, r.body)
    return r.session!
  }

  it('has review cases to work with, each needing two approvals', () => {
    assert.ok(fx.cases.length >= 3, `only ${fx.cases.length} cases`)
    assert.ok(fx.cases.every((c) => c.approvalsNeeded === 2))
  })

  it('refuses a wrong key, an unknown user, another person’s key and a requester’s key, and opens no session', async () => {
    const wrong = `${fx.keys['rev-alice'].slice(0, -2)}${fx.keys['rev-alice'].endsWith('AA') ? 'BB' : 'AA'}`
    for (const [user, key] of [['rev-alice', wrong], ['rev-nobody', fx.keys['rev-alice']], ['rev-bob', fx.keys['rev-alice']], ['rev-alice', 'not-a-key']] as const) {
      const r = await signIn(user, key)
      assert.equal(r.status, 401, `${user}: ${r.status}`)
      assert.equal(r.session, undefined)
      assert.match(r.body, /The user id or the key is not right/)
    }
    const requester = await signIn('req-erin', fx.keys['req-erin'])
    assert.equal(requester.status, 403)
    assert.equal(requester.session, undefined)
  })

  it('sets an HttpOnly, SameSite=Strict session cookie scoped to /ui, and redirects a visitor without one to sign-in', async () => {
    const page = await app.inject({ method: 'GET', url: '/ui/sign-in' })
    const pre = cookieOf(page.headers['set-cookie'], SIGN_IN_COOKIE)!
    const { payload, ...h } = form({ _csrf: csrfOf(page.body), user: 'rev-alice', key: fx.keys['rev-alice'] })
    const res = await app.inject({ method: 'POST', url: '/ui/sign-in', headers: { ...h, cookie: `${SIGN_IN_COOKIE}=${pre}` }, payload })
    const set = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
    assert.match(set, /HttpOnly/)
    assert.match(set, /SameSite=Strict/)
    assert.match(set, /Path=\/ui/)
    assert.match(set, /Max-Age=43200/)
    assert.doesNotMatch(set, /Secure/, 'plain HTTP in this test; Secure is set when the request came over TLS')
    assert.equal(cookieOf(set, SESSION_COOKIE)!.length, 43, '32 random bytes, base64url')
    const anon = await app.inject({ method: 'GET', url: '/ui/review' })
    assert.equal(anon.statusCode, 303)
    assert.equal(anon.headers.location, '/ui/sign-in?next=%2Fui%2Freview')
    const anonPost = await post(`${casePath(fx.batchId, fx.cases[0]!.requestId)}/approve`, 'no-such-session', { reason: 'x', _csrf: 'x' })
    assert.equal(anonPost.statusCode, 401)
  })

  it('answers /ui, the address people type, with a redirect to /ui/, which sends a visitor to sign in', async () => {
    const bare = await app.inject({ method: 'GET', url: '/ui' })
    assert.equal(bare.statusCode, 301)
    assert.equal(bare.headers.location, '/ui/')
    const start = await app.inject({ method: 'GET', url: bare.headers.location })
    assert.equal(start.statusCode, 303)
    assert.equal(start.headers.location, '/ui/sign-in?next=%2Fui%2F')
  })

  it('refuses a sign-in form without its pre-session CSRF token', async () => {
    const { payload, ...h } = form({ user: 'rev-alice', key: fx.keys['rev-alice'], _csrf: 'forged' })
    const res = await app.inject({ method: 'POST', url: '/ui/sign-in', headers: h, payload })
    assert.equal(res.statusCode, 403)
    assert.equal(cookieOf(res.headers['set-cookie'], SESSION_COOKIE), undefined)
  })

  it('ends a session after 30 idle minutes', async () => {
    const session = await signedIn('rev-bob')
    assert.equal((await app.inject({ method: 'GET', url: '/ui/review', headers: as(session) })).statusCode, 200)
    clock += 29 * 60_000
    assert.equal((await app.inject({ method: 'GET', url: '/ui/review', headers: as(session) })).statusCode, 200, 'still alive: used 29 minutes ago')
    clock += 31 * 60_000
    const expired = await app.inject({ method: 'GET', url: '/ui/review', headers: as(session) })
    assert.equal(expired.statusCode, 303)
    assert.match(String(expired.headers.location), /^\/ui\/sign-in/)
    const post = await app.inject({ method: 'POST', url: '/ui/oversight/verify', headers: { ...as(session), 'content-type': 'application/x-www-form-urlencoded' }, payload: '_csrf=x' })
    assert.equal(post.statusCode, 401)
  })

  it('refuses a form POST without the session’s CSRF token, and records nothing', async () => {
    const session = await signedIn('rev-alice')
    const c = fx.cases[2]!
    for (const token of [undefined, 'forged-token', csrfOf((await app.inject({ method: 'GET', url: '/ui/sign-in' })).body)]) {
      const res = await app.inject({ method: 'POST', url: `${casePath(c.batchId, c.requestId)}/approve`, headers: { ...as(session), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ reason: 'same person', ...(token ? { _csrf: token } : {}) }).toString() })
      assert.equal(res.statusCode, 403, res.body)
      assert.match(res.body, /CSRF check failed/)
    }
    assert.deepEqual(await fx.store.reviews.forCase(c.batchId, c.requestId), [])
  })

  it('requires a reason, refuses a reviewer approving twice, and approves with a second reviewer', async () => {
    const c = fx.cases[0]!
    const path = casePath(c.batchId, c.requestId)
    const alice = await signedIn('rev-alice')
    const page = await app.inject({ method: 'GET', url: path, headers: as(alice) })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Approve/)
    assert.match(page.body, /<svg/)
    const token = csrfOf(page.body)
    const noReason = await post(`${path}/approve`, alice, { _csrf: token, reason: '  ' })
    assert.equal(noReason.statusCode, 400)
    assert.match(noReason.body, /A reason is required/)
    const first = await post(`${path}/approve`, alice, { _csrf: token, reason: 'same DOB and TIN' })
    assert.equal(first.statusCode, 303, first.body)
    const twice = await post(`${path}/approve`, alice, { _csrf: token, reason: 'again' })
    assert.equal(twice.statusCode, 409)
    assert.match(twice.body, /rev-alice has already reviewed/)
    const after1 = await app.inject({ method: 'GET', url: `${path}?done=approve`, headers: as(alice) })
    assert.match(after1.body, /1 of 2/)
    assert.match(after1.body, /You have acted on this case/)
    const bob = await signedIn('rev-bob')
    const bobPage = await app.inject({ method: 'GET', url: path, headers: as(bob) })
    const second = await post(`${path}/approve`, bob, { _csrf: csrfOf(bobPage.body), reason: 'agree with alice' })
    assert.equal(second.statusCode, 303)
    const actions = await fx.store.reviews.forCase(c.batchId, c.requestId)
    assert.deepEqual(actions.map((a) => [a.reviewer, a.action, a.note]).sort(), [['rev-alice', 'approve', 'same DOB and TIN'], ['rev-bob', 'approve', 'agree with alice']])
  })

  it('keeps reviewers off the oversight page and lets an overseer verify the ledger and read an accounting by POST', async () => {
    const alice = await signedIn('rev-alice')
    assert.equal((await app.inject({ method: 'GET', url: '/ui/oversight', headers: as(alice) })).statusCode, 403)
    const dana = await signedIn('ovr-dana')
    assert.equal((await app.inject({ method: 'GET', url: '/ui/review', headers: as(dana) })).statusCode, 403)
    const page = await app.inject({ method: 'GET', url: '/ui/oversight', headers: as(dana) })
    assert.equal(page.statusCode, 200)
    assert.equal(page.headers['content-security-policy']?.toString().includes("script-src 'self'"), true)
    const verified = await post('/ui/oversight/verify', dana, { _csrf: csrfOf(page.body) })
    assert.equal(verified.statusCode, 200)
    assert.match(verified.body, /Ledger verified/)
    assert.match(page.body, new RegExp(fx.history.auditId))
    assert.match(page.body, /badge b-(outstanding|overdue)/)
    assert.match(page.body, /Agreement <code>irs-ice-2025<\/code> · 2 versions/)
    assert.match(page.body, /class="changes"/, 'the plain-words changes between the two versions')
    const subject = await disclosedSubject(fx)
    const acc = await post('/ui/oversight/accounting', dana, { _csrf: csrfOf(page.body), subject })
    assert.equal(acc.statusCode, 200, acc.body)
    assert.match(acc.body, /[1-9]\d* disclosures? about this person/)
    assert.match(acc.body, new RegExp(fx.history.batchId))
    assert.doesNotMatch(acc.body, new RegExp(subject.slice(4)), 'the TIN asked about is not echoed into the page')
  })

  it('signs out: the session no longer works', async () => {
    const carol = await signedIn('sup-carol')
    const page = await app.inject({ method: 'GET', url: '/ui/batches', headers: as(carol) })
    assert.equal(page.statusCode, 200)
    const out = await post('/ui/sign-out', carol, { _csrf: csrfOf(page.body) })
    assert.equal(out.statusCode, 303)
    assert.equal((await app.inject({ method: 'GET', url: '/ui/batches', headers: as(carol) })).statusCode, 303)
  })

  it('refuses to register a page that is not in WEB_ROUTES', async () => {
    const bare = Fastify()
    await bare.register(async (child) => {
      await webPlugin(child, { store: fx.store })
      assert.throws(() => child.get('/ui/secret', async () => 'x'), /no entry in WEB_ROUTES/)
    })
    await bare.close()
  })
})
