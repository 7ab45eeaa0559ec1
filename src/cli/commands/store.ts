/**
 * `verigate store create`: create a new, empty store, real or (with `--simulation`) a
 * simulation, and record its mode once (issue 15, "One clock"). Any command creates a real store
 * where there is none; a simulation store is only ever created here or by the demo, explicitly.
 */
import type { Command } from 'commander'
import type { DbOptions } from '../db-option.js'
import { addDbOption } from '../db-option.js'

const EXAMPLES = `
A real store (what any command makes where there is none) writes every decision, approval,
release, recall, certification and ledger entry at the server's clock, and refuses times given
with --as-of, --release-at, --at or --received-at (or the API's release_at). A simulation store is
for replay and what-if: it writes those times as given, its ledger's chain starts from the
simulation anchor, every checkpoint it signs says SIMULATION, and \`verigate ledger verify\`
reports it. A store's mode is recorded once, when it is created, and never changes.

Examples:
  verigate store create --db replay-2025.sqlite --simulation
  verigate batch run --db replay-2025.sqlite --as-of 2025-08-07T12:00:00Z --release-at 2025-08-07T16:00:00Z …
`

/** Registers `verigate store` and its sub-commands. */
export function registerStoreCommand(program: Command): void {
  const store = program.command('store').description('Create a store, real or a simulation (for replay and what-if).').addHelpText('after', EXAMPLES)

  addDbOption(
    store
      .command('create')
      .description('Create a new, empty store and record its mode (real, or a simulation with --simulation); a store that exists already is refused.')
      .option('--simulation', 'a simulation store: times given on the command line and in the API are written as given, and its ledger and checkpoints say SIMULATION')
      .option('--json', 'print the store as JSON')
      .addHelpText('after', EXAMPLES),
  ).action(async (options: DbOptions & { simulation?: boolean; json?: boolean }) => {
    const { existsSync } = await import('node:fs')
    const { isPostgresLocation, openStore } = await import('../../store/index.js')
    const { InvalidInputError } = await import('../../core/index.js')
    if (!isPostgresLocation(options.db) && existsSync(options.db)) throw new InvalidInputError(`there is a file at ${options.db} already: a store is created once, in a new place`)
    const mode = options.simulation ? 'simulation' : 'real'
    const created = await openStore(options.db, { mode, mustBeNew: true })
    try {
      const location = created.backend.location
      if (options.json) process.stdout.write(`${JSON.stringify({ location, mode: created.mode }, null, 2)}\n`)
      else process.stdout.write(`created a ${created.mode === 'simulation' ? 'SIMULATION' : 'real'} store at ${location}\n`)
    } finally {
      await created.close()
    }
  })
}
