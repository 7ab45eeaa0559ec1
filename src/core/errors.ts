/**
 * Unexpected failures (docs/design.md, *Unexpected failures are a few typed errors*): a few typed classes under `VerigateError`, each with a
 * stable `code`. Only `cli/` and `api/` map codes to exit codes or HTTP statuses.
 */
import type { Issue } from './issue.js'

/** Codes of unexpected failures. */
export type VerigateErrorCode =
  | 'invalid_input'
  | 'invalid_document'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'integrity'
  | 'unsupported'
  | 'internal'

/** The base of every error Verigate throws on purpose. */
export class VerigateError extends Error {
  readonly code: VerigateErrorCode
  /** The expected problems behind this error, when there were several. */
  readonly issues: readonly Issue[]

  constructor(code: VerigateErrorCode, message: string, options: { cause?: unknown; issues?: readonly Issue[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'VerigateError'
    this.code = code
    this.issues = options.issues ?? []
  }
}

/** Input that cannot be used at all (a file refused whole, a missing column). */
export class InvalidInputError extends VerigateError {
  constructor(message: string, options: { cause?: unknown; issues?: readonly Issue[] } = {}) {
    super('invalid_input', message, options)
    this.name = 'InvalidInputError'
  }
}

/** Tampering or corruption detected (a ledger entry that does not verify). */
export class IntegrityError extends VerigateError {
  constructor(message: string, options: { cause?: unknown; issues?: readonly Issue[] } = {}) {
    super('integrity', message, options)
    this.name = 'IntegrityError'
  }
}

/** A thing looked up by id that does not exist. */
export class NotFoundError extends VerigateError {
  constructor(message: string) {
    super('not_found', message)
    this.name = 'NotFoundError'
  }
}
