/**
 * `verigate accounting --subject …`: every disclosure about one person (what, to whom, when, under
 * which basis), as the Privacy Act lets a person ask (5 U.S.C. 552a(c)); the person is found
 * through the ledger pseudonym of their TIN or master record id.
 */
import type { Command } from 'commander'
import type { DbOptions } from '../db-option.js'
import { addDbOption, addKeyOption, ledgerKeysFor, openStoreFor } from '../db-option.js'
import { REPLAY_EXAMPLE } from './examples.js'

const EXAMPLES = `
Examples (a replay of the incident's batch first, in a simulation store):
${REPLAY_EXAMPLE}
  verigate accounting --subject tin:123-45-6789
  verigate accounting --subject master:M000000101 --json
  verigate accounting --subject request:b-0123456789abcdef0123/R000042

Any identifier finds every disclosure about the person, without the master file: each
disclosure keeps the pseudonyms of the master record id and of the TIN it was made under, so a
master record id finds what went out under the record's TIN and a TIN what went out under any
of its records. A request (batch id / request id) names its master record through the batch's
stored decision. With --master, a master record's current TIN in the file is searched too, and
for a TIN, the records that have it in the file today.
Online verification answers that told the requester the person is on file (field verification)
or that a close record is (field possible_match) are disclosures too, and are listed with the
batches' released fields. An empty accounting names the identifiers it searched.`

interface AccountingOptions extends DbOptions {
  readonly subject: string
  readonly master?: string
  readonly masterMap?: string
  readonly json?: boolean
}

/** Registers `verigate accounting`. */
export function registerAccountingCommand(program: Command): void {
  addKeyOption(
    addDbOption(
      program
        .command('accounting')
        .description('List every disclosure about one person: what, to whom, when, under which basis (Privacy Act 5 U.S.C. 552a(c)).')
        .requiredOption('--subject <tin-or-id>', 'the person: tin:<TIN>, master:<master record id>, request:<batch id>/<request id>, or a bare value (nine digits is a TIN)')
        .option('--master <file>', 'the master data file, to search a master record’s current TIN too (not needed: the links kept at disclosure time find it)')
        .option('--master-map <file>', 'the master file’s column map')
        .option('--json', 'print the accounting as JSON')
        .addHelpText('after', EXAMPLES),
    ),
  ).action(async (options: AccountingOptions) => {
    const { accountingFor, noDisclosureSentence, parseSubject, readMasterRecordsByTin, readMasterValues } = await import('../../workflow/index.js')
    const subject = parseSubject(options.subject)
    const store = await openStoreFor(options, true)
    try {
      // A request names its master record through the batch's stored decision: read that first.
      const masterId = 'masterId' in subject ? subject.masterId : 'requestId' in subject ? (await store.decisions.get(subject.batchId, subject.requestId))?.decision.masterId : undefined
      const values = !options.master ? undefined : 'tin' in subject ? await readMasterRecordsByTin(options.master, options.masterMap, subject.tin) : masterId ? await readMasterValues(options.master, options.masterMap, new Set([masterId])) : undefined
      // Another key's secret would find none of the person's pseudonyms: refused, not an empty answer.
      const keys = await ledgerKeysFor(options, store, 'use')
      const accounting = await accountingFor(store, keys.holderSecret, subject, values)
      if (options.json) {
        process.stdout.write(`${JSON.stringify(accounting, null, 2)}\n`)
        return
      }
      if (accounting.entries.length === 0) process.stdout.write(`${noDisclosureSentence(accounting)}\n`)
      else process.stdout.write(`${accounting.entries.length} ${accounting.entries.length === 1 ? 'disclosure' : 'disclosures'} about this person, searched under ${accounting.searched.join('; ')}\n`)
      if (accounting.foundThroughDecisions > 0) process.stdout.write(`${accounting.foundThroughDecisions} of them were recorded before links were kept (migration 0015) and were found through the master record their decision names\n`)
      for (const e of accounting.entries) {
        const recalls = e.recalls.length ? `; recalled by ${e.recalls.map((r) => `${r.noticeId} (${r.status})`).join(', ')}` : ''
        process.stdout.write(`${e.disclosedAt} to ${e.recipient}: ${e.fields.join(', ')}${e.channel === 'online' ? ' (online verification answer)' : ''}${e.foundBy === 'linked' ? ' (found through a linked identifier)' : ''} under ${e.legalBasis} (${e.agreement}), case ${e.caseRef}; ledger entry ${e.ledgerSeq}${recalls}\n`)
      }
    } finally {
      await store.close()
    }
  })
}
