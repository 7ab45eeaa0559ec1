import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { canonicalJson, digest } from '../core/index.js'
import type { Decision, Digest, JsonValue, MatchResult, RequestRecord } from '../core/index.js'
import { migratorFor } from './migrations/index.js'
import { rawBackends } from '../../test/support/raw-backends.js'
import { openStore } from './open-store.js'
import { recordDictionaryOf } from './facades/dictionaries.js'
import { PACKED_RUNS } from './packed-json.js'
import { digestOfStored, storedDigestOf } from './stored-digest.js'
import { rawDatabaseForTamperTests } from './raw-database.js'

const REASONS = 'Investigation under 8 U.S.C. 1253: the subject\'s last known address is needed to serve process, "locate and apprehend".'

/** A request record as intake gives it: a person's fields and the request's legal elements. */
function recordOf(i: number): RequestRecord {
  return {
    id: `R${String(i).padStart(7, '0')}`,
    case_ref: `ERO-2025-${String(i).padStart(7, '0')}`,
    given_name: ['LINDA', 'ENRIQUE', 'ZOË'][i % 3]!,
    surname: `SURNAME${i}`,
    dob: '1968-06-23',
    address: `${i} OLD MILL LN APT 5F, SALINAS, CA 95937`,
    tax_periods: '2022;2023;2024',
    statute: '8 U.S.C. 1253(a)(1)',
    reasons: i === 7 ? `A reason naming SURNAME${i} alone` : REASONS,
  }
}

function evidenceOf(i: number): MatchResult {
  return { requestId: recordOf(i).id, status: 'none', best: null, rivals: [], masterDigest: `sha256:${'1'.repeat(64)}`, modelDigest: `sha256:${'2'.repeat(64)}` } as unknown as MatchResult
}

function decisionOf(i: number): Decision {
  return {
    requestId: recordOf(i).id,
    outcome: 'disclose',
    verified: true,
    answer: { code: 'DISCLOSED', message: 'm' },
    fields: ['zip'],
    asOf: '2025-08-07T12:00:00.000Z',
    masterId: `M${i}`,
    reasons: [],
  } as unknown as Decision
}

const json = (value: unknown) => canonicalJson(value as JsonValue)

describe('stored digests (src/store/stored-digest.ts)', () => {
  it('stores a digest as its 32 bytes and reads back the same text', () => {
    const d = digest('abc')
    const bytes = storedDigestOf(d)
    assert.equal(bytes.length, 32)
    assert.equal(digestOfStored(bytes, 'x'), d)
    assert.equal(digestOfStored(d, 'x'), d, 'a digest stored as text before migration 0025 reads as it is')
  })

  it('refuses to store what is not a digest, and to read bytes of another length, naming them', () => {
    assert.throws(() => storedDigestOf('sha256:abc' as Digest), /not sha256: and 64 lower-case hex digits/)
    assert.throws(() => digestOfStored(Buffer.alloc(31), 'the decision digest of R1'), /the decision digest of R1 is stored as 31 bytes/)
  })
})

describe('the record dictionary (src/store/facades/dictionaries.ts)', () => {
  it('holds the field names and the legal elements several requests share, never a person’s own values', () => {
    const records = Array.from({ length: 12 }, (_, i) => recordOf(i))
    const text = recordDictionaryOf(records).toString('utf8')
    for (const shared of ['8 U.S.C. 1253(a)(1)', '2022;2023;2024', JSON.stringify(REASONS).slice(1, -1), 'given_name', 'reasons']) assert.ok(text.includes(shared), shared)
    for (const r of records) {
      for (const own of [r.id, r.case_ref!, r.surname!, r.address!]) assert.ok(!text.includes(own), `${own} is not in the dictionary`)
    }
    assert.ok(!text.includes('LINDA') && !text.includes('1968-06-23'), 'a value many people share is still a person’s: left out')
    assert.ok(!text.includes('naming SURNAME7'), 'a reason only one request gives is left out')
  })

  it('leaves out a shared reason that names one of the requests stating it', () => {
    const records = Array.from({ length: 6 }, (_, i) => ({ ...recordOf(i), surname: i < 3 ? 'GARCIA' : `SURNAME${i}`, reasons: 'Locate Garcia for removal.' }))
    assert.ok(!recordDictionaryOf(records).toString('utf8').includes('Locate Garcia'))
  })
})

const backends = rawBackends('compact')

