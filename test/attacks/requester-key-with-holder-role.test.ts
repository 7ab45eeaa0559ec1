/**
 * Attack (issue 15, item 5): a requesting party's key with a holder's role. A "supervisor" key of
 * dhs-ice would list and approve the requester's own review cases and release them; a "reviewer"
 * key of the requester would make the requester one of its own two reviewers. Such a key must not
 * be creatable, and one written straight into the database (as an intruder with the database
 * could) must act nowhere: not through the API, not at /ui, not through the CLI.
 */
import { strict as assert } from 'node:assert'
import { after, before, describe, it } from 'node:test'
import { ATTACK_BACKENDS } from './support.js'
import type { AttackPlace } from './support.js'
import { Browser, REQUESTER, actionsOn, addParties, api, batchWithReviewCases, forgeCredential, serve, verigate, verigateOk } from './identity-fixture.js'
import type { ListedCase, Served } from './identity-fixture.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`a requesting party's key with a holder's role (${backend.name})`, { skip: backend.skip }, () => {
    let place: AttackPlace
    let served: Served
    let batchId: string
    let cases: readonly ListedCase[]

    before(async () => {
      place = await backend.fresh()
      await addParties(place)
      ;({ batchId, cases } = await batchWithReviewCases(place))
      served = await serve(place)
    })
    after(async () => {
      await served?.stop()
      await place?.dispose()
    })

    it('`party key create dhs-ice --role supervisor` (or reviewer, analyst, admin, overseer): refused, naming the party’s kind and the roles it may have; no key written', async () => {
      for (const role of ['supervisor', 'reviewer', 'analyst', 'admin', 'overseer']) {
        const r = await verigate(place, ['party', 'key', 'create', REQUESTER, '--role', role, '--person', `ice-${role}`])
        assert.equal(r.status, 65, `${role}: ${r.stderr}`)
        assert.match(r.stderr, new RegExp(`dhs-ice is a requester party: its keys may act only as requester, not ${role}`))
      }
      const parties = JSON.parse(await verigateOk(place, ['party', 'list', '--keys', '--json'])) as { id: string; keys: unknown[] }[]
      assert.deepEqual(parties.find((p) => p.id === REQUESTER)?.keys, [])
    })

    it('a requester’s supervisor key written straight into the database: the API refuses it 403 (list, approve, release), /ui refuses to sign it in, the CLI refuses its release; nothing written', async () => {
      const key = await forgeCredential(place, { id: 'ice-supervisor', partyId: REQUESTER, role: 'supervisor', person: 'ice-supervisor' })
      const c = cases[0]!
      for (const [method, path, body] of [
        ['GET', '/v1/review/cases', undefined],
        ['POST', `/v1/review/cases/${batchId}/${c.requestId}/approve`, { reason: 'our own case' }],
        ['POST', `/v1/batches/${batchId}/release`, {}],
        ['GET', '/v1/whoami', undefined],
      ] as const) {
        const r = await api(served.url, method, path, key, body)
        assert.equal(r.status, 403, `${method} ${path}`)
        assert.equal(r.json.error?.code, 'forbidden')
        assert.match(r.json.error?.message ?? '', /dhs-ice is a requester party/)
      }
      const browser = new Browser(served.url)
      const signIn = await browser.signIn('ice-supervisor', key)
      assert.equal(signIn.status, 403)
      assert.match(signIn.body, /dhs-ice is a requester party/)
      assert.equal(browser.hasSession(), false)
      const release = await verigate(place, ['batch', 'release', batchId, '--json'], { VERIGATE_API_KEY: key })
      assert.equal(release.status, 77, release.stderr)
      assert.match(release.stderr, /dhs-ice is a requester party/)
      assert.deepEqual(await actionsOn(place, batchId, c.requestId), [])
      const listed = JSON.parse(await verigateOk(place, ['review', 'list', '--batch', batchId, '--json'])) as ListedCase[]
      assert.ok(listed.every((x) => x.state === 'pending'), 'nothing approved, nothing released')
    })

    it('a requester’s reviewer key written straight into the database: `review approve` with it is refused, so is the API; nothing written', async () => {
      const key = await forgeCredential(place, { id: 'ice-reviewer', partyId: REQUESTER, role: 'reviewer', person: 'ice-reviewer' })
      const c = cases[1]!
      const cli = await verigate(place, ['review', 'approve', c.requestId, '--batch', batchId, '--reason', 'our own case'], { VERIGATE_API_KEY: key })
      assert.equal(cli.status, 77, cli.stderr)
      assert.match(cli.stderr, /key ice-reviewer may not act: dhs-ice is a requester party/)
      const viaApi = await api(served.url, 'POST', `/v1/review/cases/${batchId}/${c.requestId}/approve`, key, { reason: 'our own case' })
      assert.equal(viaApi.status, 403)
      assert.deepEqual(await actionsOn(place, batchId, c.requestId), [])
    })
  })
}
