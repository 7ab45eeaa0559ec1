/**
 * Someone holding the database wants an improper disclosure to pass its audit: the audit
 * re-decides each disclosure from the evidence and the decision the store keeps, so they edit
 * those (with the append-only triggers dropped) and leave the digests as they were. Either the
 * evidence row itself, written back as plain JSON (a form the reader still takes from stores made
 * before evidence was packed), or the batch's dictionary that every packed row of the batch is
 * read against. The audit now checks that what it reads hashes to the digests the ledger names
 * (the decision to the disclosure's, the evidence to the decision's) and refuses, naming the
 * disclosure, before it re-decides anything.
 */
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { canonicalJson } from '../../src/core/index.js'
import type { JsonValue } from '../../src/core/index.js'
import { openStore } from '../../src/store/index.js'
import { asIntruder, auditHistoryBatch, recordHistory } from './derived-tables-history.js'
import { ATTACK_BACKENDS } from './support.js'

for (const backend of ATTACK_BACKENDS) {
  describe(`the stored evidence or a batch's dictionary edited to pass an improper disclosure through its audit (${backend.name})`, { skip: backend.skip }, () => {
    it('is refused: the audit names the disclosure whose evidence or decision no longer hashes to its digest', async () => {
      const place = await backend.fresh()
      try {
        const history = await recordHistory(place)
        const store = await openStore(place.location)
        let requestId: string
        let disclosureId: string
        let evidenceText: string
        try {
          const [victim] = await store.disclosures.byBatch(history.batchId)
          assert.ok(victim, 'the history disclosed something')
          requestId = victim.requestId
          disclosureId = victim.id
          const evidence = await store.evidence.get(history.batchId, requestId)
          assert.ok(evidence)
          evidenceText = canonicalJson(evidence.result as unknown as JsonValue)
        } finally {
          await store.close()
        }

        // The evidence row, rewritten as plain JSON with a comparison's weight raised; its digest left alone.
        const edited = evidenceText.replace(/"weight":(-?[\d.]+)/, (_, w: string) => `"weight":${Number(w) + 40}`)
        assert.notEqual(edited, evidenceText, 'the evidence carries a weight to change')
        await asIntruder(place, [{ sql: 'update match_evidence set evidence = ? where batch_id = ? and request_id = ?', params: [Buffer.from(edited), history.batchId, requestId] }])
        await assert.rejects(auditHistoryBatch(place, history.batchId), (error: Error) => {
          assert.match(error.message, new RegExp(`the stored evidence of disclosure ${disclosureId} .*does not hash to`))
          return true
        })

        // The evidence put back, then the batch's decision dictionary changed instead: every
        // packed decision of the batch now reads differently.
        await asIntruder(place, [
          { sql: 'update match_evidence set evidence = ? where batch_id = ? and request_id = ?', params: [Buffer.from(evidenceText), history.batchId, requestId] },
          { sql: "update batch_dictionaries set dictionary = ? where batch_id = ? and kind = 'decision'", params: [Buffer.from('{"x":"disclose"}'), history.batchId] },
        ])
        await assert.rejects(auditHistoryBatch(place, history.batchId), /the stored decision of disclosure .* does not hash to|decision of request .* of batch/)
      } finally {
        await place.dispose()
      }
    })
  })
}
