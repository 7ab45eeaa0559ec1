/**
 * Per-party API keys (issue 9): the key format, and its slow hash. A key reads
 * `vg_<prefix>_<secret>`: the prefix (12 hex digits) is stored in the clear to find the
 * credential without scanning every hash; the secret (32 random bytes, base64url) is never
 * stored, only its scrypt hash with a per-key salt (RFC 7914), compared in constant time.
 * Shared by the two faces that need it: the CLI creates keys, the API checks them.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/** The roles a credential can act in. */
export const API_ROLES = ['requester', 'analyst', 'reviewer', 'supervisor', 'overseer', 'admin'] as const
export type ApiRole = (typeof API_ROLES)[number]

/** True when `value` names a role. */
export function isApiRole(value: string): value is ApiRole {
  return (API_ROLES as readonly string[]).includes(value)
}

/** A key split into its parts. */
export interface ApiKeyParts {
  /** The public part, stored in the clear (12 lower-case hex digits). */
  readonly prefix: string
  /** The secret part (43 base64url characters). */
  readonly secret: string
}

const KEY_PATTERN = /^vg_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/

/**
 * Splits a key into its parts; undefined when it is not a Verigate key.
 *
 * @example
 * parseApiKey('vg_0123456789ab_' + 'x'.repeat(43))?.prefix // '0123456789ab'
 */
export function parseApiKey(key: string): ApiKeyParts | undefined {
  const m = KEY_PATTERN.exec(key)
  return m ? { prefix: m[1]!, secret: m[2]! } : undefined
}

/**
 * Makes a new random key (192 bits of secret beyond the prefix's 48).
 *
 * @example
 * const { key, prefix } = newApiKey() // key: 'vg_3f9c0a1b2c3d_…'
 */
export function newApiKey(): { readonly key: string; readonly prefix: string } {
  const prefix = randomBytes(6).toString('hex')
  const secret = randomBytes(32).toString('base64url')
  return { key: `vg_${prefix}_${secret}`, prefix }
}

/** scrypt cost parameters: N = 2^15, r = 8, p = 1 (RFC 7914 §2; OWASP's 2023 minimum is N = 2^17 with r = 8 for passwords, lower suffices for 256-bit random secrets). */
const COST: ScryptCost = { N: 32768, r: 8, p: 1 }
const KEY_LENGTH = 32

function scryptAsync(secret: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, { ...params, maxmem: 256 * params.N * params.r }, (error, derived) => (error ? reject(error) : resolve(derived)))
  })
}

/** scrypt's cost parameters. */
export interface ScryptCost {
  readonly N: number
  readonly r: number
  readonly p: number
}

/**
 * Hashes a key for storage: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`, with a fresh salt.
 * The cost is stored with the hash, so it can be raised later without breaking older keys; tests
 * pass a low one.
 *
 * @example
 * const stored = await hashApiKey(key) // 'scrypt$32768$8$1$…$…'
 */
export async function hashApiKey(key: string, cost: ScryptCost = COST): Promise<string> {
  const salt = randomBytes(16)
  const derived = await scryptAsync(key, salt, cost)
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${derived.toString('base64')}`
}

/**
 * Checks a key against a stored hash in constant time; false for a malformed hash.
 *
 * @example
 * await verifyApiKey(key, stored) // true
 */
export async function verifyApiKey(key: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
  // Bounds keep a tampered row from asking for gigabytes of memory.
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > 1 << 20 || r < 1 || r > 32 || p < 1 || p > 16) return false
  const salt = Buffer.from(parts[4]!, 'base64')
  const expected = Buffer.from(parts[5]!, 'base64')
  if (expected.length !== KEY_LENGTH) return false
  const derived = await scryptAsync(key, salt, { N, r, p })
  return timingSafeEqual(derived, expected)
}
