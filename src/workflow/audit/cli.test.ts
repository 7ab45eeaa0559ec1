import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { stringify } from 'yaml'
import { publicKeyPem } from '../../ledger/index.js'
import type { AccountingEntry } from './accounting.js'
import type { AuditResult } from './audit-types.js'
import type { RecallNotice, SignedRecallNotice } from './recall.js'
import { verifyRecallNotice } from './recall.js'
import { VERIGATE_BIN, agreementFile, recordHistory } from '../../../test/support/audit-test-support.js'
import type { History } from '../../../test/support/audit-test-support.js'

describe('verigate audit, recall and accounting on the command line', () => {
  let h: History
  let db: string
  let key: string
  /** The TIN and disclosure id of one disclosure about a person with a TIN. */
  let disclosed: { tin: string; id: string }
  /** The audits of the first test: the court's reading (recalled and certified) and the agency's (not recalled). */
  let court: AuditResult
  let agency: AuditResult
  // The history's key is not beside its database: the commands that write to the ledger find it through the environment.
  const cli = (...args: string[]) => spawnSync(process.execPath, [VERIGATE_BIN, ...args, '--db', db], { encoding: 'utf8', env: { ...process.env, VERIGATE_LEDGER_KEY: key } })
  /** The standalone verifier's bundle check (packages/verify), as a recipient runs it. */
  const verifyBundle = (vkey: string, bundle: string, file: string) =>
    spawnSync(process.execPath, [join(dirname(VERIGATE_BIN), '..', 'packages/verify/bin/verigate-verify.js'), 'bundle', '--verifier-key', vkey, '--bundle', bundle, '--file', file], { encoding: 'utf8' })
  const json = <T>(...args: string[]): T => {
    const r = cli(...args, '--json')
    assert.equal(r.status, 0, r.stderr)
    return JSON.parse(r.stdout) as T
  }

  before(async () => {
    h = await recordHistory(1500, 300, 11)
    for (const d of await h.store.disclosures.byBatch(h.batchIds[0])) {
      const masterId = (await h.store.decisions.get(d.batchId, d.requestId))!.decision.masterId!
      const tin = h.masterTin.get(masterId) ?? ''
      if (tin.replace(/\D/g, '').length === 9) {
        disclosed = { tin, id: d.id }
        break
      }
    }
    await h.store.close()
    db = join(h.dir, 'db.sqlite')
    key = join(h.dir, 'ledger.key')
  })
  after(() => rmSync(h.dir, { recursive: true, force: true }))

  it('audits under two readings, writes the report with both side by side and the incident record, recalls, and tracks the certification', () => {
    court = json<AuditResult>('audit', '--agreement', agreementFile('court-reading'), '--at', '2026-03-10T09:00:00Z')
    assert.ok(court.improper > 0)
    const report = join(h.dir, 'oversight.html')
    const incident = join(h.dir, 'incident.json')
    agency = json<AuditResult>('audit', '--agreement', agreementFile('agency-reading'), '--at', '2026-03-10T10:00:00Z', '--compare', court.auditId, '--report', report, '--incident', incident, '--key', key)
    assert.ok(agency.improper > 0 && agency.improper < court.improper)
    const html = readFileSync(report, 'utf8')
    assert.ok(html.includes(court.auditId) && html.includes(agency.auditId))
    const record = JSON.parse(readFileSync(incident, 'utf8')) as { records: number; reportDeadline: string }
    assert.equal(record.records, agency.improper)
    assert.equal(record.reportDeadline, '2026-03-11T10:00:00.000Z')

    const exported = join(h.dir, 'notices')
    const { notices } = json<{ notices: RecallNotice[] }>('recall', 'create', '--audit', court.auditId, '--key', key, '--at', '2026-03-11T08:00:00Z', '--days', '30', '--export', exported)
    const notice = notices[0]!
    const signed = JSON.parse(readFileSync(join(exported, `${notice.noticeId}.json`), 'utf8')) as SignedRecallNotice
    assert.ok(verifyRecallNotice(signed, publicKeyPem(h.keys)))
    // The attachment beside it, owner-only, and both checked with the files and the public key alone (issue 16).
    const attachment = join(exported, `${notice.noticeId}.csv`)
    assert.equal(statSync(attachment).mode & 0o777, 0o600)
    assert.equal(statSync(join(exported, `${notice.noticeId}.json`)).mode & 0o777, 0o600)
    const pem = join(h.dir, 'ledger.pub.pem')
    writeFileSync(pem, publicKeyPem(h.keys))
    const verifyNotice = (...args: string[]) => spawnSync(process.execPath, [VERIGATE_BIN, 'recall', 'verify-notice', '--public-key', pem, ...args], { encoding: 'utf8' })
    const verified = verifyNotice('--notice', join(exported, `${notice.noticeId}.json`))
    assert.equal(verified.status, 0, verified.stderr)
    assert.match(verified.stdout, /^ok: .* and .*\.csv verify \(verigate-recall-notice\/2\)/)
    const lines = readFileSync(attachment, 'utf8').split('\n')
    const dropped = join(h.dir, 'dropped-row.csv')
    writeFileSync(dropped, [lines[0], ...lines.slice(2)].join('\n'))
    const refused = verifyNotice('--notice', join(exported, `${notice.noticeId}.json`), '--csv', dropped)
    assert.equal(refused.status, 1)
    assert.match(refused.stdout, /NOT VERIFIED[\s\S]*the CSV attachment is not the one the notice names/)
    const single = join(h.dir, 'single')
    const exportOne = cli('recall', 'export', '--notice', notice.noticeId, '--out', `${single}.json`, '--key', key)
    assert.equal(exportOne.status, 0, exportOne.stderr)
    assert.match(exportOne.stdout, new RegExp(`wrote .*single\\.json and .*single\\.csv \\(${notice.disclosureIds.length} records`))
    assert.equal(readFileSync(`${single}.csv`, 'utf8'), readFileSync(attachment, 'utf8'))
    // The notice's proof bundle, beside it: the standalone verifier finds its entry in the log.
    const vkey = cli('ledger', 'public-key', '--format', 'note', '--key', key).stdout.trim()
    const bundled = verifyBundle(vkey, `${single}.proof.json`, `${single}.json`)
    assert.equal(bundled.status, 0, bundled.stdout + bundled.stderr)
    assert.match(bundled.stdout, new RegExp(`the recall entry ${signed.ledger.seq} is in the log; the notice ${notice.noticeId} names that entry by its hash`))
    assert.equal(verifyBundle(vkey, join(exported, `${notice.noticeId}.proof.json`), join(exported, `${notice.noticeId}.json`)).status, 0)

    const notAcknowledged = cli('recall', 'status', '--as-of', '2026-03-12T00:00:00Z')
    assert.match(notAcknowledged.stdout, new RegExp(`${notice.noticeId} ${notice.recipient} outstanding +not acknowledged`))
    const stranger = cli('recall', 'acknowledge', '--notice', notice.noticeId, '--party', 'someone-else')
    assert.notEqual(stranger.status, 0)
    assert.match(stranger.stderr, /another party/)
    const ack = cli('recall', 'acknowledge', '--notice', notice.noticeId, '--party', notice.recipient, '--at', '2026-03-12T08:30:00Z', '--by', 'ICE Privacy Office')
    assert.equal(ack.status, 0, ack.stderr)
    assert.match(ack.stdout, /^recorded: dhs-ice acknowledged rn-\w+ at 2026-03-12T08:30:00.000Z \(ledger entry \d+\)/)
    const ackAgain = json<{ created: boolean; acknowledgement: { acknowledgedAt: string } }>('recall', 'acknowledge', '--notice', notice.noticeId, '--party', notice.recipient)
    assert.deepEqual([ackAgain.created, ackAgain.acknowledgement.acknowledgedAt], [false, '2026-03-12T08:30:00.000Z'])
    assert.match(cli('recall', 'status', '--as-of', '2026-03-13T00:00:00Z').stdout, /outstanding +acknowledged 2026-03-12T08:30:00.000Z/)

    const cert = (ids: readonly string[]) => {
      const file = join(h.dir, `certificate-${ids.length}.yaml`)
      writeFileSync(file, stringify({ noticeId: notice.noticeId, recipient: notice.recipient, disclosureIds: ids, disposedAt: '2026-03-20T10:00:00Z', method: 'destroy', methodDetail: 'NIST SP 800-88 clear', certifiedBy: 'ICE Privacy Officer' }))
      return file
    }
    const wrong = cli('recall', 'certify', '--notice', notice.noticeId, '--certificate', cert([...notice.disclosureIds, 'd-0000']), '--received-at', '2026-03-21T09:00:00Z')
    assert.notEqual(wrong.status, 0)
    assert.match(wrong.stderr, /disclosures_not_recalled/)
    const good = cli('recall', 'certify', '--notice', notice.noticeId, '--certificate', cert(notice.disclosureIds), '--received-at', '2026-03-21T09:00:00Z')
    assert.equal(good.status, 0, good.stderr)
    assert.match(good.stdout, /^recorded dc-.*; its proof bundle: .*certificate-\d+\.proof\.json\n$/)
    const certificate = cert(notice.disclosureIds)
    const receipt = verifyBundle(vkey, certificate.replace(/\.yaml$/, '.proof.json'), certificate)
    assert.equal(receipt.status, 0, receipt.stdout + receipt.stderr)
    assert.match(receipt.stdout, /the disposal_certification entry \d+ is in the log; the document is the one its entry records/)
    writeFileSync(certificate, readFileSync(certificate, 'utf8').replace('destroy', 'return'))
    assert.equal(verifyBundle(vkey, certificate.replace(/\.yaml$/, '.proof.json'), certificate).status, 1)
    const again = cli('recall', 'certify', '--notice', notice.noticeId, '--certificate', cert(notice.disclosureIds), '--received-at', '2026-03-22T09:00:00Z')
    assert.notEqual(again.status, 0)
    assert.match(again.stderr, /already_certified/)
    const status = json<{ noticeId: string; status: string; acknowledgement: { acknowledgedAt: string } | null }[]>('recall', 'status', '--as-of', '2026-03-25T00:00:00Z')
    assert.deepEqual(status.map((s) => [s.status, s.acknowledgement?.acknowledgedAt]), [['certified', '2026-03-12T08:30:00.000Z']])
    assert.ok(existsSync(report))
  })

  it('recalls nothing twice: the same reading again issues no notice and says why; another reading recalls only what is new', () => {
    const again = json<AuditResult>('audit', '--agreement', agreementFile('court-reading'), '--at', '2026-03-24T09:00:00Z')
    assert.notEqual(again.auditId, court.auditId)
    const [earlier] = json<{ noticeId: string; status: string; disclosures: number }[]>('recall', 'status', '--as-of', '2026-03-24T10:00:00Z')
    const none = cli('recall', 'create', '--audit', again.auditId, '--key', key, '--at', '2026-03-24T10:00:00Z')
    assert.equal(none.status, 0, none.stderr)
    assert.equal(
      none.stdout,
      `no notice issued: every one of the ${again.improper} improper disclosures audit ${again.auditId} found is already under an earlier recall notice (${earlier!.noticeId} of audit ${court.auditId}, certified: ${again.improper}); none is recalled twice\n`,
    )
    const noneJson = json<{ created: boolean; notices: RecallNotice[]; alreadyRecalled: { noticeId: string; disclosureIds: string[] }[] }>('recall', 'create', '--audit', again.auditId, '--key', key, '--at', '2026-03-24T10:00:00Z')
    assert.deepEqual([noneJson.created, noneJson.notices, noneJson.alreadyRecalled.map((a) => [a.noticeId, a.disclosureIds.length])], [false, [], [[earlier!.noticeId, earlier!.disclosures]]])

    const recalledByCourt = new Set(court.findings.map((f) => f.disclosureId))
    const onlyAgency = agency.findings.map((f) => f.disclosureId).filter((id) => !recalledByCourt.has(id)).sort()
    const shared = agency.improper - onlyAgency.length
    assert.ok(onlyAgency.length > 0 && shared > 0, `the agency's reading finds ${onlyAgency.length} new and ${shared} already recalled`)
    const some = cli('recall', 'create', '--audit', agency.auditId, '--key', key, '--at', '2026-03-24T10:00:00Z')
    assert.equal(some.status, 0, some.stderr)
    assert.match(some.stdout, new RegExp(`^rn-\\w+ to dhs-ice: ${onlyAgency.length} disclosures, `))
    assert.match(some.stdout, new RegExp(`\nnot recalled again: ${shared} disclosures already under an earlier recall notice \\(${earlier!.noticeId} of audit ${court.auditId}, certified: ${shared}\\)\n$`))
  })

  it('refuses a certificate that differs from its notice, naming every reason, and records nothing', () => {
    const notice = json<{ notices: RecallNotice[] }>('recall', 'create', '--audit', agency.auditId, '--key', key).notices[0]!
    const file = join(h.dir, 'mismatched-certificate.yaml')
    writeFileSync(file, stringify({ noticeId: notice.noticeId, recipient: 'dhs-cbp', disclosureIds: [...notice.disclosureIds.slice(1), 'd-never-disclosed'], disposedAt: '2026-03-25T10:00:00Z', method: 'return', methodDetail: 'returned by courier', certifiedBy: 'ICE Privacy Officer' }))
    const r = cli('recall', 'certify', '--notice', notice.noticeId, '--certificate', file, '--received-at', '2026-03-26T09:00:00Z')
    assert.notEqual(r.status, 0, r.stderr)
    assert.match(r.stderr, /was refused; nothing was recorded/)
    const codes = [...r.stderr.matchAll(/^ {2}\S+ \((\w+)\): (\w+):/gm)].map((m) => m[2])
    assert.deepEqual(codes, ['recipient_mismatch', 'method_mismatch', 'disclosures_not_recalled', 'disclosures_not_covered'], r.stderr)
    assert.match(r.stderr, /asks for its destruction \(method: destroy\)/)
    assert.match(r.stderr, new RegExp(notice.disclosureIds[0]!))
    const status = json<{ noticeId: string; status: string }[]>('recall', 'status', '--audit', agency.auditId, '--as-of', '2026-03-26T10:00:00Z')
    assert.deepEqual(status.map((s) => [s.noticeId, s.status]), [[notice.noticeId, 'outstanding']])
  })

  it('accounts for the disclosures about one person, by TIN', () => {
    const r = json<{ entries: AccountingEntry[] }>('accounting', '--subject', `tin:${disclosed.tin}`, '--key', key)
    assert.ok(r.entries.some((e) => e.disclosureId === disclosed.id))
    for (const e of r.entries) assert.equal(e.legalBasis, '26 U.S.C. 6103(i)(2)')
    const human = cli('accounting', '--subject', disclosed.tin, '--key', key)
    assert.match(human.stdout, /to dhs-ice: street_number/)
    const none = cli('accounting', '--subject', 'tin:000-00-0001', '--key', key)
    assert.equal(none.status, 0, none.stderr)
    assert.match(none.stdout, /no disclosure about this person/)
  })
})
