/** Digests of input files, streamed (a request file may be hundreds of megabytes). */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { Digest } from '../core/index.js'

/**
 * The SHA-256 digest of a file's bytes, as `sha256:<hex>`.
 *
 * @example
 * await fileDigest('requests.csv') // 'sha256:9f86d0…'
 */
export async function fileDigest(path: string): Promise<Digest> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return `sha256:${hash.digest('hex')}`
}
