/**
 * Test support for the API: a store in a fresh folder with parties, one key per role, a revoked
 * key, and resources owned by two requesting parties. Under test/, so it never ships.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { canonicalJson, digest, hashApiKey, newApiKey } from '../../src/core/index.js'
import type { ApiRole } from '../../src/core/index.js'
import { openStore } from '../../src/store/index.js'
import type { Store } from '../../src/store/index.js'
import { dropPgSchema } from './pg-schema.js'

/** The two requesting parties: "own" and "other" in the matrix. */
export const PARTY_A = 'dhs-ice'
export const PARTY_B = 'other-agency'
export const HOLDER = 'irs'
export const OVERSEER = 'tigta'

/** Batches and recall notices seeded for each requesting party. */
export const BATCH_OF: Readonly<Record<string, string>> = { [PARTY_A]: 'b-aaaaaaaaaaaaaaaaaaaa', [PARTY_B]: 'b-bbbbbbbbbbbbbbbbbbbb' }
export const NOTICE_OF: Readonly<Record<string, string>> = { [PARTY_A]: 'rn-aaaa', [PARTY_B]: 'rn-bbbb' }

/** The parties each role's key belongs to in the fixture. */
export const PARTY_OF_ROLE: Readonly<Record<ApiRole, string>> = {
  requester: PARTY_A,
  analyst: HOLDER,
  reviewer: HOLDER,
  supervisor: HOLDER,
  overseer: OVERSEER,
  admin: HOLDER,
}

/** A store with parties, keys and resources. */
export interface StoreFixture {
  readonly dir: string
  readonly store: Store
  /** A valid key per role (the requester's is party A's). */
  readonly keys: Readonly<Record<ApiRole, string>>
  /** Party B's requester key. */
  readonly otherRequesterKey: string
  /** A key of party A that has been revoked. */
  readonly revokedKey: string
  close(): Promise<void>
}

/** Keys in tests are hashed at a low scrypt cost: the check is the same, the wait is not. */
async function addKey(store: Store, id: string, partyId: string, role: string): Promise<string> {
  const { key, prefix } = newApiKey()
  await store.parties.addCredential({ id, partyId, role, keyPrefix: prefix, keyHash: await hashApiKey(key, { N: 1024, r: 8, p: 1 }), createdAt: '2025-08-01T00:00:00.000Z' })
  return key
}

/** The PostgreSQL server the tests also run against, when set (as in CI). */
const PG_URL = process.env.VERIGATE_TEST_PG_URL

/**
 * Creates the fixture in a fresh folder: on SQLite, or, when VERIGATE_TEST_PG_URL is set, on
 * PostgreSQL in a schema of its own (dropped on close).
 */
export async function makeStoreFixture(): Promise<StoreFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'verigate-'))
  const schema = PG_URL ? `vg_api_${randomBytes(4).toString('hex')}` : undefined
  // A simulation store: the fixtures write fixed times of 2025 and 2026 (issue 15, "One clock").
  const store = PG_URL ? await openStore(PG_URL, { schema, mode: 'simulation' }) : await openStore(join(dir, 'db.sqlite'), { mode: 'simulation' })
  const at = '2025-08-01T00:00:00.000Z'
  for (const [id, kind] of [
    [PARTY_A, 'requester'],
    [PARTY_B, 'requester'],
    [HOLDER, 'holder'],
    [OVERSEER, 'overseer'],
  ] as const) {
    await store.parties.add({ id, name: id.toUpperCase(), kind, createdAt: at })
  }
  const roles = Object.keys(PARTY_OF_ROLE) as ApiRole[]
  const hashed = await Promise.all([...roles.map((role) => addKey(store, `key-${role}`, PARTY_OF_ROLE[role], role)), addKey(store, 'key-b', PARTY_B, 'requester'), addKey(store, 'key-revoked', PARTY_A, 'requester')])
  const keys = Object.fromEntries(roles.map((role, i) => [role, hashed[i]!])) as Record<ApiRole, string>
  await store.parties.revokeCredential('key-revoked', at)
  const audit = { discloser: HOLDER, disposal: 'destroy' }
  await store.audits.insert({ id: 'au-test', createdAt: at, agreementId: 'irs-ice-2025', agreementDigest: `sha256:${'0'.repeat(64)}`, result: { ...audit, ledgerSeq: 0 }, resultDigest: digest(canonicalJson(audit)), ledgerSeq: 0 })
  for (const party of [PARTY_A, PARTY_B]) {
    await store.batches.create({
      id: BATCH_OF[party]!,
      agreementId: 'irs-ice-2025',
      agreementVersion: 'test',
      agreementDigest: `sha256:${'0'.repeat(64)}`,
      requesterPartyId: party,
      requestFileDigest: `sha256:${'1'.repeat(64)}`,
      status: 'complete',
      createdAt: at,
    })
    await store.recalls.insertMany([
      { id: NOTICE_OF[party]!, auditId: 'au-test', recipientPartyId: party, disclosureIds: ['d-1'], fields: ['address'], reason: 'test', deadline: '2026-03-01', status: 'issued', createdAt: at, ledgerSeq: null },
    ])
  }
  return {
    dir,
    store,
    keys,
    otherRequesterKey: hashed[roles.length]!,
    revokedKey: hashed[roles.length + 1]!,
    async close() {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
      if (PG_URL && schema) {
        await dropPgSchema(PG_URL, schema)
      }
    },
  }
}

/** The Authorization header of a key. */
export function bearer(key: string): { authorization: string } {
  return { authorization: `Bearer ${key}` }
}
