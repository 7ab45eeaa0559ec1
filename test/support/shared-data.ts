/**
 * Where the shared reference data and labelled datasets live: `../shared/data` beside the
 * repository (CI lays it there). Tests that need it skip with a clear message when it is absent.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Absolute path of `../shared/data` (compiled to dist/test/support/, four folders below it). */
export const SHARED_DATA_DIR = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))

/** The path of a file under ../shared/data, or undefined when it is not there. */
export function sharedDataFile(relative: string): string | undefined {
  const path = `${SHARED_DATA_DIR}${relative}`
  return existsSync(path) ? path : undefined
}

/** The reason to give `it(..., { skip })` when a shared file is missing. */
export function skipUnlessShared(relative: string): string | false {
  return sharedDataFile(relative) ? false : `../shared/data/${relative} is not present beside the repository`
}
