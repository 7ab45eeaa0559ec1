/**
 * Files that hold personal data are readable and writable by their owner only (mode 0600),
 * whatever the umask: the store's SQLite file (raw TINs in request rows) and its -wal and -shm,
 * the API's uploads and the request files kept from them, response files, MATCHES.csv and the
 * evidence lines, standardized files, decision files and master index snapshots. Under the usual
 * umask of 022 they would be created 0644, readable by every account on the machine. A file that
 * already exists is brought down to 0600 too, since creating with a mode leaves an existing
 * file's mode alone. (Reports that carry counts only, the batch report, summary, incident record
 * and oversight report, keep the usual mode: they are meant to be handed on.)
 */
import { chmodSync, closeSync, createWriteStream, fchmodSync, openSync, writeFileSync } from 'node:fs'
import type { WriteStream } from 'node:fs'

/** Owner read and write, nothing for anyone else. */
export const PRIVATE_FILE_MODE = 0o600

/**
 * Creates `path` empty with mode 0600 if it does not exist, or brings an existing file to 0600
 * (its content unchanged).
 *
 * @example
 * ensurePrivateFile('verigate.sqlite') // before SQLite opens it
 */
export function ensurePrivateFile(path: string): void {
  const fd = openSync(path, 'a', PRIVATE_FILE_MODE)
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE)
  } finally {
    closeSync(fd)
  }
}

/**
 * Brings an existing file to mode 0600; nothing when it does not exist, or when this account may
 * not change it (another owner, a read-only file system): the file is then used as it is.
 */
export function tightenFileMode(path: string): void {
  try {
    chmodSync(path, PRIVATE_FILE_MODE)
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code !== 'ENOENT' && code !== 'EPERM' && code !== 'EACCES' && code !== 'EROFS') throw error
  }
}

/**
 * Writes a whole file with mode 0600 (an existing file is replaced and brought to 0600).
 *
 * @example
 * writePrivateFile('decisions.jsonl', lines)
 */
export function writePrivateFile(path: string, data: string | Uint8Array): void {
  ensurePrivateFile(path)
  writeFileSync(path, data)
}

/**
 * A write stream over a file of mode 0600, emptied first if it exists.
 *
 * @example
 * const out = createPrivateWriteStream('matches.csv')
 */
export function createPrivateWriteStream(path: string, options: { readonly exclusive?: boolean } = {}): WriteStream {
  if (options.exclusive) return createWriteStream(path, { flags: 'wx', mode: PRIVATE_FILE_MODE })
  ensurePrivateFile(path)
  return createWriteStream(path, { flags: 'w' })
}
