/**
 * Attack: a requester probes online verification record after record to learn who is in the
 * holder's files, expecting no trace (issue 15, item 7: a VERIFIED answer used to write no
 * ledger entry and miss the person's accounting). Replayed over real HTTP against `verigate
 * serve`, on SQLite and PostgreSQL: every VERIFIED answer is a ledger entry about the person and
 * in the person's accounting; an answer that reveals nothing writes nothing; and an intruder
 * with the database cannot delete an answer's record.
 */
import { strict as assert } from 'node:assert'
import { after, before, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import pg from 'pg'
import { openStore } from '../../src/store/index.js'
import type { Store } from '../../src/store/index.js'
import { ATTACK_BACKENDS } from './support.js'
import type { AttackPlace } from './support.js'
import { asIntruder } from './derived-tables-history.js'
import { startProbeServer, verigate } from './online-probe-support.js'
import type { ProbeStage } from './online-probe-support.js'

/** Reads what the store holds after the probes, as an overseer's tools would. */
async function withStore<T>(location: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(location)
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}

for (const backend of ATTACK_BACKENDS) {
  describe(`a requester probes online verification to learn who is on file (${backend.name})`, { skip: backend.skip }, () => {
    let place: AttackPlace
    let stage: ProbeStage
    const answers = new Map<string, string>()

    before(async () => {
      place = await backend.fresh()
      stage = await startProbeServer(place)
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

    it('each VERIFIED answer is a ledger entry of kind verification about the person, with the recipient, agreement, evidence and decision', async () => {
      const verified = [...answers].filter(([, code]) => code === 'VERIFIED').map(([id]) => id)
      assert.ok(verified.length >= 3, `the probe got VERIFIED answers: ${[...answers.values()].join(' ')}`)
      await withStore(place.location, async (store) => {
        const entries = (await store.ledger.list({ kind: 'verification' })).filter((e) => e.kind === 'verification' && e.payload.answer === 'VERIFIED')
        assert.deepEqual(entries.map((e) => (e.kind === 'verification' ? e.payload.requestId : '')).sort(), [...verified].sort())
        for (const e of entries) {
          if (e.kind !== 'verification') continue
          assert.match(e.subject ?? '', /^pn:[0-9a-f]{64}$/)
          assert.equal(e.payload.recipient, 'dhs-ice')
          assert.equal(e.payload.askedBy, 'ice-prober')
          assert.deepEqual(e.payload.fields, ['verification'])
          assert.equal(e.payload.agreementId, 'irs-ice-2025')
          for (const d of [e.payload.agreementDigest, e.payload.evidenceDigest, e.payload.decisionDigest]) assert.match(d, /^sha256:[0-9a-f]{64}$/)
          // Written with the server's clock.
          assert.ok(Math.abs(Date.parse(e.at) - Date.now()) < 10 * 60_000, e.at)
          const row = await store.onlineVerifications.get(e.payload.verificationId)
          assert.equal(row?.ledgerSeq, e.seq, 'the row names its ledger entry')
          assert.equal(row?.subject, e.subject)
        }
      })
      const verify = verigate('ledger', 'verify', '--db', place.location, '--key', stage.keyFile)
      assert.equal(verify.status, 0, verify.stderr + verify.stdout)
    })

    it('each VERIFIED answer is in the person’s accounting, by TIN, through the CLI and the API', async () => {
      const verified = [...answers].filter(([id, code]) => code === 'VERIFIED' && stage.truth.has(id)).map(([id]) => id)
      assert.ok(verified.length >= 3)
      for (const requestId of verified) {
        const tin = stage.tinOf.get(stage.truth.get(requestId)!)!
        const cli = verigate('accounting', '--subject', `tin:${tin}`, '--json', '--db', place.location, '--key', stage.keyFile)
        assert.equal(cli.status, 0, cli.stderr)
        const entries = (JSON.parse(cli.stdout) as { entries: { channel: string; requestId: string; fields: string[]; recipient: string; batchId: string | null }[] }).entries
        const online = entries.filter((e) => e.channel === 'online' && e.requestId === requestId)
        assert.equal(online.length, 1, `the accounting of the person of ${requestId} lists the answer: ${cli.stdout}`)
        assert.deepEqual(online[0]!.fields, ['verification'])
        assert.equal(online[0]!.recipient, 'dhs-ice')
        assert.equal(online[0]!.batchId, null)
        const api = await stage.accounting(`tin:${tin}`)
        assert.equal(api.status, 200)
        assert.ok(api.body.entries.some((e) => e.channel === 'online' && e.requestId === requestId))
      }
    })

    it('a probe answered NOT_VERIFIED or REQUEST_INCOMPLETE writes nothing: no ledger entry, no row (it reveals nothing about anyone)', async () => {
      const silent = [...answers].filter(([, code]) => code === 'NOT_VERIFIED' || code === 'REQUEST_INCOMPLETE').map(([id]) => id)
      assert.ok(silent.length >= 3, 'the probe got answers that reveal nothing')
      const before = await withStore(place.location, (store) => store.ledger.size())
      const incomplete = await stage.verify({ id: 'PROBE-INCOMPLETE', surname: 'SMITH' })
      assert.equal(incomplete.body.answer?.code, 'REQUEST_INCOMPLETE')
      const nobody = await stage.verify({ ...stage.requests[0]!, id: 'PROBE-NOBODY', given_name: 'ZEBEDIAH', surname: 'QUIXWORTH', tin: '899-11-2233', dob: '1901-01-01' })
      assert.equal(nobody.body.answer?.code, 'NOT_VERIFIED')
      await withStore(place.location, async (store) => {
        assert.equal(await store.ledger.size(), before)
        const recorded = new Set((await store.onlineVerifications.page(-1, 10_000)).map((v) => v.requestId))
        for (const id of [...silent, 'PROBE-INCOMPLETE', 'PROBE-NOBODY']) assert.ok(!recorded.has(id), `${id} left no row`)
      })
    })

    it('the same record asked twice is two disclosures, two ledger entries', async () => {
      const id = [...answers].find(([, code]) => code === 'VERIFIED')![0]
      const record = stage.requests.find((r) => r.id === id)!
      const count = () => withStore(place.location, async (store) => (await store.onlineVerifications.page(-1, 10_000)).filter((v) => v.requestId === id).length)
      const first = await count()
      assert.equal((await stage.verify(record)).body.answer?.code, 'VERIFIED')
      assert.equal(await count(), first + 1)
    })

    it('an intruder with the database deleting or rewriting an answer’s record is refused by the table itself', async () => {
      const refused = /append-only/
      if (backend.name === 'sqlite') {
        const db = new Database(place.location)
        try {
          assert.throws(() => db.prepare('delete from online_verifications').run(), refused)
          assert.throws(() => db.prepare("update online_verifications set subject = 'pn:0'").run(), refused)
        } finally {
          db.close()
        }
      } else {
        const client = new pg.Client({ connectionString: place.location })
        await client.connect()
        try {
          await assert.rejects(client.query('delete from online_verifications'), refused)
          await assert.rejects(client.query("update online_verifications set subject = 'pn:0'"), refused)
          await assert.rejects(client.query('truncate online_verifications'), refused)
        } finally {
          await client.end()
        }
      }
      await withStore(place.location, async (store) => assert.ok((await store.onlineVerifications.page(-1, 10)).length > 0))
    })

    it('an intruder who drops the triggers and deletes an answer’s record is named by ledger verify (the row its entry lacks)', async () => {
      const [gone] = await asIntruder(place, [{ sql: 'select id, ledger_seq from online_verifications order by ledger_seq limit 1' }])
      await asIntruder(place, [{ sql: 'delete from online_verifications where id = ?', params: [gone!['id']] }])
      const verify = verigate('ledger', 'verify', '--db', place.location, '--key', stage.keyFile)
      assert.notEqual(verify.status, 0, 'verify fails')
      assert.match(verify.stderr, new RegExp(`table online_verifications, row ${String(gone!['id'])}, entry ${Number(gone!['ledger_seq'])}`))
    })
  })
}
