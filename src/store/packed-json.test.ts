import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { canonicalJson, digest } from '../core/index.js'
import type { Decision, JsonValue, MatchResult } from '../core/index.js'
import { migratorFor } from './migrations/index.js'
import { rawBackends } from '../../test/support/raw-backends.js'
import { openStore } from './open-store.js'
import { PACKED_PIECES, PACKED_RUNS, dictionaryOf, packJson, unpackJson } from './packed-json.js'

/** A piece of evidence of a generated shape (numbers of every kind the link writes). */
function evidenceOf(i: number, status: MatchResult['status']): MatchResult {
  const comparisons = [
    { field: 'given_name', level: i % 2 ? 'exact' : 'different', weight: i % 2 ? 6.6674 : -5.6264 },
    { field: 'dob', level: 'exact', weight: 13.7494 },
  ]
  return {
    requestId: `R${String(i).padStart(7, '0')}`,
    status,
    best: { masterId: `M${String(i * 7).padStart(9, '0')}`, weight: 53.2699 - i / 3, probability: 1 / (1 + i * 1.37), comparisons },
    rivals: [],
    masterDigest: `sha256:${'1'.repeat(64)}`,
    modelDigest: `sha256:${'2'.repeat(64)}`,
  } as unknown as MatchResult
}

/** A decision naming its evidence (only the fields the store reads and the JSON it keeps). */
function decisionOf(i: number, outcome: 'disclose' | 'withhold'): Decision {
  return {
    requestId: `R${String(i).padStart(7, '0')}`,
    outcome,
    verified: outcome === 'disclose',
    answer: { code: outcome === 'disclose' ? 'DISCLOSED' : 'NOT_VERIFIED', message: 'wording – with “quotes” and a non-ASCII ü' },
    fields: outcome === 'disclose' ? ['zip'] : [],
    asOf: '2025-08-07T12:00:00.000Z',
    masterId: outcome === 'disclose' ? `M${i}` : null,
    reasons: [{ code: 'MATCH_NONE', message: `reason ${i}` }],
  } as unknown as Decision
}

