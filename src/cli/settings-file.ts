/**
 * Reading a settings file (see `settings.ts`): its owner and mode first, then its YAML, checked
 * against the keys a file may hold. Loaded only when a command has a file to read.
 */
import { readFileSync, statSync } from 'node:fs'
import { parseDocument } from 'yaml'
import { z } from 'zod'
import { InvalidInputError } from '../core/index.js'
import { SETTING_KEYS } from './settings.js'
import type { SettingsFile } from './settings.js'

const setting = z.union([z.string().min(1), z.number()]).transform(String)
const SETTINGS_FILE = z.strictObject(Object.fromEntries(SETTING_KEYS.map((key) => [key, setting.optional()])))

/** True when a database location carries a password (`postgres://user:secret@host/db`). */
function holdsPassword(db: string | undefined): boolean {
  return db !== undefined && /^postgres(ql)?:\/\/[^/@]*:[^/@]*@/i.test(db)
}

/** Reads and checks a settings file: its owner and mode, then its keys and values. */
export function readSettingsFile(path: string): SettingsFile {
  const stat = statSync(path)
  if (process.platform !== 'win32') {
    const uid = process.getuid?.()
    if (uid !== undefined && stat.uid !== uid) throw new InvalidInputError(`${path}: the settings file belongs to another user (uid ${stat.uid}): it decides which store you write to, so only your own is taken`)
    if ((stat.mode & 0o022) !== 0) throw new InvalidInputError(`${path}: the settings file can be changed by others (mode ${(stat.mode & 0o777).toString(8)}): run chmod go-w ${path}`)
  }
  const document = parseDocument(readFileSync(path, 'utf8'))
  if (document.errors.length > 0) {
    const error = document.errors[0]!
    throw new InvalidInputError(`${path}, line ${error.linePos?.[0]?.line ?? '?'}: not YAML: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`)
  }
  const parsed = SETTINGS_FILE.safeParse(document.toJS() ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.')
    const what = issue.code === 'unrecognized_keys' ? `unknown setting ${keys} (known: ${SETTING_KEYS.join(', ')})` : `${keys}: ${issue.message}`
    throw new InvalidInputError(`${path}: ${what}`)
  }
  const values = Object.fromEntries(Object.entries(parsed.data).filter((entry): entry is [string, string] => entry[1] !== undefined))
  if (process.platform !== 'win32' && holdsPassword(values['db']) && (stat.mode & 0o077) !== 0) {
    throw new InvalidInputError(`${path}: the settings file holds a database password and can be read by others (mode ${(stat.mode & 0o777).toString(8)}): run chmod 600 ${path}`)
  }
  return { path, values }
}

