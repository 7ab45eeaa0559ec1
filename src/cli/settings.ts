/**
 * Settings that need not be typed on every command line, where a shell's history and `ps` would
 * show them (a PostgreSQL URL with its password): the environment (`VERIGATE_DB`, and the
 * variables the options name in their help) and a settings file, `verigate.yaml` in the working
 * directory or the file `--config` / `VERIGATE_CONFIG` names. The command line comes first, then
 * the environment, then the file, then the built-in default.
 *
 * A settings file decides which store a command writes to and which key signs, so it is held to
 * what ssh asks of its own files: owned by the user who runs the command and writable by no one
 * else, and, when it holds a password, readable by no one else. A command says on standard error
 * which file it took settings from, so a file nobody meant to be there does not act silently.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type Command, Option } from 'commander'
import { NotFoundError } from '../core/index.js'

/** The environment variable that names the settings file. */
export const CONFIG_ENV = 'VERIGATE_CONFIG'
/** The settings file looked for in the working directory when none is named. */
export const CONFIG_FILE = 'verigate.yaml'

/**
 * What a settings file may hold: each key is the option of the same name (`db` for `--db`), used
 * by the commands that have that option: the store, the ledger key file, your API key's file, and
 * `serve`'s address, port and log level. Anything else is refused, so a misspelt key is not
 * silently ignored (`settings-file.ts` reads and checks a file).
 */
export const SETTING_KEYS = ['db', 'key', 'credential', 'host', 'port', 'log-level'] as const

/** The options a settings file may fill (each command's own: the demo's `--db` is not one). */
const SETTABLE = new WeakSet<Option>()

/**
 * Marks an option as one a settings file may give (its long name must be a key of the file).
 *
 * @example
 * command.addOption(fromSettings(new Option('--port <port>', 'the port').default('8080')))
 */
export function fromSettings(option: Option): Option {
  const name = option.long?.replace(/^--/, '')
  if (name === undefined || !(SETTING_KEYS as readonly string[]).includes(name)) throw new Error(`${option.flags}: a settings file has no key for this option`)
  SETTABLE.add(option)
  return option
}

/** A settings file, read and checked. */
export interface SettingsFile {
  /** The file, as it was named. */
  readonly path: string
  /** Each setting by its option's long name (without the dashes). */
  readonly values: Readonly<Record<string, string>>
}

/** The settings file for this run: `--config` or `VERIGATE_CONFIG`, else `verigate.yaml` here if there is one. */
export function settingsFilePath(named: string | undefined, cwd: string = process.cwd()): string | undefined {
  if (named !== undefined) {
    if (!existsSync(named)) throw new NotFoundError(`the settings file ${named} does not exist (named by --config or ${CONFIG_ENV})`)
    return named
  }
  return existsSync(join(cwd, CONFIG_FILE)) ? CONFIG_FILE : undefined
}

/**
 * Gives the command's options the file's values where neither the command line nor the
 * environment gave one, and returns the names it set.
 */
export function applySettingsFile(command: Command, file: SettingsFile): string[] {
  const applied: string[] = []
  for (const option of command.options) {
    const name = option.long?.replace(/^--/, '')
    if (!SETTABLE.has(option) || name === undefined || !(name in file.values)) continue
    const attribute = option.attributeName()
    const source = command.getOptionValueSource(attribute)
    if (source !== undefined && source !== 'default') continue
    command.setOptionValueWithSource(attribute, file.values[name], 'config')
    applied.push(name)
  }
  return applied
}

/**
 * Gives `--config <file>` (and `VERIGATE_CONFIG`) to every command of `program` that has an
 * option a settings file may set; commands with none (`generate` has a `--config` of its own, for
 * its parameters) are left as they are.
 */
export function addConfigOptions(program: Command): void {
  const visit = (command: Command): void => {
    if (command.options.some((option) => SETTABLE.has(option)) && !command.options.some((option) => option.long === '--config')) {
      command.addOption(new Option('--config <file>', `a settings file (YAML: ${SETTING_KEYS.join(', ')}); default: ${CONFIG_FILE} in the working directory, if there is one. The command line comes first, then the environment, then this file`).env(CONFIG_ENV))
    }
    for (const sub of command.commands) visit(sub)
  }
  visit(program)
}

/**
 * The hook the program runs before each command: finds the settings file, checks it and fills
 * the command's unset options from it, saying so on standard error. Only commands with an option
 * a file may set read one.
 */
export async function useSettingsFile(command: Command): Promise<void> {
  if (!command.options.some((option) => SETTABLE.has(option))) return
  const path = settingsFilePath(command.opts<{ config?: string }>().config)
  if (path === undefined) return
  // The reader (YAML and a schema) is loaded only when there is a file to read.
  const { readSettingsFile } = await import('./settings-file.js')
  const applied = applySettingsFile(command, readSettingsFile(path))
  if (applied.length > 0) process.stderr.write(`verigate: settings from ${path}: ${applied.join(', ')}\n`)
}
