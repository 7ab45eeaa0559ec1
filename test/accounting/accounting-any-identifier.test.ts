/**
 * Issue 16's accounting acceptance: a person's accounting asked for by master record id, by TIN
 * and by a request id of a batch finds the same disclosures (a batch's released fields, a
 * reviewed release, an online answer), through the command line (a child process), the API (the
 * real app) and the web page (a cookie session), with and without the master file, on SQLite and
 * PostgreSQL. A request that is not in its batch is refused with what is missing, and an
 * identifier with no disclosure is answered with what was searched, never a bare "none".
 */
import { strict as assert } from 'node:assert'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import Fastify from 'fastify'
import { buildApp } from '../../src/api/app.js'
import { hashApiKey, newApiKey } from '../../src/core/api-key.js'
import { pseudonymize } from '../../src/ledger/index.js'
import { openStore } from '../../src/store/index.js'
import type { Store } from '../../src/store/index.js'
import { createSessionStore } from '../../src/web/sessions.js'
import { SESSION_COOKIE, SIGN_IN_COOKIE, webPlugin } from '../../src/web/web-plugin.js'
import { cookieOf, csrfOf } from '../support/web-test-support.js'
import { masterSubjectOf, recordOnlineAnswer } from '../../src/workflow/index.js'
import type { Accounting } from '../../src/workflow/index.js'
import { recordHistory } from '../attacks/derived-tables-history.js'
import type { DerivedHistory } from '../attacks/derived-tables-history.js'
import type { AttackPlace } from '../attacks/support.js'
import { ATTACK_BACKENDS, REPO_ROOT } from '../attacks/support.js'

/** The person the accounting is asked about, by each identifier the holder knows them by. */
interface Person {
  readonly masterId: string
  readonly tin: string
  readonly batchId: string
  readonly requestId: string
  /** The batch disclosure about them and the online answer about them (`v-…`). */
  readonly disclosureId: string
  readonly verificationId: string
}

/** A disclosed request whose master record has a TIN; then an online answer about the same record. */
async function personOf(store: Store, place: AttackPlace, history: DerivedHistory): Promise<Person> {
  const master = parse(readFileSync(join(place.dir, 'data/master.csv')), { columns: true }) as { id: string; tin: string }[]
  const tins = new Map(master.map((m) => [m.id, m.tin.replace(/\D/g, '')]))
  for (const d of await store.disclosures.byBatch(history.batchId)) {
    const decision = (await store.decisions.get(d.batchId, d.requestId))!.decision
    const tin = tins.get(decision.masterId!) ?? ''
    if (tin.length !== 9) continue
    // The online answer the API would record for the same record, by the function its route calls.
    const answer = await recordOnlineAnswer(store, {
      decision,
      evidenceDigest: decision.evidenceDigest,
      masterDigest: `sha256:${'5e'.repeat(32)}`,
      subject: pseudonymize(history.keys.holderSecret, { scheme: 'tin', value: tin }),
      masterSubject: masterSubjectOf(history.keys.holderSecret, decision.masterId!),
      requester: decision.recipient,
      askedBy: 'key-online',
      at: new Date(),
    })
    return { masterId: decision.masterId!, tin, batchId: d.batchId, requestId: d.requestId, disclosureId: d.id, verificationId: answer!.id }
  }
  throw new Error('the history disclosed nothing about a record with a TIN')
}

/** The spellings of one person, as `--subject` takes them. */
const spellings = (p: Person) => [`master:${p.masterId}`, `tin:${p.tin.slice(0, 3)}-${p.tin.slice(3, 5)}-${p.tin.slice(5)}`, `request:${p.batchId}/${p.requestId}`]

