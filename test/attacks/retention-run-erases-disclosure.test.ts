/**
 * `verigate retention run` used to erase a disclosure (issue 21). Someone with a purge key runs
 * the retention purge to make a disclosure disappear: early (before the agreement's period is
 * over, or with `--older-than 0`), or while the disclosure is under an open recall notice and its
 * incident is open. Each is refused or holds the batch, and nothing changes: the ledger, the
 * request rows and the response file are as before. Once the batch is truly due, the purge
 * removes the raw request values and the response file, and still hides nothing: `ledger verify`
 * passes, the accounting finds every disclosure by request, and an audit re-decides every
 * disclosure exactly as the audit before the purge did.
 */
import { strict as assert } from 'node:assert'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadOrCreateLedgerKeys } from '../../src/ledger/index.js'
import { readAgreementFile } from '../../src/policy/index.js'
import { openStore, rawDatabaseForTamperTests } from '../../src/store/index.js'
import type { Store } from '../../src/store/index.js'
import { generate } from '../../src/synth/index.js'
import { batchIdOf, certifyDisposal, closeIncident, createRecalls, fileDigest, reportIncident, runAudit, runBatch } from '../../src/workflow/index.js'
import type { Accounting, AuditResult, RetentionRun } from '../../src/workflow/index.js'
import { HOLDER, createKey, verigate, verigateOk } from './identity-fixture.js'
import { ATTACK_BACKENDS, REPO_ROOT } from './support.js'

const agreementPath = (reading: string) => join(REPO_ROOT, `policies/agreements/irs-ice-2025-${reading}.yaml`)
const AUDIT_DAY = new Date('2026-03-10T09:00:00.000Z')

/** What a purge must not change unless it is due: the ledger's size and every request row. */
async function snapshot(store: Store, batchId: string): Promise<{ size: number; rows: string }> {
  const rows = await rawDatabaseForTamperTests(store).selectFrom('request_records').select(['request_id', 'record']).where('batch_id', '=', batchId).orderBy('request_id').execute()
  return { size: await store.ledger.size(), rows: createHash('sha256').update(JSON.stringify(rows)).digest('hex') }
}

function decided(a: AuditResult) {
  return { requestsExamined: a.requestsExamined, disclosuresMade: a.disclosuresMade, improper: a.improper, improperByReason: a.improperByReason, findings: a.findings }
}

