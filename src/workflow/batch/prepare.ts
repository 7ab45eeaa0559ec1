/**
 * The first stage of a batch: read the agreement and orders, derive the batch's id from what the
 * batch is (documents, request file, master, model), and create the batch with its settings, or
 * find the one that exists and check that it is run the same way.
 */
import { resolve } from 'node:path'
import { InvalidInputError, canonicalJson } from '../../core/index.js'
import type { Digest } from '../../core/index.js'
import { readAgreementFile, readOrdersDir } from '../../policy/index.js'
import type { ValidatedAgreement, ValidatedOrder } from '../../policy/index.js'
import type { Store } from '../../store/index.js'
import { batchIdOf } from '../batch-id.js'
import { ConflictError } from '../errors.js'
import { fileDigest } from '../file-digest.js'
import { recordDocuments } from '../policy-documents.js'
import { digestOfModel, loadLink } from '../link-plugins.js'
import type { BatchSettings, RunBatchOptions } from './types.js'

/** What `prepareBatch` found out: the batch, created now or found. */
export interface PreparedBatch {
  readonly agreement: ValidatedAgreement
  readonly orders: readonly ValidatedOrder[]
  readonly batchId: string
  readonly settings: BatchSettings
  /** True when the batch existed already. */
  readonly resumed: boolean
  readonly masterFileDigest: Digest
}

/**
 * Creates the batch the options describe, or finds it (then its settings are the stored ones,
 * with this run's output folder, master data file and model path).
 */
export async function prepareBatch(store: Store, options: RunBatchOptions, now: () => Date): Promise<PreparedBatch> {
  const agreement = readAgreementFile(options.agreementPath)
  const orders = options.ordersDir ? readOrdersDir(options.ordersDir) : []
  const [requestFileDigest, masterFileDigest] = await Promise.all([fileDigest(options.requestsPath), fileDigest(options.masterPath)])
  const modelDigest = options.modelPath ? await digestOfModel(options.modelPath) : undefined
  const doc = agreement.document
  const batchId = batchIdOf({
    agreementId: doc.id,
    agreementVersion: doc.version,
    agreementDigest: agreement.digest,
    requestFileDigest,
    masterDigest: masterFileDigest,
    ...(modelDigest ? { modelDigest } : {}),
  })
  const existing = await store.batches.get(batchId)
  const orderDigests = orders.map((o) => o.digest).sort()
  if (existing) {
    const settings = (await store.batchSteps.get(batchId, 'created'))?.detail as BatchSettings | undefined
    if (!settings) throw new ConflictError(`batch ${batchId} exists but its settings are missing`)
    if (canonicalJson([...settings.orderDigests]) !== canonicalJson(orderDigests)) {
      throw new ConflictError(`batch ${batchId} was decided under other court orders (${settings.orderDigests.length}); run it with the same orders folder`)
    }
    // What is not part of the batch may change between runs: where the outputs go, and the data
    // file the disclosed values are read from (they are read, never stored).
    const resumedSettings: BatchSettings = {
      ...settings,
      outDir: resolve(options.outDir),
      ...(options.masterDataPath ? { masterDataPath: resolve(options.masterDataPath) } : {}),
      // The id holds the model's digest, so this file has the batch's model wherever it now is.
      ...(options.modelPath ? { modelPath: resolve(options.modelPath) } : {}),
    }
    return { agreement, orders, batchId, settings: resumedSettings, resumed: true, masterFileDigest }
  }
  const requester = options.requester ?? doc.parties.requesting.authorised[0]!
  // An index snapshot or a sharded index's manifest holds no values to disclose.
  const isSnapshot = options.masterPath.toLowerCase().endsWith('.vgx') || (await loadLink()).isManifestPath(options.masterPath)
  if (isSnapshot && !options.masterDataPath) {
    throw new InvalidInputError(`the master ${options.masterPath} is an index (a snapshot or a sharded index), which holds no values to disclose: give the master data file it was built from (--master-data)`)
  }
  const settings: BatchSettings = {
    requester,
    asOf: new Date(options.asOf ?? now()).toISOString(),
    orderDigests,
    requestsPath: resolve(options.requestsPath),
    requestsMapPath: options.requestsMapPath ? resolve(options.requestsMapPath) : null,
    masterPath: resolve(options.masterPath),
    masterMapPath: options.masterMapPath ? resolve(options.masterMapPath) : null,
    masterDataPath: options.masterDataPath ? resolve(options.masterDataPath) : isSnapshot ? null : resolve(options.masterPath),
    outDir: resolve(options.outDir),
    modelPath: options.modelPath ? resolve(options.modelPath) : null,
    modelDigest: modelDigest ?? null,
  }
  const at = now().toISOString()
  await store.transaction(async (tx) => {
    await recordDocuments(tx, agreement, orders, at)
    await tx.batches.create({
      id: batchId,
      agreementId: doc.id,
      agreementVersion: doc.version,
      agreementDigest: agreement.digest,
      requesterPartyId: requester,
      requestFileDigest,
      status: 'running',
      createdAt: at,
    })
    await tx.batchSteps.mark(batchId, 'created', settings, at)
  })
  return { agreement, orders, batchId, settings, resumed: false, masterFileDigest }
}
