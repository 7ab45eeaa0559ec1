/**
 * `verigate party …`: the parties the API serves and their API keys. A key is printed once, when
 * created; only its scrypt hash is stored. Keys are `party key create|revoke` (a key belongs to
 * a party and acts in one role).
 */
import type { Command } from 'commander'
import { API_ROLES, InvalidInputError, NotFoundError, checkFreeText, isApiRole } from '../../core/index.js'
import type { DbOptions } from '../db-option.js'
import { addDbOption, openStoreFor } from '../db-option.js'

const KINDS = ['holder', 'requester', 'overseer'] as const
type PartyKind = (typeof KINDS)[number]
const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/

const EXAMPLES = `
Examples:
  verigate party add dhs-ice --name "U.S. Immigration and Customs Enforcement" --kind requester
  verigate party add irs --name "Internal Revenue Service" --kind holder
  verigate party key create dhs-ice --role requester
  verigate party key create irs --role reviewer --id alice
  verigate party list --keys
  verigate party key revoke alice

A requesting party's id must be the one its agreement authorises (parties.requesting.authorised).
A key's id names who holds it: for a reviewer, the person (it is the reviewer's identity in the
ledger, so one key cannot approve a case twice).`

function checkId(what: string, id: string): string {
  if (!ID_PATTERN.test(id)) throw new InvalidInputError(`${what} ${JSON.stringify(id)}: expected lower-case letters, digits, '.', '_' or '-' (at most 64)`)
  return id
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
    if (!(KINDS as readonly string[]).includes(options.kind)) throw new InvalidInputError(`--kind ${options.kind}: expected one of ${KINDS.join(', ')}`)
    checkFreeText(options.name, '--name')
    const store = await openStoreFor(options, false)
    try {
      if (await store.parties.get(id)) throw new InvalidInputError(`there is already a party ${id}`)
      const created = { id, name: options.name.trim(), kind: options.kind as PartyKind, createdAt: new Date().toISOString() }
      await store.parties.add(created)
      process.stdout.write(options.json ? `${JSON.stringify(created, null, 2)}\n` : `added party ${id} (${created.kind})\n`)
    } finally {
      await store.close()
    }
  })

  addDbOption(
    party
      .command('list')
      .description('List the parties (and, with --keys, their active keys: id, role, prefix; never the key).')
      .option('--keys', 'also list each party’s active keys')
      .option('--json', 'print the list as JSON'),
  ).action(async (options: DbOptions & { keys?: boolean; json?: boolean }) => {
    const store = await openStoreFor(options, true)
    try {
      const parties = await store.parties.list()
      const keys = options.keys
        ? await store.kysely.selectFrom('party_credentials').select(['id', 'party_id', 'role', 'key_prefix', 'created_at']).where('revoked_at', 'is', null).orderBy('party_id').orderBy('id').execute()
        : []
      if (options.json) {
        const out = parties.map((p) => ({ ...p, ...(options.keys ? { keys: keys.filter((k) => k.party_id === p.id).map((k) => ({ id: k.id, role: k.role, prefix: k.key_prefix, createdAt: k.created_at })) } : {}) }))
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`)
        return
      }
      if (parties.length === 0) process.stdout.write('no parties\n')
      for (const p of parties) {
        process.stdout.write(`${p.id.padEnd(20)} ${p.kind.padEnd(10)} ${p.name}\n`)
        for (const k of keys.filter((k) => k.party_id === p.id)) process.stdout.write(`  key ${k.id.padEnd(20)} ${k.role.padEnd(11)} vg_${k.key_prefix}_…  created ${k.created_at}\n`)
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
      .requiredOption('--role <role>', `the role the key acts in: ${API_ROLES.join(', ')}`)
      .option('--id <id>', 'the key’s id, naming who holds it (default: k-<prefix>)')
      .option('--json', 'print the key and its id as JSON'),
  ).action(async (partyId: string, options: DbOptions & { role: string; id?: string; json?: boolean }) => {
    if (!isApiRole(options.role)) throw new InvalidInputError(`--role ${options.role}: expected one of ${API_ROLES.join(', ')}`)
    if (options.id !== undefined) checkId('--id', options.id)
    const { hashApiKey, newApiKey } = await import('../../core/index.js')
    const store = await openStoreFor(options, true)
    try {
      if (!(await store.parties.get(partyId))) throw new NotFoundError(`no party ${partyId}: add it first with \`verigate party add\``)
      const { key: secretKey, prefix } = newApiKey()
      const id = options.id ?? `k-${prefix}`
      const taken = await store.kysely.selectFrom('party_credentials').select('id').where('id', '=', id).executeTakeFirst()
      if (taken) throw new InvalidInputError(`there is already a key ${id} (ids are never reused, even after revocation)`)
      await store.parties.addCredential({ id, partyId, role: options.role, keyPrefix: prefix, keyHash: await hashApiKey(secretKey), createdAt: new Date().toISOString() })
      if (options.json) process.stdout.write(`${JSON.stringify({ id, party: partyId, role: options.role, key: secretKey }, null, 2)}\n`)
      else process.stdout.write(`created key ${id} for ${partyId} (${options.role}). The key is shown once; store it now:\n${secretKey}\n`)
    } finally {
      await store.close()
    }
  })
  addDbOption(
    key
      .command('revoke')
      .description('Revoke an API key by its id: refused at once by a running server.')
      .argument('<id>', 'the key’s id (see `verigate party list --keys`)'),
  ).action(async (id: string, options: DbOptions) => {
    const store = await openStoreFor(options, true)
    try {
      if (!(await store.parties.revokeCredential(id, new Date().toISOString()))) throw new NotFoundError(`no active key ${id}`)
      process.stdout.write(`revoked key ${id}\n`)
    } finally {
      await store.close()
    }
  })
}
