/**
 * `verigate init`: a new installation in one step. It creates a real store, its ledger key (the
 * key that signs its checkpoints and keys its pseudonyms), the holding party and a first
 * administrator's key, then says what to do next. Everything it makes is made new: an existing
 * store, key file or key file for the administrator is refused before anything is written.
 */
import { existsSync } from 'node:fs'
import type { Command } from 'commander'
import { InvalidInputError, checkFreeText, personNameProblem } from '../../core/index.js'
import type { DbOptions } from '../db-option.js'
import { DEFAULT_DB, addDbOption, addKeyOption, isPostgresUrl, keyLocationFor, ledgerKeysFor } from '../db-option.js'
import { checkId, createPartyKey } from './party.js'

const EXAMPLES = `
Examples:
  verigate init --holder irs --name "Internal Revenue Service" --admin dana --admin-key dana.key
  VERIGATE_DB=postgres://verigate@db.internal/verigate verigate init --key /etc/verigate/ledger.key \\
    --holder irs --name "Internal Revenue Service" --admin dana --admin-key dana.key

It prints the next steps: the requesting and overseeing parties, your people's keys, the server.`

interface InitOptions extends DbOptions {
  readonly holder: string
  readonly name: string
  readonly admin: string
  readonly adminKey: string
  readonly json?: boolean
}

/** Registers `verigate init`. */
export function registerInitCommand(program: Command): void {
  addKeyOption(
    addDbOption(
      program
        .command('init')
        .description('Set up a new installation: a real store, its ledger key, the holding party and a first administrator’s key; then say what to do next.')
        .requiredOption('--holder <id>', 'the id of the agency that holds the records (e.g. irs)')
        .requiredOption('--name <name>', 'the holding agency’s name')
        .requiredOption('--admin <person>', 'the first administrator (a person’s name; their key acts as admin of the holder)')
        .requiredOption('--admin-key <file>', 'a new file for the administrator’s key, readable by its owner only')
        .option('--json', 'print what was made as JSON')
        .addHelpText('after', EXAMPLES),
    ),
  ).action(async (options: InitOptions) => {
    checkId('--holder', options.holder)
    checkFreeText(options.name, '--name')
    const problem = personNameProblem(options.admin)
    if (problem) throw new InvalidInputError(`--admin: ${problem}`)
    // Refused before anything is made: a store, or a key file, that is there already.
    if (!isPostgresUrl(options.db) && existsSync(options.db)) throw new InvalidInputError(`there is a file at ${options.db} already: init makes a new store (use the commands of an existing one)`)
    if (existsSync(options.adminKey)) throw new InvalidInputError(`--admin-key ${options.adminKey}: the file exists already (a key file is never overwritten)`)
    const location = keyLocationFor(options)
    if (location && existsSync(location.path)) throw new InvalidInputError(`there is a ledger key file at ${location.path} already (${location.how}): init makes a new store with a new key`)
    const { openStore, redactUrl } = await import('../../store/index.js')
    const store = await openStore(options.db, { mode: 'real', mustBeNew: true })
    try {
      const keys = await ledgerKeysFor(options, store, 'create')
      const at = new Date().toISOString()
      await store.parties.add({ id: options.holder, name: options.name.trim(), kind: 'holder', createdAt: at })
      const admin = await createPartyKey(store, { partyId: options.holder, role: 'admin', person: options.admin, out: options.adminKey })
      const shownDb = isPostgresUrl(options.db) ? redactUrl(options.db) : options.db
      const keyFile = keyLocationFor(options)?.path ?? ''
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ store: shownDb, mode: store.mode, ledgerKey: { file: keyFile, keyId: keys.keyId, publicKey: `${keyFile}.pub.pem` }, holder: options.holder, admin: { id: admin.id, person: admin.person, file: options.adminKey } }, null, 2)}\n`)
        return
      }
      // The commands below name the store as this one was named (a URL through VERIGATE_DB, never on a command line).
      const db = isPostgresUrl(options.db) || options.db === DEFAULT_DB ? '' : ` --db ${options.db}`
      process.stdout.write(
        [
          `created a real store at ${shownDb}`,
          `  ledger key   ${keyFile} (key ${keys.keyId.slice(0, 16)}…): back it up; give ${keyFile}.pub.pem to your overseer`,
          `  holder       ${options.holder} (${options.name.trim()})`,
          `  admin key    ${admin.id} for ${admin.person}, in ${options.adminKey} (readable by you only)`,
          '',
          'Next:',
          `  verigate party add dhs-ice --name "…" --kind requester${db}      # each requesting agency, by the id its agreement authorises`,
          `  verigate party add tigta --name "…" --kind overseer${db}`,
          `  verigate party key create ${options.holder} --role reviewer --person alice --out alice.key${db}`,
          `  verigate party key create ${options.holder} --role supervisor --person carol --out carol.key${db}`,
          `  verigate index --master MASTER.csv --out master.vgx                # the master, indexed once`,
          `  verigate serve --agreement AGREEMENT.yaml --master master.vgx --master-data MASTER.csv${db}`,
          `  then open http://127.0.0.1:8080/ui and sign in with a key's id and the key (e.g. ${admin.id} and the key in ${options.adminKey})`,
          '',
        ].join('\n'),
      )
    } finally {
      await store.close()
    }
  })
}
