/**
 * The release stage of a batch: the `disclose` decisions not yet released or withheld are
 * released (or withheld under an order) with the master values they disclose; and the master
 * values every disclosed request of the batch needs, for the response file.
 */
import { InvalidInputError } from '../../core/index.js'
import type { Store } from '../../store/index.js'
import { readMasterValues } from '../master-values.js'
import type { MasterValues } from '../master-values.js'
import { serverClock } from '../clock.js'
import { releaseItems } from '../release.js'
import type { ReleaseItem } from '../release.js'
import type { BatchRun } from './context.js'
import { DEFAULT_CHUNK_SIZE } from './types.js'
import type { BatchSettings, MatchDetail } from './types.js'

/** Releases what the batch has not yet released; returns the master values of all its disclosures. */
export async function releaseStage(run: BatchRun, match: MatchDetail): Promise<MasterValues> {
  const { store, batchId, timer } = run
  // A real store's release reads the server's clock for each transaction; a simulation's has one time.
  const releaseAt = store.mode === 'real' ? serverClock : new Date(run.releaseAt ?? run.now()).toISOString()
  const pending = await timer.timed('release', () => pendingItems(store, batchId))
  const neededIds = await disclosedMasterIds(store, batchId)
  for (const item of pending) if (item.decision.masterId) neededIds.add(item.decision.masterId)
  const values = await timer.timed('master values', () => masterValuesFor(run.settings, neededIds))
  if (pending.length === 0) return values
  await timer.timed('release', async () => {
    const p = run.progress('Releasing', pending.length)
    let last = 0
    await releaseItems(store, pending, {
      batchId,
      orders: run.orders,
      releaseAt,
      keys: run.keys,
      masterValues: values,
      masterDigest: match.masterDigest,
      onChunk: (done) => {
        p.tick(done - last)
        last = done
      },
    })
    p.done()
  })
  // The response file and summary read the disclosures and withholdings just written, by batch.
  await timer.timed('analyze', () => store.batchQueries.analyze(['disclosures', 'withholdings']))
  return values
}

/** The batch's `disclose` decisions not yet released or withheld, by request id. */
async function pendingItems(store: Store, batchId: string): Promise<ReleaseItem[]> {
  const items: ReleaseItem[] = []
  for (let after = ''; ; ) {
    const page = await store.batchQueries.pendingDisclosures(batchId, after, DEFAULT_CHUNK_SIZE)
    if (page.length === 0) break
    for (const { decision, digest: d } of page) items.push({ decision, storedDigest: d })
    after = page[page.length - 1]!.decision.requestId
  }
  return items
}

/** The master records a batch has disclosed, by id (what the response file needs the values of). */
export async function disclosedMasterIds(store: Store, batchId: string): Promise<Set<string>> {
  const ids = new Set<string>()
  // One read of the disclosed requests' decisions: disclosures are a few per cent of a batch.
  for (const { decision } of await store.batchQueries.disclosedDecisions(batchId)) if (decision.masterId) ids.add(decision.masterId)
  return ids
}

/** Reads the master values of the given ids from the batch's master data file. */
export async function masterValuesFor(settings: BatchSettings, ids: ReadonlySet<string>): Promise<MasterValues> {
  if (ids.size === 0) return new Map()
  if (settings.masterDataPath === null) {
    throw new InvalidInputError(`the master ${settings.masterPath} is an index snapshot, which holds no values to disclose: give the master data file with --master-data`)
  }
  return readMasterValues(settings.masterDataPath, settings.masterMapPath ?? undefined, ids)
}
