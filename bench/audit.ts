/**
 * `npm run bench -- audit [--scale PEOPLE:REQUESTS]…`
 *
 * The retroactive audit (issue 8) on SQLite: generated data at the incident's rates except that
 * 60% of requests are people in the master (so a small run has thousands of disclosures), one
 * batch run under the as-run agreement, then `runAudit` under the court's reading, which
 * re-decides every disclosure from its stored decision and evidence. Baseline in the same
 * process: the pure re-decision alone (`compilePolicy(…).decide` + `recheckAtRelease` over the
 * same evidence already in memory), so the ratio shows what reading the store and recording the
 * audit add. The incident had 47,289 disclosures.
 *
 * Data are made by the generator into bench/out/ (ignored by git) and kept for the next run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadOrCreateLedgerKeys } from '../src/ledger/index.js'
import { compilePolicy, readAgreementFile, recheckAtRelease } from '../src/policy/index.js'
import { openStore } from '../src/store/index.js'
import { generate } from '../src/synth/index.js'
import { runAudit, runBatch } from '../src/workflow/index.js'
import { printTable } from './support/report.js'

const args = process.argv.slice(2)
const scales = args.flatMap((a, i) => (a === '--scale' ? [args[i + 1] ?? ''] : [])).map((s) => s.split(':').map(Number) as [number, number])
if (scales.length === 0) scales.push([20_000, 4_000], [50_000, 10_000])

const root = fileURLToPath(new URL('../../', import.meta.url))
const agreementPath = (v: string) => join(root, `policies/agreements/irs-ice-2025-${v}.yaml`)
const rows: (string | number)[][] = []
for (const [people, requests] of scales) {
  const data = join(root, 'bench/out', `audit-${people}-${requests}`)
  if (!existsSync(join(data, 'requests.csv'))) {
    mkdirSync(data, { recursive: true })
    await generate({ scenario: 'incident', people, requests, inMasterRate: 0.6 }, data)
  }
  const work = mkdtempSync(join(root, 'bench/out', 'audit-run-'))
  // A simulation store: the bench gives the decision and release times (a real store refuses them).
  const store = await openStore(join(work, 'bench.sqlite'), { mode: 'simulation' })
  const { keys } = loadOrCreateLedgerKeys(join(work, 'ledger.key'))
  const batch = await runBatch(store, {
    agreementPath: agreementPath('as-run'),
    masterPath: join(data, 'master.csv'),
    requestsPath: join(data, 'requests.csv'),
    asOf: '2025-08-07T12:00:00Z',
    releaseAt: '2025-08-07T16:00:00Z',
    outDir: join(work, 'out'),
    keys,
  })
  const court = readAgreementFile(agreementPath('court-reading'))

  // Baseline: the re-decisions alone, over evidence already in memory.
  const disclosures = await store.disclosures.byBatch(batch.batchId)
  const loaded = []
  for (const d of disclosures) loaded.push({ d, decision: (await store.decisions.get(d.batchId, d.requestId))!, evidence: (await store.evidence.get(d.batchId, d.requestId))! })
  const policy = compilePolicy(court, [])
  let t = performance.now()
  let improperPure = 0
  for (const { d, decision, evidence } of loaded) {
    const context = { requester: decision.decision.requester, disclosuresSoFar: {}, safeguards: { openFindings: 0, correctivePlan: false } }
    const now = recheckAtRelease(policy.decide(evidence.result, context, decision.decision.asOf, evidence.digest), [], d.disclosedAt)
    if (now.outcome !== 'disclose') improperPure++
  }
  const pureMs = performance.now() - t

  t = performance.now()
  const audit = await runAudit(store, { agreement: court })
  const auditMs = performance.now() - t
  if (audit.improper !== improperPure) throw new Error(`the audit found ${audit.improper}, the pure re-decision ${improperPure}`)
  rows.push([
    `${people.toLocaleString('en-US')} : ${requests.toLocaleString('en-US')}`,
    disclosures.length,
    audit.improper,
    Math.round(auditMs),
    Math.round((disclosures.length / auditMs) * 1000),
    Math.round((disclosures.length / pureMs) * 1000),
    auditMs / pureMs,
  ])
  await store.close()
  rmSync(work, { recursive: true, force: true })
}
printTable(
  'audit: every disclosure re-decided under the court’s reading (SQLite; 2 shared cores)',
  ['people : requests', 'disclosures', 'improper', 'audit ms', 'audit disclosures/s', 'pure re-decision/s', 'audit ÷ pure'],
  rows,
)
