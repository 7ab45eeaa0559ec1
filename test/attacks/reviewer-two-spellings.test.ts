/**
 * Attack (issue 15, item 6): one reviewer makes the two approvals a case needs, under two
 * spellings of her name (`--reviewer alice`, then `--reviewer ALICE`), or through a second key.
 * The two-person rule must count people: a typed name is no identity, a second key of the same
 * person is the same person, and a name differing only by case is the same name.
 */
import { strict as assert } from 'node:assert'
import { after, before, describe, it } from 'node:test'
import { ATTACK_BACKENDS } from './support.js'
import type { AttackPlace } from './support.js'
import { HOLDER, actionsOn, addParties, batchWithReviewCases, createKey, forgeCredential, verigate } from './identity-fixture.js'
import type { ListedCase } from './identity-fixture.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`one reviewer approves twice under two spellings of her name (${backend.name})`, { skip: backend.skip }, () => {
    let place: AttackPlace
    let batchId: string
    let c: ListedCase
    let alice: { file: string; key: string; id: string }

    before(async () => {
      place = await backend.fresh()
      await addParties(place)
      alice = await createKey(place, HOLDER, 'reviewer', 'alice')
      let cases: readonly ListedCase[]
      ;({ batchId, cases } = await batchWithReviewCases(place))
      c = cases[0]!
      assert.equal(c.approvalsNeeded, 2)
    })
    after(async () => {
      await place?.dispose()
    })

    const approve = (env: Record<string, string>, extra: string[] = []) => verigate(place, ['review', 'approve', c.requestId, '--batch', batchId, '--reason', 'same person', ...extra], env)

    it('`review approve --reviewer alice`, then `--reviewer ALICE`: a typed name is refused outright, nothing written', async () => {
      for (const name of ['alice', 'ALICE']) {
        const r = await approve({}, ['--reviewer', name])
        assert.equal(r.status, 65, r.stderr)
        assert.match(r.stderr, /--reviewer is no longer taken: a typed name is not an identity/)
      }
      assert.deepEqual(await actionsOn(place, batchId, c.requestId), [])
    })

    it('alice approves with her key, then with a second key the operator made her: the second is refused as already reviewed, one approval counted', async () => {
      const first = await approve({}, ['--credential', alice.file])
      assert.equal(first.status, 0, first.stderr)
      const second = await createKey(place, HOLDER, 'reviewer', 'alice', 'alice-laptop')
      const again = await approve({}, ['--credential', second.file])
      assert.equal(again.status, 75, again.stderr)
      assert.match(again.stderr, /alice has already reviewed case/)
      assert.deepEqual((await actionsOn(place, batchId, c.requestId)).map(pick), [{ reviewer: 'alice', action: 'approve' }])
    })

    it('the operator makes a key for "ALICE" beside alice: refused, naming the spelling the party holds', async () => {
      const r = await verigate(place, ['party', 'key', 'create', HOLDER, '--role', 'reviewer', '--person', 'ALICE', '--id', 'alice-upper'])
      assert.equal(r.status, 65, r.stderr)
      assert.match(r.stderr, /irs already has this person as "alice" \(names compare case-insensitively\)/)
    })

    it('an intruder writes a key for "ALICE" straight into the database: its approval is refused as alice’s second, the case still needs another person', async () => {
      const key = await forgeCredential(place, { id: 'alice-forged', partyId: HOLDER, role: 'reviewer', person: 'ALICE' })
      const r = await approve({ VERIGATE_API_KEY: key })
      assert.equal(r.status, 75, r.stderr)
      assert.match(r.stderr, /ALICE has already reviewed case .* \(as alice: names compare case-insensitively\)/)
      const listed = (JSON.parse((await verigate(place, ['review', 'list', '--batch', batchId, '--json'])).stdout) as ListedCase[]).find((x) => x.requestId === c.requestId)!
      assert.equal(listed.state, 'pending')
      assert.deepEqual(listed.approvedBy, ['alice'])
    })
  })
}

/** The fields of a review action the test compares. */
function pick(a: { reviewer: string; action: string }): { reviewer: string; action: string } {
  return { reviewer: a.reviewer, action: a.action }
}
