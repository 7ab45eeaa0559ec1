/**
 * Issue 15, item 8f: a reviewer writes a note that says one thing on the page and another in the
 * ledger, or breaks whatever reads it: a NUL that cuts the note short in C tools, a U+202E
 * RIGHT-TO-LEFT OVERRIDE that shows "approve … evorppa" reversed (CVE-2021-42574). Such a note is
 * refused on the API and on the web page, naming the character and where it is; nothing is
 * written (no review, no ledger entry); the same note without it is accepted.
 */
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { SESSION_COOKIE, SIGN_IN_COOKIE } from '../../src/web/index.js'
import { bearer, startBatchServer, submitAndWait } from './small-support.js'
import type { BatchServer } from './small-support.js'
import { ATTACK_BACKENDS } from './support.js'

/** Notes an attacker would write. */
const NOTES = [
  { note: 'checked\u0000 the TIN does not match', names: /character 8 is U\+0000 NUL/ },
  { note: 'reject: \u202eevorppa\u202c same person', names: /character 9 is U\+202E RIGHT-TO-LEFT OVERRIDE/ },
]

/** Signs in at /ui as `user` with `key` from one address; gives the session cookie. */
async function signIn(server: BatchServer, user: string, key: string): Promise<string> {
  const page = await server.app.inject({ method: 'GET', url: '/ui/sign-in' })
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
  const preSession = page.cookies.find((c) => c.name === SIGN_IN_COOKIE)?.value
  const res = await server.app.inject({ method: 'POST', url: '/ui/sign-in', cookies: { [SIGN_IN_COOKIE]: preSession! }, payload: { _csrf: token!, user, key, next: '' } })
  const session = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value
  assert.ok(session, `signed in: ${res.statusCode}`)
  return session
}

for (const backend of ATTACK_BACKENDS) {
  describe(`a reviewer hides NUL and U+202E in a review note (${backend.name})`, { skip: backend.skip }, () => {
    it('refused on the API and on the case page, naming the character; nothing written; the clean note is accepted', async () => {
      const place = await backend.fresh()
      const server = await startBatchServer(place, { review: true })
      try {
        const batchId = await submitAndWait(server, server.requestsCsv)
        const list = await server.app.inject({ method: 'GET', url: `/v1/review/cases?batch=${batchId}&state=pending`, headers: bearer(server.keys.reviewer) })
        const cases = (list.json() as { cases: { request_id: string }[] }).cases
        assert.ok(cases.length >= 2, list.body)
        const [apiCase, webCase] = [cases[0]!.request_id, cases[1]!.request_id]
        const ledgerSize = await server.store.ledger.size()

        for (const { note, names } of NOTES) {
          const res = await server.app.inject({ method: 'POST', url: `/v1/review/cases/${batchId}/${apiCase}/approve`, headers: bearer(server.keys.reviewer), payload: { reason: note } })
          assert.equal(res.statusCode, 400, res.body)
          assert.equal(res.json().error.code, 'invalid_input')
          assert.equal(res.json().error.field, 'reason')
          assert.match(res.json().error.message, names)
        }

        const session = await signIn(server, 'rev-alice', server.keys.reviewer)
        const casePage = await server.app.inject({ method: 'GET', url: `/ui/review/${batchId}/${webCase}`, cookies: { [SESSION_COOKIE]: session } })
        const csrf = /name="_csrf" value="([^"]+)"/.exec(casePage.body)?.[1]
        assert.ok(csrf, 'the case page has its form')
        for (const { note } of NOTES) {
          const res: { readonly statusCode: number; readonly body: string } = await server.app.inject({ method: 'POST', url: `/ui/review/${batchId}/${webCase}/approve`, cookies: { [SESSION_COOKIE]: session }, payload: { _csrf: csrf!, reason: note } })
          assert.equal(res.statusCode, 400, res.body.slice(0, 300))
          assert.match(res.body, /control and bidirectional-override characters are not accepted/)
          // The note comes back in the form for the reviewer to correct, without the character.
          assert.ok(!res.body.includes('\u202e') && !res.body.includes('\u0000'), 'the page does not show the character back')
        }

        // Nothing written: no ledger entry, no review of either case.
        assert.equal(await server.store.ledger.size(), ledgerSize)
        for (const requestId of [apiCase, webCase]) {
          const shown = await server.app.inject({ method: 'GET', url: `/v1/review/cases/${batchId}/${requestId}`, headers: bearer(server.keys.reviewer) })
          assert.deepEqual((shown.json() as { actions: unknown[] }).actions, [])
        }

        // The same note without the hidden character is taken as typed.
        const clean = 'checked: the TIN does not match'
        const ok = await server.app.inject({ method: 'POST', url: `/v1/review/cases/${batchId}/${apiCase}/reject`, headers: bearer(server.keys.reviewer), payload: { reason: clean } })
        assert.equal(ok.statusCode, 200, ok.body)
        assert.equal(await server.store.ledger.size(), ledgerSize + 1)
        const entry = await server.store.ledger.get(ledgerSize)
        assert.equal((entry?.payload as { note?: string }).note, clean)
      } finally {
        await server.close()
        await place.dispose()
      }
    })
  })
}
