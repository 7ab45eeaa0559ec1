/**
 * Issue 15, item 8a: someone guessing keys (a prefix seen in a log, a stolen key's secret to
 * guess) sends a burst of wrong keys to the API, or wrong keys to the web sign-in. Each guess at a
 * known prefix costs the server a slow scrypt hash. The failures of an address are counted before
 * any key is looked at: past the limit the address gets 429 with a Retry-After, and even the right
 * key is not looked at (so no hash is done), until the minute ends. Another address is unaffected.
 */
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { DEFAULT_LIMITS, buildApp } from '../../src/api/index.js'
import { openStore } from '../../src/store/index.js'
import { SIGN_IN_COOKIE } from '../../src/web/index.js'
import { bearer, seedParties } from './small-support.js'
import { ATTACK_BACKENDS } from './support.js'

const ATTACKER = '203.0.113.7'
const COLLEAGUE = '198.51.100.20'

/** The same key with one character of its secret changed: its prefix is real, so it is hashed. */
function wrongSecretOf(key: string): string {
  const at = key.length - 1
  return `${key.slice(0, at)}${key[at] === 'A' ? 'B' : 'A'}`
}

/** The sign-in form's CSRF cookie and token, as a browser gets them. */
async function signInForm(app: Awaited<ReturnType<typeof buildApp>>, remoteAddress: string): Promise<{ cookie: string; token: string }> {
  const page = await app.inject({ method: 'GET', url: '/ui/sign-in', remoteAddress })
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
  const cookie = page.cookies.find((c) => c.name === SIGN_IN_COOKIE)?.value
  assert.ok(token && cookie, 'the sign-in page gives a CSRF token')
  return { cookie, token }
}

for (const backend of ATTACK_BACKENDS) {
  describe(`an attacker sends a burst of wrong API keys and wrong sign-ins (${backend.name})`, { skip: backend.skip }, () => {
    it('a burst of wrong keys for a real prefix: 401 up to the limit, then 429 with a Retry-After, and even the right key is not looked at; another address is served', async () => {
      const place = await backend.fresh()
      const store = await openStore(place.location)
      const app = await buildApp({ store })
      try {
        const keys = await seedParties(store)
        const limit = DEFAULT_LIMITS.authFailuresPerMinute
        for (let i = 0; i < limit; i++) {
          const res = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(wrongSecretOf(keys.reviewer)), remoteAddress: ATTACKER })
          assert.equal(res.statusCode, 401, `guess ${i + 1}: ${res.body}`)
        }
        const refused = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(wrongSecretOf(keys.reviewer)), remoteAddress: ATTACKER })
        assert.equal(refused.statusCode, 429)
        assert.equal(refused.json().error.code, 'too_many_failures')
        const retryAfter = Number(refused.headers['retry-after'])
        assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${refused.headers['retry-after']}`)
        // The right key from the same address is refused too: the key is never looked at, so the
        // server does no hash for this address until the window ends.
        const rightKey = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(keys.reviewer), remoteAddress: ATTACKER })
        assert.equal(rightKey.statusCode, 429)
        // A colleague at another address is served as before.
        const colleague = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(keys.reviewer), remoteAddress: COLLEAGUE })
        assert.equal(colleague.statusCode, 200, colleague.body)
      } finally {
        await app.close()
        await store.close()
        await place.dispose()
      }
    })

    it('wrong sign-ins at /ui count against the same address: 429 on the sign-in page with a Retry-After, and the API refuses the address too', async () => {
      const place = await backend.fresh()
      const store = await openStore(place.location)
      const app = await buildApp({ store })
      try {
        const keys = await seedParties(store)
        const limit = DEFAULT_LIMITS.authFailuresPerMinute
        const signIn = async (key: string) => {
          const { cookie, token } = await signInForm(app, ATTACKER)
          return app.inject({ method: 'POST', url: '/ui/sign-in', remoteAddress: ATTACKER, cookies: { [SIGN_IN_COOKIE]: cookie }, payload: { _csrf: token, user: 'rev-alice', key, next: '' } })
        }
        for (let i = 0; i < limit; i++) assert.equal((await signIn(wrongSecretOf(keys.reviewer))).statusCode, 401, `sign-in ${i + 1}`)
        const refused = await signIn(keys.reviewer)
        assert.equal(refused.statusCode, 429)
        assert.ok(Number(refused.headers['retry-after']) >= 1)
        assert.match(refused.body, /Too many failed sign-ins from this address/)
        assert.equal(refused.cookies.find((c) => c.name === 'vg_session'), undefined, 'no session for the right key either')
        const api = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(keys.reviewer), remoteAddress: ATTACKER })
        assert.equal(api.statusCode, 429, 'one count for the API and the pages')
      } finally {
        await app.close()
        await store.close()
        await place.dispose()
      }
    })
  })
}
