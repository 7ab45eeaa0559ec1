/**
 * Attack (issue 15, item 4): a reviewer whose key is revoked keeps acting through what is already
 * open: a signed-in /ui session, or an API key a running server verified a moment ago. The
 * revocation comes from another process (`verigate party key revoke` while `verigate serve`
 * runs), as it does in an office.
 */
import { strict as assert } from 'node:assert'
import { after, before, describe, it } from 'node:test'
import { ATTACK_BACKENDS } from './support.js'
import type { AttackPlace } from './support.js'
import { Browser, HOLDER, actionsOn, addParties, api, batchWithReviewCases, createKey, csrfOf, serve, verigateOk } from './identity-fixture.js'
import type { ListedCase, Served } from './identity-fixture.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`a revoked reviewer acts through what is still open (${backend.name})`, { skip: backend.skip }, () => {
    let place: AttackPlace
    let served: Served
    let batchId: string
    let cases: readonly ListedCase[]
    let alice: { file: string; key: string; id: string }
    let bob: { file: string; key: string; id: string }

    before(async () => {
      place = await backend.fresh()
      await addParties(place)
      alice = await createKey(place, HOLDER, 'reviewer', 'alice')
      bob = await createKey(place, HOLDER, 'reviewer', 'bob')
      ;({ batchId, cases } = await batchWithReviewCases(place))
      served = await serve(place)
    })
    after(async () => {
      await served?.stop()
      await place?.dispose()
    })

    it('a reviewer’s open /ui session approves a case after `party key revoke` in another process: refused, the session ended, nothing written', async () => {
      const browser = new Browser(served.url)
      assert.equal((await browser.signIn(alice.id, alice.key)).status, 303)
      const path = `/ui/review/${batchId}/${cases[0]!.requestId}`
      const page = await browser.get(path)
      assert.equal(page.status, 200, 'the session works before the revocation')

      await verigateOk(place, ['party', 'key', 'revoke', alice.id])
      const approve = await browser.post(`${path}/approve`, { _csrf: csrfOf(page.body), reason: 'approving after my key was revoked' })
      assert.equal(approve.status, 401)
      assert.match(approve.body, /key has been revoked/)
      assert.equal(browser.hasSession(), false, 'the session cookie is cleared')
      const again = await browser.get(path)
      assert.equal(again.status, 303, 'the session is gone on the server too')
      assert.match(again.location ?? '', /^\/ui\/sign-in/)
      assert.equal((await browser.signIn(alice.id, alice.key)).status, 401, 'and the key signs in no more')
      assert.deepEqual(await actionsOn(place, batchId, cases[0]!.requestId), [])
    })

    it('a reviewer’s API key, verified by the running server a moment before, approves a case right after `party key revoke`: refused 401, nothing written', async () => {
      assert.equal((await api(served.url, 'GET', '/v1/review/cases', bob.key)).status, 200, 'the server knows the key')
      await verigateOk(place, ['party', 'key', 'revoke', bob.id])
      const approve = await api(served.url, 'POST', `/v1/review/cases/${batchId}/${cases[1]!.requestId}/approve`, bob.key, { reason: 'approving after my key was revoked' })
      assert.equal(approve.status, 401)
      assert.equal(approve.json.error?.code, 'unauthenticated')
      assert.deepEqual(await actionsOn(place, batchId, cases[1]!.requestId), [])
    })
  })
}
