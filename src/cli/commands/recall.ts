/**
 * `verigate recall …`: recall notices from an audit (per recipient: the disclosures, the fields to
 * destroy, the legal reason, a deadline), signed exports of them, the recipients' certifications
 * of disposal checked against them, where they all stand, and the oversight report.
 */
import type { Command } from 'commander'
import { InvalidInputError } from '../../core/index.js'
import type { LedgerKeys } from '../../ledger/index.js'
import type { Store } from '../../store/index.js'
import type { SignedRecallNotice } from '../../workflow/index.js'
import type { DbOptions } from '../db-option.js'
import { addDbOption, addKeyOption, ledgerKeysFor, openStoreFor } from '../db-option.js'
import { SIMULATION_ONLY } from '../given-time.js'
import { REPLAY_EXAMPLE } from './examples.js'

const EXAMPLES = `
Examples (a replay of the incident's batch and an audit under the court's reading first):
${REPLAY_EXAMPLE}
  verigate audit --agreement policies/agreements/irs-ice-2025-court-reading.yaml --orders policies/orders
  verigate recall create --audit a-… --days 30 --export notices/
  verigate recall export --notice rn-… --out rn-….json          # and rn-….csv beside it
  verigate recall verify-notice --notice rn-….json --public-key ledger.pub.pem
  verigate recall certify --notice rn-… --certificate certificate.yaml
  verigate recall acknowledge --notice rn-… --party dhs-ice
  verigate recall status
  verigate recall report --audit a-… --compare a-… --out oversight.html --incident incident.json

A certificate (JSON or YAML) states what, when, how and by whom:
  noticeId: rn-…
  recipient: dhs-ice
  disclosureIds: [d-…, d-…]
  disposedAt: 2026-03-20T10:00:00Z
  method: destroy            # or return
  methodDetail: NIST SP 800-88 purge of the case-system records and backups
  certifiedBy: ICE Privacy Officer
  witness: …                 # optional`

function isoTime(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (!Number.isFinite(ms)) throw new InvalidInputError(`${name} ${value}: expected a date or an ISO 8601 time`)
  return new Date(ms).toISOString()
}

/** The CSV attachment's path beside a notice's JSON: the same name, `.csv` for `.json`. */
function csvBeside(jsonPath: string): string {
  return jsonPath.endsWith('.json') ? `${jsonPath.slice(0, -'.json'.length)}.csv` : `${jsonPath}.csv`
}

/**
 * Writes a signed notice, its CSV attachment (owner-only: the attachment names the recipient's
 * requests and cases) and its proof bundle (`rn-….proof.json`: a checkpoint covering the notice's
 * ledger entry and that entry's inclusion proof, docs/verifier.md). The CSV first, so a notice is
 * never there without it.
 */
