/** Parties and their API credentials. */
import type { StoreContext } from './context.js'

/** A party to agreements: the holder, a requesting agency, an overseer. */
export interface Party {
  readonly id: string
  readonly name: string
  readonly kind: 'holder' | 'requester' | 'overseer'
  readonly createdAt: string
}

/** An API credential: the key itself is never stored, only its slow hash. */
export interface PartyCredential {
  readonly id: string
  readonly partyId: string
  readonly role: string
  readonly keyPrefix: string
  readonly keyHash: string
  readonly createdAt: string
  readonly revokedAt: string | null
  /** The person who holds the key: whose acts it records (names compare case-insensitively). */
  readonly person: string
}

/** A credential with the kind of its party, as read to authenticate (the role must fit the kind). */
export interface CredentialOfParty extends PartyCredential {
  /** The kind of the credential's party, as stored (checked against the role at every use). */
  readonly partyKind: string
}

/** Parties and their credentials. */
export interface PartiesFacade {
  add(party: Party): Promise<void>
  get(id: string): Promise<Party | undefined>
  list(): Promise<readonly Party[]>
  /** Adds a credential; without `person`, the credential's id names its holder. */
  addCredential(credential: Omit<PartyCredential, 'revokedAt' | 'person'> & { readonly person?: string }): Promise<void>
  /** The credentials not revoked with this key prefix, with their party's kind. */
  activeCredentials(keyPrefix: string): Promise<readonly CredentialOfParty[]>
  /** One credential by id, revoked or not, with its party's kind (one indexed read: sessions check it on every request). */
  credential(id: string): Promise<CredentialOfParty | undefined>
  /** Every credential of a party, revoked ones included, by id. */
  credentialsOf(partyId: string): Promise<readonly PartyCredential[]>
  /** Every credential not revoked, of every party, by party then id (never the key: only its prefix and hash). */
  activeCredentialList(): Promise<readonly PartyCredential[]>
  /** Marks a credential revoked; false when there is no such active credential. */
  revokeCredential(id: string, at: string): Promise<boolean>
}

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
