/**
 * `verigate party …`: the parties the API serves and their API keys. A key is printed once (or
 * written to a file only its owner can read), when created; only its scrypt hash is stored. Keys
 * are `party key create|revoke`: a key belongs to a party, acts in one role that fits the party's
 * kind, and names the person who holds it. These commands are the operator's, who holds the
 * database: they are how a new installation gets its first credentials.
 */
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { API_ROLES, InvalidInputError, NotFoundError, PARTY_KINDS, ROLES_OF_KIND, checkFreeText, isApiRole, isPartyKind, personKey, personNameProblem, roleMisfit } from '../../core/index.js'
import type { ApiRole, PartyKind } from '../../core/index.js'
import type { Store } from '../../store/index.js'
import type { DbOptions } from '../db-option.js'
import { addDbOption, openStoreFor } from '../db-option.js'

const KINDS = PARTY_KINDS
const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/

const EXAMPLES = `
A new installation: the operator, who holds the database, adds the parties and gives each
person a key of their own (the key is shown once, or written with --out to a file only its
owner can read). People then act through their keys on every face: the API (Bearer), the
pages at /ui (sign in with the key's id and the key), and the CLI (--credential FILE or
VERIGATE_API_KEY for review approve|reject and batch release).

Examples:
  verigate party add irs --name "Internal Revenue Service" --kind holder
  verigate party add dhs-ice --name "U.S. Immigration and Customs Enforcement" --kind requester
  verigate party add tigta --name "Treasury Inspector General for Tax Administration" --kind overseer
  verigate party key create irs --role reviewer --person alice --out alice.key
  verigate party key create irs --role supervisor --person carol --out carol.key
  verigate party key create dhs-ice --role requester --id ice-batch-system
  verigate party list --keys
  verigate party key revoke alice

A role must fit its party's kind: ${PARTY_KINDS.map((k) => `a ${k} party's keys act as ${ROLES_OF_KIND[k].join(', ')}`).join('; ')}.
A key names the person who holds it (--person; default: the key's id). Reviews and releases are
recorded under that person, and the two-person rule counts people: names compare
case-insensitively, and within a party one name is one person (a second key for alice is still
alice). A requesting party's id must be the one its agreement authorises
(parties.requesting.authorised).`

/**
 * Refuses a person's name that would make two people one, or one person two: a spelling of a
 * person the party already has, other than theirs (names are unique per party, compared
 * case-insensitively: "Alice" next to "alice" is refused, "alice" again is alice's next key),
 * or a holder's person named as another party (a reviewer "dhs-ice" would read as the requester).
 */
async function checkPersonName(store: Store, party: { readonly id: string; readonly kind: PartyKind }, person: string): Promise<void> {
  const same = (await store.parties.credentialsOf(party.id)).find((c) => personKey(c.person) === personKey(person) && c.person !== person)
  if (same) throw new InvalidInputError(`--person ${person}: ${party.id} already has this person as ${JSON.stringify(same.person)} (names compare case-insensitively): use that spelling for their next key`)
  const other = (await store.parties.list()).find((p) => p.id !== party.id && personKey(p.id) === personKey(person))
  if (other) throw new InvalidInputError(`--person ${person}: that is the id of the ${other.kind} party ${other.id}; a person of ${party.id} needs a name of their own`)
}

export function checkId(what: string, id: string): string {
  if (!ID_PATTERN.test(id)) throw new InvalidInputError(`${what} ${JSON.stringify(id)}: expected lower-case letters, digits, '.', '_' or '-' (at most 64)`)
  return id
}

/** What `createPartyKey` is asked to make. */
export interface PartyKeyRequest {
  readonly partyId: string
  readonly role: ApiRole
  /** The key's own id (default: the person's name when it is a valid id, else k-<prefix>). */
  readonly id?: string
  /** The person who holds it (default: the key's id). */
  readonly person?: string
  /** A new file to write the key to, readable by its owner only. */
  readonly out?: string
}

/**
 * Creates a party's API key (only its scrypt hash is stored), after the checks every key gets:
 * the party exists, the role fits its kind, the id was never used, the person's name makes no
 * two people one. With `out`, the key is written to a new owner-only file first.
 */
export async function createPartyKey(store: Store, request: PartyKeyRequest): Promise<{ readonly id: string; readonly person: string; readonly secretKey: string }> {
  const { hashApiKey, newApiKey } = await import('../../core/index.js')
  const party = await store.parties.get(request.partyId)
  if (!party) throw new NotFoundError(`no party ${request.partyId}: add it first with \`verigate party add\``)
  const misfit = roleMisfit(request.role, party)
  if (misfit) throw new InvalidInputError(`--role ${request.role}: ${misfit}`)
  const { key: secretKey, prefix } = newApiKey()
  const person = request.person?.normalize('NFKC').trim().replace(/\s+/g, ' ')
  const id = request.id ?? (person !== undefined && ID_PATTERN.test(person) ? person : `k-${prefix}`)
  // Revoked or not: ids are never reused.
  const taken = await store.parties.credential(id)
  if (taken) throw new InvalidInputError(`there is already a key ${id} (ids are never reused, even after revocation): name this one with --id`)
  const holder = person ?? id
  await checkPersonName(store, party, holder)
  if (request.out !== undefined) {
    try {
      // 'wx': never overwrite a file (another person's key); 0o600: the owner's alone.
      writeFileSync(request.out, `${secretKey}\n`, { mode: 0o600, flag: 'wx' })
    } catch (error) {
      throw new InvalidInputError(`--out ${request.out}: ${(error as NodeJS.ErrnoException).code === 'EEXIST' ? 'the file exists already (a key file is never overwritten)' : 'the file cannot be written'}`)
    }
  }
  await store.parties.addCredential({ id, partyId: request.partyId, role: request.role, person: holder, keyPrefix: prefix, keyHash: await hashApiKey(secretKey), createdAt: new Date().toISOString() })
  return { id, person: holder, secretKey }
}