for (const backend of ATTACK_BACKENDS) {
  describe(`retention run used to erase a disclosure (${backend.name})`, { skip: backend.skip }, () => {
    it('is refused early or while a recall or incident is open, changing nothing; a due purge still leaves every disclosure to the audit and the accounting', async () => {
      const place = await backend.fresh()
      try {
        const { keys } = loadOrCreateLedgerKeys(join(place.dir, 'ledger.key'))
        const data = join(place.dir, 'data')
        await generate({ scenario: 'incident', seed: 11, people: 1500, requests: 300, inMasterRate: 0.6 }, data)
        // A simulation store: the history is replayed at its own times, and the purge judged at given ones.
        let store = await openStore(place.location, { mode: 'simulation' })
        let batchId: string
        let before: AuditResult
        let noticeId: string
        // The request file kept as the server keeps an upload: `requests/<batch>.<format>` in its data folder.
        const asRun = readAgreementFile(agreementPath('as-run'))
        const expectedId = batchIdOf({
          agreementId: asRun.document.id,
          agreementVersion: asRun.document.version,
          agreementDigest: asRun.digest,
          requestFileDigest: await fileDigest(join(data, 'requests.csv')),
          masterDigest: await fileDigest(join(data, 'master.csv')),
        })
        mkdirSync(join(place.dir, 'server', 'requests'), { recursive: true })
        const upload = join(place.dir, 'server', 'requests', `${expectedId}.csv`)
        copyFileSync(join(data, 'requests.csv'), upload)
        try {
          const batch = await runBatch(store, {
            agreementPath: agreementPath('as-run'),
            masterPath: join(data, 'master.csv'),
            requestsPath: upload,
            outDir: join(place.dir, 'out'),
            keys,
            threads: 1,
            asOf: '2025-08-07T12:00:00.000Z',
            releaseAt: '2025-08-07T16:00:00.000Z',
          })
          batchId = batch.batchId
          assert.equal(batchId, expectedId)
          before = await runAudit(store, { agreement: readAgreementFile(agreementPath('court-reading')), now: () => AUDIT_DAY })
          assert.ok(before.improper > 0 && before.incidentId !== null, 'the court reading finds improper disclosures')
          noticeId = (await createRecalls(store, { auditId: before.auditId, days: 30, now: () => AUDIT_DAY })).notices[0]!.noticeId
        } finally {
          await store.close()
        }
        await verigateOk(place, ['party', 'add', HOLDER, '--name', 'Internal Revenue Service', '--kind', 'holder'])
        const officer = await createKey(place, HOLDER, 'admin', 'rita.records')
        const response = join(place.dir, 'out', `response-${batchId}.csv`)
        assert.ok(existsSync(response))

        const purge = async (...args: string[]) => verigate(place, ['retention', 'run', '--credential', officer.file, '--json', ...args])
        const unchanged = async (what: string, run: () => Promise<void>) => {
          store = await openStore(place.location)
          const was = await snapshot(store, batchId)
          await store.close()
          await run()
          store = await openStore(place.location)
          try {
            assert.deepEqual(await snapshot(store, batchId), was, `${what}: the ledger and the request rows are unchanged`)
          } finally {
            await store.close()
          }
          assert.ok(existsSync(response) && existsSync(upload), `${what}: the response file and the kept upload are still there`)
        }

        // Well past the period, but the recall notice and the incident are open.
        await unchanged('a purge while a recall and an incident are open', async () => {
          const r = await purge('--as-of', '2027-06-01T00:00:00Z')
          assert.equal(r.status, 0, r.stderr)
          const b = (JSON.parse(r.stdout) as RetentionRun).batches.find((x) => x.batchId === batchId)!
          assert.equal(b.state, 'held')
          assert.match(b.holds.join('; '), new RegExp(`recall notice ${noticeId} .* has no certification of disposal`))
          assert.match(b.holds.join('; '), new RegExp(`incident ${before.incidentId} .* is not closed`))
        })
        // A period shorter than the agreement's.
        await unchanged('--older-than 0', async () => {
          const r = await purge('--as-of', '2027-06-01T00:00:00Z', '--older-than', '0')
          assert.notEqual(r.status, 0)
          assert.match(r.stderr, /--older-than 0 is shorter than the 365 days of agreement/)
        })

        // The recall certified and the incident closed: nothing holds the batch any more.
        store = await openStore(place.location)
        try {
          const notice = (await store.recalls.get(noticeId))!
          const certified = await certifyDisposal(store, {
            noticeId,
            text: JSON.stringify({ noticeId, recipient: notice.recipientPartyId, disclosureIds: notice.disclosureIds, disposedAt: '2026-03-18T12:00:00.000Z', method: 'destroy', methodDetail: 'NIST SP 800-88 purge', certifiedBy: 'ICE Privacy Officer' }),
            receivedAt: '2026-03-20T09:00:00.000Z',
          })
          assert.ok(certified.ok, JSON.stringify(certified))
          await reportIncident(store, { incidentId: before.incidentId!, to: ['TIGTA'], actor: 'rita.records', at: '2026-03-10T12:00:00.000Z' })
          await closeIncident(store, { incidentId: before.incidentId!, reason: 'every recall notice certified', actor: 'rita.records', at: '2026-03-21T09:00:00.000Z' })
        } finally {
          await store.close()
        }
        // Before the agreement's 365 days are over.
        await unchanged('a purge before the period is over', async () => {
          const r = await purge('--as-of', '2026-06-01T00:00:00Z')
          assert.equal(r.status, 0, r.stderr)
          assert.equal((JSON.parse(r.stdout) as RetentionRun).batches.find((x) => x.batchId === batchId)!.state, 'not_due')
        })

        // Due: the raw values and the response file go, and no disclosure is hidden.
        const r = await purge('--as-of', '2026-09-01T00:00:00Z')
        assert.equal(r.status, 0, r.stderr)
        const purged = (JSON.parse(r.stdout) as RetentionRun).batches.find((x) => x.batchId === batchId)!
        assert.equal(purged.state, 'purged')
        assert.deepEqual(
          purged.files.map((f) => [f.role, f.file, f.digest]),
          [
            ['request', `${batchId}.csv`, await fileDigest(join(data, 'requests.csv'))],
            ['response', `response-${batchId}.csv`, purged.files[1]!.digest],
          ],
        )
        assert.ok(!existsSync(response) && !existsSync(upload), 'the response file and the kept upload are deleted')
        const verify = await verigate(place, ['ledger', 'verify'])
        assert.equal(verify.status, 0, `ledger verify passes after the purge: ${verify.stdout}${verify.stderr}`)

        store = await openStore(place.location)
        let disclosures: { id: string; requestId: string }[]
        try {
          disclosures = (await store.disclosures.byBatch(batchId)).map((d) => ({ id: d.id, requestId: d.requestId }))
          assert.equal(disclosures.length, before.disclosuresMade)
          const after = await runAudit(store, { agreement: readAgreementFile(agreementPath('court-reading')), now: () => new Date('2026-09-02T09:00:00.000Z') })
          assert.deepEqual(decided(after), decided(before), 'the audit after the purge re-decides every disclosure as before it')
        } finally {
          await store.close()
        }
        for (const d of disclosures.slice(0, 5)) {
          const a = JSON.parse(await verigateOk(place, ['accounting', '--subject', `request:${batchId}/${d.requestId}`, '--json'])) as Accounting
          assert.ok(a.entries.some((e) => e.disclosureId === d.id), `the accounting of request ${d.requestId} still finds disclosure ${d.id}`)
        }
      } finally {
        await place.dispose()
      }
    })
  })
}
