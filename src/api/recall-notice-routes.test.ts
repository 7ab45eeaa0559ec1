/**
 * Issue 16: the recipient fetches a recall notice it can act on through the API: the signed
 * notice (each record by request id, case reference, batch and response-file digest) and its CSV
 * attachment, which verify together with the holder's public key alone. A real recorded history
 * (the batch runner's), audited and recalled; on SQLite and, when VERIGATE_TEST_PG_URL is set,
 * on PostgreSQL.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'

import type { FastifyInstance } from 'fastify'
import { hashApiKey, newApiKey } from '../core/index.js'
import { publicKeyPem } from '../ledger/index.js'
import { RECALL_NOTICE_FORMAT, checkRecallNotice, createRecalls, exportRecallNotice, recallNoticeCsv, runAudit } from '../workflow/index.js'
import type { RecallNotice, SignedRecallNotice } from '../workflow/index.js'
import { agreement, recordHistory } from '../../test/support/audit-test-support.js'
import type { History } from '../../test/support/audit-test-support.js'
import { buildApp } from './app.js'

/** The PostgreSQL server the tests also run against, when set (as in CI). */
const PG_URL = process.env.VERIGATE_TEST_PG_URL

const AUDIT_DAY = new Date('2026-03-10T09:00:00.000Z')

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`the recall notice and its CSV through the API (${backend})`, { skip: backend === 'postgres' && !PG_URL ? 'VERIGATE_TEST_PG_URL is not set' : false }, () => {
    let h: History
    const schema = `vg_notice_api_${randomBytes(4).toString('hex')}`
    let notice: RecallNotice
    let app: FastifyInstance
    let recipient: { authorization: string }
    let stranger: { authorization: string }

    /** A requester key of `partyId` (the party added if it is not there). */
    const keyOf = async (id: string, partyId: string) => {
      const at = '2026-03-01T00:00:00.000Z'
      if (!(await h.store.parties.get(partyId))) await h.store.parties.add({ id: partyId, name: partyId.toUpperCase(), kind: 'requester', createdAt: at })
      const { key, prefix } = newApiKey()
      // A low scrypt cost, as in the other API tests: the check is the same, the wait is not.
      await h.store.parties.addCredential({ id, partyId, role: 'requester', keyPrefix: prefix, keyHash: await hashApiKey(key, { N: 1024, r: 8, p: 1 }), createdAt: at })
      return { authorization: `Bearer ${key}` }
    }

    before(async () => {
      h = await recordHistory(1500, 300, 11, backend === 'postgres' ? { pgUrl: PG_URL!, pgSchema: schema } : {})
      const court = await runAudit(h.store, { agreement: agreement('court-reading'), now: () => AUDIT_DAY })
      notice = (await createRecalls(h.store, { auditId: court.auditId, days: 30, now: () => AUDIT_DAY })).notices[0]!
      recipient = await keyOf('key-notice-recipient', notice.recipient)
      stranger = await keyOf('key-notice-stranger', 'another-agency')
      app = await buildApp({ store: h.store, keys: h.keys, now: () => AUDIT_DAY })
    })
    after(async () => {
      await app.close()
      await h.dispose()
    })

    it('serves its recipient the signed notice and the CSV, which verify together; another party is refused', async () => {
      const json = await app.inject({ method: 'GET', url: `/v1/recalls/${notice.noticeId}/notice`, headers: recipient })
      assert.equal(json.statusCode, 200, json.body)
      const served = json.json() as SignedRecallNotice
      assert.deepEqual(served, await exportRecallNotice(h.store, notice.noticeId, h.keys))
      assert.equal(served.records.length, notice.disclosureIds.length)
      const attachment = await app.inject({ method: 'GET', url: `/v1/recalls/${notice.noticeId}/notice.csv`, headers: recipient })
      assert.equal(attachment.statusCode, 200, attachment.body)
      assert.match(String(attachment.headers['content-type']), /^text\/csv/)
      assert.equal(attachment.body, recallNoticeCsv(served))
      assert.deepEqual(checkRecallNotice(served, attachment.rawPayload, publicKeyPem(h.keys)), { ok: true, format: RECALL_NOTICE_FORMAT, problems: [] })
      for (const url of [`/v1/recalls/${notice.noticeId}/notice`, `/v1/recalls/${notice.noticeId}/notice.csv`]) assert.equal((await app.inject({ method: 'GET', url, headers: stranger })).statusCode, 403)
      assert.equal((await app.inject({ method: 'GET', url: '/v1/recalls/rn-none/notice', headers: recipient })).statusCode, 404)
    })
  })
}
