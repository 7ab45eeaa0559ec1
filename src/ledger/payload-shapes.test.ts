import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { LEDGER_ENTRY_KINDS } from '../core/index.js'
import type { LedgerEntryKind, LedgerValue } from '../core/index.js'
import { canonicalLedgerJson } from './encoding.js'
import { shapedPayloadJson } from './payload-shapes.js'

/** The members of each kind's payload (src/core/ledger-entry.ts), and one that is not. */
const MEMBERS: { readonly [K in LedgerEntryKind]: readonly string[] } = {
  disclosure: ['batchId', 'requestId', 'recipient', 'fields', 'agreementId', 'agreementDigest', 'orderDigests', 'evidenceDigest', 'decisionDigest', 'masterDigest', 'disclosureId', 'masterSubject'],
  withholding: ['batchId', 'requestId', 'recipient', 'reasons', 'decisionDigest'],
  review: ['batchId', 'requestId', 'reviewer', 'action', 'note', 'decisionDigest'],
  policy_change: ['agreementId', 'version', 'digest', 'previousDigest', 'effectiveFrom'],
  order_change: ['orderId', 'action', 'digest', 'effectiveFrom'],
  audit: ['auditId', 'agreementDigest', 'orderDigests', 'asOf', 'batches', 'examined', 'improper', 'resultDigest'],
  recall: ['noticeId', 'auditId', 'recipient', 'disclosureIds', 'fields', 'reason', 'deadline'],
  disposal_certification: ['noticeId', 'recipient', 'disclosureIds', 'disposedAt', 'method', 'certifiedBy', 'documentDigest', 'late'],
  recall_acknowledgement: ['noticeId', 'recipient', 'acknowledgedAt'],
  key_rotation: ['oldKeyId', 'oldPublicKey', 'newKeyId', 'newPublicKey', 'treeSize', 'rootHash', 'oldKeySignature', 'newKeySignature'],
  verification: ['verificationId', 'requestId', 'recipient', 'askedBy', 'answer', 'fields', 'agreementId', 'agreementDigest', 'orderDigests', 'evidenceDigest', 'decisionDigest', 'masterDigest', 'masterSubject'],
  incident_report: ['incidentId', 'auditId', 'reportedTo', 'deadline', 'late', 'reference'],
  incident_closure: ['incidentId', 'auditId', 'reason', 'openNotices', 'closedAnywayReason'],
  response_file: ['batchId', 'recipient', 'file', 'digest', 'rows', 'disclosureIds'],
  retention_purge: ['batchId', 'requests', 'files', 'days', 'since', 'rule'],
}

/** Strings of every sort: plain ids, digests, and the characters JSON escapes or that need care. */
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udc00', '😀', 'é', 'a', ',', 'Z') }),
  fc.stringMatching(/^sha256:[0-9a-f]{64}$/),
)

/** Member values: mostly what the payload types hold, sometimes what they do not. */
const value = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 3, arbitrary: fc.array(text, { maxLength: 5 }) },
  { weight: 2, arbitrary: fc.maxSafeInteger() },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, undefined, -0, 17.25, 2 ** 53) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ nested: 'x' }, [1, 2], ['a', undefined], new Date(0), Object.assign(['x'], { toJSON: () => 'y' })) },
)

/** A payload of `kind`: each member present or not, in a random order, sometimes with an extra one. */
function payloadOf(kind: LedgerEntryKind): fc.Arbitrary<Record<string, unknown>> {
  const members = MEMBERS[kind]
  return fc
    .tuple(
      fc.shuffledSubarray([...members], { minLength: 0, maxLength: members.length }),
      fc.array(value, { minLength: members.length, maxLength: members.length }),
      fc.option(fc.tuple(fc.constantFrom('extra', '0', 'subject', '__proto__x'), value), { freq: 5 }),
    )
    .map(([keys, values, extra]) => {
      const payload: Record<string, unknown> = {}
      keys.forEach((key, i) => (payload[key] = values[i]))
      if (extra) payload[extra[0]] = extra[1]
      return payload
    })
}

/** The general encoder's result, or the error it throws. */
function general(payload: Record<string, unknown>): string | Error {
  try {
    return canonicalLedgerJson(payload as unknown as LedgerValue)
  } catch (error) {
    return error as Error
  }
}

describe('shapedPayloadJson', () => {
  it('writes the same bytes as the general encoder, or leaves the payload to it, for every kind', () => {
    let taken = 0
    for (const kind of LEDGER_ENTRY_KINDS) {
      fc.assert(
        fc.property(payloadOf(kind), (payload) => {
          const fast = shapedPayloadJson(kind, payload)
          if (fast === undefined) return
          taken += 1
          assert.equal(fast, general(payload))
        }),
        { numRuns: 400 },
      )
    }
    // Many random payloads are of the simple shape: the fast path was taken, not just skipped.
    assert.ok(taken > 300, `the fast path wrote ${taken} payloads`)
  })

  it('writes a disclosure as the workflow makes it, whatever the order of its members', () => {
    const payload = {
      requestId: 'r1',
      batchId: 'b1',
      recipient: 'agency-a',
      fields: ['street_number', 'zip'],
      agreementId: 'agreement-1',
      agreementDigest: `sha256:${'a1'.repeat(32)}`,
      orderDigests: [],
      evidenceDigest: `sha256:${'00'.repeat(32)}`,
      decisionDigest: `sha256:${'01'.repeat(32)}`,
      masterDigest: `sha256:${'5e'.repeat(32)}`,
      disclosureId: 'd1',
      masterSubject: `pn:${'7c'.repeat(32)}`,
    }
    const fast = shapedPayloadJson('disclosure', payload)
    assert.equal(fast, canonicalLedgerJson(payload))
    assert.ok(fast?.startsWith('{"agreementDigest":"sha256:a1'))
  })

  it('escapes strings as the general encoder does', () => {
    const review = { batchId: 'b', requestId: 'r', reviewer: 'u', action: 'approve', decisionDigest: 'd' }
    for (const note of ['say "no"', 'a\\b', 'lone \ud800', 'pair 😀', 'tab\t', 'line\u2028']) {
      const payload = { ...review, note }
      assert.equal(shapedPayloadJson('review', payload), canonicalLedgerJson(payload))
    }
  })

  it('leaves to the general encoder what it does not write itself', () => {
    const review = { batchId: 'b', requestId: 'r', reviewer: 'u', action: 'approve', decisionDigest: 'd' }
    assert.equal(shapedPayloadJson('review', { ...review, weight: '1' }), undefined)
    assert.equal(shapedPayloadJson('review', { ...review, note: 1.5 }), undefined)
    assert.equal(shapedPayloadJson('review', Object.assign(Object.create({ inherited: 1 }) as object, review)), undefined)
    // A member whose value is undefined is left out, as the general encoder leaves it out.
    assert.equal(shapedPayloadJson('review', { ...review, note: undefined }), canonicalLedgerJson(review))
  })
})