describe('packed JSON (src/store/packed-json.ts)', () => {
  it('gives back every byte of the JSON it packed, so its digest is the same', () => {
    const texts = Array.from({ length: 500 }, (_, i) => canonicalJson(evidenceOf(i, i % 5 ? 'none' : 'match') as unknown as JsonValue))
    const dictionary = dictionaryOf(texts.slice(0, 3))
    for (const text of texts) {
      const packed = packJson(text, dictionary)
      assert.equal(packed[0], PACKED_RUNS)
      const back = unpackJson(packed, dictionary, 'evidence')
      assert.equal(back, text)
      assert.equal(digest(back), digest(text))
      assert.ok(packed.length < text.length / 2, `packed ${packed.length} bytes of ${text.length}`)
    }
  })

  it('gives back every byte of JSON unlike its dictionary: quotes, escapes, non-ASCII, digests and text that only looks like one', () => {
    const dictionary = dictionaryOf([canonicalJson(decisionOf(1, 'withhold') as unknown as JsonValue)])
    const odd = [
      { a: 'say "hi" \\ there', b: ['', '', '"'], c: 'ü – “x”' },
      { evidenceDigest: digest('x'), upper: `sha256:${'A'.repeat(64)}`, short: `sha256:${'a'.repeat(63)}`, long: `${digest('y')}0` },
      { requestId: 'R0000001', outcome: 'withhold', reasons: [{ code: 'MATCH_NONE', message: 'reason 1' }], n: 1e-7 },
      {},
    ]
    for (const value of odd) {
      const text = canonicalJson(value as unknown as JsonValue)
      assert.equal(unpackJson(packJson(text, dictionary), dictionary, 'x'), text)
    }
    // A digest costs its 32 bytes and one more (beside a few for the key and the JSON around it), not its 71 characters.
    const one = canonicalJson({ d: digest('x') })
    const two = canonicalJson({ d: digest('x'), e: digest('y') })
    const more = packJson(two, dictionary).length - packJson(one, dictionary).length
    assert.ok(more >= 33 && more <= 40, `a second digest took ${more} bytes`)
  })

  it('writes a row of its dictionary\'s shape as a few runs: a withheld decision in under a fifth of its JSON', () => {
    const texts = Array.from({ length: 50 }, (_, i) => canonicalJson(decisionOf(i, 'withhold') as unknown as JsonValue))
    const dictionary = dictionaryOf(texts.slice(0, 1))
    for (const text of texts.slice(1)) {
      const packed = packJson(text, dictionary)
      assert.equal(unpackJson(packed, dictionary, 'decision'), text)
      assert.ok(packed.length < text.length / 5, `packed ${packed.length} bytes of ${text.length}`)
    }
  })

  it('still reads a value packed as pieces (the form written before migration 0025)', () => {
    const dictionary = dictionaryOf(['{"a":"hello"}'])
    // Pieces 0–4 of the dictionary ({, a, :, hello, }), each by number.
    assert.equal(unpackJson(Buffer.from([PACKED_PIECES, 0, 2, 4, 6, 8]), dictionary, 'x'), '{"a":"hello"}')
    // A literal piece: its byte length doubled plus one, then its bytes.
    assert.equal(unpackJson(Buffer.from([PACKED_PIECES, 0, 2, 4, 2 * 2 + 1, 0x68, 0x69, 8]), dictionary, 'x'), '{"a":"hi"}')
  })

  it('refuses a run or a digest that runs past its dictionary or its bytes', () => {
    const dictionary = dictionaryOf(['{"a":"hello"}'])
    assert.throws(() => unpackJson(Buffer.from([PACKED_RUNS, 3 * 4 + 2, 5]), dictionary, 'the evidence of R1'), /the evidence of R1 cannot be unpacked: a run of 7 pieces at 3 runs past/)
    assert.throws(() => unpackJson(Buffer.from([PACKED_RUNS, 3, 1, 2]), dictionary, 'the evidence of R1'), /a digest piece is damaged/)
  })

  it('reads text and UTF-8 JSON bytes (rows written before migration 0024) as they are', () => {
    assert.equal(unpackJson('{"a":1}', undefined, 'x'), '{"a":1}')
    assert.equal(unpackJson(Buffer.from('{"a":"ü"}'), undefined, 'x'), '{"a":"ü"}')
  })

  it('refuses a packed value without its dictionary, in an unknown encoding, or damaged, naming it', () => {
    const dictionary = dictionaryOf(['{"a":"hello hello"}'])
    const packed = packJson('{"a":"hello hello"}', dictionary)
    assert.throws(() => unpackJson(packed, undefined, 'the decision of R1'), /the decision of R1 is packed but its batch has no dictionary/)
    assert.throws(() => unpackJson(Buffer.from([0x09, 1, 2]), dictionary, 'the decision of R1'), /does not know \(first byte 0x9\)/)
    const damaged = Buffer.from(packed)
    damaged[damaged.length - 1] = damaged[damaged.length - 1]! ^ 0xff
    let read: string | undefined
    try {
      read = unpackJson(damaged, dictionary, 'the decision of R1')
    } catch (error) {
      assert.match(String(error), /the decision of R1 cannot be unpacked/)
    }
    // Where the damaged bytes still decode, the text differs: its digest no longer matches.
    if (read !== undefined) assert.notEqual(digest(read), digest('{"a":"hello hello"}'))
  })
})

const backends = rawBackends('packed')

