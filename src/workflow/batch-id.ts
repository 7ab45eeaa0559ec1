/**
 * The batch id: derived from what the batch is (the agreement version and its digest, the request
 * file's digest, the master's digest, the link model's digest when it is not the built-in one), so running the same batch again finds the same id and
 * resumes it instead of starting a second one (issue 7: idempotent and resumable).
 */
import { canonicalJson, digest } from '../core/index.js'
import type { Digest } from '../core/index.js'

/** What identifies a batch. */
export interface BatchIdentity {
  readonly agreementId: string
  readonly agreementVersion: string
  readonly agreementDigest: Digest
  readonly requestFileDigest: Digest
  readonly masterDigest: Digest
  /**
   * The digest of a trained link model the batch links with; absent for the built-in model (so
   * the ids of batches run without one stay what they were).
   */
  readonly modelDigest?: string
}

/**
 * The id of a batch: `b-` and the first 20 hex digits of the SHA-256 of its identity in canonical
 * JSON (80 bits: no two batches of one holder will ever share it).
 *
 * @example
 * batchIdOf({ agreementId: 'irs-ice-2025', agreementVersion: '2025-04-07-corrected', agreementDigest, requestFileDigest, masterDigest }) // 'b-3f9c…'
 */
export function batchIdOf(identity: BatchIdentity): string {
  const d = digest(canonicalJson({ ...identity }))
  return `b-${d.slice('sha256:'.length, 'sha256:'.length + 20)}`
}
