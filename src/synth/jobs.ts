/**
 * The units of work of a generation run, each a pure function of its range: the same job gives the
 * same bytes whether it runs in the main thread or in a worker, so the files do not depend on how
 * many threads made them.
 */
import { masterChunk } from './master-writer.js'
import type { MasterChunk } from './master-writer.js'
import type { PopulationContext } from './population.js'
import { shapeCounts } from './population-index.js'
import type { PopulationIndex, ShapeCounts } from './population-index.js'
import type { RequestGenerator } from './requests.js'
import { hashPair } from './twin-index.js'
import type { TwinIndex } from './twin-index.js'

/** A job, as sent to a worker. */
export type Job =
  | { readonly kind: 'shapes'; readonly from: number; readonly count: number }
  | { readonly kind: 'master'; readonly from: number; readonly to: number }
  | { readonly kind: 'requests'; readonly from: number; readonly to: number }

/** What the requests of a range add up to. */
export interface RequestCounts {
  readonly inMaster: number
  readonly coResident: number
  readonly addressComplete: number
}

/** The byte that stands in truth lines for `has_twin` until the master has been read. */
export const TWIN_PLACEHOLDER = 0x3f // '?': no other truth value can hold it

/** A run of requests, encoded. */
export interface RequestChunk {
  readonly requests: Uint8Array
  /** Truth lines with `?` where `has_twin` goes. */
  readonly truth: Uint8Array
  readonly lines: number
  /** Each request's near-twin key, hashed: two words per request. */
  readonly hashes: Uint32Array
  /** Each request's person number. */
  readonly personNumbers: Float64Array
  /** 1 where the person has a same-named JR/SR household member. */
  readonly householdTwins: Uint8Array
  readonly counts: RequestCounts
}

/** Requests [from, to), their truth rows (has_twin left open) and their near-twin keys. */
export function requestsJob(generator: RequestGenerator, from: number, to: number): RequestChunk {
  const n = to - from
  let requests = ''
  let truth = ''
  let inMaster = 0
  let coResident = 0
  let addressComplete = 0
  const hashes = new Uint32Array(n * 2)
  const personNumbers = new Float64Array(n)
  const householdTwins = new Uint8Array(n)
  for (let i = from; i < to; i++) {
    const { line, truth: t, twinKey, personNumber } = generator.build(i)
    if (t.kind === 'in_master') inMaster += 1
    else if (t.kind === 'co_resident') coResident += 1
    if (t.addressComplete) addressComplete += 1
    hashPair(twinKey, hashes, (i - from) * 2)
    personNumbers[i - from] = personNumber
    householdTwins[i - from] = t.householdTwin ? 1 : 0
    requests += `${line}\n`
    truth += `${t.requestId},${t.masterId},${t.personId},${t.noise.join(';')},${t.addressComplete},${t.addressKind},?,${t.householdId},${t.kind},${t.otherMasterId}\n`
  }
  return {
    requests: Buffer.from(requests, 'utf8'),
    truth: Buffer.from(truth, 'utf8'),
    lines: n,
    hashes,
    personNumbers,
    householdTwins,
    counts: { inMaster, coResident, addressComplete },
  }
}

/** Master households [from, to), with their hits in the (complete) twin table. */
export function masterJob(ctx: PopulationContext, index: PopulationIndex, twins: TwinIndex, from: number, to: number): MasterChunk {
  return masterChunk(ctx, index, from, to, (hashes) => twins.lookupHashes(hashes))
}

/** Runs a shapes job. */
export function shapesJob(ctx: PopulationContext, from: number, count: number): ShapeCounts {
  return shapeCounts(ctx, from, count)
}
