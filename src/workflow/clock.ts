/**
 * One clock (issue 15): in a real store every decision, approval, release, recall, certification
 * and ledger entry carries the server's clock. A time given by a caller (`--release-at`, the
 * API's `release_at`, a workflow's `releaseAt`, `asOf`, `at` or `now`) is for replay and
 * what-if only: a real store refuses it, before anything is written, saying why and what to do;
 * a store created as a simulation writes it as given. Audits re-decide history at any time (a
 * what-if by nature); only their own entry takes the clock.
 */
import { InvalidInputError } from '../core/index.js'
import type { StoreMode } from '../core/index.js'
import type { StoreFacades } from '../store/index.js'

/** The server's clock: what every write of a real store carries. */
export const serverClock = (): Date => new Date()

/** The refusal of a time given for a write in a real store. */
export class GivenTimeRefused extends InvalidInputError {
  /** The option as the caller gave it (`--release-at`, `release_at`, `releaseAt`). */
  readonly option: string

  constructor(option: string, value: string) {
    super(
      `${option} ${value} is refused: this is a real store, where every decision, approval, release, recall, certification and ledger entry carries the server's clock. ` +
        `A given time is for replay and what-if only, in a store created as a simulation (\`verigate store create --simulation\`); leave ${option} out to act now.`,
    )
    this.name = 'GivenTimeRefused'
    this.option = option
  }
}

/** How a given time reads in the refusal. */
function shown(value: unknown): string {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : String(value)
  if (typeof value === 'function') return '(a clock)'
  return String(value)
}

/**
 * Refuses `given` (a time or a clock), named `option`, when the store is real; does nothing when
 * none was given or the store is a simulation.
 *
 * @example
 * refuseGivenTime(store.mode, '--release-at', options.releaseAt) // throws GivenTimeRefused in a real store
 */
export function refuseGivenTime(mode: StoreMode, option: string, given: unknown): void {
  if (given !== undefined && mode === 'real') throw new GivenTimeRefused(option, shown(given))
}

/**
 * The clock a workflow writes with: the given one in a simulation store, the server's where none
 * was given; a clock given for a real store is refused.
 */
export function writeClock(mode: StoreMode, given: (() => Date) | undefined, option = 'now'): () => Date {
  refuseGivenTime(mode, option, given)
  return given ?? serverClock
}

/**
 * The time of a write made in the transaction `tx`: the given time (a simulation's, already let
 * through `refuseGivenTime`), or the server's clock read once the transaction holds the ledger's
 * lock, so that no other writer's entry comes between this time and this transaction's append.
 */
export async function stampedTime(tx: Pick<StoreFacades, 'ledger'>, given: Date | string | undefined): Promise<string> {
  if (given !== undefined) return new Date(given).toISOString()
  await tx.ledger.lock()
  return serverClock().toISOString()
}
