/**
 * What the attacks of issue 15's small items (8 a–g) share: a store with the parties and one
 * person's key per role, and the HTTP app serving batches from a data folder of its own, with the
 * server's clock, the corrected agreement in force today and generated people. The attacks then
 * go through the faces an attacker uses (HTTP requests, a raw socket, the CLI, the database).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp, createBatchService } from '../../src/api/index.js'
import type { BatchService } from '../../src/api/index.js'
import { hashApiKey, newApiKey } from '../../src/core/index.js'
import { loadOrCreateLedgerKeys } from '../../src/ledger/index.js'
import type { LedgerKeys } from '../../src/ledger/index.js'
import { openStore } from '../../src/store/index.js'
import type { Store } from '../../src/store/index.js'
import { generate } from '../../src/synth/index.js'
import type { AttackPlace } from './support.js'
import { writeAgreementInForce } from './support.js'

/** The requesting party of the agreement, and the holder. */
export const REQUESTER = 'dhs-ice'
export const HOLDER = 'irs'

/** One key per person or system, as `party key create` would give them. */
export interface PartyKeys {
  /** The requester's system key. */
  readonly requester: string
  /** The reviewer `rev-alice`'s key (of the holder). */
  readonly reviewer: string
  /** The supervisor `sup-carol`'s key (of the holder). */
  readonly supervisor: string
}

/**
 * Adds the holder and the requester, and one key per role, hashed at the cost the product uses
 * (the slow hash is part of what attack a is about).
 */
export async function seedParties(store: Store): Promise<PartyKeys> {
  const at = new Date().toISOString()
  await store.parties.add({ id: HOLDER, name: 'Internal Revenue Service', kind: 'holder', createdAt: at })
  await store.parties.add({ id: REQUESTER, name: 'U.S. Immigration and Customs Enforcement', kind: 'requester', createdAt: at })
  const add = async (id: string, partyId: string, role: string): Promise<string> => {
    const { key, prefix } = newApiKey()
    await store.parties.addCredential({ id, partyId, role, keyPrefix: prefix, keyHash: await hashApiKey(key), createdAt: at })
    return key
  }
  return { requester: await add('ice-system', REQUESTER, 'requester'), reviewer: await add('rev-alice', HOLDER, 'reviewer'), supervisor: await add('sup-carol', HOLDER, 'supervisor') }
}

/** An order of our own sending every would-be disclosure to one reviewer, so there are review cases. */
function writeReviewOrder(dir: string): string {
  const orders = join(dir, 'orders')
  mkdirSync(orders, { recursive: true })
  writeFileSync(
    join(orders, 'review.yaml'),
    ['kind: order', 'id: attack-review-everything', 'court: Test court', 'case: Test v. Test', 'title: Every disclosure reviewed', 'issued: 2025-01-01', 'effective:', '  from: 2025-01-01', 'binds:', '  agreements: [irs-ice-2025]', 'actions:', '  - kind: require_review', '    approvers: 1', ''].join('\n'),
  )
  return orders
}

/** The app serving batches over a fresh store. */
export interface BatchServer {
  readonly store: Store
  readonly app: FastifyInstance
  readonly batches: BatchService
  readonly keys: PartyKeys
  readonly ledgerKeys: LedgerKeys
  /** The ledger key file. */
  readonly ledgerKeyPath: string
  /** Where the server keeps uploads, request files and responses (`uploads/`, `requests/`, `out/`). */
  readonly dataDir: string
  /** The generated requests (CSV with a header row). */
  readonly requestsCsv: string
  readonly masterPath: string
  readonly agreementPath: string
  readonly ordersDir: string | undefined
  close(): Promise<void>
}

/**
 * Starts the app over a fresh store at `place`, serving batches under an agreement in force today
 * (with `review`: and an order sending every match to review), on 1,000 generated people.
 */
export async function startBatchServer(place: AttackPlace, options: { readonly review?: boolean } = {}): Promise<BatchServer> {
  const store = await openStore(place.location)
  try {
    const keys = await seedParties(store)
    const data = join(place.dir, 'data')
    await generate({ scenario: 'demo', people: 1000, requests: 40, seed: 15 }, data, { workers: 0 })
    const masterPath = join(data, 'master.csv')
    const agreementPath = writeAgreementInForce(place.dir)
    const ordersDir = options.review ? writeReviewOrder(place.dir) : undefined
    const ledgerKeyPath = join(place.dir, 'ledger.key')
    const { keys: ledgerKeys } = loadOrCreateLedgerKeys(ledgerKeyPath)
    const dataDir = join(place.dir, 'served')
    const batches = await createBatchService({ store, agreementPath, ...(ordersDir ? { ordersDir } : {}), masterPath, dataDir, keys: ledgerKeys, threads: 1 })
    const app = await buildApp({ store, batches, keys: ledgerKeys })
    return {
      store,
      app,
      batches,
      keys,
      ledgerKeys,
      ledgerKeyPath,
      dataDir,
      requestsCsv: readFileSync(join(data, 'requests.csv'), 'utf8'),
      masterPath,
      agreementPath,
      ordersDir,
      async close() {
        await batches.idle()
        await app.close()
        await store.close()
      },
    }
  } catch (error) {
    await store.close()
    throw error
  }
}

/** The Authorization header of a key. */
export function bearer(key: string): { readonly authorization: string } {
  return { authorization: `Bearer ${key}` }
}

/** Submits a CSV upload as the requester and waits for its batch to run; gives the batch id. */
export async function submitAndWait(server: BatchServer, csv: string): Promise<string> {
  const res = await server.app.inject({ method: 'POST', url: '/v1/batches', headers: { ...bearer(server.keys.requester), 'content-type': 'text/csv' }, payload: csv })
  if (res.statusCode !== 202) throw new Error(`the upload was not accepted: ${res.statusCode} ${res.body}`)
  await server.batches.idle()
  return (res.json() as { batch_id: string }).batch_id
}
