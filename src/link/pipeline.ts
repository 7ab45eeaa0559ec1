/**
 * The linkage pipeline for one master index: block → compare → score → resolve → explain. A
 * `Linker` holds the index, the model and the settings; its facades are grouped by concern
 * (docs/design.md, *Facades grouped by concern*): `linker.link()` / `linker.linkOne()`, `linker.train.u()` /
 * `linker.train.em()`, `linker.blocking.counters()`.
 */
import type { MatchResult, MatchStatus, RequestRecord, StandardizedRecord } from '../core/index.js'
import { matchRowOf } from './match-output.js'
import { standardizeRecord } from '../standardize/index.js'
import type { MasterIndex } from './index/index.js'
import { COMPARED_FIELDS, DEFAULT_MODEL, type LinkModel, modelDigest, weightToProbability } from './model/index.js'
import {
  type BlockingCounters,
  CandidateFinder,
  type ComparisonThresholds,
  DEFAULT_RESOLVE_SETTINGS,
  DEFAULT_THRESHOLDS,
  PairComparer,
  type RequestProbe,
  type ResolveSettings,
  Scorer,
  type Scored,
  addCounters,
  emptyCounters,
  makeProbe,
  type RankedCandidates,
  roundWeight,
  type ShardCandidate,
  type ShardCandidates,
  personFacts,
  resolveRanked,
  resultOf,
  samePerson,
} from './score/index.js'
import { type BlockedPatterns, EM_SAMPLE, type EmTrainingOptions, type EmTrainingReport, type USamplingOptions, blockedPatterns, estimateU, fitEm, sampleOf, trainEm } from './training.js'

/** Settings of a linker: resolution thresholds, comparison thresholds, blocking cap. */
export interface LinkSettings extends ResolveSettings {
  readonly comparison: ComparisonThresholds
  /** Blocks larger than this are skipped and counted (default 1000). */
  readonly maxBlockSize: number
  /** How many rivals a result lists at most (default 3). */
  readonly maxRivals: number
}

export const DEFAULT_LINK_SETTINGS: LinkSettings = {
  ...DEFAULT_RESOLVE_SETTINGS,
  comparison: DEFAULT_THRESHOLDS,
  maxBlockSize: 1000,
  maxRivals: 3,
}

/** One request to link: its standardized form and, for the legal facts, its canonical record. */
export interface LinkRequest {
  readonly standardized: StandardizedRecord
  readonly record?: RequestRecord
}

/** Options of `createLinker`. */
export interface LinkerOptions {
  readonly index: MasterIndex
  readonly model?: LinkModel
  readonly settings?: Partial<LinkSettings>
  /** Nickname-equivalence groups of a given name (from `standardize`); none when absent. */
  readonly nicknameGroups?: (given: string) => readonly number[]
}

/** A linker over one master index. */
export interface Linker {
  readonly index: MasterIndex
  readonly settings: LinkSettings
  /** The model in use (replaced by `train.em`). */
  readonly model: LinkModel
  readonly modelDigest: string
  /** Links one request. */
  linkOne(request: StandardizedRecord, record?: RequestRecord): MatchResult
  /**
   * Links one canonical request record: standardizes it, unless training already prepared it
   * (a file no larger than the training sample is then standardized once, not twice).
   */
  linkRecord(record: RequestRecord): MatchResult
  /**
   * Links one canonical request record as `linkRecord` does and gives only its MATCHES.csv row
   * (`matchRow` of the result, to the byte) and status: no evidence is made for the best
   * candidate and its rivals, which a link without `--explain` would throw away.
   */
  linkRecordRow(record: RequestRecord): { readonly row: string; readonly status: MatchStatus }
  /** Links requests in order. */
  link(requests: Iterable<LinkRequest>): MatchResult[]
  /**
   * Every candidate of a request in this index (a shard, say) with full evidence, strongest
   * first, unresolved: what `mergeCandidates` resolves across shards as one index would.
   */
  shardCandidates(request: LinkRequest): ShardCandidates
  /**
   * Every candidate of a request scored, strongest first, without resolution: what a dedupe
   * (linking a file against itself) thresholds and clusters.
   */
  scoreCandidates(request: LinkRequest): { readonly masterId: string; readonly row: number; readonly weight: number; readonly probability: number }[]
  /** Prepares a request for this index (for training and custom loops). */
  probe(request: LinkRequest): RequestProbe
  readonly train: {
    /** Estimates u-probabilities from random master pairs; sets and returns the new model. */
    u(options?: USamplingOptions): LinkModel
    /** Estimates m-probabilities and the prior by EM on blocked pairs; sets and returns the new model. */
    em(requests: readonly LinkRequest[], options?: EmTrainingOptions): EmTrainingReport
    /**
     * Trains on canonical request records as a batch would: u from random master pairs, then m
     * and the prior by EM on a seeded sample of the records (only the sample is standardized, so
     * a file of a million requests trains in seconds).
     */
    records(records: readonly RequestRecord[], options?: EmTrainingOptions & USamplingOptions): EmTrainingReport
    /**
     * The counted patterns of the blocked pairs of canonical request records (a part of a
     * training sample, in sample order), standardized and probed here and not kept: what a pool
     * worker makes of its chunks of the sample (see `trainRecords` in batch.ts).
     */
    patterns(records: readonly RequestRecord[]): BlockedPatterns
    /**
     * Fits m and the prior by EM on the patterns of the blocked pairs of `requests` sampled
     * requests (`patterns` of the sample's chunks, merged in order); sets and returns the model.
     */
    fit(blocked: BlockedPatterns, requests: number, options?: EmTrainingOptions): EmTrainingReport
    /** Replaces the model. */
    use(model: LinkModel): void
  }
  readonly blocking: {
    /** Candidate pairs and capped blocks per rule so far. */
    counters(): BlockingCounters
    /** The candidate master rows of a request. */
    candidates(request: LinkRequest): Int32Array
  }
}

