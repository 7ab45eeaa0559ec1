/**
 * Issue 16: a recall notice the recipient can act on. A real recorded history (two batches run by
 * the batch runner, each leaving the response file the recipient received), audited under the
 * court's reading and recalled; the exported notice, its CSV attachment and its signature are
 * checked against those response files: every recalled record is found there by request id and
 * case reference, in the file whose digest the notice names. On SQLite and, when
 * VERIGATE_TEST_PG_URL is set, on PostgreSQL.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { DISCLOSABLE_FIELDS, canonicalJson } from '../../core/index.js'
import type { JsonValue } from '../../core/index.js'
import { publicKeyPem, signWithLedgerKey } from '../../ledger/index.js'
import { recordedResponseFiles } from '../response-file.js'
import type { AuditResult } from './audit-types.js'
import { RECALL_CSV_COLUMNS } from './recall-attachment.js'
import { RECALL_NOTICE_FORMAT, RECALL_NOTICE_FORMAT_V1, checkRecallNotice, createRecalls, exportRecallNotice, recallNoticeCsv, verifyRecallNotice } from './recall.js'
import type { RecallNotice, SignedRecallNotice, SignedRecallNoticeV1 } from './recall.js'
import { runAudit } from './run-audit.js'
import { agreement, recordHistory } from '../../../test/support/audit-test-support.js'
import type { History } from '../../../test/support/audit-test-support.js'

/** The PostgreSQL server the tests also run against, when set (as in CI). */
const PG_URL = process.env.VERIGATE_TEST_PG_URL

const AUDIT_DAY = new Date('2026-03-10T09:00:00.000Z')

