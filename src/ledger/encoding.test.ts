import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { IntegrityError, InvalidInputError, LEDGER_ENTRY_KINDS, canonicalJson } from '../core/index.js'
import type { JsonValue, LedgerEntry, LedgerValue } from '../core/index.js'
import { GENESIS_PREV_HASH, canonicalLedgerJson, decodeEntry, encodeEntry } from './encoding.js'
import { hashLeaf, readEntryHeader } from './verify.js'

const REVIEW: LedgerEntry = {
  kind: 'review',
  at: '2026-11-26T12:00:00.000Z',
  actor: 'reviewer-1',
  payload: { requestId: 'r1', batchId: 'b1', action: 'approve', reviewer: 'reviewer-1', decisionDigest: 'sha256:00' },
}

describe('ledger entry encoding', () => {
  it('writes the bytes ENCODING.md shows, with the hash it gives', () => {
    const bytes = encodeEntry(REVIEW, 0, GENESIS_PREV_HASH)
    assert.equal(bytes.subarray(0, 53).toString('hex'), `01${'00'.repeat(8)}${'00'.repeat(32)}000001a217ba1200` + '0000009a')
    assert.equal(
      bytes.subarray(53).toString('utf8'),
      '{"actor":"reviewer-1","kind":"review","payload":{"action":"approve","batchId":"b1","decisionDigest":"sha256:00","requestId":"r1","reviewer":"reviewer-1"}}',
    )
    assert.equal(hashLeaf(bytes).toString('hex'), 'cc6947f2b0b1548b807f5ae73c87b7e4ae0065b5266927e4c81f06c3918d99c4')
  })

  it('decodes what it encodes, subject and chain included', () => {
    const first = encodeEntry(REVIEW, 0, GENESIS_PREV_HASH)
    const second = { ...REVIEW, subject: `pn:${'a'.repeat(64)}` } as LedgerEntry
    const bytes = encodeEntry(second, 1, hashLeaf(first))
    const decoded = decodeEntry(bytes)
    const { seq, prevHash, hash, ...entry } = decoded
    assert.deepEqual(entry, second)
    assert.equal(seq, 1)
    assert.equal(prevHash, hashLeaf(first).toString('hex'))
    assert.equal(hash, hashLeaf(bytes).toString('hex'))
  })

  it('round-trips a lone surrogate through its one escaped form', () => {
    const odd = { ...REVIEW, actor: 'a\ud800b' }
    const bytes = encodeEntry(odd, 0, GENESIS_PREV_HASH)
    assert.match(bytes.toString('latin1'), /"actor":"a\\ud800b"/)
    assert.equal(decodeEntry(bytes).actor, 'a\ud800b')
  })

  it('gives one encoding whatever the key order of the payload', () => {
    const reordered = { ...REVIEW, payload: { decisionDigest: 'sha256:00', reviewer: 'reviewer-1', action: 'approve', batchId: 'b1', requestId: 'r1' } } as LedgerEntry
    assert.deepEqual(encodeEntry(reordered, 0, GENESIS_PREV_HASH), encodeEntry(REVIEW, 0, GENESIS_PREV_HASH))
  })

  it('refuses floating-point numbers, non-JSON objects, unknown kinds and bad times', () => {
    const withPayload = (payload: object) => ({ ...REVIEW, payload }) as unknown as LedgerEntry
    assert.throws(() => encodeEntry(withPayload({ weight: 17.25 }), 0, GENESIS_PREV_HASH), /payload.weight is 17.25: only safe integers/)
    assert.throws(() => encodeEntry(withPayload({ n: 2 ** 53 }), 0, GENESIS_PREV_HASH), InvalidInputError)
    assert.throws(() => encodeEntry(withPayload({ when: new Date() }), 0, GENESIS_PREV_HASH), /not a plain JSON object/)
    assert.throws(() => encodeEntry({ ...REVIEW, kind: 'gossip' } as unknown as LedgerEntry, 0, GENESIS_PREV_HASH), /unknown ledger entry kind/)
    assert.throws(() => encodeEntry({ ...REVIEW, at: 'yesterday' }, 0, GENESIS_PREV_HASH), /not an ISO 8601 time/)
    assert.throws(() => encodeEntry({ ...REVIEW, subject: 'pn:1234' } as LedgerEntry, 0, GENESIS_PREV_HASH), /pseudonym/)
  })

  it('writes payloads exactly as core canonicalJson does, for any integer-only JSON value', () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.constant(null), fc.boolean(), fc.maxSafeInteger(), fc.string({ unit: 'grapheme' })),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 })),
    })).node
    fc.assert(
      fc.property(value, (v) => {
        assert.equal(canonicalLedgerJson(v as LedgerValue), canonicalJson(v as JsonValue))
      }),
      { numRuns: 300 },
    )
  })

  it('writes any string as JSON.stringify does: quotes, backslashes, controls, lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udc00', 'é', 'a') }), (a, b) => {
        assert.equal(canonicalLedgerJson({ [a]: b, [b]: a }), canonicalJson({ [a]: b, [b]: a }))
      }),
      { numRuns: 300 },
    )
  })

  it('names the innermost bad member of a payload', () => {
    assert.throws(() => canonicalLedgerJson({ a: [1, { b: 1.5 }] } as unknown as LedgerValue), /^InvalidInputError: payload\.a\[1\]\.b is 1\.5: only safe integers/)
    assert.throws(() => canonicalLedgerJson({ list: [1, undefined] } as unknown as LedgerValue), /payload\.list\[1\] is undefined/)
    assert.throws(() => canonicalLedgerJson(Symbol('x') as unknown as LedgerValue, 'actor'), /^InvalidInputError: actor is not a JSON value/)
  })

  it('refuses bytes that are not a canonical entry', () => {
    const bytes = encodeEntry(REVIEW, 0, GENESIS_PREV_HASH)
    const wrongVersion = Buffer.from(bytes)
    wrongVersion[0] = 2
    assert.match((readEntryHeader(wrongVersion) as { reason: string }).reason, /unknown entry version 2/)
    assert.match((readEntryHeader(bytes.subarray(0, 60)) as { reason: string }).reason, /body length/)
    const spaced = Buffer.from(bytes.toString('latin1').replace('"kind":', '"kind": '), 'latin1')
    spaced.writeUInt32BE(spaced.length - 53, 49)
    assert.throws(() => decodeEntry(spaced), IntegrityError)
  })
})

