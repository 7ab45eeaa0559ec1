/** Builds the store's facades over a back end, and binds them to transactions. */
import type { StoreBackend } from './backend.js'
import type { Store, StoreFacades } from './store.js'
import type { StoreContext } from './facades/context.js'
import type { StoreModeState } from './store-mode.js'
import { effectiveMode } from './store-mode.js'
import { partiesFacade } from './facades/parties.js'
import { documentVersionsFacade } from './facades/document-versions.js'
import { batchesFacade, decisionsFacade, evidenceFacade, requestsFacade } from './facades/batches.js'
import { disclosuresFacade } from './facades/disclosures.js'
import { ledgerFacade } from './facades/ledger.js'
import { batchStepsFacade } from './facades/batch-steps.js'
import { reviewsFacade, withholdingsFacade } from './facades/reviews.js'
import { batchQueriesFacade } from './facades/batch-queries.js'
import { auditsFacade } from './facades/audits.js'
import { incidentsFacade } from './facades/incidents.js'
import { certificationsFacade, recallAcknowledgementsFacade, recallsFacade } from './facades/recalls.js'
import { onlineVerificationsFacade } from './facades/online-verifications.js'
import { retentionPurgesFacade } from './facades/retention-purges.js'
import { checkpointCosignaturesFacade } from './facades/checkpoint-cosignatures.js'
import { bindInternals } from './raw-database.js'

function facades(context: StoreContext): StoreFacades {
  return bindInternals<StoreFacades>({
    parties: partiesFacade(context),
    agreements: documentVersionsFacade(context, 'agreement_versions'),
    orders: documentVersionsFacade(context, 'order_versions'),
    batches: batchesFacade(context),
    requests: requestsFacade(context),
    evidence: evidenceFacade(context),
    decisions: decisionsFacade(context),
    disclosures: disclosuresFacade(context),
    ledger: ledgerFacade(context),
    batchSteps: batchStepsFacade(context),
    reviews: reviewsFacade(context),
    withholdings: withholdingsFacade(context),
    batchQueries: batchQueriesFacade(context),
    audits: auditsFacade(context),
    incidents: incidentsFacade(context),
    recalls: recallsFacade(context),
    certifications: certificationsFacade(context),
    acknowledgements: recallAcknowledgementsFacade(context),
    onlineVerifications: onlineVerificationsFacade(context),
    retentionPurges: retentionPurgesFacade(context),
    cosignatures: checkpointCosignaturesFacade(context),
  }, { backend: context.backend, db: context.db })
}

/**
 * The store over a migrated back end whose mode is `mode` (`openStore` reads it; default: a real
 * store with an empty ledger).
 */
export function createStore(backend: StoreBackend, mode: StoreModeState = { stored: 'real', ledger: undefined }): Store {
  return bindInternals<Store>(
    {
      ...facades({ backend, mode, db: backend.db }),
      backend: { name: backend.name, location: backend.location },
      mode: effectiveMode(mode),
      transaction: (work) => backend.db.transaction().execute((trx) => work(facades({ backend, mode, db: trx, trx }))),
      close: () => backend.close(),
    },
    { backend, db: backend.db },
  )
}