for (const { name, open } of backends) {
  describe(`a store written before packed evidence (migration 0024) on ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = []
    after(async () => {
      for (const c of cleanups) await c()
    })

    it('still opens, reads its text rows exactly, and packs the new rows of the same batch beside them', async () => {
      const { backend, location, schema, cleanup } = await open()
      cleanups.push(cleanup)
      // The store as it was at migration 0022, with one batch of rows in the old (text) encoding.
      const { error } = await migratorFor(backend).migrateTo('0022-retention-purges')
      assert.equal(error, undefined)
      await backend.db
        .insertInto('batches')
        .values({ id: 'b-old', agreement_id: 'a', agreement_version: '1', agreement_digest: 'sha256:a', requester_party_id: 'dhs-ice', request_file_digest: 'sha256:b', status: 'running', created_at: '2025-08-07T12:00:00.000Z', updated_at: '2025-08-07T12:00:00.000Z', summary: null })
        .execute()
      const oldEvidence = [0, 1, 2].map((i) => evidenceOf(i, 'none'))
      const oldDecisions = [0, 1, 2].map((i) => decisionOf(i, i === 1 ? 'disclose' : 'withhold'))
      for (const e of oldEvidence) {
        const json = canonicalJson(e as unknown as JsonValue)
        await backend.db.insertInto('match_evidence').values({ batch_id: 'b-old', request_id: e.requestId, status: e.status, best_master_id: null, evidence: json, evidence_digest: digest(json) }).execute()
      }
      for (const d of oldDecisions) {
        const json = canonicalJson(d as unknown as JsonValue)
        await backend.db
          .insertInto('decisions')
          .values({ batch_id: 'b-old', request_id: d.requestId, outcome: d.outcome, verified: d.verified ? 1 : 0, answer_code: d.answer.code, fields: '[]', decision: json, decision_digest: digest(json), decided_at: d.asOf })
          .execute()
      }
      await backend.close()

      const store = await openStore(location, schema === undefined ? {} : { schema })
      try {
        for (const e of oldEvidence) {
          const json = canonicalJson(e as unknown as JsonValue)
          const read = await store.evidence.get('b-old', e.requestId)
          assert.equal(canonicalJson(read!.result as unknown as JsonValue), json)
          assert.equal(read!.digest, digest(json))
        }
        // New rows of the same batch are packed; old and new read back alike, in one page.
        const newEvidence = [3, 4, 5].map((i) => evidenceOf(i, 'match'))
        await store.evidence.insertMany('b-old', newEvidence)
        const newDecisions = [3, 4, 5].map((i) => decisionOf(i, 'disclose'))
        await store.decisions.insertMany('b-old', newDecisions)
        const page = await store.batchQueries.evidencePage('b-old', '', 100)
        assert.deepEqual(
          page.map((p) => [canonicalJson(p.result as unknown as JsonValue), p.digest]),
          [...oldEvidence, ...newEvidence].map((e) => [canonicalJson(e as unknown as JsonValue), digest(canonicalJson(e as unknown as JsonValue))]),
        )
        const decisions = await store.batchQueries.decisionPage('b-old', '', 100)
        assert.deepEqual(
          decisions.map((p) => [canonicalJson(p.decision as unknown as JsonValue), p.digest]),
          [...oldDecisions, ...newDecisions].map((d) => [canonicalJson(d as unknown as JsonValue), digest(canonicalJson(d as unknown as JsonValue))]),
        )
        assert.deepEqual((await store.decisions.page('b-old', 'disclose', '', 100)).map((d) => d.requestId), ['R0000001', 'R0000003', 'R0000004', 'R0000005'])
      } finally {
        await store.close()
      }
    })

    it('keeps a batch dictionary append-only: changing it would change what every packed row of the batch says', async () => {
      const { location, schema, cleanup, backend } = await open()
      cleanups.push(cleanup)
      await backend.close()
      const store = await openStore(location, schema === undefined ? {} : { schema })
      try {
        await store.batches.create({
          id: 'b-1',
          agreementId: 'a',
          agreementVersion: '1',
          agreementDigest: `sha256:${'a'.repeat(64)}`,
          requesterPartyId: 'dhs-ice',
          requestFileDigest: `sha256:${'b'.repeat(64)}`,
          status: 'running',
          createdAt: '2025-08-07T12:00:00.000Z',
        })
        await store.evidence.insertMany('b-1', [evidenceOf(1, 'none')])
        const { rawDatabaseForTamperTests } = await import('./raw-database.js')
        const raw = rawDatabaseForTamperTests(store)
        await assert.rejects(raw.updateTable('batch_dictionaries').set({ dictionary: Buffer.from('{"other":"words"}') }).execute(), /append-only/)
        await assert.rejects(raw.deleteFrom('batch_dictionaries').execute(), /append-only/)
        assert.equal(canonicalJson((await store.evidence.get('b-1', 'R0000001'))!.result as unknown as JsonValue), canonicalJson(evidenceOf(1, 'none') as unknown as JsonValue))
      } finally {
        await store.close()
      }
    })
  })
}
