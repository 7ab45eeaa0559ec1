/**
 * `verigate accounting --subject …`: every disclosure about one person (what, to whom, when, under
 * which basis), as the Privacy Act lets a person ask (5 U.S.C. 552a(c)); the person is found
 * through the ledger pseudonym of their TIN or master record id.
 */
import type { Command } from 'commander'
import type { DbOptions } from '../db-option.js'
import { addDbOption, addKeyOption, ledgerKeysFor, openStoreFor } from '../db-option.js'

const EXAMPLES = `
Examples:
  verigate accounting --subject tin:123-45-6789
  verigate accounting --subject master:M000000101 --master data/demo/master.csv --json

A master record id finds the disclosures recorded under it; with --master, also those recorded
under the record's TIN (a person with a TIN is pseudonymized by it). Online verification answers
that told the requester the person is on file (field verification) or that a close record is
(field possible_match) are disclosures too, and are listed with the batches' released fields.`

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
        .requiredOption('--subject <tin-or-id>', 'the person: tin:<TIN>, master:<master record id>, or a bare value (nine digits is a TIN)')
        .option('--master <file>', 'the master data file, to find a master record’s TIN')
        .option('--master-map <file>', 'the master file’s column map')
        .option('--json', 'print the accounting as JSON')
        .addHelpText('after', EXAMPLES),
    ),
  ).action(async (options: AccountingOptions) => {
    const { accountingFor, parseSubject, readMasterValues } = await import('../../workflow/index.js')
    const subject = parseSubject(options.subject)
    const values = options.master && 'masterId' in subject ? await readMasterValues(options.master, options.masterMap, new Set([subject.masterId])) : undefined
    const store = await openStoreFor(options, true)
    try {
      // Another key's secret would find none of the person's pseudonyms: refused, not an empty answer.
      const keys = await ledgerKeysFor(options, store, 'use')
      const accounting = await accountingFor(store, keys.holderSecret, subject, values)
      if (options.json) {
        process.stdout.write(`${JSON.stringify(accounting, null, 2)}\n`)
        return
      }
      if (accounting.entries.length === 0) process.stdout.write('no disclosure about this person is recorded\n')
      for (const e of accounting.entries) {
        const recalls = e.recalls.length ? `; recalled by ${e.recalls.map((r) => `${r.noticeId} (${r.status})`).join(', ')}` : ''
        process.stdout.write(`${e.disclosedAt} to ${e.recipient}: ${e.fields.join(', ')}${e.channel === 'online' ? ' (online verification answer)' : ''} under ${e.legalBasis} (${e.agreement}), case ${e.caseRef}; ledger entry ${e.ledgerSeq}${recalls}\n`)
      }
    } finally {
      await store.close()
    }
  })
}
