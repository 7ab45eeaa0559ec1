/** Parties and their API credentials. */
import type { StoreContext } from './context.js'
import type { CredentialOfParty, PartiesFacade, Party, PartyCredential } from '../store.js'

type CredentialRow = { id: string; party_id: string; role: string; key_prefix: string; key_hash: string; created_at: string; revoked_at: string | null; person: string | null }

function toCredential(row: CredentialRow): PartyCredential {
  return {
    id: row.id,
    partyId: row.party_id,
    role: row.role,
    keyPrefix: row.key_prefix,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    // Migration 0010 filled every row; a row written later without one is its id's, as before.
    person: row.person ?? row.id,
  }
}

/** The parties facade over a context. */
export function partiesFacade(context: StoreContext): PartiesFacade {
  const { db } = context
  const toParty = (row: { id: string; name: string; kind: string; created_at: string }): Party => ({
    id: row.id,
    name: row.name,
    kind: row.kind as Party['kind'],
    createdAt: row.created_at,
  })
  // The credential with its party's kind, in one read (a credential whose party is gone has none).
  const withKind = () =>
    db
      .selectFrom('party_credentials as c')
      .leftJoin('parties as p', 'p.id', 'c.party_id')
      .select(['c.id', 'c.party_id', 'c.role', 'c.key_prefix', 'c.key_hash', 'c.created_at', 'c.revoked_at', 'c.person', 'p.kind as party_kind'])
  const toCredentialOfParty = (row: CredentialRow & { party_kind: string | null }): CredentialOfParty => ({ ...toCredential(row), partyKind: row.party_kind ?? '' })
  return {
    async add(party) {
      await db.insertInto('parties').values({ id: party.id, name: party.name, kind: party.kind, created_at: party.createdAt }).execute()
    },
    async get(id) {
      const row = await db.selectFrom('parties').selectAll().where('id', '=', id).executeTakeFirst()
      return row ? toParty(row) : undefined
    },
    async list() {
      return (await db.selectFrom('parties').selectAll().orderBy('id').execute()).map(toParty)
    },
    async addCredential(credential) {
      await db
        .insertInto('party_credentials')
        .values({
          id: credential.id,
          party_id: credential.partyId,
          role: credential.role,
          key_prefix: credential.keyPrefix,
          key_hash: credential.keyHash,
          created_at: credential.createdAt,
          revoked_at: null,
          person: credential.person ?? credential.id,
        })
        .execute()
    },
    async activeCredentials(keyPrefix) {
      const rows = await withKind().where('c.key_prefix', '=', keyPrefix).where('c.revoked_at', 'is', null).orderBy('c.id').execute()
      return rows.map(toCredentialOfParty)
    },
    async credential(id) {
      const row = await withKind().where('c.id', '=', id).executeTakeFirst()
      return row ? toCredentialOfParty(row) : undefined
    },
    async credentialsOf(partyId) {
      return (await db.selectFrom('party_credentials').selectAll().where('party_id', '=', partyId).orderBy('id').execute()).map(toCredential)
    },
    async activeCredentialList() {
      return (await db.selectFrom('party_credentials').selectAll().where('revoked_at', 'is', null).orderBy('party_id').orderBy('id').execute()).map(toCredential)
    },
    async revokeCredential(id, at) {
      const result = await db.updateTable('party_credentials').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst()
      return Number(result.numUpdatedRows) > 0
    },
  }
}
