/**
 * `verigate demo`: the whole story on generated data, offline, in under a minute (what
 * `npm run demo` runs): a batch under the corrected agreement with its review, then the incident
 * of docs/rules.md replayed (a batch under the agreement as run, audits under the agency's
 * and the court's readings, the incident record, the recall, a certificate of disposal, the
 * accounting for one person, the oversight report) and the ledger verified. Everything it writes
 * goes into one folder (default `demo-out/`, ignored by git), the database included, so it starts
 * fresh each time; a folder that holds anything else is refused, never emptied.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Command } from 'commander'
import { InvalidInputError } from '../../core/index.js'
import type { DemoResult } from '../../workflow/index.js'
import { isPostgresUrl } from '../db-option.js'
import { cliProgress, summaryLines } from './batch.js'
import { progressOptions } from '../progress.js'

interface DemoCliOptions {
  readonly db?: string
  readonly out: string
  readonly json?: boolean
  /** `--progress` (a mode) or `--no-progress` (false): read with `progressMode`. */
  readonly progress: string | boolean
}

/** The file that marks a folder as the demo's own output, so the next run may empty it. */
export const DEMO_MARKER = '.verigate-demo'

/** What the demo writes at the top of its folder (older demos wrote no marker). */
const DEMO_ENTRY = /^(data|incident|demo\.sqlite(-wal|-shm|-journal)?|demo(\.sqlite)?\.ledger-key(\.pub\.pem)?|(report|response|summary)-b-[0-9a-f]+\.(html|csv|json)|\.verigate-demo)$/

/**
 * Why a folder may not be emptied for the demo, or null when it may: it does not exist, is empty,
 * carries the demo's marker, or holds only what a demo writes.
 *
 * @example
 * demoFolderRefusal('demo-out') // null after a previous demo; a sentence when it holds other files
 */
export function demoFolderRefusal(dir: string): string | null {
  if (!existsSync(dir)) return null
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch {
    return `${dir} is not a folder`
  }
  if (entries.length === 0 || entries.includes(DEMO_MARKER)) return null
  const foreign = entries.filter((e) => !DEMO_ENTRY.test(e))
  if (foreign.length === 0) return null
  return `${dir} holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}, which the demo did not write: the demo empties its folder first, so give it another one with --out`
}

function rel(path: string): string {
  return relative(process.cwd(), path) || path
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`

/** The human-readable summary: what happened, the key figures, where each file is. */
function demoLines(result: DemoResult, db: string, key: string): string[] {
  const s = result.afterReview.summary
  const r = result.incident
  const n = (v: number) => v.toLocaleString('en-US')
  const { agency, court, corrected } = r.scores
  const lines = ['Verigate demo', '', 'What happened', ...result.steps.map((st) => `  ${st.what.padEnd(20)} ${st.detail}`), '']
  lines.push('Part one: a batch under the corrected agreement', ...summaryLines(s).map((l) => `  ${l}`), '')
  lines.push(
    'Part two: the incident replayed (one recorded history, three readings)',
    `  batch under the as-run agreement   ${n(r.batch.summary.requested)} requests, ${n(r.disclosuresMade)} disclosures made`,
    `  agency's reading                   ${n(agency.improper)} improper (precision ${agency.precision.toFixed(3)}, recall ${agency.recall.toFixed(3)} against the truth)`,
    `  court's reading                    ${n(court.improper)} improper (precision ${court.precision.toFixed(3)}, recall ${court.recall.toFixed(3)} against the truth)`,
    `  corrected agreement                ${n(corrected.improper)} improper; on incomplete addresses ${n(corrected.found)} (precision ${corrected.precision.toFixed(3)}, recall ${corrected.recall.toFixed(3)})`,
    `  the court's count is ${(court.improper / Math.max(1, agency.improper)).toFixed(1)} times the agency's (${percent(agency.improper / Math.max(1, r.disclosuresMade))} against ${percent(court.improper / Math.max(1, r.disclosuresMade))} of the disclosures; in the real case about 2,350 against 42,695 of 47,289)`,
    `  incident record                    ${r.incident.incidentId}: ${n(r.incident.records)} records, report due ${r.incident.reportDeadline} (24 hours after ${r.incident.discoveredAt})`,
    `  recall                             ${r.recallStatus.map((x) => `${x.noticeId} ${x.status}, ${n(x.disclosures)} disclosures, deadline ${x.deadline}`).join('; ')}`,
    `  accounting for one person          TIN ${r.accountingSubject}: ${n(r.accounting.entries.length)} disclosure(s), ${r.accounting.entries.filter((e) => e.recalls.length > 0).length} recalled`,
    `  ledger                             ${result.verification.ok ? 'verifies' : 'DOES NOT VERIFY'}: ${n(result.verification.size)} entries, ${result.verification.checkpointsChecked} signed checkpoint(s)`,
    '',
    'Where everything is',
    `  batch report (corrected)     ${rel(result.afterReview.reportPath)}`,
    `  response file (corrected)    ${rel(result.afterReview.responsePath)} (its proof bundle beside it, .proof.json: packages/verify checks it alone)`,
    `  batch report (as run)        ${rel(r.batch.reportPath)}`,
    `  response file (as run)       ${rel(r.batch.responsePath)}`,
    `  oversight report             ${rel(r.oversightReportPath)} (open it in a browser: both readings side by side)`,
    `  incident record              ${rel(r.incidentPath)} (no personal data)`,
    `  signed recall notice         ${rel(r.signedNoticePath)}`,
    `  database                     ${db} (try \`verigate recall status --db ${db}\` or \`verigate ledger verify --db ${db} --key ${key}\`)`,
    '',
    `Done in ${result.seconds.toFixed(1)} s.`,
  )
  return lines
}

