/**
 * Attack: a requester keeps verifying online past the agreement's volume cap, expecting online
 * answers not to count (issue 15, item 7: they were not counted, and the API counted the caps its
 * own way). Replayed over real HTTP against `verigate serve` with an agreement capped at three
 * disclosures a day, on SQLite and PostgreSQL: the VERIFIED answers count toward the cap, past it
 * verification is refused with `volume_cap_reached` and nothing more is written, and a batch
 * submitted then is refused too (one count for both).
 */
import { strict as assert } from 'node:assert'
import { after, before, describe, it } from 'node:test'
import { openStore } from '../../src/store/index.js'
import { ATTACK_BACKENDS } from './support.js'
import type { AttackPlace } from './support.js'
import { startProbeServer } from './online-probe-support.js'
import type { ProbeStage } from './online-probe-support.js'

const CAP = 3

for (const backend of ATTACK_BACKENDS) {
  describe(`a requester verifies online past the agreement’s daily cap of ${CAP} (${backend.name})`, { skip: backend.skip }, () => {
    let place: AttackPlace
    let stage: ProbeStage
    const codes: string[] = []

    before(async () => {
      place = await backend.fresh()
      stage = await startProbeServer(place, { dailyCap: CAP })
      // Every request at once, as a prober in a hurry would: concurrent answers must not pass the cap together.
      const results = await Promise.all(stage.requests.slice(0, 80).map((r) => stage.verify(r)))
      for (const res of results) codes.push(res.status === 429 ? res.body.error!.code : res.body.answer!.code)
    })
    after(async () => {
      await stage?.stop()
      await place?.dispose()
    })

    it(`exactly ${CAP} VERIFIED answers are given and recorded; every later would-be VERIFIED is refused with volume_cap_reached`, async () => {
      assert.equal(codes.filter((c) => c === 'VERIFIED').length, CAP, codes.join(' '))
      assert.ok(codes.includes('volume_cap_reached'), codes.join(' '))
      const store = await openStore(place.location)
      try {
        const rows = await store.onlineVerifications.page(-1, 1000)
        assert.equal(rows.filter((r) => r.answerCode === 'VERIFIED').length, CAP)
        const entries = await store.ledger.list({ kind: 'verification' })
        assert.equal(entries.filter((e) => e.kind === 'verification' && e.payload.answer === 'VERIFIED').length, CAP)
      } finally {
        await store.close()
      }
    })

    it('once the cap is reached, even a record that was VERIFIED before is refused, and nothing is written', async () => {
      const store = await openStore(place.location)
      const size = await store.ledger.size()
      await store.close()
      const again = await stage.verify(stage.requests.find((r) => codes[stage.requests.indexOf(r)] === 'VERIFIED')!)
      assert.equal(again.status, 429)
      assert.equal(again.body.error?.code, 'volume_cap_reached')
      const after = await openStore(place.location)
      try {
        assert.equal(await after.ledger.size(), size)
      } finally {
        await after.close()
      }
    })

    it('a batch submitted past the cap reached online is refused with the same count', async () => {
      const csv = ['request_id,surname', 'B1,SMITH', ''].join('\n')
      const res = await fetch(new URL('/v1/batches', stage.address), { method: 'POST', headers: { authorization: `Bearer ${stage.requesterKey}`, 'content-type': 'text/csv' }, body: csv })
      assert.equal(res.status, 429)
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'volume_cap_reached')
    })
  })
}
