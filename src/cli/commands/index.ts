/**
 * Every sub-command, in the order `verigate --help` lists them. Each command file exports one
 * `register…Command(program)` and keeps its top-level imports light: heavy modules are imported
 * inside the action, so `verigate --help` starts fast.
 */
import type { Command } from 'commander'
import { registerAccountingCommand } from './accounting.js'
import { registerAuditCommand } from './audit.js'
import { registerRecallCommand } from './recall.js'
import { registerBatchCommand } from './batch.js'
import { registerDecideCommand } from './decide.js'
import { registerDemoCommand } from './demo.js'
import { registerGenerateCommand } from './generate.js'
import { registerIncidentCommand } from './incident.js'
import { registerIndexCommand } from './index-master.js'
import { registerInitCommand } from './init.js'
import { registerLedgerCommand } from './ledger.js'
import { registerLinkCommand } from './link.js'
import { registerPartyCommand } from './party.js'
import { registerPolicyCommand } from './policy.js'
import { registerRetentionCommand } from './retention.js'
import { registerReviewCommand } from './review.js'
import { registerServeCommand } from './serve.js'
import { registerStandardizeCommand } from './standardize.js'
import { registerStoreCommand } from './store.js'

/** Registers every sub-command on the program. */
export function registerCommands(program: Command): void {
  registerAccountingCommand(program)
  registerAuditCommand(program)
  registerBatchCommand(program)
  registerDecideCommand(program)
  registerDemoCommand(program)
  registerGenerateCommand(program)
  registerIncidentCommand(program)
  registerIndexCommand(program)
  registerInitCommand(program)
  registerLedgerCommand(program)
  registerLinkCommand(program)
  registerPartyCommand(program)
  registerPolicyCommand(program)
  registerRecallCommand(program)
  registerRetentionCommand(program)
  registerReviewCommand(program)
  registerServeCommand(program)
  registerStandardizeCommand(program)
  registerStoreCommand(program)
  void program
}