/** Registers `verigate party` and its sub-commands. */
export function registerPartyCommand(program: Command): void {
  const party = program.command('party').description('The parties the API serves (requesting agencies, the holder’s staff, overseers) and their API keys.').addHelpText('after', EXAMPLES)

  addDbOption(
    party
      .command('add')
      .description('Add a party.')
      .argument('<id>', 'the party id (for a requester: the id its agreement authorises, e.g. dhs-ice)')
      .requiredOption('--name <name>', 'the party’s name')
      .option('--kind <kind>', `what the party is: ${KINDS.join(', ')}`, 'requester')
      .option('--json', 'print the party as JSON'),
  ).action(async (id: string, options: DbOptions & { name: string; kind: string; json?: boolean }) => {
    checkId('party id', id)
    if (!isPartyKind(options.kind)) throw new InvalidInputError(`--kind ${options.kind}: expected one of ${KINDS.join(', ')}`)
    checkFreeText(options.name, '--name')
    const store = await openStoreFor(options, false)
    try {
      if (await store.parties.get(id)) throw new InvalidInputError(`there is already a party ${id}`)
      const created = { id, name: options.name.trim(), kind: options.kind, createdAt: new Date().toISOString() }
      await store.parties.add(created)
      process.stdout.write(options.json ? `${JSON.stringify(created, null, 2)}\n` : `added party ${id} (${created.kind})\n`)
    } finally {
      await store.close()
    }
  })

  addDbOption(
    party
      .command('list')
      .description('List the parties (and, with --keys, their active keys: id, role, person, prefix; never the key).')
      .option('--keys', 'also list each party’s active keys')
      .option('--json', 'print the list as JSON'),
  ).action(async (options: DbOptions & { keys?: boolean; json?: boolean }) => {
    const store = await openStoreFor(options, true)
    try {
      const parties = await store.parties.list()
      const keys = options.keys ? await store.parties.activeCredentialList() : []
      if (options.json) {
        const out = parties.map((p) => ({ ...p, ...(options.keys ? { keys: keys.filter((k) => k.partyId === p.id).map((k) => ({ id: k.id, role: k.role, person: k.person, prefix: k.keyPrefix, createdAt: k.createdAt })) } : {}) }))
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`)
        return
      }
      if (parties.length === 0) process.stdout.write('no parties\n')
      for (const p of parties) {
        process.stdout.write(`${p.id.padEnd(20)} ${p.kind.padEnd(10)} ${p.name}\n`)
        for (const k of keys.filter((k) => k.partyId === p.id)) process.stdout.write(`  key ${k.id.padEnd(20)} ${k.role.padEnd(11)} vg_${k.keyPrefix}_…  person ${k.person}, created ${k.createdAt}\n`)
      }
    } finally {
      await store.close()
    }
  })

  const key = party.command('key').description('Create and revoke a party’s API keys.')
  addDbOption(
    key
      .command('create')
      .description('Create an API key for a party, acting in one role; the key is printed once and never stored.')
      .argument('<party>', 'the party id')
      .requiredOption('--role <role>', `the role the key acts in, fitting the party's kind: ${PARTY_KINDS.map((k) => `${ROLES_OF_KIND[k].join('|')} (${k})`).join(', ')}`)
      .option('--id <id>', 'the key’s own id (default: the person’s name when it is a valid id, else k-<prefix>)')
      .option('--person <name>', 'the person who holds the key: their reviews and releases are recorded under this name (default: the key’s id)')
      .option('--out <file>', 'write the key to this new file, readable by its owner only (mode 600), instead of printing it')
      .option('--json', 'print the key and its id as JSON'),
  ).action(async (partyId: string, options: DbOptions & { role: string; id?: string; person?: string; out?: string; json?: boolean }) => {
    if (!isApiRole(options.role)) throw new InvalidInputError(`--role ${options.role}: expected one of ${API_ROLES.join(', ')}`)
    if (options.id !== undefined) checkId('--id', options.id)
    if (options.person !== undefined) {
      const problem = personNameProblem(options.person)
      if (problem) throw new InvalidInputError(`--person: ${problem}`)
    }
    const store = await openStoreFor(options, true)
    try {
      const { id, person: holder, secretKey } = await createPartyKey(store, { partyId, role: options.role, ...(options.id !== undefined ? { id: options.id } : {}), ...(options.person !== undefined ? { person: options.person } : {}), ...(options.out !== undefined ? { out: options.out } : {}) })
      const shown = options.out === undefined ? { key: secretKey } : { file: options.out }
      if (options.json) process.stdout.write(`${JSON.stringify({ id, party: partyId, role: options.role, person: holder, ...shown }, null, 2)}\n`)
      else if (options.out !== undefined) process.stdout.write(`created key ${id} for ${holder} of ${partyId} (${options.role}), written to ${options.out} (readable by you only)\n`)
      else process.stdout.write(`created key ${id} for ${holder} of ${partyId} (${options.role}). The key is shown once; store it now:\n${secretKey}\n`)
    } finally {
      await store.close()
    }
  })
  addDbOption(
    key
      .command('revoke')
      .description('Revoke an API key by its id: refused at once by a running server.')
      .argument('<id>', 'the key’s id (see `verigate party list --keys`)')
      .option('--json', 'print {revoked, at} as JSON: the key’s id and the time of revocation'),
  ).action(async (id: string, options: DbOptions & { json?: boolean }) => {
    const store = await openStoreFor(options, true)
    try {
      const at = new Date().toISOString()
      if (!(await store.parties.revokeCredential(id, at))) throw new NotFoundError(`no active key ${id}`)
      process.stdout.write(options.json ? `${JSON.stringify({ revoked: id, at }, null, 2)}\n` : `revoked key ${id}\n`)
    } finally {
      await store.close()
    }
  })
}
