/**
 * Attack (issue 15, item 6): the requester reviews its own cases. Its id typed as the reviewer's
 * name (`--reviewer dhs-ice`), its own key given to `review approve` or `batch release`, a holder
 * key named after it: the requester's people can never review or release.
 */
import { strict as assert } from 'node:assert'
import { after, before, describe, it } from 'node:test'
import { ATTACK_BACKENDS } from './support.js'
import type { AttackPlace } from './support.js'
import { HOLDER, REQUESTER, actionsOn, addParties, batchWithReviewCases, createKey, forgeCredential, verigate } from './identity-fixture.js'
import type { ListedCase } from './identity-fixture.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`the requester reviews or releases its own cases (${backend.name})`, { skip: backend.skip }, () => {
    let place: AttackPlace
    let batchId: string
    let c: ListedCase
    let ice: { file: string; key: string; id: string }

    before(async () => {
      place = await backend.fresh()
      await addParties(place)
      ice = await createKey(place, REQUESTER, 'requester', 'ice-officer')
      let cases: readonly ListedCase[]
      ;({ batchId, cases } = await batchWithReviewCases(place))
      c = cases[0]!
    })
    after(async () => {
      await place?.dispose()
    })

    const approve = (env: Record<string, string>, extra: string[] = []) => verigate(place, ['review', 'approve', c.requestId, '--batch', batchId, '--reason', 'our own case', ...extra], env)

    it('the requester’s id typed as the reviewer (`--reviewer dhs-ice`): refused, nothing written', async () => {
      const r = await approve({}, ['--reviewer', REQUESTER])
      assert.equal(r.status, 65, r.stderr)
      assert.match(r.stderr, /--reviewer is no longer taken/)
      assert.deepEqual(await actionsOn(place, batchId, c.requestId), [])
    })

    it('the requester’s own key given to `review approve` (file or environment) and to `batch release`: refused, a requester key may not review or release; nothing written', async () => {
      for (const [env, extra] of [[{}, ['--credential', ice.file]], [{ VERIGATE_API_KEY: ice.key }, []]] as const) {
        const r = await approve(env, [...extra])
        assert.equal(r.status, 77, r.stderr)
        assert.match(r.stderr, /ice-officer \(key ice-officer, requester of dhs-ice\) may not approve a review case/)
      }
      const release = await verigate(place, ['batch', 'release', batchId, '--credential', ice.file])
      assert.equal(release.status, 77, release.stderr)
      assert.match(release.stderr, /may not release a batch: that needs a supervisor key of the holder/)
      assert.deepEqual(await actionsOn(place, batchId, c.requestId), [])
    })

    it('a holder key named after the requester: refused at `party key create`; one an intruder writes into the database ("DHS-ICE") is refused at review; nothing written', async () => {
      const create = await verigate(place, ['party', 'key', 'create', HOLDER, '--role', 'reviewer', '--person', REQUESTER])
      assert.equal(create.status, 65, create.stderr)
      assert.match(create.stderr, /that is the id of the requester party dhs-ice/)
      const key = await forgeCredential(place, { id: 'holder-named-ice', partyId: HOLDER, role: 'reviewer', person: 'DHS-ICE' })
      const r = await approve({ VERIGATE_API_KEY: key })
      assert.equal(r.status, 77, r.stderr)
      assert.match(r.stderr, /DHS-ICE is the requesting party of batch .*: the requester may not review its own cases/)
      assert.deepEqual(await actionsOn(place, batchId, c.requestId), [])
    })
  })
}
