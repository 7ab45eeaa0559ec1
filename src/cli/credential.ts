/**
 * The `--credential` option of the commands that record a person's act (`review approve|reject`,
 * `batch release`): the person acts through a key of their own, the same kind of key the API
 * takes, never through a typed name. The key comes from a file (`--credential FILE`, as `verigate
 * party key create --out FILE` writes it, readable by its owner only) or from the environment
 * (`VERIGATE_API_KEY`); it is checked against the store like an API key (not revoked, its role
 * fitting its party's kind), and the act is recorded under the credential's person.
 */
import { readFileSync, statSync } from 'node:fs'
import { type Command, Option } from 'commander'
import { InvalidInputError } from '../core/index.js'
import type { ApiRole } from '../core/index.js'
import type { Store } from '../store/index.js'
import type { Actor } from '../workflow/index.js'
import { fromSettings } from './settings.js'

/** The environment variable that may hold the key itself (as the API's Bearer token). */
export const CREDENTIAL_ENV = 'VERIGATE_API_KEY'

/** Options as commander parses them. */
export interface CredentialOptions {
  readonly credential?: string
}

/** The `--credential <file>` option's flags and description (`command.option(...CREDENTIAL_OPTION)`). */
export const CREDENTIAL_OPTION = ['--credential <file>', `your API key's file (from \`verigate party key create … --out FILE\`); default: the key in ${CREDENTIAL_ENV}. You act as the key's person`] as const

/** The `--credential <file>` option (a settings file may give it), with the usual words or others. */
export function credentialOption(description: string = CREDENTIAL_OPTION[1]): Option {
  return fromSettings(new Option(CREDENTIAL_OPTION[0], description))
}

/** Adds `--credential <file>` to a command. */
export function addCredentialOption(command: Command): Command {
  return command.addOption(credentialOption())
}

/** Reads the key from `--credential FILE`, or from the environment; refuses clearly without one. */
export function readCredentialKey(options: CredentialOptions, what: string, role: ApiRole = 'reviewer'): string {
  if (options.credential !== undefined) {
    const path = options.credential
    let mode: number
    try {
      mode = statSync(path).mode
    } catch {
      throw new InvalidInputError(`--credential ${path}: there is no such file`)
    }
    // Like ssh with a private key: a key others can read is no longer one person's.
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) throw new InvalidInputError(`--credential ${path}: the key file can be read by others (mode ${(mode & 0o777).toString(8)}): run chmod 600 ${path}`)
    const key = readFileSync(path, 'utf8').trim()
    if (key === '') throw new InvalidInputError(`--credential ${path}: the file is empty`)
    return key
  }
  const key = process.env[CREDENTIAL_ENV]?.trim()
  if (key) return key
  throw new InvalidInputError(`to ${what} you act through a key of your own: give --credential FILE or set ${CREDENTIAL_ENV} (an operator creates one with \`verigate party key create <holder> --role ${role} --person <name> --out FILE\`)`)
}

/**
 * The person acting: the key checked against the store (live, its role fitting its party) and
 * its role among `roles`.
 *
 * @example
 * const actor = await actorFor(store, options, ['reviewer', 'supervisor'], 'approve a case')
 */
export async function actorFor(store: Store, options: CredentialOptions, roles: readonly ApiRole[], what: string): Promise<Actor> {
  const key = readCredentialKey(options, what, roles[0])
  const { authenticateKey, requireRole } = await import('../workflow/index.js')
  const actor = await authenticateKey(store, key)
  requireRole(actor, roles, what)
  return actor
}