/**
 * Creates a linker.
 *
 * @example
 * const linker = createLinker({ index: buildMasterIndex(master), nicknameGroups })
 * linker.train.em(requests)
 * const results = linker.link(requests)
 */
export function createLinker(options: LinkerOptions): Linker {
  const index = options.index
  const settings: LinkSettings = { ...DEFAULT_LINK_SETTINGS, ...options.settings }
  const nicknameGroups = options.nicknameGroups ?? (() => [])
  const comparer = new PairComparer(index, settings.comparison)
  const finder = new CandidateFinder(index, settings.maxBlockSize)
  const counters = emptyCounters(index.meta.rules)
  let model = options.model ?? DEFAULT_MODEL
  let digest = modelDigest(model)
  let scorer = new Scorer(index, model)
  const use = (next: LinkModel) => {
    model = next
    digest = modelDigest(next)
    scorer = new Scorer(index, next)
  }
  // Probes made for training are kept for linking the same requests (keyed by the standardized
  // record object and by the canonical record, so they go when the caller drops the requests).
  const probes = new WeakMap<StandardizedRecord, RequestProbe>()
  const probesOfRecords = new WeakMap<RequestRecord, RequestProbe>()
  // A record's probe: kept by training, else made now.
  const recordProbe = (record: RequestRecord): RequestProbe => probesOfRecords.get(record) ?? probe({ standardized: standardizeRecord(record), record })
  const probe = (request: LinkRequest) => probes.get(request.standardized) ?? makeProbe(index, request.standardized, request.record, nicknameGroups)

  // Scratch space reused across requests: levels of candidate i at [i * F, (i + 1) * F).
  const fields = COMPARED_FIELDS.length
  let levels = new Uint8Array(64 * fields)
  let weights = new Float64Array(64)
  const order: number[] = []
  const scoredAt = (p: RequestProbe, i: number, row: number): Scored => {
    const weight = weights[i] as number
    return { row, weight, probability: weightToProbability(weight), levels: levels.slice(i * fields, (i + 1) * fields), middleInitialsDiffer: comparer.middleInitialsDiffer(p, row), middleInitialsAgree: comparer.middleInitialsAgree(p, row) }
  }

  /**
   * Finds, compares and scores the candidates of `p` into the scratch arrays, ranked strongest
   * first (by weight, then by row) in `order`; returns the rows (valid until the next call).
   */
  const rank = (p: RequestProbe): Int32Array => {
    const rows = finder.find(p, counters)
    const n = rows.length
    if (levels.length < n * fields) {
      levels = new Uint8Array(n * 2 * fields)
      weights = new Float64Array(n * 2)
    }
    for (let i = 0; i < n; i++) {
      const view = levels.subarray(i * fields, (i + 1) * fields)
      comparer.compare(p, rows[i] as number, view)
      weights[i] = scorer.weight(view, rows[i] as number, p.surname)
    }
    order.length = 0
    for (let i = 0; i < n; i++) order.push(i)
    order.sort((a, b) => (weights[b] as number) - (weights[a] as number) || (rows[a] as number) - (rows[b] as number))
    return rows
  }

  // The ranking `resolveRanked` reads, over the scratch arrays of the request being linked (one
  // object for the linker's life: the hot loop allocates only what decides).
  let currentProbe: RequestProbe | undefined
  let currentRows: Int32Array = new Int32Array(0)
  const rowAt = (k: number) => currentRows[order[k] as number] as number
  const ranked: RankedCandidates = {
    get length() {
      return currentRows.length
    },
    weight: (k) => weights[order[k] as number] as number,
    sameAsBest: (k) => samePerson(index, rowAt(0), rowAt(k)),
    scored: (k) => scoredAt(currentProbe as RequestProbe, order[k] as number, rowAt(k)),
    givenSexDiffers: (k) => comparer.givenSexDiffers(currentProbe as RequestProbe, rowAt(k)),
  }

  const linkProbe = (p: RequestProbe): MatchResult => {
    currentProbe = p
    currentRows = rank(p)
    const resolution = resolveRanked(ranked, settings, settings.maxRivals)
    return resultOf(p.id, p.facts, resolution, (_, s) => scorer.candidate(s.levels, s.row, s.weight, p.surname), settings.maxRivals, index.digest, digest)
  }

  // `linkProbe` up to the resolution, then the row from the best candidate as its evidence
  // would state it (`Scorer.candidate`: the weight rounded, the probability of the exact weight).
  const linkProbeRow = (p: RequestProbe): { readonly row: string; readonly status: MatchStatus } => {
    currentProbe = p
    currentRows = rank(p)
    const { status, best } = resolveRanked(ranked, settings, settings.maxRivals)
    const row = matchRowOf(p.id, status, best ? { masterId: index.id(best.row), weight: roundWeight(best.weight), probability: weightToProbability(best.weight) } : undefined)
    return { row, status }
  }

  const shardCandidates = (p: RequestProbe): ShardCandidates => {
    const rows = rank(p)
    const candidates: ShardCandidate[] = []
    for (let k = 0; k < rows.length; k++) {
      const i = order[k] as number
      const row = rows[i] as number
      const s = scoredAt(p, i, row)
      candidates.push({
        row: index.globalRow(row),
        weight: s.weight,
        levels: Array.from(s.levels),
        middleInitialsDiffer: s.middleInitialsDiffer === true,
        middleInitialsAgree: s.middleInitialsAgree === true,
        // Only a shard's best can be the best of the union, and only the best's is asked.
        givenSexDiffers: k === 0 && comparer.givenSexDiffers(p, row),
        person: personFacts(index, row),
        evidence: scorer.candidate(s.levels, row, s.weight, p.surname),
      })
    }
    return { requestId: p.id, facts: p.facts, candidates, masterDigest: index.masterDigest, modelDigest: digest }
  }

  // One probe at a time: each dies as soon as its pairs are compared.
  function* probesOf(records: readonly RequestRecord[]): Generator<RequestProbe> {
    for (const record of records) yield makeProbe(index, standardizeRecord(record), record, nicknameGroups)
  }

  const trainU = (o?: USamplingOptions): LinkModel => {
    use(estimateU(index, comparer, model, o))
    return model
  }
  /**
   * EM on a seeded sample of `items`. Only the sample is prepared (a million probes would cost a
   * minute and gigabytes for nothing), each item made a request and a probe at once (a
   * standardized record, three times the probe's size, then dies young); the probes are kept
   * for linking the same requests.
   */
  const trainOn = <T>(items: readonly T[], requestOf: (item: T) => LinkRequest, o?: EmTrainingOptions): EmTrainingReport => {
    const made = sampleOf(items, o?.maxRequests ?? EM_SAMPLE, o?.seed).map((item) => {
      const r = requestOf(item)
      const p = probe(r)
      probes.set(r.standardized, p)
      if (r.record) probesOfRecords.set(r.record, p)
      return p
    })
    const report = trainEm(index, comparer, finder, model, made, o)
    use(report.model)
    return report
  }

  return {
    index,
    settings,
    get model() {
      return model
    },
    get modelDigest() {
      return digest
    },
    linkOne: (standardized, record) => linkProbe(probe({ standardized, ...(record ? { record } : {}) })),
    linkRecord: (record) => linkProbe(recordProbe(record)),
    linkRecordRow: (record) => linkProbeRow(recordProbe(record)),
    link: (requests) => {
      const out: MatchResult[] = []
      for (const r of requests) out.push(linkProbe(probe(r)))
      return out
    },
    shardCandidates: (request) => shardCandidates(probe(request)),
    probe,
    scoreCandidates: (request) => {
      const p = probe(request)
      const rows = finder.find(p, emptyCounters(index.meta.rules)).slice()
      const view = new Uint8Array(fields)
      return Array.from(rows, (row) => {
        comparer.compare(p, row, view)
        const weight = scorer.weight(view, row, p.surname)
        return { masterId: index.id(row), row, weight, probability: weightToProbability(weight) }
      }).sort((a, b) => b.weight - a.weight || a.row - b.row)
    },
    train: {
      u: trainU,
      em: (requests, o) => trainOn(requests, (r) => r, o),
      records: (records, o) => {
        trainU(o)
        return trainOn(records, (record) => ({ standardized: standardizeRecord(record), record }), o)
      },
      patterns: (records) => blockedPatterns(index, comparer, finder, probesOf(records)),
      fit: (blocked, requests, o) => {
        const report = fitEm(index, model, blocked, requests, o)
        use(report.model)
        return report
      },
      use,
    },
    blocking: {
      counters: () => {
        const copy = emptyCounters(index.meta.rules)
        addCounters(copy, counters)
        return copy
      },
      candidates: (request) => finder.find(probe(request), emptyCounters(index.meta.rules)).slice(),
    },
  }
}
