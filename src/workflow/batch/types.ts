/**
 * The public types of a batch run: what it is started with (`RunBatchOptions`), what it keeps in
 * the store so a resumed run uses the same (`BatchSettings`, `MatchDetail`), and what it produced
 * (`BatchRunResult`).
 */
import type { Digest } from '../../core/index.js'
import type { LedgerKeys, SignedCheckpoint } from '../../ledger/index.js'
import type { BatchSummary } from '../batch-summary.js'
import type { StageProgress } from '../progress.js'
import type { JobQueueTiming, QueueSettings } from '../../store/index.js'

/**
 * A batch run on the cluster (`runBatch`'s `distributed`): the master is a sharded index's
 * manifest, and workers (`verigate worker`) link its shards through the job engine (pg-boss) on
 * the PostgreSQL at `url`.
 */
export interface DistributedBatchOptions {
  /** The PostgreSQL the job engine runs on (the store's own, in practice). */
  readonly url: string
  /** The schema the job engine keeps its tables in (default `verigate_jobs`). */
  readonly jobsSchema?: string
  /** pg-boss's polling and maintenance intervals (tests make them short). */
  readonly timing?: JobQueueTiming
  /** How shard jobs are leased and retried (default: 600 s, 5 retries). */
  readonly queueSettings?: QueueSettings
  /** How often the coordinator asks whether its jobs are done (milliseconds; default 250). */
  readonly pollMs?: number
}

/** What a batch was started with, kept in the store so a resumed run uses the same. */
export interface BatchSettings {
  readonly requester: string
  /** The decision time of every decision of the batch (ISO 8601). */
  readonly asOf: string
  readonly orderDigests: readonly Digest[]
  readonly requestsPath: string
  readonly requestsMapPath: string | null
  readonly masterPath: string
  readonly masterMapPath: string | null
  /** Where the master's values are read from (the master itself unless it is a `.vgx`). */
  readonly masterDataPath: string | null
  readonly outDir: string
  /** A trained link model (JSON) and its digest; absent or null: the built-in model. */
  readonly modelPath?: string | null
  readonly modelDigest?: string | null
}

/** Options of `runBatch`. */
export interface RunBatchOptions {
  readonly agreementPath: string
  readonly ordersDir?: string
  /** The master: a data file, or a `.vgx` index snapshot (then `masterDataPath` gives the values). */
  readonly masterPath: string
  readonly masterDataPath?: string
  readonly masterMapPath?: string
  readonly requestsPath: string
  /**
   * The request file as its sender knows it, named in the summary's unreadable rows (default:
   * `requestsPath`). The API gives `upload`: a requester must not learn the server's paths.
   */
  readonly requestsName?: string
  readonly requestsMapPath?: string
  /**
   * A trained link model (JSON, as `verigate link --train --save-model` writes it); default: the
   * built-in model. Part of the batch's identity: another model is another batch.
   */
  readonly modelPath?: string
  /** Who makes the request; default: the agreement's first authorised requester. */
  readonly requester?: string
  /**
   * The decision time (default: now, when the batch is created; a resumed batch keeps its own).
   * Only in a simulation store: a real one refuses it (`GivenTimeRefused`).
   */
  readonly asOf?: string
  /** The release time (default: now). Only in a simulation store, as `asOf`. */
  readonly releaseAt?: string
  /** Where the response, the report and the summary go. */
  readonly outDir: string
  readonly keys: LedgerKeys
  /** Records per transaction (default 10,000). */
  readonly chunkSize?: number
  /** Link worker threads (default: all cores). */
  readonly threads?: number
  /** The clock (tests pass a fixed one): only in a simulation store, as `asOf`. */
  readonly now?: () => Date
  readonly progress?: StageProgress
  /**
   * The generator's truth file for the request file (docs/equity.md): the report and the summary
   * then count the batch's errors by surname group. Not part of the batch's identity.
   */
  readonly truthPath?: string
  /**
   * Link on the cluster: `masterPath` is a sharded index's manifest (`.shards.json`) and workers
   * answer its shard jobs; absent: linked in this process, as always.
   */
  readonly distributed?: DistributedBatchOptions
}

/** What a batch run produced. */
export interface BatchRunResult {
  readonly batchId: string
  /** True when the batch existed already and this run finished (or re-finished) it. */
  readonly resumed: boolean
  readonly summary: BatchSummary
  readonly responsePath: string
  readonly reportPath: string
  readonly summaryPath: string
  readonly checkpoint: SignedCheckpoint
  /** Milliseconds per stage of this run. */
  readonly timings: Readonly<Record<string, number>>
}

/** What the match step records (with the master file's digest), read back by release and review. */
export interface MatchDetail {
  /** The digest of the master index the batch was linked against. */
  readonly masterDigest: string
  readonly modelDigest: string
  /** The link model's thresholds as match weights (bits), for the report. */
  readonly thresholds: { readonly match: number; readonly possible: number }
}

/** Records per transaction when `RunBatchOptions.chunkSize` is not given. */
export const DEFAULT_CHUNK_SIZE = 10_000