for (const backend of ATTACK_BACKENDS) {
  describe(`a person's accounting by master record id, TIN or request id (${backend.name})`, { skip: backend.skip }, () => {
    it('finds the same disclosures by each identifier, on the command line, the API and the web page, with and without the master file', async () => {
      const place = await backend.fresh()
      try {
        const history = await recordHistory(place)
        const store = await openStore(place.location)
        let person: Person
        const overseerKey = newApiKey()
        try {
          person = await personOf(store, place, history)
          await store.parties.add({ id: 'tigta', name: 'TIGTA', kind: 'overseer', createdAt: '2025-08-01T00:00:00.000Z' })
          await store.parties.addCredential({ id: 'ovr-dana', partyId: 'tigta', role: 'overseer', keyPrefix: overseerKey.prefix, keyHash: await hashApiKey(overseerKey.key, { N: 1024, r: 8, p: 1 }), createdAt: '2025-08-01T00:00:00.000Z' })
        } finally {
          await store.close()
        }
        const cli = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin/verigate.js'), 'accounting', ...args, '--db', place.location, '--key', history.keyFile], { encoding: 'utf8' })
        const master = join(place.dir, 'data/master.csv')

        // The command line, each spelling with and without the master file.
        const expected = new Set<string>()
        for (const subject of spellings(person)) {
          for (const withMaster of [[], ['--master', master]]) {
            const r = cli('--subject', subject, ...withMaster, '--json')
            assert.equal(r.status, 0, `${subject}: ${r.stderr}`)
            const accounting = JSON.parse(r.stdout) as Accounting
            const ids = new Set(accounting.entries.map((e) => e.disclosureId))
            assert.ok(ids.has(person.disclosureId), `${subject} ${withMaster.length ? 'with' : 'without'} the master file finds the batch disclosure`)
            assert.ok(ids.has(person.verificationId), `${subject} ${withMaster.length ? 'with' : 'without'} the master file finds the online answer`)
            if (expected.size === 0) for (const id of ids) expected.add(id)
            assert.deepEqual([...ids].sort(), [...expected].sort(), `${subject} ${withMaster.length ? 'with' : 'without'} the master file finds the same disclosures`)
            assert.equal(accounting.foundThroughDecisions, 0, 'every disclosure was linked when made')
          }
        }
        const human = cli('--subject', `master:${person.masterId}`)
        assert.match(human.stdout, new RegExp(`^${expected.size} disclosures? about this person, searched under master record ${person.masterId}`, 'm'))
        assert.match(human.stdout, /\(online verification answer\)/)

        // The API and the web page, on the same store.
        const served = await openStore(place.location)
        try {
          const api = await buildApp({ store: served, keys: history.keys })
          try {
            for (const subject of spellings(person)) {
              const res = await api.inject({ method: 'POST', url: '/v1/oversight/accounting', headers: { authorization: `Bearer ${overseerKey.key}` }, payload: { subject } })
              assert.equal(res.statusCode, 200, res.body)
              const body = res.json<Accounting>()
              assert.deepEqual(body.entries.map((e) => e.disclosureId).sort(), [...expected].sort(), `the API by ${subject}`)
              assert.ok(body.searched.length > 0)
            }
            const missing = await api.inject({ method: 'POST', url: '/v1/oversight/accounting', headers: { authorization: `Bearer ${overseerKey.key}` }, payload: { subject: `request:${person.batchId}/NO-SUCH-REQUEST` } })
            assert.equal(missing.statusCode, 404, missing.body)
            assert.match(missing.body, new RegExp(`request \\\\"NO-SUCH-REQUEST\\\\" is not in batch ${person.batchId}`))
          } finally {
            await api.close()
          }

          const web = Fastify()
          await web.register(webPlugin, { store: served, keys: history.keys, sessions: createSessionStore() })
          await web.ready()
          try {
            const signInPage = await web.inject({ method: 'GET', url: '/ui/sign-in' })
            const pre = cookieOf(signInPage.headers['set-cookie'], SIGN_IN_COOKIE)!
            const signedIn = await web.inject({
              method: 'POST',
              url: '/ui/sign-in',
              headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${SIGN_IN_COOKIE}=${pre}` },
              payload: new URLSearchParams({ _csrf: csrfOf(signInPage.body), user: 'ovr-dana', key: overseerKey.key, next: '/ui/oversight' }).toString(),
            })
            const session = cookieOf(signedIn.headers['set-cookie'], SESSION_COOKIE)
            assert.ok(session, `signed in: ${signedIn.statusCode} ${signedIn.body.slice(0, 200)}`)
            const page = await web.inject({ method: 'GET', url: '/ui/oversight', headers: { cookie: `${SESSION_COOKIE}=${session}` } })
            assert.equal(page.statusCode, 200)
            const ask = (subject: string) =>
              web.inject({ method: 'POST', url: '/ui/oversight/accounting', headers: { cookie: `${SESSION_COOKIE}=${session}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrfOf(page.body), subject }).toString() })
            for (const subject of spellings(person)) {
              const res = await ask(subject)
              assert.equal(res.statusCode, 200, res.body)
              assert.match(res.body, new RegExp(`${expected.size} disclosures? about this person`), `the page by ${subject}`)
              assert.ok(res.body.includes(person.batchId) && res.body.includes('online verification'), `the page by ${subject} lists the batch and the online answer`)
              assert.ok(!res.body.includes(person.tin), 'the TIN is not echoed into the page')
            }
            const none = await ask('tin:000-00-0001')
            assert.equal(none.statusCode, 200)
            assert.match(none.body, /no disclosure about this person is recorded under the TIN given \(ending 0001\); no other identifier was linked/)
            const missing = await ask(`request:${person.batchId}/NO-SUCH-REQUEST`)
            assert.equal(missing.statusCode, 400)
            assert.match(missing.body, /is not in batch/)
          } finally {
            await web.close()
          }
        } finally {
          await served.close()
        }
      } finally {
        await place.dispose()
      }
    })

    it('says what is missing instead of "none": a request not in its batch, an unknown batch, and what an empty answer searched', async () => {
      const place = await backend.fresh()
      try {
        const history = await recordHistory(place)
        const cli = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin/verigate.js'), 'accounting', ...args, '--db', place.location, '--key', history.keyFile], { encoding: 'utf8' })
        const notInBatch = cli('--subject', `request:${history.batchId}/NO-SUCH-REQUEST`)
        assert.notEqual(notInBatch.status, 0)
        assert.equal(notInBatch.stdout, '', 'no accounting is printed, empty or not')
        assert.match(notInBatch.stderr, new RegExp(`request "NO-SUCH-REQUEST" is not in batch ${history.batchId}: the person it would name cannot be told`))
        const noBatch = cli('--subject', 'request:b-00000000000000000000/R1')
        assert.notEqual(noBatch.status, 0)
        assert.match(noBatch.stderr, /batch b-00000000000000000000 is not in this store/)
        const malformed = cli('--subject', 'request:R1')
        assert.notEqual(malformed.status, 0)
        assert.match(malformed.stderr, /write request:BATCH\/REQUEST/)
        const none = cli('--subject', 'master:M999999999')
        assert.equal(none.status, 0, none.stderr)
        assert.equal(none.stdout, 'no disclosure about this person is recorded under master record M999999999; no other identifier was linked to them at disclosure time\n')
      } finally {
        await place.dispose()
      }
    })
  })
}