const sha256 = (bytes: Uint8Array | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

/** A response file as the recipient holds it: its bytes' digest and its rows by request id. */
interface Received {
  readonly digest: string
  readonly rows: ReadonlyMap<string, Record<string, string>>
}

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`a recall notice named as the recipient knows it, checked against the response files it received (${backend})`, { skip: backend === 'postgres' && !PG_URL ? 'VERIGATE_TEST_PG_URL is not set' : false }, () => {
    let h: History
    const schema = `vg_notice_${randomBytes(4).toString('hex')}`
    let court: AuditResult
    let notice: RecallNotice
    let signed: SignedRecallNotice
    let csv: string
    /** The response files the recipient received, by batch id. */
    const received = new Map<string, Received>()

    before(async () => {
      h = await recordHistory(1500, 300, 11, backend === 'postgres' ? { pgUrl: PG_URL!, pgSchema: schema } : {})
      for (const batchId of h.batchIds) {
        const bytes = readFileSync(join(h.dir, 'out', `response-${batchId}.csv`))
        const rows = parse(bytes, { columns: true }) as Record<string, string>[]
        received.set(batchId, { digest: sha256(bytes), rows: new Map(rows.map((r) => [r.request_id!, r])) })
      }
      court = await runAudit(h.store, { agreement: agreement('court-reading'), now: () => AUDIT_DAY })
      const { notices } = await createRecalls(h.store, { auditId: court.auditId, days: 30, now: () => AUDIT_DAY })
      notice = notices[0]!
      signed = await exportRecallNotice(h.store, notice.noticeId, h.keys)
      csv = recallNoticeCsv(signed)
    })
    after(() => h.dispose())

    it('records each response file on the ledger with the digest of the bytes the recipient received', async () => {
      const files = await recordedResponseFiles(h.store)
      assert.deepEqual(
        files.map((f) => [f.batchId, f.file, f.digest]),
        h.batchIds.map((b) => [b, `response-${b}.csv`, received.get(b)!.digest]),
      )
      for (const f of files) {
        const disclosed = [...received.get(f.batchId)!.rows.values()].filter((r) => r.answer === 'DISCLOSED').length
        assert.equal(f.disclosureIds.length, disclosed, `the entry of ${f.file} names ${f.disclosureIds.length} disclosures, the file has ${disclosed} DISCLOSED rows`)
        assert.equal(f.rows, received.get(f.batchId)!.rows.size)
        assert.equal((await h.store.ledger.get(f.ledgerSeq))?.kind, 'response_file')
      }
      assert.ok((await h.store.ledger.verify(h.keys.publicKey)).ok)
    })

    it('finds every recalled record in the response file it names, by request id and case reference, with the fields that went out', () => {
      assert.ok(court.improper > 0 && signed.records.length === notice.disclosureIds.length)
      assert.deepEqual(signed.records.map((r) => r.disclosureId).sort(), [...notice.disclosureIds].sort())
      const releasable = DISCLOSABLE_FIELDS.filter((f) => received.get(h.batchIds[0])!.rows.values().next().value![f] !== undefined)
      for (const r of signed.records) {
        const file = received.get(r.batchId)
        assert.ok(file, `record ${r.requestId} names batch ${r.batchId}, which the recipient has no response file of`)
        assert.deepEqual(r.responseFiles.map((f) => [f.file, f.sha256]), [[`response-${r.batchId}.csv`, file.digest]], `record ${r.requestId}: the digest named is not the file's`)
        const row = file.rows.get(r.requestId)
        assert.ok(row, `request ${r.requestId} is not in response-${r.batchId}.csv`)
        assert.equal(row.answer, 'DISCLOSED')
        assert.ok(r.caseRef !== '' && row.use_limited_to === r.caseRef, `request ${r.requestId}: case ${r.caseRef} named, ${row.use_limited_to} received`)
        // Names, never values: the notice names the fields, and the file shows nothing outside them.
        for (const f of releasable) if (!r.fieldsDisclosed.includes(f)) assert.equal(row[f], '', `request ${r.requestId}: ${f} went out but is not named`)
        assert.ok(r.fieldsToDispose.length > 0 && r.fieldsToDispose.every((f) => r.fieldsDisclosed.includes(f) && notice.fields.includes(f)))
      }
      const text = JSON.stringify(signed)
      for (const r of signed.records) {
        const row = received.get(r.batchId)!.rows.get(r.requestId)!
        for (const f of r.fieldsDisclosed) if (row[f]) assert.ok(!text.includes(`"${row[f]}"`), `the notice holds the disclosed ${f} of ${r.requestId}`)
      }
    })

    it('attaches a CSV a records officer can work through: one row per record, matching the notice and the response files', () => {
      const rows = parse(csv, { columns: true }) as Record<string, string>[]
      assert.deepEqual(Object.keys(rows[0]!), [...RECALL_CSV_COLUMNS])
      assert.equal(rows.length, signed.records.length)
      assert.equal(signed.attachment.rows, rows.length)
      for (const row of rows) {
        const file = received.get(row.batch_id!)!
        assert.equal(row.response_file_sha256, file.digest.slice('sha256:'.length))
        assert.equal(file.rows.get(row.request_id!)?.use_limited_to, row.case_ref)
        assert.deepEqual([row.notice_id, row.disposal, row.deadline], [notice.noticeId, notice.disposal, notice.deadline])
        assert.ok(row.fields_to_dispose!.split(';').every((f) => notice.fields.includes(f)))
      }
    })

    it('signs the notice and its CSV: both verify; a CSV with a row dropped or a cell changed, or a notice with a record dropped, does not', () => {
      assert.equal(signed.format, RECALL_NOTICE_FORMAT)
      assert.equal(signed.attachment.sha256, sha256(csv))
      assert.deepEqual(checkRecallNotice(signed, csv, publicKeyPem(h.keys)), { ok: true, format: RECALL_NOTICE_FORMAT, problems: [] })
      const lines = csv.split('\n')
      const dropped = [...lines.slice(0, 1), ...lines.slice(2)].join('\n')
      const droppedCheck = checkRecallNotice(signed, dropped, publicKeyPem(h.keys))
      assert.equal(droppedCheck.ok, false)
      assert.match(droppedCheck.problems.join('\n'), /CSV attachment is not the one the notice names/)
      const changed = csv.replace(signed.records[0]!.requestId, 'R9999999')
      assert.equal(checkRecallNotice(signed, changed, publicKeyPem(h.keys)).ok, false)
      assert.equal(checkRecallNotice(signed, undefined, publicKeyPem(h.keys)).ok, false)
      // The records and the CSV dropped together, the digest made to match: the signature catches it.
      const fewer = { ...signed, records: signed.records.slice(1) }
      const fewerCsv = recallNoticeCsv(fewer)
      const forged = { ...fewer, attachment: { ...signed.attachment, sha256: sha256(fewerCsv), rows: fewer.records.length } }
      const forgedCheck = checkRecallNotice(forged, fewerCsv, publicKeyPem(h.keys))
      assert.deepEqual(forgedCheck.problems, ['the signature does not verify under this public key: the notice was changed, or signed by another key'])
    })

    it('still verifies a notice exported in the first format (disclosure ids only), and refuses it changed', () => {
      const { records: _r, attachment: _a, signature: _s, ...rest } = signed
      const body: Omit<SignedRecallNoticeV1, 'signature'> = { ...rest, format: RECALL_NOTICE_FORMAT_V1 }
      const bytes = Buffer.from(canonicalJson({ format: body.format, notice: body.notice, ledger: body.ledger, keyId: body.keyId } as unknown as JsonValue), 'utf8')
      const v1: SignedRecallNoticeV1 = { ...body, signature: signWithLedgerKey(h.keys, bytes).toString('base64') }
      assert.ok(verifyRecallNotice(v1, publicKeyPem(h.keys)))
      assert.deepEqual(checkRecallNotice(v1, undefined, publicKeyPem(h.keys)).ok, true)
      assert.equal(verifyRecallNotice({ ...v1, notice: { ...v1.notice, disclosureIds: v1.notice.disclosureIds.slice(1) } }, publicKeyPem(h.keys)), false)
    })
  })
}
