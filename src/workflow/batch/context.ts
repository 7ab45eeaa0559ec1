/**
 * The one context of a batch run (`BatchRun`), built once when the run holds the batch's lock and
 * handed to every stage: what the options said, what `prepare` found out, the clock, the
 * progress and the stage timings. The stages read it; none re-packs it.
 */
import type { Digest } from '../../core/index.js'
import type { LedgerKeys } from '../../ledger/index.js'
import type { CompiledPolicy, ValidatedAgreement, ValidatedOrder } from '../../policy/index.js'
import type { Store } from '../../store/index.js'
import type { StageProgress } from '../progress.js'
import type { BatchSettings, DistributedBatchOptions } from './types.js'

/** Milliseconds per stage, added up over a run (a stage may be timed in several pieces). */
export interface StageTimer {
  /** Runs `work` and adds its time to `stage`. */
  timed<T>(stage: string, work: () => Promise<T>): Promise<T>
  /** The times so far (the same object the run returns). */
  readonly timings: Record<string, number>
}

/** Creates a stage timer. */
export function createStageTimer(timings: Record<string, number> = {}): StageTimer {
  return {
    timings,
    async timed(stage, work) {
      const t = performance.now()
      try {
        return await work()
      } finally {
        timings[stage] = (timings[stage] ?? 0) + performance.now() - t
      }
    },
  }
}

/** A batch run under its lock: everything its stages need, built once. */
export interface BatchRun {
  readonly store: Store
  readonly batchId: string
  /** True when the batch existed already (this run resumes or re-finishes it). */
  readonly resumed: boolean
  readonly agreement: ValidatedAgreement
  readonly orders: readonly ValidatedOrder[]
  /** The agreement and orders compiled once (what the main thread re-decides under at a cap). */
  readonly policy: CompiledPolicy
  readonly settings: BatchSettings
  /** Where the agreement and orders were read, resolved: link workers read them again and check their digests. */
  readonly agreementPath: string
  readonly ordersDir: string | null
  readonly masterFileDigest: Digest
  /** The token of the batch's lock, renewed (and checked) in every transaction of the match stage. */
  readonly lockToken: string
  readonly keys: LedgerKeys
  readonly chunkSize: number
  /** Link worker threads (undefined: one for a small file, else all cores). */
  readonly threads: number | undefined
  /** The request file as its sender knows it (`RunBatchOptions.requestsName`). */
  readonly requestsName: string | undefined
  /** The truth file given with the run (`RunBatchOptions.truthPath`), for the errors by surname group. */
  readonly truthPath: string | undefined
  /** The release time given (simulation only); undefined: now. */
  readonly releaseAt: string | undefined
  readonly progress: StageProgress
  readonly now: () => Date
  readonly timer: StageTimer
  /** When this run began (ISO 8601), for the report. */
  readonly startedAt: string
  /** Linking on the cluster (`RunBatchOptions.distributed`); undefined: in this process. */
  readonly distributed: DistributedBatchOptions | undefined
}
