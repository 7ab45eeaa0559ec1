import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { stringify } from 'yaml'
import { VerigateError } from '../../core/index.js'
import { renderOversightReport } from '../../report/index.js'
import type { IncidentLifecycle } from '../../report/index.js'
import { openStore, rawDatabaseForTamperTests, verifyStore } from '../../store/index.js'
import type { StoredIncidentClosure, StoredIncidentReport } from '../../store/index.js'
import { GivenTimeRefused } from '../clock.js'
import { buildOversightReport } from './build-oversight-report.js'
import { certifyDisposal } from './certify-disposal.js'
import { closeIncident, incidentLifecycle, reportIncident } from './incident-lifecycle.js'
import { createRecalls } from './recall.js'
import { runAudit } from './run-audit.js'
import { VERIGATE_BIN, agreement, agreementFile, recordHistory } from '../../../test/support/audit-test-support.js'
import type { History } from '../../../test/support/audit-test-support.js'

/** The court's audit runs at this time: its incident's report is due 24 hours later. */
const AUDIT_AT = '2026-03-10T09:00:00.000Z'

describe('an incident carried to its end: reported and closed, each a ledger entry', () => {
  let h: History

  before(async () => {
    h = await recordHistory(1500, 300, 11)
  })
  after(async () => {
    await h.store.close()
    rmSync(h.dir, { recursive: true, force: true })
  })

  it('records a late report, refuses a close while a recall is open, closes once disposal is certified, and shows it in the report; ledger verify stays green', async () => {
    const { store, keys } = h
    const audit = await runAudit(store, { agreement: agreement('court-reading'), now: () => new Date(AUDIT_AT) })
    assert.ok(audit.improper > 0 && audit.incidentId !== null)
    const incidentId = audit.incidentId
    const { notices } = await createRecalls(store, { auditId: audit.auditId, days: 10, now: () => new Date('2026-03-10T12:00:00.000Z') })
    assert.ok(notices.length > 0)

    // Not reported, and past the deadline: overdue.
    const before = await incidentLifecycle(store, incidentId, new Date('2026-03-11T12:00:00.000Z'))
    assert.deepEqual([before.stage, before.reporting, before.report, before.closure], ['open', 'overdue', null, null])

    // Reported 26 hours after discovery: late, to both overseers, by the person given.
    const report = await reportIncident(store, { incidentId, to: ['TIGTA', 'IRS Office of Safeguards'], actor: 'dora disclosure', reference: 'TIGTA 2026-0311', at: '2026-03-11T11:00:00.000Z' })
    assert.deepEqual([report.late, report.deadline, report.reportedBy, report.reportedTo], [true, '2026-03-11T09:00:00.000Z', 'dora disclosure', ['TIGTA', 'IRS Office of Safeguards']])
    const reportEntry = await store.ledger.get(report.ledgerSeq)
    assert.equal(reportEntry?.kind, 'incident_report')
    assert.equal(reportEntry?.actor, 'dora disclosure')
    assert.deepEqual(reportEntry?.payload, { incidentId, auditId: audit.auditId, reportedTo: ['TIGTA', 'IRS Office of Safeguards'], deadline: '2026-03-11T09:00:00.000Z', late: true, reference: 'TIGTA 2026-0311' })
    await assert.rejects(reportIncident(store, { incidentId, to: ['TIGTA'], actor: 'dora disclosure', at: '2026-03-11T12:00:00.000Z' }), (e: unknown) => e instanceof VerigateError && e.code === 'conflict' && /already reported/.test(e.message))

    // A close while the notices have no certification: refused, naming them, and nothing written.
    const size = await store.ledger.size()
    await assert.rejects(
      closeIncident(store, { incidentId, reason: 'recalls issued', actor: 'dora disclosure', at: '2026-03-12T09:00:00.000Z' }),
      (e: unknown) => e instanceof VerigateError && e.code === 'conflict' && notices.every((n) => e.message.includes(n.noticeId)) && /reason for closing anyway/.test(e.message),
    )
    assert.equal(await store.ledger.size(), size)

    // Every notice certified, one after its deadline: the close goes through, with no notice open.
    for (const [i, n] of notices.entries()) {
      const text = stringify({ noticeId: n.noticeId, recipient: n.recipient, disclosureIds: n.disclosureIds, disposedAt: '2026-03-19T10:00:00Z', method: n.disposal === 'return' ? 'return' : 'destroy', methodDetail: 'NIST SP 800-88 clear', certifiedBy: 'ICE Privacy Officer' })
      const certified = await certifyDisposal(store, { noticeId: n.noticeId, text, receivedAt: i === 0 ? '2026-03-25T10:00:00.000Z' : '2026-03-19T12:00:00.000Z' })
      assert.ok(certified.ok, JSON.stringify(certified))
    }
    const closure = await closeIncident(store, { incidentId, reason: 'every recipient certified disposal', actor: 'dora disclosure', at: '2026-03-26T09:00:00.000Z' })
    assert.deepEqual([closure.openNotices, closure.closedAnywayReason], [[], null])
    assert.equal((await store.ledger.get(closure.ledgerSeq))?.kind, 'incident_closure')
    await assert.rejects(closeIncident(store, { incidentId, reason: 'again', actor: 'dora disclosure', at: '2026-03-27T09:00:00.000Z' }), /already closed/)

    const state = await incidentLifecycle(store, incidentId, new Date('2026-03-27T00:00:00.000Z'))
    assert.deepEqual([state.stage, state.reporting], ['closed', 'late'])
    assert.deepEqual(
      state.lateCertificates.map((n) => n.noticeId),
      [notices[0]!.noticeId],
    )

    // The ledger and every table derived from it, both ways.
    const verified = await verifyStore(store, keys.publicKey)
    assert.ok(verified.ok, JSON.stringify([verified.problems, verified.tables.problems]))
    const tables = new Map(verified.tables.tables.map((t) => [t.table, t.rows]))
    assert.deepEqual([tables.get('incident_reports'), tables.get('incident_closures')], [1, 1])

    // The oversight report: reported late to whom and by whom, closed and why, the late certificate listed.
    const oversight = await buildOversightReport(store, { auditId: audit.auditId, now: () => new Date('2026-03-27T00:00:00.000Z'), keys })
    assert.deepEqual([oversight.incident?.status, oversight.incident?.reportedAt], ['closed', '2026-03-11T11:00:00.000Z'])
    const html = await renderOversightReport(oversight)
    assert.match(html, /reported to TIGTA and IRS Office of Safeguards 2026-03-11 11:00:00 UTC, LATE: after the 24-hour deadline; closed/)
    assert.match(html, /by dora disclosure \(reference TIGTA 2026-0311\): LATE, after the 24-hour deadline/)
    assert.match(html, /by dora disclosure: every recipient certified disposal\./)
    assert.match(html, new RegExp(`Certificates of disposal received after the deadline:</p><ul><li><code>${notices[0]!.noticeId}</code>`))
    assert.doesNotMatch(html, /Not yet/)
  })

  it('closes with a recall still open only for a recorded reason, and the report lists the overdue recall', async () => {
    const { store, keys } = h
    const audit = await runAudit(store, { agreement: agreement('agency-reading'), now: () => new Date('2026-04-01T09:00:00.000Z') })
    const incidentId = audit.incidentId!
    const { notices } = await createRecalls(store, { auditId: audit.auditId, days: 3, now: () => new Date('2026-04-01T10:00:00.000Z') })
    await assert.rejects(closeIncident(store, { incidentId, reason: 'x', actor: 'dora disclosure', at: '2026-04-01T11:00:00.000Z' }), /has not been reported/)
    const report = await reportIncident(store, { incidentId, to: ['TIGTA'], actor: 'dora disclosure', at: '2026-04-01T15:00:00.000Z' })
    assert.equal(report.late, false)
    await assert.rejects(closeIncident(store, { incidentId, reason: 'x', closeAnyway: 'bad\u202etext', actor: 'dora disclosure', at: '2026-04-10T09:00:00.000Z' }), /closeAnyway: character 4 is U\+202E/)
    const closure = await closeIncident(store, { incidentId, reason: 'referred to counsel', closeAnyway: 'the recipient disputes the recall before the court', actor: 'dora disclosure', at: '2026-04-10T09:00:00.000Z' })
    assert.deepEqual(closure.openNotices, notices.map((n) => n.noticeId))
    assert.equal(closure.closedAnywayReason, 'the recipient disputes the recall before the court')
    assert.deepEqual((await store.ledger.get(closure.ledgerSeq))?.payload, { incidentId, auditId: audit.auditId, reason: 'referred to counsel', openNotices: closure.openNotices, closedAnywayReason: 'the recipient disputes the recall before the court' })
    const oversight = await buildOversightReport(store, { auditId: audit.auditId, now: () => new Date('2026-04-10T10:00:00.000Z'), keys })
    assert.deepEqual(
      oversight.incidentLifecycle?.overdueRecalls.map((n) => n.noticeId),
      notices.map((n) => n.noticeId),
    )
    const html = await renderOversightReport(oversight)
    assert.match(html, /within the 24-hour deadline; closed 2026-04-10 09:00:00 UTC with \d+ recall notice\(s\) still open/)
    assert.match(html, /because: the recipient disputes the recall before the court/)
    assert.match(html, new RegExp(`Overdue recall notices \\(no certification of disposal after the deadline\\):</p><ul><li><code>${notices[0]!.noticeId}</code>`))
    const verified = await verifyStore(store, keys.publicKey)
    assert.ok(verified.ok, JSON.stringify([verified.problems, verified.tables.problems]))
  })

  it('keeps the report and the closure append-only, and ledger verify names a report altered behind the triggers', async () => {
    const { store, keys } = h
    await assert.rejects(rawDatabaseForTamperTests(store).updateTable('incident_reports').set({ late: 0 }).execute(), /append-only|restrict/)
    await assert.rejects(rawDatabaseForTamperTests(store).deleteFrom('incident_closures').execute(), /append-only|restrict/)
    const late = await rawDatabaseForTamperTests(store).selectFrom('incident_reports').select(['incident_id', 'ledger_seq']).where('late', '=', 1).executeTakeFirstOrThrow()
    // An intruder with the file drops the triggers and makes the late report look on time.
    const db = new BetterSqlite3(join(h.dir, 'db.sqlite'))
    try {
      for (const { name } of db.prepare("select name from sqlite_master where type = 'trigger' and tbl_name = 'incident_reports'").all() as { name: string }[]) db.exec(`drop trigger "${name}"`)
      db.prepare('update incident_reports set late = 0 where incident_id = ?').run(late.incident_id)
    } finally {
      db.close()
    }
    const verified = await verifyStore(store, keys.publicKey)
    assert.equal(verified.ok, false)
    const problem = verified.tables.problems.find((p) => p.table === 'incident_reports')
    assert.ok(problem, JSON.stringify(verified.tables.problems))
    assert.match(problem.message, new RegExp(`${late.incident_id}.*late`))
  })

  it('a real store refuses a given time for a report and a closure, writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verigate-real-'))
    const real = await openStore(join(dir, 'db.sqlite'), { mode: 'real' })
    try {
      await assert.rejects(reportIncident(real, { incidentId: 'inc-x', to: ['TIGTA'], actor: 'dora', at: '2026-01-01T00:00:00Z' }), GivenTimeRefused)
      await assert.rejects(closeIncident(real, { incidentId: 'inc-x', reason: 'r', actor: 'dora', at: '2026-01-01T00:00:00Z' }), GivenTimeRefused)
      assert.equal(await real.ledger.size(), 0)
    } finally {
      await real.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('verigate incident on the command line', () => {
  let h: History
  let db: string
  let key: string
  let credential: string
  const cli = (...args: string[]) => spawnSync(process.execPath, [VERIGATE_BIN, ...args, '--db', db], { encoding: 'utf8', env: { ...process.env, VERIGATE_LEDGER_KEY: key } })

  before(async () => {
    h = await recordHistory(1000, 200, 5)
    await h.store.close()
    db = join(h.dir, 'db.sqlite')
    key = join(h.dir, 'ledger.key')
    credential = join(h.dir, 'officer.key')
    assert.equal(cli('party', 'add', 'irs', '--name', 'Internal Revenue Service', '--kind', 'holder').status, 0)
    const made = cli('party', 'key', 'create', 'irs', '--role', 'supervisor', '--person', 'Dora Disclosure', '--out', credential)
    assert.equal(made.status, 0, made.stderr)
    chmodSync(credential, 0o600)
  })
  after(() => rmSync(h.dir, { recursive: true, force: true }))

  it('reports through the person’s key, refuses a close while a recall is open, closes with a reason, and shows the status', () => {
    const audit = cli('audit', '--agreement', agreementFile('court-reading'), '--at', '2026-03-10T09:00:00Z', '--json')
    assert.equal(audit.status, 0, audit.stderr)
    const incidentId = (JSON.parse(audit.stdout) as { incidentId: string; auditId: string }).incidentId
    const created = cli('recall', 'create', '--audit', (JSON.parse(audit.stdout) as { auditId: string }).auditId, '--at', '2026-03-10T10:00:00Z', '--days', '5')
    assert.equal(created.status, 0, created.stderr)

    const withoutKey = spawnSync(process.execPath, [VERIGATE_BIN, 'incident', 'report', incidentId, '--db', db], { encoding: 'utf8', env: { ...process.env, VERIGATE_LEDGER_KEY: key, VERIGATE_API_KEY: '' } })
    assert.notEqual(withoutKey.status, 0)
    assert.match(withoutKey.stderr, /act through a key of your own/)

    const reported = cli('incident', 'report', incidentId, '--credential', credential, '--at', '2026-03-10T20:00:00Z', '--json')
    assert.equal(reported.status, 0, reported.stderr)
    const r = JSON.parse(reported.stdout) as StoredIncidentReport
    assert.deepEqual([r.reportedTo, r.reportedBy, r.late], [['TIGTA', 'IRS Office of Safeguards'], 'Dora Disclosure', false])

    const refused = cli('incident', 'close', incidentId, '--reason', 'done', '--credential', credential, '--at', '2026-03-20T09:00:00Z')
    assert.notEqual(refused.status, 0)
    assert.match(refused.stderr, /cannot be closed: \d+ recall notice\(s\) .* have no certification of disposal/)

    const closed = cli('incident', 'close', incidentId, '--reason', 'referred to counsel', '--anyway', 'the recipient has not answered', '--credential', credential, '--at', '2026-03-20T09:00:00Z', '--json')
    assert.equal(closed.status, 0, closed.stderr)
    const c = JSON.parse(closed.stdout) as StoredIncidentClosure
    assert.ok(c.openNotices.length > 0)

    const status = cli('incident', 'status', incidentId, '--as-of', '2026-03-21T00:00:00Z')
    assert.equal(status.status, 0, status.stderr)
    assert.match(status.stdout, /CLOSED/)
    assert.match(status.stdout, /reported 2026-03-10T20:00:00.000Z to TIGTA, IRS Office of Safeguards by Dora Disclosure: on time/)
    assert.match(status.stdout, /overdue recall rn-/)
    const all = JSON.parse(cli('incident', 'status', '--json', '--as-of', '2026-03-21T00:00:00Z').stdout) as IncidentLifecycle[]
    assert.deepEqual(all.map((l) => l.stage), ['closed'])

    const verified = cli('ledger', 'verify', '--key', key)
    assert.equal(verified.status, 0, verified.stdout + verified.stderr)
  })
})
