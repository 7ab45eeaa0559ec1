/**
 * Attack: under a court order that sends every match to review, a requester probes online
 * verification and reads REVIEW_REQUIRED as "this person is on file" (NOT_VERIFIED is the answer
 * when no record is close), expecting that answer to leave no trace. Replayed over real HTTP
 * against `verigate serve`, on SQLite and PostgreSQL: every REVIEW_REQUIRED answer is a ledger
 * entry of the fact `possible_match` about the candidate person and in that person's accounting;
 * like a batch's review decision it does not count against the caps.
 */
import { strict as assert } from 'node:assert'
import { after, before, describe, it } from 'node:test'
import { openStore } from '../../src/store/index.js'
import { ATTACK_BACKENDS } from './support.js'
import type { AttackPlace } from './support.js'
import { REVIEW_EVERYTHING_ORDER, startProbeServer } from './online-probe-support.js'
import type { ProbeStage } from './online-probe-support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`a requester reads REVIEW_REQUIRED as “on file” under an order that reviews every match (${backend.name})`, { skip: backend.skip }, () => {
    let place: AttackPlace
    let stage: ProbeStage
    const answers = new Map<string, string>()

    before(async () => {
      place = await backend.fresh()
      // A cap of one: REVIEW_REQUIRED answers past it show they are not counted.
      stage = await startProbeServer(place, { orders: [REVIEW_EVERYTHING_ORDER], dailyCap: 1 })
      for (const record of stage.requests.slice(0, 60)) {
        const res = await stage.verify(record)
        assert.equal(res.status, 200, JSON.stringify(res.body))
        answers.set(record.id!, res.body.answer!.code)
      }
    })
    after(async () => {
      await stage?.stop()
      await place?.dispose()
    })

    it('no answer is VERIFIED, and each REVIEW_REQUIRED answer is a ledger entry of the fact possible_match about the candidate', async () => {
      const review = [...answers].filter(([, code]) => code === 'REVIEW_REQUIRED').map(([id]) => id)
      assert.ok(review.length >= 2, [...answers.values()].join(' '))
      assert.ok(![...answers.values()].includes('VERIFIED'))
      const store = await openStore(place.location)
      try {
        const entries = (await store.ledger.list({ kind: 'verification' })).flatMap((e) => (e.kind === 'verification' ? [e] : []))
        assert.deepEqual(entries.map((e) => e.payload.requestId).sort(), [...review].sort())
        for (const e of entries) {
          assert.equal(e.payload.answer, 'REVIEW_REQUIRED')
          assert.deepEqual(e.payload.fields, ['possible_match'])
          assert.ok(e.payload.orderDigests.length === 1, 'the order it was decided under is named')
          assert.match(e.subject ?? '', /^pn:[0-9a-f]{64}$/)
        }
      } finally {
        await store.close()
      }
    })

    it('each REVIEW_REQUIRED answer about a person on file is in that person’s accounting', async () => {
      const review = [...answers].filter(([id, code]) => code === 'REVIEW_REQUIRED' && stage.truth.has(id)).map(([id]) => id)
      assert.ok(review.length >= 1)
      let found = 0
      for (const requestId of review) {
        const res = await stage.accounting(`tin:${stage.tinOf.get(stage.truth.get(requestId)!)!}`)
        assert.equal(res.status, 200)
        // The candidate is the person the request is about, unless the match was wrong: then it is in the candidate's accounting.
        if (res.body.entries.some((e) => e.channel === 'online' && e.requestId === requestId && e.fields.join() === 'possible_match')) found++
      }
      assert.ok(found >= 1, `found ${found} of ${review.length}`)
    })
  })
}