describe('ledger entry encoding with the payload fast path', () => {
  it('gives the bytes the general encoder gives, for random entries of every kind', () => {
    const subject = fc.option(fc.stringMatching(/^pn:[0-9a-f]{64}$/), { nil: undefined })
    const id = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('say "hi"', 'a\\b', '\ud800', 'é', '😀'))
    const entry = fc.record({
      kind: fc.constantFrom(...LEDGER_ENTRY_KINDS),
      ms: fc.integer({ min: 0, max: 4102444800000 }),
      actor: id.filter((a) => a !== ''),
      subject,
      payload: fc.dictionary(
        fc.constantFrom('batchId', 'requestId', 'recipient', 'fields', 'reasons', 'action', 'note', 'digest', 'examined', 'late', 'previousDigest', 'other'),
        fc.oneof(id, fc.array(id, { maxLength: 3 }), fc.maxSafeInteger(), fc.boolean(), fc.constant(null)),
      ),
    })
    fc.assert(
      fc.property(entry, fc.integer({ min: 0, max: 2 ** 40 }), ({ kind, ms, actor, subject: pn, payload }, seq) => {
        const value = { kind, at: new Date(ms).toISOString(), actor, ...(pn === undefined ? {} : { subject: pn }), payload } as unknown as LedgerEntry
        const bytes = encodeEntry(value, seq, GENESIS_PREV_HASH)
        const body = `{"actor":${JSON.stringify(actor)},"kind":"${kind}","payload":${canonicalLedgerJson(payload as LedgerValue)}${pn === undefined ? '' : `,"subject":"${pn}"`}}`
        assert.equal(bytes.subarray(53).toString('utf8'), body)
        assert.equal(bytes.readUInt32BE(49), Buffer.byteLength(body))
      }),
      { numRuns: 1000 },
    )
  })
})