for (const { name, open } of backends) {
  describe(`a store written before compact records and digests (migration 0025) on ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = []
    after(async () => {
      for (const c of cleanups) await c()
    })

    it('still opens, reads and audits its old rows exactly, and writes the new rows of the same batch compact beside them', async () => {
      const { backend, location, schema, cleanup } = await open()
      cleanups.push(cleanup)
      // The store as it was at migration 0024, with rows as the code of that version wrote them:
      // records as JSON text, digests as text.
      const { error } = await migratorFor(backend).migrateTo('0024-packed-evidence')
      assert.equal(error, undefined)
      await backend.db
        .insertInto('batches')
        .values({ id: 'b-old', agreement_id: 'a', agreement_version: '1', agreement_digest: 'sha256:a', requester_party_id: 'dhs-ice', request_file_digest: 'sha256:b', status: 'running', created_at: '2025-08-07T12:00:00.000Z', updated_at: '2025-08-07T12:00:00.000Z', summary: null })
        .execute()
      for (const i of [1, 2, 3]) {
        const r = recordOf(i)
        await backend.db.insertInto('request_records').values({ batch_id: 'b-old', request_id: r.id, line: i, record: JSON.stringify(r), intake_status: 'accepted', intake_reasons: '[]' }).execute()
        const e = json(evidenceOf(i))
        await backend.db.insertInto('match_evidence').values({ batch_id: 'b-old', request_id: r.id, status: 'none', best_master_id: null, evidence: e, evidence_digest: digest(e) }).execute()
        const d = json(decisionOf(i))
        await backend.db
          .insertInto('decisions')
          .values({ batch_id: 'b-old', request_id: r.id, outcome: 'disclose', verified: 1, answer_code: 'DISCLOSED', fields: '["zip"]', decision: d, decision_digest: digest(d), decided_at: '2025-08-07T12:00:00.000Z' })
          .execute()
        await backend.db
          .insertInto('disclosures')
          .values({ id: `x-${i}`, batch_id: 'b-old', request_id: r.id, recipient_party_id: 'dhs-ice', subject: `p-${i}`, fields: '["zip"]', decision_digest: digest(d), disclosed_at: '2025-08-07T16:00:00.000Z', ledger_seq: i, master_subject: null })
          .execute()
      }
      await backend.close()

      const store = await openStore(location, schema === undefined ? {} : { schema })
      try {
        // New requests, evidence and decisions of the same batch, written by this version.
        await store.requests.insertMany([4, 5, 6, 7].map((i) => ({ batchId: 'b-old', requestId: recordOf(i).id, line: i, record: recordOf(i), intakeStatus: 'accepted' as const, intakeReasons: [] })))
        await store.evidence.insertMany('b-old', [4, 5, 6, 7].map(evidenceOf))
        await store.decisions.insertMany('b-old', [4, 5, 6, 7].map(decisionOf))
        const all = [1, 2, 3, 4, 5, 6, 7]

        // Old and new read back alike: records exactly, digests as their text.
        assert.deepEqual((await store.requests.page('b-old', 0, 100)).map((r) => JSON.stringify(r.record)), all.map((i) => JSON.stringify(recordOf(i))))
        assert.deepEqual(JSON.stringify((await store.requests.get('b-old', recordOf(2).id))!.record), JSON.stringify(recordOf(2)))
        assert.deepEqual(JSON.stringify((await store.requests.get('b-old', recordOf(5).id))!.record), JSON.stringify(recordOf(5)))
        assert.deepEqual(
          (await store.batchQueries.evidencePage('b-old', '', 100)).map((p) => [json(p.result), p.digest]),
          all.map((i) => [json(evidenceOf(i)), digest(json(evidenceOf(i)))]),
        )
        assert.deepEqual(
          (await store.batchQueries.decisionPage('b-old', '', 100)).map((p) => [json(p.decision), p.digest]),
          all.map((i) => [json(decisionOf(i)), digest(json(decisionOf(i)))]),
        )
        assert.equal((await store.evidence.get('b-old', recordOf(1).id))!.digest, digest(json(evidenceOf(1))))
        assert.equal((await store.decisions.get('b-old', recordOf(6).id))!.digest, digest(json(decisionOf(6))))

        // The audit's reading of the old disclosures: each with its decision and evidence, and their digests as the ledger names them.
        const records = await store.audits.disclosureRecords('b-old')
        assert.deepEqual(
          records.map((r) => [r.disclosure.requestId, r.decision?.digest, r.evidence?.digest, json(r.decision?.decision), json(r.evidence?.result)]),
          [1, 2, 3].map((i) => [recordOf(i).id, digest(json(decisionOf(i))), digest(json(evidenceOf(i))), json(decisionOf(i)), json(evidenceOf(i))]),
        )

        // The new rows are compact: a packed record, 32-byte digests.
        const raw = rawDatabaseForTamperTests(store)
        const row = await raw.selectFrom('request_records').select('record').where('request_id', '=', recordOf(5).id).executeTakeFirstOrThrow()
        assert.ok(typeof row.record !== 'string' && row.record[0] === PACKED_RUNS, 'the record is packed')
        assert.ok(row.record.length < JSON.stringify(recordOf(5)).length / 2, `packed ${row.record.length} bytes of ${JSON.stringify(recordOf(5)).length}`)
        const digests = await raw.selectFrom('decisions').select('decision_digest').where('request_id', '=', recordOf(5).id).executeTakeFirstOrThrow()
        assert.equal(typeof digests.decision_digest === 'string' ? -1 : digests.decision_digest.length, 32)
      } finally {
        await store.close()
      }
    })
  })
}
