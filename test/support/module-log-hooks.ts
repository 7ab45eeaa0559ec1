/**
 * Module-loading hooks that append the URL of every module loaded to a file, one a line: what
 * the contract tests of lazy loading read (see module-log.ts, which installs them).
 */
import { appendFileSync } from 'node:fs'

let logFile: string | undefined

/** Receives the log file's path from `register` (hooks run on a thread of their own). */
export function initialize(data: { readonly file: string }): void {
  logFile = data.file
}

type NextLoad = (url: string, context: unknown) => Promise<unknown>

/** Logs `url`, then loads it as Node would. */
export async function load(url: string, context: unknown, next: NextLoad): Promise<unknown> {
  if (logFile !== undefined) appendFileSync(logFile, `${url}\n`)
  return next(url, context)
}
