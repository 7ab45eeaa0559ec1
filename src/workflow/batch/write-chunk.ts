/**
 * Writing one chunk of linked and decided requests, in one transaction: the requests (when new),
 * their evidence and decisions, and the chunk's figures, under the batch's lock. A request whose
 * true cap count (known now, chunks being written in order) reaches a cap the count it was decided
 * under did not is decided again here, as the worker would have.
 */
import type { MatchResult } from '../../core/index.js'
import type { IntakeRow } from '../../intake/index.js'
import type { PreparedMatch, StoredRequest } from '../../store/index.js'
import { DecisionCounter, figuresStep, mergeEvidenceFigures } from '../batch-figures.js'
import type { ChunkFigures } from '../batch-figures.js'
import { ConflictError } from '../errors.js'
import { encodeDecision, requestContext } from '../match-chunk.js'
import type { MatchedChunk } from '../match-chunk.js'
import type { BatchCapCount } from './caps.js'
import type { BatchRun } from './context.js'

/** A piece of a chunk as a link worker gave it back, with the batch's disclosure count it was decided under. */
export interface DecidedPiece {
  readonly chunk: MatchedChunk
  readonly sentAt: number
}

/** A chunk of requests linked and decided, to write. */
export interface DecidedChunk {
  readonly rows: readonly IntakeRow[]
  /** True when the requests are already stored (taken in by an earlier version that linked later). */
  readonly stored: boolean
  readonly pieces: readonly DecidedPiece[]
}

/** Writes one chunk (see the module's comment); counts its disclosures in `caps`. */
export async function writeDecidedChunk(run: BatchRun, caps: BatchCapCount, chunk: DecidedChunk): Promise<void> {
  const { store, batchId, settings } = run
  const prepared: PreparedMatch[] = []
  const requests: StoredRequest[] = []
  const counter = new DecisionCounter()
  const messages: (readonly [string, string])[] = []
  let i = 0
  for (const { chunk: piece, sentAt } of chunk.pieces) {
    messages.push(...piece.messages)
    for (let m of piece.requests) {
      const row = chunk.rows[i++]!
      if (m.refused.length === 0 && caps.crosses(sentAt, caps.disclosed)) {
        const decision = run.policy.decide(JSON.parse(m.evidence) as MatchResult, requestContext(settings.requester, caps.countsAt(caps.disclosed)), settings.asOf, m.evidenceDigest)
        for (const r of decision.reasons) messages.push([r.code, r.message])
        m = encodeDecision(m, decision)
      }
      if (m.outcome === 'disclose') caps.addDisclosure()
      counter.add({ refused: m.refused.length > 0, outcome: m.outcome, answerCode: m.answerCode, reasonCodes: m.reasonCodes })
      prepared.push({ ...m, decidedAt: settings.asOf })
      if (!chunk.stored) {
        requests.push({ batchId, requestId: row.record.id, line: row.line, record: row.record, intakeStatus: m.refused.length > 0 ? 'refused' : 'accepted', intakeReasons: m.refused })
      }
    }
  }
  const detail: ChunkFigures = { evidence: mergeEvidenceFigures(chunk.pieces.map((p) => p.chunk.evidence)), decisions: counter.figures(), messages }
  await store.transaction(async (tx) => {
    if (!(await tx.batchSteps.heartbeat(batchId, run.lockToken, new Date().toISOString()))) {
      throw new ConflictError(`batch ${batchId}: another run took over this run's lock (it was judged stale); this run stops`)
    }
    await tx.requests.insertMany(requests)
    await tx.batchQueries.insertPrepared(batchId, prepared)
    await tx.batchSteps.mark(batchId, figuresStep(chunk.rows[0]!.line), detail, settings.asOf)
  })
}
