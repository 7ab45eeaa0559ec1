/**
 * Every sub-command, in the order `verigate --help` lists them. Each command file exports one
 * `register…Command(program)` and keeps its top-level imports light: heavy modules are imported
 * inside the action, so `verigate --help` starts fast.
 *
 * The command files themselves are loaded on demand: a process that runs one command (the
 * first argument names it) loads that command's file alone, and only help, a mistyped command or
 * no command at all loads them all (issue 19: `verigate link` on a small file has half a second,
 * and the other commands' modules are no part of it).
 */
import type { Command } from 'commander'

type Register = (program: Command) => void

/** Command name → a loader of the function that registers it, in the order help lists them. */
export const COMMAND_LOADERS: ReadonlyMap<string, () => Promise<Register>> = new Map<string, () => Promise<Register>>([
  ['accounting', async () => (await import('./accounting.js')).registerAccountingCommand],
  ['audit', async () => (await import('./audit.js')).registerAuditCommand],
  ['batch', async () => (await import('./batch.js')).registerBatchCommand],
  ['decide', async () => (await import('./decide.js')).registerDecideCommand],
  ['demo', async () => (await import('./demo.js')).registerDemoCommand],
  ['generate', async () => (await import('./generate.js')).registerGenerateCommand],
  ['incident', async () => (await import('./incident.js')).registerIncidentCommand],
  ['index', async () => (await import('./index-master.js')).registerIndexCommand],
  ['init', async () => (await import('./init.js')).registerInitCommand],
  ['ledger', async () => (await import('./ledger.js')).registerLedgerCommand],
  ['link', async () => (await import('./link.js')).registerLinkCommand],
  ['monitor', async () => (await import('./monitor.js')).registerMonitorCommand],
  ['party', async () => (await import('./party.js')).registerPartyCommand],
  ['policy', async () => (await import('./policy.js')).registerPolicyCommand],
  ['recall', async () => (await import('./recall.js')).registerRecallCommand],
  ['retention', async () => (await import('./retention.js')).registerRetentionCommand],
  ['review', async () => (await import('./review.js')).registerReviewCommand],
  ['serve', async () => (await import('./serve.js')).registerServeCommand],
  ['standardize', async () => (await import('./standardize.js')).registerStandardizeCommand],
  ['store', async () => (await import('./store.js')).registerStoreCommand],
  ['worker', async () => (await import('./worker.js')).registerWorkerCommand],
])

/**
 * Registers the sub-commands on the program: only the one `args` names (the arguments after the
 * node binary and the script, as in `process.argv.slice(2)`), or every one when `args` names
 * none of them (help, a mistake, or no `args` at all).
 */
export async function registerCommands(program: Command, args: readonly string[] = []): Promise<void> {
  const named = args[0] === undefined ? undefined : COMMAND_LOADERS.get(args[0])
  const loaders = named ? [named] : [...COMMAND_LOADERS.values()]
  // Loaded together, registered in order: help lists the commands as this table does.
  const registers = await Promise.all(loaders.map((load) => load()))
  for (const register of registers) register(program)
}
