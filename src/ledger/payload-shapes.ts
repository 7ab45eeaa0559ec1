/**
 * A fast path for the canonical JSON of the payloads the workflow appends (ENCODING.md, "Body"):
 * the payload of each entry kind has a known set of members (`src/core/ledger-entry.ts`), so
 * their code-unit order is computed once here instead of sorting keys per entry, and V8's native
 * `JSON.stringify` writes the members in that order, escapes included, instead of a string being
 * assembled piece by piece. A release appends one entry per disclosure, so this runs a million
 * times for an incident-sized batch.
 *
 * It writes exactly what `canonicalLedgerJson` writes, or nothing: any payload that is not a
 * plain object whose own enumerable members are among the kind's and hold strings, arrays of
 * strings, safe integers, booleans or null (a nested object, an unknown member, a string that
 * needs an escape) returns `undefined`, and the caller falls back to the general encoder.
 * `payload-shapes.test.ts` checks that the two agree byte for byte on random payloads of every
 * kind.
 */
import type { LedgerEntryKind } from '../core/index.js'

/**
 * The members of each kind's payload, as `src/core/ledger-entry.ts` declares them. Only the
 * names matter (sorted below); a member absent from a payload is simply not written.
 */
const PAYLOAD_MEMBERS: { readonly [K in LedgerEntryKind]: readonly string[] } = {
  disclosure: [
    'batchId',
    'requestId',
    'recipient',
    'fields',
    'agreementId',
    'agreementDigest',
    'orderDigests',
    'evidenceDigest',
    'decisionDigest',
    'masterDigest',
    'disclosureId',
    'masterSubject',
  ],
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

/** A kind's members in code-unit order (the default sort's order), and each one's position. */
interface Shape {
  readonly keys: readonly string[]
  readonly positions: ReadonlyMap<string, number>
}

const SHAPES = Object.fromEntries(
  Object.entries(PAYLOAD_MEMBERS).map(([kind, keys]) => {
    const sorted = [...keys].sort()
    return [kind, { keys: sorted, positions: new Map(sorted.map((key, i) => [key, i])) } satisfies Shape]
  }),
) as unknown as { readonly [K in LedgerEntryKind]: Shape }

/**
 * Whether `JSON.stringify` writes `value` as the canonical encoder does: a string (both write it
 * as `JSON.stringify` does, escapes included), an array of strings with no `toJSON` (which only
 * `JSON.stringify` would call), a safe integer (`-0` as `0` in both), a boolean, or null.
 */
function isSimple(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isSafeInteger(value)
    case 'object': {
      if (value === null) return true
      if (!Array.isArray(value) || (value as { toJSON?: unknown }).toJSON !== undefined) return false
      const items = value as readonly unknown[]
      for (let i = 0; i < items.length; i++) if (typeof items[i] !== 'string') return false
      return true
    }
    default:
      return false
  }
}

/**
 * The canonical JSON of a payload of `kind`, or `undefined` when it is not of the simple shape
 * this fast path writes (then `canonicalLedgerJson` writes it, or says why it cannot). It reads
 * only the payload's own enumerable members (`Object.keys`, as the general encoder does), copies
 * them into a new object in code-unit order (none of the members' names is an integer, which
 * `JSON.stringify` would put first), and lets V8's native `JSON.stringify` write that.
 *
 * @example
 * shapedPayloadJson('review', { requestId: 'r1', batchId: 'b1', action: 'approve', reviewer: 'u1', decisionDigest: 'sha256:00' })
 * // '{"action":"approve","batchId":"b1","decisionDigest":"sha256:00","requestId":"r1","reviewer":"u1"}'
 */
export function shapedPayloadJson(kind: LedgerEntryKind, payload: object): string | undefined {
  const shape = SHAPES[kind] as Shape | undefined
  if (shape === undefined) return undefined
  const prototype: unknown = Object.getPrototypeOf(payload)
  if (prototype !== Object.prototype && prototype !== null) return undefined
  const object = payload as { readonly [key: string]: unknown }
  const slots: unknown[] = new Array(shape.keys.length)
  for (const key of Object.keys(object)) {
    const position = shape.positions.get(key)
    if (position === undefined) return undefined
    const value = object[key]
    // A member whose value is undefined is left out, as in the general encoder.
    if (value === undefined) continue
    if (!isSimple(value)) return undefined
    slots[position] = value
  }
  const sorted: { [key: string]: unknown } = {}
  for (let i = 0; i < slots.length; i++) if (slots[i] !== undefined) sorted[shape.keys[i] as string] = slots[i]
  return JSON.stringify(sorted)
}
