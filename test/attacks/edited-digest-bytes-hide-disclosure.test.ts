/**
 * Since migration 0025 the store keeps the digests of a request's evidence and decision as their
 * 32 bytes beside the packed JSON. Someone holding the database (the append-only triggers dropped)
 * edits a disclosure's evidence to pass an improper disclosure through its audit, and this time
 * writes the matching digest bytes too: first the evidence's own, then also the decision, rewritten
 * to name the new evidence, with its digest bytes. Neither passes: the audit checks the evidence
 * against the digest its decision names inside the decision's JSON, and the decision against the
 * digest the disclosure's ledger entry names (the stored digest itself is held to it first), which
 * no one can change without breaking the ledger.
 */
import { strict as assert } from 'node:assert'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { canonicalJson } from '../../src/core/index.js'
import type { JsonValue } from '../../src/core/index.js'
import { openStore } from '../../src/store/index.js'
import { asIntruder, auditHistoryBatch, recordHistory } from './derived-tables-history.js'
import { ATTACK_BACKENDS } from './support.js'

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest()

for (const backend of ATTACK_BACKENDS) {
  describe(`a disclosure's evidence and decision edited with their stored digest bytes recomputed, to pass its audit (${backend.name})`, { skip: backend.skip }, () => {
    it('is refused: the evidence must hash to what the decision names, the decision to what the ledger names', async () => {
      const place = await backend.fresh()
      try {
        const history = await recordHistory(place)
        const store = await openStore(place.location)
        let requestId: string
        let disclosureId: string
        let evidenceText: string
        let decisionText: string
        try {
          const [victim] = await store.disclosures.byBatch(history.batchId)
          assert.ok(victim, 'the history disclosed something')
          requestId = victim.requestId
          disclosureId = victim.id
          evidenceText = canonicalJson((await store.evidence.get(history.batchId, requestId))!.result as unknown as JsonValue)
          decisionText = canonicalJson((await store.decisions.get(history.batchId, requestId))!.decision as unknown as JsonValue)
        } finally {
          await store.close()
        }
        const where = 'where batch_id = ? and request_id = ?'

        // The evidence with a comparison's weight raised, and its stored digest bytes made to match it.
        const edited = evidenceText.replace(/"weight":(-?[\d.]+)/, (_, w: string) => `"weight":${Number(w) + 40}`)
        assert.notEqual(edited, evidenceText, 'the evidence carries a weight to change')
        await asIntruder(place, [{ sql: `update match_evidence set evidence = ?, evidence_digest = ? ${where}`, params: [Buffer.from(edited), sha256(edited), history.batchId, requestId] }])
        await assert.rejects(auditHistoryBatch(place, history.batchId), (error: Error) => {
          assert.match(error.message, new RegExp(`the stored evidence of disclosure ${disclosureId} .*does not hash to`))
          return true
        })

        // Then the decision too, rewritten to name the edited evidence's digest, with its own digest bytes recomputed.
        const evidenceDigest = `sha256:${sha256(edited).toString('hex')}`
        const decision = decisionText.replace(/"evidenceDigest":"sha256:[0-9a-f]{64}"/, `"evidenceDigest":"${evidenceDigest}"`)
        assert.notEqual(decision, decisionText, 'the decision names its evidence')
        await asIntruder(place, [{ sql: `update decisions set decision = ?, decision_digest = ? ${where}`, params: [Buffer.from(decision), sha256(decision), history.batchId, requestId] }])
        await assert.rejects(auditHistoryBatch(place, history.batchId), (error: Error) => {
          // The stored digest is checked against the ledger's before the JSON is even hashed.
          assert.match(error.message, new RegExp(`disclosure ${disclosureId} names decision sha256:[0-9a-f]{64}, but the stored decision has digest sha256:${sha256(decision).toString('hex')}|the stored decision of disclosure ${disclosureId} .*does not hash to`))
          return true
        })
      } finally {
        await place.dispose()
      }
    })
  })
}