/** The `--json` summary: one object with all of it. */
function demoJson(result: DemoResult, db: string, key: string): Record<string, unknown> {
  const r = result.incident
  const auditOf = (name: 'corrected' | 'agency' | 'court') => {
    const a = r.audits[name]
    return {
      audit_id: a.auditId,
      agreement: a.agreement,
      at: a.at,
      requests_examined: a.requestsExamined,
      disclosures_made: a.disclosuresMade,
      improper: a.improper,
      people_concerned: a.peopleConcerned,
      improper_by_reason: a.improperByReason,
      improper_by_field: a.improperByField,
      incident_id: a.incidentId,
      score: r.scores[name],
    }
  }
  return {
    batch: { ...result.afterReview.summary, report: result.afterReview.reportPath, response: result.afterReview.responsePath },
    incident_replay: {
      batch: { ...r.batch.summary, report: r.batch.reportPath, response: r.batch.responsePath },
      disclosures_made: r.disclosuresMade,
      audits: { corrected: auditOf('corrected'), agency: auditOf('agency'), court: auditOf('court') },
      incident: { ...r.incident, file: r.incidentPath },
      recall: { notices: r.notices, signed_notice: r.signedNoticePath },
      refused_certificate: r.refusedCertificate,
      certification: r.certification,
      recall_status: r.recallStatus,
      accounting: { subject: r.accountingSubject, entries: r.accounting.entries },
      oversight_report: r.oversightReportPath,
    },
    files: {
      batch_report: result.afterReview.reportPath,
      response: result.afterReview.responsePath,
      incident_batch_report: r.batch.reportPath,
      incident_response: r.batch.responsePath,
      oversight_report: r.oversightReportPath,
      incident_record: r.incidentPath,
      signed_recall_notice: r.signedNoticePath,
      database: db,
      ledger_key: key,
    },
    steps: result.steps,
    ledger: { ok: result.verification.ok, size: result.verification.size, root: result.verification.rootHash, checkpoints_checked: result.verification.checkpointsChecked, problems: result.verification.problems },
    seconds: Number(result.seconds.toFixed(1)),
  }
}

/**
 * Refuses a database that holds anything (a ledger, a batch, a party): the demo writes synthetic
 * disclosures, which must never enter a real ledger. The store is opened without migrating it,
 * so nothing is written to one that is refused.
 */
async function refuseHeldStore(db: string): Promise<void> {
  const { openStore } = await import('../../store/index.js')
  const { requireNewStore } = await import('../../workflow/index.js')
  const store = await openStore(db, { migrate: false })
  try {
    await requireNewStore(store, 'the demo')
  } finally {
    await store.close()
  }
}

/** Registers `verigate demo`. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Run the whole story on generated data: a batch under the corrected agreement with two reviewers; then the incident replayed (a batch under the flawed as-run agreement, audits under the agency’s and the court’s readings scored against the truth, the incident record, a signed recall, a certificate of disposal, the accounting for one person, the oversight report); the ledger verified.',
    )
    .option('--out <dir>', 'the folder for the data, the responses, the reports, the records and (by default) the database; emptied first when it holds only a previous demo’s output, else refused', 'demo-out')
    .option('--db <location>', 'a new SQLite file or an empty PostgreSQL database for the demo (default: <out>/demo.sqlite); an existing file, or a database that holds anything, is refused before anything is written')
    .option('--json', 'print one JSON object with every figure and the path of every file')
    .addOption(progressOptions()[0])
        .addOption(progressOptions()[1])
    .action(async (options: DemoCliOptions) => {
      const db = options.db ?? join(options.out, 'demo.sqlite')
      if (options.db !== undefined && existsSync(options.db)) throw new InvalidInputError(`${options.db} exists: the demo needs a new database file`)
      if (options.db !== undefined) await refuseHeldStore(options.db)
      const refusal = demoFolderRefusal(options.out)
      if (refusal !== null) throw new InvalidInputError(refusal)
      rmSync(options.out, { recursive: true, force: true })
      mkdirSync(options.out, { recursive: true })
      writeFileSync(join(options.out, DEMO_MARKER), 'Written by `verigate demo`: the next demo run empties this folder.\n')
      // Where every other command looks for a SQLite store's key (beside it), so that
      // `verigate batch release --db demo-out/demo.sqlite …` finds it without --key.
      const key = isPostgresUrl(db) ? join(options.out, 'demo.ledger-key') : `${db}.ledger-key`
      const { loadOrCreateLedgerKeys } = await import('../../ledger/index.js')
      const { keys } = loadOrCreateLedgerKeys(key)
      const { openStore, redactUrl } = await import('../../store/index.js')
      const { runDemo } = await import('../../workflow/index.js')
      // A simulation store, created here: the demo replays 2025 at its own times, and its ledger
      // and checkpoints say SIMULATION, so none of it can pass as a real disclosure.
      const store = await openStore(db, { mode: 'simulation', mustBeNew: true })
      try {
        const result = await runDemo(store, { outDir: options.out, keys, progress: await cliProgress(options.json && options.progress === 'auto' ? false : options.progress) })
        // A PostgreSQL URL is shown without its password (the summary is printed and kept).
        const shown = isPostgresUrl(db) ? redactUrl(db) : db
        const text = options.json ? JSON.stringify(demoJson(result, shown, key), null, 2) : demoLines(result, shown, key).join('\n')
        process.stdout.write(`${text}\n`)
        if (!result.verification.ok) process.exitCode = 1
      } finally {
        await store.close()
      }
    })
}