async function writeSignedNotice(store: Store, keys: LedgerKeys, signed: SignedRecallNotice, jsonPath: string, csvPath: string): Promise<string> {
  const { coveringCheckpoint, recallNoticeCsv, writeProofBundle } = await import('../../workflow/index.js')
  const { writePrivateFile } = await import('../../core/index.js')
  writePrivateFile(csvPath, recallNoticeCsv(signed))
  writePrivateFile(jsonPath, `${JSON.stringify(signed, null, 2)}\n`)
  const checkpoint = await coveringCheckpoint(store, keys, signed.ledger.seq)
  return writeProofBundle(store, keys, jsonPath, { document: 'recall', recordSeq: signed.ledger.seq, checkpoint })
}

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/** Registers `verigate recall` and its sub-commands. */
export function registerRecallCommand(program: Command): void {
  const recall = program.command('recall').description('Recall improper disclosures found by an audit and track the recipients’ certifications of disposal.').addHelpText('after', EXAMPLES)

  addKeyOption(
    addDbOption(
      recall
        .command('create')
        .description('Issue the recall notices of an audit, one per recipient, each a ledger entry (again: shows the ones issued). A disclosure already under an earlier notice, open or certified, is not recalled again: the notices list only what is new, and none is issued when nothing is.')
        .requiredOption('--audit <id>', 'the audit whose improper disclosures to recall')
        .option('--days <n>', 'days from today to the deadline for certifying disposal', '30')
        .option('--at <time>', `the time of issue (default: now). ${SIMULATION_ONLY}`)
        .option('--export <dir>', 'also write each notice, signed with the ledger key, to this folder as <notice>.json, with its CSV attachment <notice>.csv')
        .option('--json', 'print the notices as JSON'),
    ),
  ).action(async (options: DbOptions & { audit: string; days: string; at?: string; export?: string; json?: boolean }) => {
    const days = Number(options.days)
    if (!Number.isSafeInteger(days) || days < 1) throw new InvalidInputError(`--days ${options.days}: expected a whole number of days, at least 1`)
    const at = isoTime('--at', options.at)
    const { createRecalls, exportRecallNotice, refuseGivenTime } = await import('../../workflow/index.js')
    const store = await openStoreFor(options, true)
    try {
      refuseGivenTime(store.mode, '--at', at)
      // Recall notices are ledgered (and exported signed): only with the store's key at hand.
      const keys = await ledgerKeysFor(options, store, 'use')
      const { notices, created, alreadyRecalled } = await createRecalls(store, { auditId: options.audit, days, ...(at ? { now: () => new Date(at) } : {}) })
      if (options.export) {
        const { mkdirSync } = await import('node:fs')
        const { join } = await import('node:path')
        mkdirSync(options.export, { recursive: true })
        for (const n of notices) await writeSignedNotice(store, keys, await exportRecallNotice(store, n.noticeId, keys), join(options.export, `${n.noticeId}.json`), join(options.export, `${n.noticeId}.csv`))
      }
      if (options.json) process.stdout.write(`${JSON.stringify({ created, notices, alreadyRecalled }, null, 2)}\n`)
      else {
        const earlier = alreadyRecalled.reduce((n, a) => n + a.disclosureIds.length, 0)
        const byNotice = alreadyRecalled.map((a) => `${a.noticeId} of audit ${a.auditId}, ${a.status}: ${a.disclosureIds.length}`).join('; ')
        if (notices.length === 0) process.stdout.write(`no notice issued: every one of the ${earlier} improper disclosures audit ${options.audit} found is already under an earlier recall notice (${byNotice}); none is recalled twice\n`)
        else {
          if (!created) process.stdout.write(`the notices of audit ${options.audit} were already issued:\n`)
          for (const n of notices) process.stdout.write(`${n.noticeId} to ${n.recipient}: ${n.disclosureIds.length} disclosures, fields ${n.fields.join(',')}, ${n.disposal} by ${n.deadline} (ledger entry ${n.ledgerSeq})\n`)
          if (earlier > 0) process.stdout.write(`not recalled again: ${earlier} disclosures already under an earlier recall notice (${byNotice})\n`)
        }
      }
    } finally {
      await store.close()
    }
  })

  addKeyOption(
    addDbOption(
      recall
        .command('export')
        .description('Write one notice as a document signed with the ledger key (Ed25519), for the recipient: each recalled record by request id, case reference, batch and the SHA-256 of the response file it arrived in, with the fields to dispose of; and its CSV attachment (one row per record), whose digest the signature covers.')
        .requiredOption('--notice <id>', 'the notice')
        .requiredOption('--out <file>', 'where to write the signed notice (JSON)')
        .option('--csv <file>', 'where to write the CSV attachment (default: beside --out, .csv for .json)')
        .option('--json', 'print {notice, out, csv, records, key_id} as JSON: the files written, the number of records recalled and the signing key'),
    ),
  ).action(async (options: DbOptions & { notice: string; out: string; csv?: string; json?: boolean }) => {
    const { exportRecallNotice } = await import('../../workflow/index.js')
    const store = await openStoreFor(options, true)
    try {
      const keys = await ledgerKeysFor(options, store, 'use')
      const signed = await exportRecallNotice(store, options.notice, keys)
      const csvPath = options.csv ?? csvBeside(options.out)
      const proofPath = await writeSignedNotice(store, keys, signed, options.out, csvPath)
      if (options.json) process.stdout.write(`${JSON.stringify({ notice: options.notice, out: options.out, csv: csvPath, proof: proofPath, records: signed.records.length, key_id: signed.keyId }, null, 2)}\n`)
      else process.stdout.write(`wrote ${options.out} and ${csvPath} (${signed.records.length} records, signed by key ${signed.keyId.slice(0, 16)}…); its proof bundle: ${proofPath}\n`)
    } finally {
      await store.close()
    }
  })

  recall
    .command('verify-notice')
    .description('Check an exported notice with only the files and the holder’s public key (no database): the signature, and that the CSV attachment is the one the notice names. Exits non-zero naming every problem.')
    .requiredOption('--notice <file>', 'the signed notice (JSON)')
    .option('--csv <file>', 'its CSV attachment (default: beside the notice, .csv for .json)')
    .requiredOption('--public-key <file>', 'the holder’s ledger public key (PEM, from `verigate ledger public-key`)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { notice: string; csv?: string; publicKey: string; json?: boolean }) => {
      const { existsSync, readFileSync } = await import('node:fs')
      const { checkRecallNotice, RECALL_NOTICE_FORMAT } = await import('../../workflow/index.js')
      const read = (what: string, path: string): string => {
        try {
          return readFileSync(path, 'utf8')
        } catch (cause) {
          throw new InvalidInputError(`cannot read ${what} ${path}: ${(cause as Error).message}`)
        }
      }
      let doc: Parameters<typeof checkRecallNotice>[0]
      try {
        doc = JSON.parse(read('the notice', options.notice)) as Parameters<typeof checkRecallNotice>[0]
      } catch (cause) {
        if (cause instanceof InvalidInputError) throw cause
        throw new InvalidInputError(`the notice ${options.notice} is not JSON: ${(cause as Error).message}`)
      }
      const csvPath = options.csv ?? csvBeside(options.notice)
      // A notice of the first format has no attachment: a CSV is read only when given or when the notice names one.
      const wantsCsv = options.csv !== undefined || (doc as { format?: unknown }).format === RECALL_NOTICE_FORMAT
      const csv = wantsCsv && (options.csv !== undefined || existsSync(csvPath)) ? read('the CSV attachment', csvPath) : undefined
      const result = checkRecallNotice(doc, csv, read('the public key', options.publicKey))
      if (options.json) process.stdout.write(`${JSON.stringify({ notice: options.notice, csv: csv === undefined ? null : csvPath, ...result }, null, 2)}\n`)
      else if (result.ok) process.stdout.write(`ok: ${options.notice}${csv === undefined ? '' : ` and ${csvPath}`} verify (${result.format})\n`)
      else process.stdout.write(`NOT VERIFIED: ${options.notice}\n${result.problems.map((p) => `  - ${p}\n`).join('')}`)
      if (!result.ok) process.exitCode = 1
    })

  addKeyOption(addDbOption(
    recall
      .command('certify')
      .description('Record a recipient’s certification of disposal, checked against its notice: refused with every reason when it does not match; flagged when late.')
      .requiredOption('--notice <id>', 'the notice the certificate answers')
      .requiredOption('--certificate <file>', 'the certificate, JSON or YAML (see `verigate recall --help`)')
      .option('--received-at <time>', `when the certificate was received (default: now). ${SIMULATION_ONLY}`)
      .option('--json', 'print the recorded certification as JSON'),
  )).action(async (options: DbOptions & { notice: string; certificate: string; receivedAt?: string; json?: boolean }) => {
    const receivedAt = isoTime('--received-at', options.receivedAt)
    const { readFileSync } = await import('node:fs')
    let text: string
    try {
      text = readFileSync(options.certificate, 'utf8')
    } catch (cause) {
      throw new InvalidInputError(`cannot read the certificate ${options.certificate}: ${(cause as Error).message}`)
    }
    const { certifyDisposal, refuseGivenTime } = await import('../../workflow/index.js')
    const store = await openStoreFor(options, true)
    try {
      refuseGivenTime(store.mode, '--received-at', receivedAt)
      const keys = await ledgerKeysFor(options, store, 'use')
      const result = await certifyDisposal(store, { noticeId: options.notice, text, source: options.certificate, ...(receivedAt ? { receivedAt } : {}) })
      if (!result.ok) throw new InvalidInputError(`the certificate ${options.certificate} was refused; nothing was recorded`, { issues: result.issues })
      const c = result.value
      // The receipt the recipient can check alone: its certificate's entry is in the log (docs/verifier.md).
      const { coveringCheckpoint, writeProofBundle } = await import('../../workflow/index.js')
      const checkpoint = await coveringCheckpoint(store, keys, c.ledgerSeq, receivedAt ? new Date(receivedAt) : new Date())
      const proof = await writeProofBundle(store, keys, options.certificate, { document: 'disposal_certification', recordSeq: c.ledgerSeq, checkpoint })
      if (options.json) process.stdout.write(`${JSON.stringify({ ...c, proof }, null, 2)}\n`)
      else process.stdout.write(`recorded ${c.certificationId} for ${c.noticeId}${c.late ? ' (LATE: received after the deadline)' : ''} (ledger entry ${c.ledgerSeq}); its proof bundle: ${proof}\n`)
    } finally {
      await store.close()
    }
  })

  addKeyOption(addDbOption(
    recall
      .command('acknowledge')
      .description('Record a recipient’s acknowledgement that it received a notice (a ledger entry; again: shows the first one).')
      .requiredOption('--notice <id>', 'the notice acknowledged')
      .requiredOption('--party <id>', 'the party acknowledging: the notice’s recipient')
      .option('--at <time>', `when it acknowledged (default: now). ${SIMULATION_ONLY}`)
      .option('--by <name>', 'who acknowledged for the party (default: the party)')
      .option('--json', 'print the acknowledgement as JSON'),
  )).action(async (options: DbOptions & { notice: string; party: string; at?: string; by?: string; json?: boolean }) => {
    const at = isoTime('--at', options.at)
    const { acknowledgeRecall, refuseGivenTime } = await import('../../workflow/index.js')
    const store = await openStoreFor(options, true)
    try {
      refuseGivenTime(store.mode, '--at', at)
      await ledgerKeysFor(options, store, 'use')
      const { acknowledgement: a, created } = await acknowledgeRecall(store, { noticeId: options.notice, party: options.party, ...(at ? { at } : {}), ...(options.by ? { actor: options.by } : {}) })
      if (options.json) process.stdout.write(`${JSON.stringify({ created, acknowledgement: a }, null, 2)}\n`)
      else process.stdout.write(`${created ? 'recorded' : 'already recorded'}: ${a.party} acknowledged ${a.noticeId} at ${a.acknowledgedAt} (ledger entry ${a.ledgerSeq})\n`)
    } finally {
      await store.close()
    }
  })

  addDbOption(
    recall
      .command('status')
      .description('Show every notice: outstanding, overdue, certified or certified late, and whether its recipient acknowledged it.')
      .option('--audit <id>', 'only this audit’s notices')
      .option('--as-of <time>', 'statuses as of this time (default: now)')
      .option('--json', 'print the notices as JSON'),
  ).action(async (options: DbOptions & { audit?: string; asOf?: string; json?: boolean }) => {
    const asOf = new Date(isoTime('--as-of', options.asOf) ?? Date.now())
    const { recallTracking } = await import('../../workflow/index.js')
    const store = await openStoreFor(options, true)
    try {
      const notices = await recallTracking(store, asOf, options.audit)
      if (options.json) process.stdout.write(`${JSON.stringify(notices, null, 2)}\n`)
      else if (notices.length === 0) process.stdout.write('no recall notices\n')
      else {
        const counts = new Map<string, number>()
        for (const n of notices) counts.set(n.status, (counts.get(n.status) ?? 0) + 1)
        for (const n of notices) {
          const c = n.certification
          const acknowledged = n.acknowledgement ? `acknowledged ${n.acknowledgement.acknowledgedAt}` : 'not acknowledged'
          process.stdout.write(`${n.noticeId} ${n.recipient} ${n.status.padEnd(14)} ${acknowledged.padEnd(41)} ${n.disclosures} disclosures, due ${n.deadline}${c ? `, disposed ${c.disposedAt} (${c.method}) by ${c.certifiedBy}, received ${c.receivedAt}` : ''}\n`)
        }
        process.stdout.write(`${[...counts].map(([s, k]) => `${k} ${s}`).join(', ')}\n`)
      }
    } finally {
      await store.close()
    }
  })

  addKeyOption(addDbOption(
    recall
      .command('report')
      .description('Write the oversight report (self-contained HTML): the timeline from the batches to the audit, the recall and the certifications; the counts; readings side by side.')
      .requiredOption('--audit <id>', 'the audit the report is about')
      .option('--compare <audit>', 'another audit of the same batches to show beside it (repeat for several)', collect)
      .requiredOption('--out <file.html>', 'where to write the report')
      .option('--incident <file.json>', 'also write the audit’s incident record (no personal data) to this file')
      .option('--at <time>', 'the report’s time; statuses are as of it (default: now)')
      .option('--json', 'print {audit, compared, out, incident} as JSON: the audits shown and the files written (incident: null without --incident)'),
  )).action(async (options: DbOptions & { audit: string; compare?: string[]; out: string; incident?: string; at?: string; json?: boolean }) => {
    const at = isoTime('--at', options.at)
    const { buildOversightReport } = await import('../../workflow/index.js')
    const { renderOversightReport } = await import('../../report/index.js')
    const { writeFileSync } = await import('node:fs')
    const store = await openStoreFor(options, true)
    try {
      const keys = await ledgerKeysFor(options, store, 'use')
      const report = await buildOversightReport(store, { auditId: options.audit, keys, ...(options.compare ? { compareWith: options.compare } : {}), ...(at ? { now: () => new Date(at) } : {}) })
      writeFileSync(options.out, await renderOversightReport(report))
      if (options.incident) {
        if (!report.incident) throw new InvalidInputError(`audit ${options.audit} opened no incident (it found no improper disclosure)`)
        writeFileSync(options.incident, `${JSON.stringify(report.incident, null, 2)}\n`)
      }
      if (options.json) process.stdout.write(`${JSON.stringify({ audit: options.audit, compared: options.compare ?? [], out: options.out, incident: options.incident ?? null }, null, 2)}\n`)
      else process.stdout.write(`wrote ${options.out}${options.incident ? ` and ${options.incident}` : ''}\n`)
    } finally {
      await store.close()
    }
  })
}
