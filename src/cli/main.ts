/**
 * @module cli
 * The `verigate` command line: one sub-command per file in `commands/`, registered in
 * `commands/index.ts`. This is the only place (with `api/`) that turns error codes into exit codes.
 */
import { readFileSync } from 'node:fs'
import { Command, CommanderError } from 'commander'
import { VerigateError, formatIssue } from '../core/index.js'
import { registerCommands } from './commands/index.js'
import { EX_USAGE, exitCodeFor } from './exit-codes.js'
import { addConfigOptions, useSettingsFile } from './settings.js'

/** The version in package.json (dist/src/cli/main.js sits three folders below it). */
function packageVersion(): string {
  const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')
  return (JSON.parse(text) as { version: string }).version
}

/**
 * Builds the program: with the sub-command that `args` (the arguments after the script, as in
 * `process.argv.slice(2)`) names registered, or every one when they name none.
 */
export async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const program = new Command('verigate')
    .description('Governed record matching and disclosure: match requests, decide under the law, account for every disclosure.')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', (_program, command) => useSettingsFile(command))
  await registerCommands(program, args)
  addConfigOptions(program)
  return program
}

/**
 * Runs the CLI on `argv` (as in `process.argv`) and returns the exit code. Errors are printed as
 * one readable paragraph, never as a stack trace (set VERIGATE_DEBUG=1 to see one).
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = await buildProgram(argv.slice(2))
    await program.parseAsync([...argv])
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its own message (or the help): 0 for --help and --version, and
      // EX_USAGE for everything else it refuses (unknown command or option, missing argument).
      return error.exitCode === 0 ? 0 : EX_USAGE
    }
    if (error instanceof VerigateError) {
      process.stderr.write(`verigate: ${error.message}\n`)
      for (const issue of error.issues.slice(0, 20)) process.stderr.write(`  ${formatIssue(issue)}\n`)
      if (error.issues.length > 20) process.stderr.write(`  … and ${error.issues.length - 20} more\n`)
      if (process.env.VERIGATE_DEBUG) process.stderr.write(`${error.stack}\n`)
      return exitCodeFor(error.code)
    }
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`verigate: unexpected error: ${message}\n`)
    if (process.env.VERIGATE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`)
    return exitCodeFor('internal')
  }
}
