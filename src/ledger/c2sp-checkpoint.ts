/**
 * Checkpoints in the C2SP `tlog-checkpoint` format (https://c2sp.org/tlog-checkpoint): the note
 * text every transparency-log tool, witness and monitor reads, signed as a C2SP signed note
 * (signed-note.ts) under a key named by the log's origin.
 *
 *     <origin>
 *     <tree size, decimal>
 *     <root hash, standard base64>
 *     [extension lines]
 *
 * Our origin is `<prefix>/verigate/<log id>` for a real ledger and
 * `<prefix>/verigate-simulation/<log id>` for a simulation store's, where the log id is the
 * first 16 hex digits of the key id of the ledger's first signing key: one key per ledger, kept
 * across key rotations (only later keys change), so two stores never share an origin and a
 * ledger keeps its origin for life. The signature covers the origin, and the note key name is
 * the origin, so a simulation's checkpoint says SIMULATION in the bytes it signs and its key hash
 * differs from any real log's: a verifier key for a real log never opens it (this replaces the
 * `VGSC` magic of the Verigate checkpoint encoding). The body carries no time: C2SP has none, and
 * witnesses add their own; the signing time stays in the Verigate checkpoint (`verify.ts`).
 */

/** What names a Verigate ledger in an origin: the segment before the log id. */
export const ORIGIN_SEGMENT = { real: 'verigate', simulation: 'verigate-simulation' } as const

/** The origin prefix when none is configured. */
export const DEFAULT_ORIGIN_PREFIX = 'verigate.local'

/** A checkpoint body in the C2SP format. */
export interface C2spCheckpoint {
  /** The log's origin: who the log is (and, for a Verigate ledger, whether it is a simulation). */
  readonly origin: string
  readonly treeSize: number
  /** Hex of the RFC 6962 root hash (as `Checkpoint.rootHash`). */
  readonly rootHash: string
  /** Extension lines, without their newlines: opaque, kept as signed. */
  readonly extensions: readonly string[]
}

/**
 * The origin of a ledger: `<prefix>/verigate/<log id>`, or `<prefix>/verigate-simulation/<log id>`
 * for a simulation store's.
 *
 * @example
 * ledgerOrigin({ prefix: 'records.example.gov', firstKeyId: 'ab12…', mode: 'real' }) // 'records.example.gov/verigate/ab12cd34ef56ab78'
 */
export function ledgerOrigin(options: { readonly prefix?: string; readonly firstKeyId: string; readonly mode: 'real' | 'simulation' }): string {
  const prefix = options.prefix ?? DEFAULT_ORIGIN_PREFIX
  if (!/^[A-Za-z0-9.-]+(\/[A-Za-z0-9._~-]+)*$/.test(prefix)) {
    throw new TypeError(`an origin prefix is a host name and optional path (letters, digits, ".", "-", "_", "~", "/"), not ${JSON.stringify(prefix)}`)
  }
  if (prefix.split('/').some((segment) => segment === ORIGIN_SEGMENT.real || segment === ORIGIN_SEGMENT.simulation)) {
    throw new TypeError(`an origin prefix cannot hold the segment "${ORIGIN_SEGMENT.real}" or "${ORIGIN_SEGMENT.simulation}": it would blur what the origin says of the ledger's mode`)
  }
  if (!/^[0-9a-f]{64}$/.test(options.firstKeyId)) throw new TypeError('a key id is 64 hex digits')
  return `${prefix}/${ORIGIN_SEGMENT[options.mode]}/${options.firstKeyId.slice(0, 16)}`
}

/** The mode an origin says: `simulation` when a segment is `verigate-simulation`, else `real`. */
export function originMode(origin: string): 'real' | 'simulation' {
  return origin.split('/').includes(ORIGIN_SEGMENT.simulation) ? 'simulation' : 'real'
}

/** The note text of a checkpoint: origin, tree size, base64 root hash, extension lines, each ending in a newline. */
export function formatC2spCheckpoint(checkpoint: C2spCheckpoint): string {
  const root = Buffer.from(checkpoint.rootHash, 'hex')
  if (!/^[0-9a-f]{64}$/.test(checkpoint.rootHash) || root.length !== 32) throw new TypeError('a checkpoint’s root hash is 64 hex digits')
  if (!Number.isSafeInteger(checkpoint.treeSize) || checkpoint.treeSize < 0) throw new TypeError('a checkpoint’s tree size is a non-negative integer')
  if (!isValidLine(checkpoint.origin)) throw new TypeError(`a checkpoint’s origin is one non-empty line: ${JSON.stringify(checkpoint.origin)}`)
  for (const line of checkpoint.extensions) if (!isValidLine(line)) throw new TypeError(`an extension line is one non-empty line: ${JSON.stringify(line)}`)
  return [checkpoint.origin, String(checkpoint.treeSize), root.toString('base64'), ...checkpoint.extensions].map((line) => `${line}\n`).join('')
}

/** True for a non-empty line without newline or other control characters. */
function isValidLine(line: string): boolean {
  return line !== '' && !CONTROL.test(line)
}

// eslint-disable-next-line no-control-regex -- control characters (newline among them) are what a line may not hold
const CONTROL = /[\u0000-\u001f]/u

/**
 * Reads a checkpoint's note text (the text of an opened note, not the note with its signatures),
 * or says why it is not one: at least three non-empty lines; a decimal tree size without leading
 * zeros; a root hash of 32 bytes in standard base64.
 */
export function parseC2spCheckpoint(text: string): C2spCheckpoint | { readonly reason: string } {
  if (!text.endsWith('\n')) return { reason: 'a checkpoint ends with a newline' }
  const lines = text.slice(0, -1).split('\n')
  if (lines.length < 3) return { reason: `a checkpoint has at least three lines (origin, tree size, root hash), found ${lines.length}` }
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]]
  if (!isValidLine(origin)) return { reason: 'the origin line is empty or holds a control character' }
  if (!/^(0|[1-9][0-9]*)$/.test(size)) return { reason: `the tree size is not a decimal number without leading zeros: ${JSON.stringify(size)}` }
  const treeSize = Number(size)
  if (!Number.isSafeInteger(treeSize)) return { reason: `the tree size ${size} is beyond 2^53 - 1` }
  const rootBytes = Buffer.from(root, 'base64')
  if (rootBytes.length !== 32 || rootBytes.toString('base64') !== root) return { reason: 'the root hash is not 32 bytes in standard base64' }
  for (const line of extensions) if (!isValidLine(line)) return { reason: 'an extension line is empty or holds a control character' }
  return { origin, treeSize, rootHash: rootBytes.toString('hex'), extensions }
}
