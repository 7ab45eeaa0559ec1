/** Parties and their API credentials. */
import type { StoreContext } from './context.js'
import type { PartiesFacade, Party, PartyCredential } from '../store.js'

/** The parties facade over a context. */
export function partiesFacade(context: StoreContext): PartiesFacade {
  const { db } = context
  const toParty = (row: { id: string; name: string; kind: string; created_at: string }): Party => ({
    id: row.id,
    name: row.name,
    kind: row.kind as Party['kind'],
    createdAt: row.created_at,
  })
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
        })
        .execute()
    },
    async activeCredentials(keyPrefix) {
      const rows = await db.selectFrom('party_credentials').selectAll().where('key_prefix', '=', keyPrefix).where('revoked_at', 'is', null).orderBy('id').execute()
      return rows.map(
        (row): PartyCredential => ({
          id: row.id,
          partyId: row.party_id,
          role: row.role,
          keyPrefix: row.key_prefix,
          keyHash: row.key_hash,
          createdAt: row.created_at,
          revokedAt: row.revoked_at,
        }),
      )
    },
    async revokeCredential(id, at) {
      const result = await db.updateTable('party_credentials').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst()
      return Number(result.numUpdatedRows) > 0
    },
  }
}
