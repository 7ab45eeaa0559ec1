/** The workflow's unexpected failures: a batch or case in a state that does not allow the step. */
import { VerigateError } from '../core/index.js'

/** The step conflicts with what the store holds (a case already decided, a batch under other orders). */
export class ConflictError extends VerigateError {
  constructor(message: string) {
    super('conflict', message)
    this.name = 'ConflictError'
  }
}
